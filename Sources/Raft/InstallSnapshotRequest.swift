/// One chunk of InstallSnapshot (Figure 13): bytes `offset..<offset + data.count` of a snapshot of
/// `totalByteCount` bytes. The last chunk is the one that reaches `totalByteCount`.
public struct InstallSnapshotRequest: Hashable, Sendable {
    public var metadata: SnapshotMetadata
    public var offset: Int
    public var totalByteCount: Int
    public var data: [UInt8]

    public init(metadata: SnapshotMetadata, offset: Int, totalByteCount: Int, data: [UInt8]) {
        self.metadata = metadata
        self.offset = offset
        self.totalByteCount = totalByteCount
        self.data = data
    }

    public var isLast: Bool { offset + data.count == totalByteCount }
}
