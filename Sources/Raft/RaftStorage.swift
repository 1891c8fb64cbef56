/// Where a node's hard state, log entries and snapshots survive a crash.
///
/// Persistence is a sequence of `StorageRecord`s, written in order and made durable by `sync()`:
/// hard-state records (the latest wins), entry records (an entry at an index already written
/// supersedes it and every later one), snapshot records and compaction records. Recovery
/// (`load()`) replays them with `PersistedState.apply(_:)`. That makes a file-backed storage a thin
/// adapter over an append-only write-ahead log of byte records: encode each record, `append` it,
/// `sync` the log on `sync()`, and on start replay the records that survived (a torn tail after the
/// last sync is dropped by the log's checksums). Snapshot data is large and goes to its own file,
/// written to a temporary name and renamed into place before the snapshot record that names it
/// is appended; compaction records let the log delete segments that hold only compacted entries.
///
/// Contract: writes may be buffered until `sync()`; after `sync()` returns, everything written
/// before it survives a crash. A crash may lose any suffix of the unsynced writes, but never a
/// synced write, and never reorders them.
public protocol RaftStorage {
    mutating func saveSnapshot(_ snapshot: Snapshot) throws
    mutating func append(_ entries: [LogEntry]) throws
    mutating func saveHardState(_ state: HardState) throws
    mutating func compact(through position: LogPosition) throws
    /// Makes every write so far durable.
    mutating func sync() throws
    /// What storage holds now: the hard state, snapshot and entries a restarted node starts from.
    func load() throws -> PersistedState
}

extension RaftStorage {
    /// Step 1 of handling a Ready: the snapshot, the entries, the hard state and the compaction, in
    /// that order (so that any prefix of them that survives a crash is consistent: a hard state's
    /// commit index never refers to entries written after it), then a sync when the Ready needs one.
    public mutating func persist(_ ready: Ready) throws {
        if let snapshot = ready.snapshot { try saveSnapshot(snapshot) }
        if !ready.entries.isEmpty { try append(ready.entries) }
        if let state = ready.hardState { try saveHardState(state) }
        if let position = ready.compaction { try compact(through: position) }
        if ready.mustSync { try sync() }
    }
}
