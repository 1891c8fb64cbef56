/// The leader's heartbeat (an AppendEntries without entries and without the consistency check):
/// it carries `commitIndex`, at most what the follower is known to hold, and `readContext`, the
/// position of the latest ReadIndex request awaiting confirmation (0 for none).
public struct HeartbeatRequest: Hashable, Sendable {
    public var commitIndex: UInt64
    public var readContext: UInt64

    public init(commitIndex: UInt64, readContext: UInt64) {
        self.commitIndex = commitIndex
        self.readContext = readContext
    }
}
