/// The kind byte of each record `FileRaftStorage` writes to its write-ahead log.
///
/// The first four mirror `StorageRecord`. A checkpoint (begin, entries, end) restates the whole
/// state after a compaction, at the start of a fresh segment, so that the segments before it can
/// be deleted; it takes effect only once its end record is replayed, because a crash may keep
/// any prefix of it (it is unsynced until `compact(through:)` syncs it).
enum RecordKind: UInt8, CaseIterable {
    case hardState = 1
    case entries = 2
    case snapshot = 3
    case compaction = 4
    case checkpointBegin = 5
    case checkpointEntries = 6
    case checkpointEnd = 7
}
