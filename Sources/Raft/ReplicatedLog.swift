/// A server's log (`log` in raft.tla) with its commit and apply marks, and the boundary between
/// what storage holds and what it has yet to be given.
///
/// Entries at or below `compacted` are gone (they are covered by a snapshot); entry `k` of
/// `entries` has index `compacted.index + 1 + k`. The marks satisfy
/// `compacted.index <= appliedIndex <= commitIndex <= lastIndex` and
/// `compacted.index < unstableFrom <= lastIndex + 1` (see `ReplicatedLog+Invariants.swift`).
public struct ReplicatedLog: Sendable {
    /// The last compacted position: its term is still known, for the consistency check of the
    /// entry after it.
    public private(set) var compacted: LogPosition
    public private(set) var entries: [LogEntry]
    /// The highest index known to be committed (`commitIndex`).
    public private(set) var commitIndex: UInt64
    /// The highest index handed to the application and acknowledged by `advance`.
    public private(set) var appliedIndex: UInt64
    /// The first index storage has not been given yet (entries from here on are in the next Ready).
    public private(set) var unstableFrom: UInt64

    /// A log restored from storage: `entries` follow `compacted`, all of them already stable.
    init(compacted: LogPosition, entries: [LogEntry], commitIndex: UInt64, appliedIndex: UInt64) {
        self.compacted = compacted
        self.entries = entries
        self.commitIndex = commitIndex
        self.appliedIndex = appliedIndex
        self.unstableFrom = compacted.index + UInt64(entries.count) + 1
        assertInvariants()
    }

    public var firstIndex: UInt64 { compacted.index + 1 }
    public var lastIndex: UInt64 { compacted.index + UInt64(entries.count) }
    public var lastTerm: UInt64 { entries.last?.term ?? compacted.term }
    public var lastPosition: LogPosition { LogPosition(index: lastIndex, term: lastTerm) }
    /// The last index storage holds (as far as Raft knows: the caller syncs before `advance`).
    public var stableIndex: UInt64 { unstableFrom - 1 }

    @inline(__always) func offset(of index: UInt64) -> Int {
        assert(index > compacted.index && index <= lastIndex, "index \(index) outside \(firstIndex)...\(lastIndex)")
        return Int(truncatingIfNeeded: index - compacted.index - 1)
    }

    /// The term of the entry at `index`, or nil when the entry is compacted away or beyond the log.
    public func term(at index: UInt64) -> UInt64? {
        if index == compacted.index { return compacted.term }
        if index < compacted.index || index > lastIndex { return nil }
        return entries[offset(of: index)].term
    }

    /// The entry at `index`, or nil when it is compacted away or beyond the log.
    public func entry(at index: UInt64) -> LogEntry? {
        guard index > compacted.index && index <= lastIndex else { return nil }
        return entries[offset(of: index)]
    }

    /// True when the log holds the entry at `position` (the consistency check of §5.3).
    public func matches(_ position: LogPosition) -> Bool { term(at: position.index) == position.term }

    /// The election restriction (§5.4.1): a candidate whose last entry is at `position` is at least
    /// as up to date as this log when its last term is later, or equal with an index as long.
    public func isUpToDate(candidateLast position: LogPosition) -> Bool {
        position.term > lastTerm || (position.term == lastTerm && position.index >= lastIndex)
    }

    /// The index of the first of `incoming` that this log does not hold (a different term at its
    /// index, or past the end), or nil when it holds them all.
    func firstConflict(in incoming: [LogEntry]) -> UInt64? {
        for entry in incoming where !matches(entry.position) { return entry.index }
        return nil
    }

    /// The largest position at or below `index` whose term is at most `term`: the follower's hint
    /// on a rejection and the leader's use of it (etcd's `findConflictByTerm`). Terms never
    /// decrease along a log, so a binary search finds it. Below the compacted position the term
    /// is unknown; the compacted position itself (term known) is returned as the floor.
    func lastPosition(atOrBelow index: UInt64, withTermAtMost term: UInt64) -> LogPosition {
        let index = min(index, lastIndex)
        if index <= compacted.index {
            return index == compacted.index ? compacted : LogPosition(index: index, term: 0)
        }
        // Entries compacted.index+1 ... index; find the last with entry.term <= term.
        var low = 0
        var high = offset(of: index) + 1
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].term <= term { low = middle + 1 } else { high = middle }
        }
        if low == 0 { return compacted.term <= term ? compacted : LogPosition(index: compacted.index, term: 0) }
        return entries[low - 1].position
    }

    /// Entries `from...through`, at most `bytesMax` bytes and `countMax` entries but at least one
    /// entry; empty when `from` is past
    /// `through`. Both ends must be inside the log.
    func entries(from: UInt64, through: UInt64, bytesMax: Int, countMax: Int = .max) -> [LogEntry] {
        precondition(countMax >= 1, "at least one entry")
        guard from <= through else { return [] }
        precondition(from > compacted.index && through <= lastIndex, "entries \(from)...\(through) outside \(firstIndex)...\(lastIndex)")
        let start = offset(of: from)
        let end = offset(of: through)
        var taken = 0
        var bytes = 0
        while start + taken <= end && taken < countMax {
            let size = entries[start + taken].byteCount
            if taken > 0 && bytes + size > bytesMax { break }
            bytes += size
            taken += 1
        }
        assert(taken >= 1)
        return Array(entries[start..<(start + taken)])
    }

    /// The leader appends new entries of its term at the end.
    mutating func append(_ new: [LogEntry]) {
        guard let first = new.first else { return }
        precondition(first.index == lastIndex + 1, "leader appends at \(first.index), log ends at \(lastIndex)")
        precondition(first.term >= lastTerm, "entry term \(first.term) below last term \(lastTerm)")
        entries.append(contentsOf: new)
        assertInvariants()
    }

    /// Replaces everything from `new.first.index` on with `new` (a follower repairing its log,
    /// §5.3). Never truncates a committed entry: the caller checked.
    mutating func truncateAndAppend(_ new: ArraySlice<LogEntry>) {
        guard let first = new.first else { return }
        precondition(first.index > commitIndex, "truncation at \(first.index) would remove committed entries (commit \(commitIndex))")
        precondition(first.index > compacted.index && first.index <= lastIndex + 1)
        entries.removeSubrange(offset(ofInsertion: first.index)...)
        entries.append(contentsOf: new)
        unstableFrom = min(unstableFrom, first.index)
        assertInvariants()
    }

    private func offset(ofInsertion index: UInt64) -> Int { Int(truncatingIfNeeded: index - compacted.index - 1) }

    /// Raises the commit index (never lowers it).
    mutating func commit(to index: UInt64) {
        guard index > commitIndex else { return }
        precondition(index <= lastIndex, "commit \(index) beyond the last index \(lastIndex)")
        commitIndex = index
    }

    mutating func applied(to index: UInt64) {
        precondition(index >= appliedIndex && index <= commitIndex, "applied \(index) outside \(appliedIndex)...\(commitIndex)")
        appliedIndex = index
    }

    /// Storage now holds everything through `index` (the caller persisted the Ready).
    mutating func stable(through index: UInt64) {
        precondition(index <= lastIndex)
        unstableFrom = max(unstableFrom, index + 1)
    }

    /// Drops the entries through `index` (applied and stable: a snapshot covers them).
    mutating func compact(through index: UInt64) {
        guard index > compacted.index else { return }
        precondition(index <= appliedIndex && index < unstableFrom, "compaction through \(index) beyond applied \(appliedIndex) or stable \(stableIndex)")
        let position = LogPosition(index: index, term: term(at: index)!)
        entries.removeFirst(offset(of: index) + 1)
        compacted = position
        assertInvariants()
    }

    /// Replaces the whole log with a snapshot's position (a follower installing a snapshot that its
    /// log does not contain): everything up to it is committed and applied by the snapshot.
    mutating func restore(_ position: LogPosition) {
        precondition(position.index > commitIndex, "restoring \(position) at or below commit \(commitIndex)")
        compacted = position
        entries.removeAll()
        commitIndex = position.index
        appliedIndex = position.index
        unstableFrom = position.index + 1
        assertInvariants()
    }
}
