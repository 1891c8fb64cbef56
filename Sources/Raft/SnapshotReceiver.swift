/// A follower's partly received snapshot: chunks arrive in order (any other chunk is answered with
/// the offset the follower needs), and the snapshot is complete when its bytes reach the total.
struct SnapshotReceiver: Sendable {
    private(set) var metadata: SnapshotMetadata?
    private(set) var bytes: [UInt8] = []

    enum Outcome {
        /// Send the chunk starting here.
        case needs(offset: Int)
        case complete(Snapshot)
    }

    mutating func receive(_ chunk: InstallSnapshotRequest) -> Outcome {
        if metadata != chunk.metadata || chunk.offset == 0 {
            // A different snapshot (the leader took a newer one) or a restart from the beginning.
            guard chunk.offset == 0 else {
                reset()
                return .needs(offset: 0)
            }
            metadata = chunk.metadata
            bytes.removeAll(keepingCapacity: true)
            bytes.reserveCapacity(chunk.totalByteCount)
        }
        guard chunk.offset == bytes.count else { return .needs(offset: bytes.count) }
        bytes.append(contentsOf: chunk.data)
        assert(bytes.count <= chunk.totalByteCount)
        guard bytes.count == chunk.totalByteCount, let metadata else { return .needs(offset: bytes.count) }
        let snapshot = Snapshot(metadata: metadata, data: bytes)
        reset()
        return .complete(snapshot)
    }

    mutating func reset() {
        metadata = nil
        bytes = []
    }
}
