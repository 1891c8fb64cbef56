import Durability
import Raft

extension FileRaftStorage: RaftStorage {
    /// Each write is checked against the state first (a write no correct run makes throws
    /// `StorageError` and writes nothing), then logged, then applied.
    public func saveSnapshot(_ snapshot: Snapshot) throws {
        var next = state
        try next.apply(.snapshot(snapshot))
        // The file first, durably: the record that names it may survive a crash only if it does.
        try snapshots.save(label: snapshot.index, payload: SnapshotFile.encode(snapshot))
        try write(.snapshot(snapshot.metadata.position))
        state = next
    }

    public func append(_ entries: [LogEntry]) throws {
        guard !entries.isEmpty else { return }
        var next = state
        try next.apply(.entries(entries))
        try write(entries: entries, as: .entries)
        state = next
    }

    public func saveHardState(_ hardState: HardState) throws {
        try write(.hardState(hardState))
        state.hardState = hardState
    }

    /// Drops the entries through `position`: rotate, restate the kept state as a checkpoint,
    /// sync, delete the segments before the checkpoint, delete the snapshots older than the
    /// current one.
    public func compact(through position: LogPosition) throws {
        var next = state
        try next.apply(.compaction(position))
        guard next.compacted != state.compacted else { return }
        let start = try log.rotate()
        try write(.checkpointBegin(next.hardState, compacted: next.compacted, snapshot: next.snapshot?.metadata.position))
        try write(entries: next.entries, as: .checkpointEntries)
        try write(.checkpointEnd(entryCount: UInt64(next.entries.count), lastIndex: next.lastIndex))
        try log.sync()
        state = next
        try log.compact(before: start)
        if let snapshot = next.snapshot { try snapshots.remove(before: snapshot.index) }
    }

    public func sync() throws { try log.sync() }

    public func load() throws -> PersistedState { state }
}
