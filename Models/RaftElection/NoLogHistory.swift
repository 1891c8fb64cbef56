/// The log-history storage of every configuration but TLC's history with logs on: nothing.
public struct NoLogHistory: RaftLogHistoryStorage {
    public static var keepsLogs: Bool { false }
    public init(servers: Int) {}
    public var logHistory: RaftLogHistory? { nil }
    public func updated(_ change: (RaftLogHistory) -> RaftLogHistory) -> NoLogHistory { self }
}
