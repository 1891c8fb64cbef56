import Durability
import Raft

/// Rebuilds a `PersistedState` from `FileRaftStorage`'s records, in log order. Checkpoints are
/// collected apart and replace the state only when their end record arrives; an unfinished one
/// (a crash cut it) is dropped, and the records before it still hold the state.
struct LogReplay {
    let snapshots: SnapshotStore
    private(set) var state = PersistedState()
    private var checkpoint: PersistedState?
    private var checkpointEntryCount: UInt64 = 0

    init(snapshots: SnapshotStore) { self.snapshots = snapshots }

    mutating func apply(_ record: WALRecord) throws(DurabilityError) {
        let decoded: FileRecord
        do throws(ByteReader.Malformed) {
            decoded = try FileRecord(kind: record.kind, payload: record.payload)
        } catch {
            throw .invalidRecord(record, reason: error.reason)
        }
        do throws(StorageError) {
            try apply(decoded, record)
        } catch {
            throw .invalidRecord(record, reason: error.description)
        }
    }

    private mutating func apply(_ decoded: FileRecord, _ record: WALRecord) throws(StorageError) {
        switch decoded {
        case .checkpointBegin, .checkpointEntries, .checkpointEnd:
            try applyCheckpoint(decoded, record)
            return
        default:
            // Any other record after an unfinished checkpoint: a crash cut the checkpoint and
            // the node went on from the state before it.
            checkpoint = nil
        }
        switch decoded {
        case .hardState(let hardState): try state.apply(.hardState(hardState))
        case .entries(let entries): try state.apply(.entries(entries))
        case .compaction(let position): try state.apply(.compaction(position))
        case .snapshot(let position): try state.apply(.snapshot(try load(position, record)))
        case .checkpointBegin, .checkpointEntries, .checkpointEnd: preconditionFailure("handled above")
        }
    }

    private mutating func applyCheckpoint(_ decoded: FileRecord, _ record: WALRecord) throws(StorageError) {
        switch decoded {
        case .checkpointBegin(let hardState, let compacted, let position):
            let snapshot = try position.map { (p) throws(StorageError) in try load(p, record) }
            checkpoint = PersistedState(hardState: hardState, snapshot: snapshot, compacted: compacted)
            checkpointEntryCount = 0
        case .checkpointEntries(let entries):
            guard checkpoint != nil else { throw .corrupt("checkpoint entries without a checkpoint") }
            try checkpoint!.apply(.entries(entries))
            checkpointEntryCount += UInt64(entries.count)
        case .checkpointEnd(let count, let lastIndex):
            guard let finished = checkpoint else { throw .corrupt("a checkpoint's end without its beginning") }
            guard count == checkpointEntryCount, lastIndex == finished.lastIndex else {
                throw .corrupt("checkpoint ends with \(count) entries through \(lastIndex), replayed \(checkpointEntryCount) through \(finished.lastIndex)")
            }
            state = finished
            checkpoint = nil
        default:
            preconditionFailure("only checkpoint records")
        }
    }

    private func load(_ position: LogPosition, _ record: WALRecord) throws(StorageError) -> Snapshot {
        do throws(DurabilityError) {
            return try SnapshotFile.load(position, from: snapshots, record: record)
        } catch {
            throw .corrupt("snapshot \(position) named at \(record.file) byte offset \(record.position.offset): \(error)")
        }
    }
}
