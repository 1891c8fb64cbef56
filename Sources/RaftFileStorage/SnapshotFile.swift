import Durability
import Raft

/// A Raft snapshot as the payload of a `SnapshotStore` file, labelled by its index: its
/// position, its members and the application's bytes.
enum SnapshotFile {
    static func encode(_ snapshot: Snapshot) -> [UInt8] {
        var writer = ByteWriter(capacity: snapshot.data.count + 24 + 8 * snapshot.metadata.members.count)
        FileRecord.write(snapshot.metadata.position, to: &writer)
        writer.u32(UInt32(snapshot.metadata.members.count))
        for member in snapshot.metadata.members { writer.u64(member.rawValue) }
        writer.blob(snapshot.data)
        return writer.bytes
    }

    /// Loads the snapshot a record names, checking that the file holds that position.
    static func load(_ position: LogPosition, from store: SnapshotStore, record: WALRecord) throws(DurabilityError) -> Snapshot {
        let stored = try store.load(label: position.index)
        var reader = ByteReader(stored.payload)
        do throws(ByteReader.Malformed) {
            let found = try FileRecord.readPosition(&reader, "snapshot position")
            guard found == position else {
                throw ByteReader.Malformed(reason: "the file holds snapshot \(found), the log names \(position)")
            }
            let count = Int(try reader.u32("member count"))
            guard count <= reader.remaining / 8 else { throw ByteReader.Malformed(reason: "\(count) members cannot fit") }
            var members: [NodeID] = []
            for _ in 0..<count {
                guard let member = NodeID(rawValue: try reader.u64("member")) else { throw ByteReader.Malformed(reason: "member id 0") }
                members.append(member)
            }
            let data = try reader.blob("snapshot data")
            try reader.finish("snapshot")
            return Snapshot(metadata: SnapshotMetadata(position: position, members: members), data: data)
        } catch {
            throw DurabilityError(.invalidRecord(error.reason), file: stored.file)
        }
    }
}
