/// Where a state keeps raft.tla's log history (`RaftLogHistory`): nowhere (`NoLogHistory`), or
/// in a shared immutable object (`RaftLogHistory` itself). The model is generic over it so that
/// every configuration that keeps no log history has states with no reference inside, which
/// the checker copies without reference counting (about a third faster with symmetry).
public protocol RaftLogHistoryStorage: Hashable, Sendable {
    /// Whether this storage keeps the log history (TLC's history with logs on).
    static var keepsLogs: Bool { get }
    /// The empty history of `servers` servers.
    init(servers: Int)
    /// The history, for reading; nil when it is not kept.
    var logHistory: RaftLogHistory? { get }
    /// The storage after `change` (not called when the history is not kept).
    func updated(_ change: (RaftLogHistory) -> RaftLogHistory) -> Self
}

extension RaftLogHistory: RaftLogHistoryStorage {
    public static var keepsLogs: Bool { true }
    public var logHistory: RaftLogHistory? { self }
    public func updated(_ change: (RaftLogHistory) -> RaftLogHistory) -> RaftLogHistory { change(self) }
}
