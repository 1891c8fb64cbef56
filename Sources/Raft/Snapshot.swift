/// The application's state machine at `metadata.position`, as bytes the application produced
/// (`RaftNode.compact`) and restores (`Ready.snapshotToApply`). Raft never looks inside `data`.
public struct Snapshot: Hashable, Sendable, CustomStringConvertible {
    public var metadata: SnapshotMetadata
    public var data: [UInt8]

    public init(metadata: SnapshotMetadata, data: [UInt8]) {
        self.metadata = metadata
        self.data = data
    }

    public var index: UInt64 { metadata.index }
    public var term: UInt64 { metadata.term }

    public var description: String { "\(metadata) \(data.count)B" }
}
