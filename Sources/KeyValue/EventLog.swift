/// The events of every retained revision, in revision order: what the watch hub replays to a
/// watcher that starts in the past. Revisions below the compaction revision are dropped.
struct EventLog: Sendable {
    /// The revision of `entries[0]`.
    private(set) var base: Int64
    private(set) var entries: [[Event]]

    init(base: Int64) {
        precondition(base >= 1, "revisions start at 1")
        self.base = base
        entries = []
    }

    /// The newest revision held, or base - 1 when empty.
    var lastRevision: Int64 { base + Int64(entries.count) - 1 }

    mutating func append(_ events: [Event], at revision: Int64) {
        precondition(revision == lastRevision + 1, "revisions are appended in order, without gaps")
        precondition(events.allSatisfy { $0.revision == revision }, "the events of a revision carry it")
        entries.append(events)
    }

    /// The events of `revision`, which must be held.
    func events(at revision: Int64) -> [Event] {
        precondition(revision >= base && revision <= lastRevision, "revision \(revision) is not held")
        return entries[Int(revision - base)]
    }

    /// Drops revisions below `revision`.
    mutating func compact(below revision: Int64) {
        guard revision > base else { return }
        let drop = Int(min(revision - base, Int64(entries.count)))
        entries.removeFirst(drop)
        base = revision
    }
}
