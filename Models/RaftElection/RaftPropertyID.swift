import ModelChecker

/// The claims raft-election checks (raft.tla's invariants and the witnesses that keep them from
/// being vacuous), declared once: the model, the plan and the tests refer to them by value.
public enum RaftPropertyID: String, PropertyName, CaseIterable {
    case electionSafety, logMatching, leaderCompleteness, stateMachineSafety, termsMonotone
    case leaderElected, reElection, entryCommitted
}
