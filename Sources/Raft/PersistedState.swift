/// What a node's storage holds, as recovered after a restart: the hard state, the last snapshot,
/// and the log entries after `compacted` (the position through which entries were dropped).
///
/// `apply(_:)` replays one `StorageRecord`, so any storage that keeps records in order (in memory,
/// or a write-ahead log on disk) recovers by replaying them from the beginning.
public struct PersistedState: Hashable, Sendable {
    public var hardState: HardState
    public var snapshot: Snapshot?
    public var compacted: LogPosition
    public var entries: [LogEntry]

    public init(hardState: HardState = .initial, snapshot: Snapshot? = nil, compacted: LogPosition = .zero, entries: [LogEntry] = []) {
        self.hardState = hardState
        self.snapshot = snapshot
        self.compacted = compacted
        self.entries = entries
    }

    public var lastIndex: UInt64 { compacted.index + UInt64(entries.count) }
    public var lastTerm: UInt64 { entries.last?.term ?? compacted.term }

    func term(at index: UInt64) -> UInt64? {
        if index == compacted.index { return compacted.term }
        guard index > compacted.index && index <= lastIndex else { return nil }
        return entries[Int(index - compacted.index - 1)].term
    }

    /// Replays one record (see `StorageRecord` for what each means).
    public mutating func apply(_ record: StorageRecord) throws(StorageError) {
        switch record {
        case .hardState(let state):
            hardState = state
        case .entries(let new):
            guard let first = new.first else { return }
            guard first.index > compacted.index && first.index <= lastIndex + 1 else {
                throw .corrupt("entries from \(first.index) do not fit a log of \(compacted.index + 1)...\(lastIndex)")
            }
            entries.removeSubrange(Int(first.index - compacted.index - 1)...)
            entries.append(contentsOf: new)
        case .snapshot(let saved):
            if term(at: saved.index) == saved.term {
                // The log holds the snapshot's last entry: entries after it stay.
                snapshot = saved
            } else {
                // The snapshot replaces a log that does not hold its last entry.
                snapshot = saved
                compacted = saved.metadata.position
                entries.removeAll()
            }
        case .compaction(let position):
            guard position.index > compacted.index else { return }
            guard term(at: position.index) == position.term, position.index <= (snapshot?.index ?? 0) else {
                throw .corrupt("compaction through \(position) not covered by the log and snapshot")
            }
            entries.removeFirst(Int(position.index - compacted.index))
            compacted = position
        }
    }

    /// Nil when a node can start from this state; otherwise what is inconsistent.
    func problem(members: [NodeID]) -> String? {
        var previous = compacted
        for entry in entries {
            if entry.index != previous.index + 1 { return "entry \(entry.index) does not follow \(previous.index)" }
            if entry.term < previous.term { return "entry terms decrease at \(entry.index)" }
            previous = entry.position
        }
        if hardState.commitIndex > lastIndex { return "commit index \(hardState.commitIndex) beyond the last index \(lastIndex)" }
        if let votedFor = hardState.votedFor, !members.contains(votedFor) { return "vote for \(votedFor), not a member" }
        if let snapshot {
            if snapshot.metadata.members != members { return "snapshot members \(snapshot.metadata.members) differ from \(members)" }
            if term(at: snapshot.index) != snapshot.term { return "the log does not hold the snapshot's last entry \(snapshot.metadata.position)" }
        } else if compacted.index > 0 {
            return "entries compacted through \(compacted.index) without a snapshot"
        }
        return nil
    }
}
