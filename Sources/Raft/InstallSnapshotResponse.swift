/// A follower's answer to a snapshot chunk that did not complete the snapshot: how many bytes of
/// the snapshot at `snapshotIndex` it holds, so the leader sends the chunk that starts there.
/// (The chunk that completes it is answered by an AppendEntries success at the snapshot's index.)
public struct InstallSnapshotResponse: Hashable, Sendable {
    public var snapshotIndex: UInt64
    public var nextOffset: Int

    public init(snapshotIndex: UInt64, nextOffset: Int) {
        self.snapshotIndex = snapshotIndex
        self.nextOffset = nextOffset
    }
}
