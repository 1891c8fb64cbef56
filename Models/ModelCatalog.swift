import ModelChecker
import Verification

/// Every model family the tool knows, in the order `verify list` and the plan show them.
public enum ModelCatalog {
    public static let families: [any ModelFamily] = [
        TwoPhaseCommitFamily(),
        RaftElectionFamily(),
        LeaseLeaderFamily(),
    ]

    public static func family(named name: String) -> (any ModelFamily)? {
        families.first { $0.name == name }
    }
}
