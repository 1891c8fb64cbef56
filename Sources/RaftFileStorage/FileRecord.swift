import Raft

/// One record of `FileRaftStorage`'s log, decoded. Snapshot records name a snapshot file (by its
/// position) instead of carrying its bytes: the data lives in the `SnapshotStore`.
enum FileRecord: Equatable {
    case hardState(HardState)
    case entries([LogEntry])
    case snapshot(LogPosition)
    case compaction(LogPosition)
    /// The state a checkpoint restarts from: hard state, compacted position, snapshot (if any).
    case checkpointBegin(HardState, compacted: LogPosition, snapshot: LogPosition?)
    case checkpointEntries([LogEntry])
    /// Closes a checkpoint: how many entries it restated and the last index, for checking.
    case checkpointEnd(entryCount: UInt64, lastIndex: UInt64)

    /// Bytes an entry takes in an entries record besides its data (term, index, data length).
    static let entryHeaderBytes = 20
    /// Bytes an entries record takes besides its entries (the count).
    static let entriesHeaderBytes = 4

    var kind: RecordKind {
        switch self {
        case .hardState: .hardState
        case .entries: .entries
        case .snapshot: .snapshot
        case .compaction: .compaction
        case .checkpointBegin: .checkpointBegin
        case .checkpointEntries: .checkpointEntries
        case .checkpointEnd: .checkpointEnd
        }
    }

    var payload: [UInt8] {
        var writer = ByteWriter()
        switch self {
        case .hardState(let state):
            Self.write(state, to: &writer)
        case .entries(let entries), .checkpointEntries(let entries):
            Self.write(entries, to: &writer)
        case .snapshot(let position), .compaction(let position):
            Self.write(position, to: &writer)
        case .checkpointBegin(let state, let compacted, let snapshot):
            Self.write(state, to: &writer)
            Self.write(compacted, to: &writer)
            writer.u8(snapshot == nil ? 0 : 1)
            if let snapshot { Self.write(snapshot, to: &writer) }
        case .checkpointEnd(let count, let lastIndex):
            writer.u64(count)
            writer.u64(lastIndex)
        }
        return writer.bytes
    }

    static func write(_ state: HardState, to writer: inout ByteWriter) {
        writer.u64(state.currentTerm)
        writer.u64(state.votedFor?.rawValue ?? 0)
        writer.u64(state.commitIndex)
    }

    static func write(_ position: LogPosition, to writer: inout ByteWriter) {
        writer.u64(position.index)
        writer.u64(position.term)
    }

    static func write(_ entries: [LogEntry], to writer: inout ByteWriter) {
        precondition(entries.count <= Int(UInt32.max), "an entries record's count fits in 32 bits")
        writer.u32(UInt32(entries.count))
        for entry in entries {
            writer.u64(entry.term)
            writer.u64(entry.index)
            writer.blob(entry.data)
        }
    }
}
