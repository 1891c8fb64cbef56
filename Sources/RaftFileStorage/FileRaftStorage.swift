import Durability
import Raft

/// Raft storage in a data directory: every `StorageRecord` is a record of a segmented
/// write-ahead log (binary, see `FileRecord`), snapshots are files of a `SnapshotStore` written
/// atomically before the log record that names them, and `sync()` is one log sync however many
/// records were appended since (group commit).
///
/// Compaction rotates the log, restates the state to keep as a checkpoint at the start of the
/// fresh segment, syncs it, then deletes the segments before it and the older snapshots: a
/// crash at any point leaves either the old segments or a whole checkpoint to recover from.
///
/// `state` is what the records written so far replay to (synced or not); after `open` it is what
/// survived. One owner, one thread, like the log it wraps.
public final class FileRaftStorage {
    public let log: WriteAheadLog
    public let snapshots: SnapshotStore
    public internal(set) var state: PersistedState
    /// The largest payload of one entries record: the log's record limit (a longer batch is
    /// split across records).
    public let entriesRecordBytesMax: Int

    private init(log: WriteAheadLog, snapshots: SnapshotStore, state: PersistedState) {
        self.log = log
        self.snapshots = snapshots
        self.state = state
        entriesRecordBytesMax = log.options.recordPayloadBytesMax
    }

    /// Opens (or creates) the data directory at `path` and replays its log. A directory of
    /// another cluster or node, a corrupt record, or a record naming a damaged snapshot is
    /// refused with an error naming the file and offset.
    public static func open(
        _ path: String, identity: StorageIdentity, io: any FileIO = PosixFileIO(), options: WALOptions = WALOptions()
    ) throws(DurabilityError) -> FileRaftStorage {
        let directory = try DataDirectory.open(path, identity: identity, io: io)
        let snapshots = SnapshotStore(directory: directory)
        var replay = LogReplay(snapshots: snapshots)
        let log = try WriteAheadLog.open(directory, options: options) { (record) throws(DurabilityError) in try replay.apply(record) }
        return FileRaftStorage(log: log, snapshots: snapshots, state: replay.state)
    }

    /// Syncs and closes the log; the storage refuses writes afterwards.
    public func close() throws(DurabilityError) { try log.close() }

    /// Appends one record to the log (buffered until the next sync).
    func write(_ record: FileRecord) throws(DurabilityError) {
        try log.append(kind: record.kind.rawValue, payload: record.payload)
    }

    /// Writes `entries` as records of `kind` of at most `entriesRecordBytesMax` bytes each.
    func write(entries: [LogEntry], as kind: RecordKind) throws(DurabilityError) {
        precondition(kind == .entries || kind == .checkpointEntries, "an entries kind")
        var start = 0
        while start < entries.count {
            var end = start
            var bytes = FileRecord.entriesHeaderBytes
            // At least one entry per record: an entry too large for a record fails in the log
            // with the limit named.
            while end < entries.count && (end == start || bytes + FileRecord.entryHeaderBytes + entries[end].data.count <= entriesRecordBytesMax) {
                bytes += FileRecord.entryHeaderBytes + entries[end].data.count
                end += 1
            }
            let chunk = Array(entries[start..<end])
            try write(kind == .entries ? .entries(chunk) : .checkpointEntries(chunk))
            start = end
        }
    }
}
