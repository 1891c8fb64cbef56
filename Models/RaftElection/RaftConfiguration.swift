/// The constants and bounds of a raft-election model.
public struct RaftConfiguration: Hashable, Sendable {
    /// `Server`: ids 0..<servers, named s1, s2, ...
    public var servers = 3
    /// `currentTerm[i] <= maxTerm` (constraint).
    public var maxTerm = 2
    /// `Cardinality(DOMAIN messages) <= maxInFlight` (constraint).
    public var maxInFlight = 1
    /// `messages[m] <= maxDuplicates` (constraint); 1 also removes `DuplicateMessage`.
    public var maxDuplicates = 1
    /// `Len(log[i]) <= maxLogLength` (constraint); 0 removes `ClientRequest` and
    /// `AdvanceCommitIndex`, so logs stay empty.
    public var maxLogLength = 0
    /// `Value`: the values a client may propose, v1, v2, ...
    public var values = 1
    /// Whether `Restart` is a step.
    public var restarts = true
    /// Whether `DropMessage` is a step.
    public var drops = true
    /// Whether the state keeps all of raft.tla's history variables (TLC-equal counts).
    public var tlcHistory = false
    public var variant = RaftVariant.correct

    public init() {}

    /// The configuration of the reference TLC runs (`MCraft.tla`, `election-inflight*.cfg`).
    public static func tlcReference(maxInFlight: Int) -> RaftConfiguration {
        var configuration = RaftConfiguration()
        configuration.maxInFlight = maxInFlight
        configuration.tlcHistory = true
        return configuration
    }
}
