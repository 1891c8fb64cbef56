/// One write to a node's storage, in the order `RaftStorage.persist(_:)` makes them. Replaying the
/// records of a storage from the first (`PersistedState.apply`) recovers it, which is what a
/// write-ahead log does.
public enum StorageRecord: Hashable, Sendable {
    /// Replaces the hard state.
    case hardState(HardState)
    /// Contiguous entries; the first replaces the entry at its index, if any, and every entry
    /// after it (the log is truncated there, then extended).
    case entries([LogEntry])
    /// Saves a snapshot. If the log holds the snapshot's last entry, the log stays; otherwise the
    /// snapshot replaces it (a follower that received a snapshot from the leader).
    case snapshot(Snapshot)
    /// Entries through this position may be dropped (the snapshot covers them).
    case compaction(LogPosition)
}
