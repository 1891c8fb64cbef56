/// AppendEntries' arguments (Figure 2). `entries` follow `prevLogIndex` contiguously; they may be
/// empty (a probe, or a message that only carries the commit index).
public struct AppendEntriesRequest: Hashable, Sendable {
    public var prevLogIndex: UInt64
    public var prevLogTerm: UInt64
    public var entries: [LogEntry]
    /// The leader's commit index (`leaderCommit` in Figure 2).
    public var commitIndex: UInt64

    public init(prevLogIndex: UInt64, prevLogTerm: UInt64, entries: [LogEntry], commitIndex: UInt64) {
        self.prevLogIndex = prevLogIndex
        self.prevLogTerm = prevLogTerm
        self.entries = entries
        self.commitIndex = commitIndex
    }

    public var prevPosition: LogPosition { LogPosition(index: prevLogIndex, term: prevLogTerm) }
}
