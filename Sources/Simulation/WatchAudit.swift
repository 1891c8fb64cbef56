import KeyValue

/// The watch guarantees, as etcd's robustness tests check them, judged against the store's
/// revision log (the events of every revision, as the first node to apply it made them; state
/// machine safety checks the other nodes agree):
/// - ordered and unique: a stream's revisions strictly increase from one response to the next;
/// - atomic and exact: a revision comes whole in one response, its events those the log holds
///   for the watched range, in order;
/// - nothing lost: no revision of the range between the watch's start and the last it reported
///   is missing, and at the end every stream has caught up with the log;
/// - a DELETE for every key of an expired or revoked lease (the nodes report it as they apply);
/// - a watch cancelled by a compaction only when the compaction passed what it still needed,
///   its client's re-read exactly the range's state at the read's revision.
/// Streams are checked as their responses arrive, so the cost is linear in the events.
struct WatchAudit: Sendable {
    static let problemsMax = 16

    struct Stream: Sendable {
        var client: Int
        var watch: UInt64
        var range: KeyRange
        /// The first revision the stream must report.
        var start: Int64
        /// The last revision reported (start - 1 before any).
        var last: Int64
        var events = 0
    }

    /// Events of revision r at position r - 1 (revision 1, the empty store, has none).
    var log: [[Event]] = [[]]
    /// When each revision was first applied.
    var appliedAt: [Int64] = [0]
    var streams: [Stream] = []
    var problems: [String] = []
    var eventsChecked = 0
    /// Watches cancelled by a compaction and resumed after a re-read.
    var resyncs = 0

    mutating func record(_ problem: String) {
        if problems.count < WatchAudit.problemsMax { problems.append(problem) }
    }

    /// A node applied a revision: the first application defines it, the others must agree.
    mutating func applied(revision: Int64, events: [Event], by node: String, at time: Int64) {
        let position = Int(revision) - 1
        if position == log.count {
            log.append(events.map { event in
                var plain = event
                plain.prevKv = nil
                return plain
            })
            appliedAt.append(time)
        } else if position < log.count {
            if !WatchAudit.sameEvents(log[position], events) { record("at \(time): \(node) made other events at revision \(revision)") }
        } else {
            record("at \(time): \(node) applied revision \(revision) with the log at \(log.count)")
        }
    }

    mutating func opened(client: Int, watch: UInt64, range: KeyRange, start: Int64) {
        streams.append(Stream(client: client, watch: watch, range: range, start: start, last: start - 1))
    }

    /// Whether two lists hold the same events in the same order, previous key-values left out
    /// (compared in place: a stripped copy of each would cost allocations at every report).
    static func sameEvents(_ one: some Collection<Event>, _ other: some Collection<Event>) -> Bool {
        var rest = other.makeIterator()
        for event in one {
            guard let counterpart = rest.next(), counterpart.kind == event.kind, counterpart.kv == event.kv else { return false }
        }
        return rest.next() == nil
    }

    /// One response's events, in the order the client reported them.
    mutating func reported(client: Int, watch: UInt64, events: [Event], at time: Int64) {
        guard let index = streams.firstIndex(where: { $0.client == client && $0.watch == watch }) else {
            record("at \(time): client \(client) reported events of watch \(watch), which it never opened")
            return
        }
        var stream = streams[index]
        // Written only for a problem (a string per report would cost allocations each time).
        var name: String { "client \(client) watch \(watch)" }
        var position = 0
        while position < events.count {
            let revision = events[position].revision
            var end = position
            while end < events.count && events[end].revision == revision { end += 1 }
            let batch = events[position..<end]
            eventsChecked += batch.count
            if revision <= stream.last {
                record("at \(time): \(name) reported revision \(revision) after \(stream.last) (out of order or twice)")
            } else if Int(revision) > log.count {
                record("at \(time): \(name) reported revision \(revision), which no node applied")
            } else {
                if let lost = firstLost(in: stream.range, after: stream.last, before: revision) {
                    record("at \(time): \(name) lost revision \(lost) (reported \(stream.last), then \(revision))")
                }
                let range = stream.range
                if !WatchAudit.sameEvents(batch, log[Int(revision) - 1].lazy.filter { range.contains($0.kv.key) }) {
                    record("at \(time): \(name) reported other events at revision \(revision) than the store made")
                }
                stream.last = revision
            }
            stream.events += batch.count
            position = end
        }
        streams[index] = stream
    }

    /// The watch was cancelled because what it still needed was compacted, and its client re-read
    /// the range (linearizably) and watches again from after that read. Legal only when a
    /// compaction passed the first revision the stream still needed (`compactRevision`, the
    /// highest any node applied, is above it); the read must be exactly the range's state at
    /// its revision by the revision log, and the stream goes on from there.
    mutating func resynced(client: Int, watch: UInt64, state: RangeResponse, compactRevision: Int64, at time: Int64) {
        let name = "client \(client) watch \(watch)"
        guard let index = streams.firstIndex(where: { $0.client == client && $0.watch == watch }) else {
            record("at \(time): \(name) was resynced, and it was never opened")
            return
        }
        let needed = streams[index].last + 1
        if compactRevision <= needed {
            record("at \(time): \(name) was resynced at revision \(state.revision) while it needed \(needed), not compacted (compaction at \(compactRevision))")
        }
        if state.revision < streams[index].last || Int(state.revision) > log.count {
            record("at \(time): \(name) was resynced at revision \(state.revision), after reporting \(streams[index].last) with the log at \(log.count)")
            return
        }
        if state.kvs != self.state(of: streams[index].range, at: state.revision) {
            record("at \(time): \(name) was resynced with another state of its range than the store's at revision \(state.revision)")
        }
        resyncs += 1
        streams[index].last = state.revision
    }

    /// The range's keys at `revision`, by key, replayed from the revision log.
    func state(of range: KeyRange, at revision: Int64) -> [KeyValuePair] {
        var current: [[UInt8]: KeyValuePair] = [:]
        for position in 0..<Int(revision) {
            for event in log[position] where range.contains(event.kv.key) {
                current[event.kv.key] = event.kind == .delete ? nil : event.kv
            }
        }
        return current.values.sorted { $0.key.lexicographicallyPrecedes($1.key) }
    }

    /// The first revision in (after, before) with events of the range, if any.
    func firstLost(in range: KeyRange, after: Int64, before: Int64) -> Int64? {
        var revision = after + 1
        while revision < before {
            if log[Int(revision) - 1].contains(where: { range.contains($0.kv.key) }) { return revision }
            revision += 1
        }
        return nil
    }

    /// At the end: every stream reported everything of its range through the last revision
    /// applied at least `lagMilliseconds` before `end` (what is newer may still be on its way).
    mutating func finish(end: Int64, lagMilliseconds: Int64) {
        var head = Int64(log.count)
        while head > 1 && appliedAt[Int(head) - 1] > end - lagMilliseconds { head -= 1 }
        for stream in streams {
            if let lost = firstLost(in: stream.range, after: stream.last, before: head + 1) {
                record("client \(stream.client) watch \(stream.watch) ended at revision \(stream.last), missing \(lost) (the store reached \(log.count))")
            }
        }
    }
}
