import KeyValue
import Testing
@testable import Simulation

/// The watch audit on planted streams: each guarantee it states can fail.
@Suite("The watch audit")
struct WatchAuditTests {
    static let range = KeyRange.prefix(KeyBytes.of("k"))

    static func put(_ key: String, _ value: String, revision: Int64) -> Event {
        Event(kind: .put, kv: KeyValuePair(key: KeyBytes.of(key), value: KeyBytes.of(value), createRevision: revision,
                                           modRevision: revision, version: 1, lease: 0))
    }

    /// Revisions 2, 3, 4 each put one key; revision 5 puts a key outside the range.
    static func audit() -> WatchAudit {
        var audit = WatchAudit()
        audit.applied(revision: 2, events: [put("k0", "a", revision: 2)], by: "n1", at: 10)
        audit.applied(revision: 3, events: [put("k1", "b", revision: 3), put("k2", "c", revision: 3)], by: "n1", at: 20)
        audit.applied(revision: 4, events: [put("k0", "d", revision: 4)], by: "n1", at: 30)
        audit.applied(revision: 5, events: [put("x", "e", revision: 5)], by: "n1", at: 40)
        audit.opened(client: 0, watch: 1, range: range, start: 1)
        return audit
    }

    @Test("A complete, ordered stream passes, in any split into responses")
    func complete() {
        var audit = WatchAuditTests.audit()
        audit.reported(client: 0, watch: 1, events: [WatchAuditTests.put("k0", "a", revision: 2)], at: 50)
        audit.reported(client: 0, watch: 1, events: [WatchAuditTests.put("k1", "b", revision: 3), WatchAuditTests.put("k2", "c", revision: 3),
                                                     WatchAuditTests.put("k0", "d", revision: 4)], at: 60)
        audit.finish(end: 10_000, lagMilliseconds: 500)
        #expect(audit.problems.isEmpty, "\(audit.problems)")
        #expect(audit.eventsChecked == 4)
    }

    @Test("Previous key-values are left out of every comparison; other events, or one more or fewer, are not")
    func comparisons() {
        var withPrevious = WatchAuditTests.put("k0", "d", revision: 4)
        withPrevious.prevKv = WatchAuditTests.put("k0", "a", revision: 2).kv
        // Another node applying revision 4 with a previous key-value makes the same events.
        var audit = WatchAuditTests.audit()
        audit.applied(revision: 4, events: [withPrevious], by: "n2", at: 31)
        #expect(audit.problems.isEmpty, "\(audit.problems)")
        audit.applied(revision: 4, events: [WatchAuditTests.put("k0", "z", revision: 4)], by: "n3", at: 32)
        audit.applied(revision: 3, events: [WatchAuditTests.put("k1", "b", revision: 3)], by: "n3", at: 33)
        #expect(audit.problems.count == 2 && audit.problems.allSatisfy { $0.contains("n3 made other events") }, "\(audit.problems)")
        // A watcher asked for previous key-values reports them: the same events.
        var reported = WatchAuditTests.audit()
        reported.reported(client: 0, watch: 1, events: [WatchAuditTests.put("k0", "a", revision: 2), WatchAuditTests.put("k1", "b", revision: 3),
                                                        WatchAuditTests.put("k2", "c", revision: 3), withPrevious], at: 50)
        #expect(reported.problems.isEmpty, "\(reported.problems)")
        // One event more at a revision than the store made.
        var extra = WatchAuditTests.audit()
        extra.reported(client: 0, watch: 1, events: [WatchAuditTests.put("k0", "a", revision: 2), WatchAuditTests.put("k9", "q", revision: 2)], at: 50)
        #expect(extra.problems.first?.contains("other events at revision 2") == true, "\(extra.problems)")
    }

    @Test("A lost revision, a duplicate, a torn revision and an unreported tail each fail")
    func planted() {
        var lost = WatchAuditTests.audit()
        lost.reported(client: 0, watch: 1, events: [WatchAuditTests.put("k0", "a", revision: 2), WatchAuditTests.put("k0", "d", revision: 4)], at: 50)
        #expect(lost.problems.first?.contains("lost revision 3") == true, "\(lost.problems)")

        var twice = WatchAuditTests.audit()
        twice.reported(client: 0, watch: 1, events: [WatchAuditTests.put("k0", "a", revision: 2)], at: 50)
        twice.reported(client: 0, watch: 1, events: [WatchAuditTests.put("k0", "a", revision: 2)], at: 60)
        #expect(twice.problems.first?.contains("out of order or twice") == true, "\(twice.problems)")

        var torn = WatchAuditTests.audit()
        torn.reported(client: 0, watch: 1, events: [WatchAuditTests.put("k0", "a", revision: 2), WatchAuditTests.put("k1", "b", revision: 3)], at: 50)
        #expect(torn.problems.first?.contains("other events at revision 3") == true, "\(torn.problems)")

        var behind = WatchAuditTests.audit()
        behind.reported(client: 0, watch: 1, events: [WatchAuditTests.put("k0", "a", revision: 2)], at: 50)
        behind.finish(end: 10_000, lagMilliseconds: 500)
        #expect(behind.problems.first?.contains("missing 3") == true, "\(behind.problems)")
        // What was applied within the lag may still be on its way.
        var late = WatchAuditTests.audit()
        late.reported(client: 0, watch: 1, events: [WatchAuditTests.put("k0", "a", revision: 2)], at: 50)
        late.finish(end: 300, lagMilliseconds: 500)
        #expect(late.problems.isEmpty, "\(late.problems)")
    }

    @Test("Two nodes that made different events at one revision fail")
    func divergentStores() {
        var audit = WatchAuditTests.audit()
        audit.applied(revision: 3, events: [WatchAuditTests.put("k1", "other", revision: 3)], by: "n2", at: 70)
        #expect(audit.problems.count == 1)
    }
}

@Suite("The watch audit on compaction: a cancelled watch's re-read")
struct WatchResyncAuditTests {
    static func state(_ pairs: [Event], revision: Int64) -> RangeResponse {
        RangeResponse(revision: revision, kvs: pairs.map(\.kv), count: Int64(pairs.count))
    }

    @Test("A re-read after a compaction passed what the watch needed, exact at its revision, passes and the stream goes on from it")
    func legal() {
        var audit = WatchAuditTests.audit()
        audit.reported(client: 0, watch: 1, events: [WatchAuditTests.put("k0", "a", revision: 2)], at: 50)
        // The stream needed 3; a compaction at 4 passed it. The range at 4: k0=d, k1=b, k2=c.
        let at4 = WatchResyncAuditTests.state([WatchAuditTests.put("k0", "d", revision: 4), WatchAuditTests.put("k1", "b", revision: 3),
                                               WatchAuditTests.put("k2", "c", revision: 3)], revision: 4)
        audit.resynced(client: 0, watch: 1, state: at4, compactRevision: 4, at: 60)
        audit.finish(end: 10_000, lagMilliseconds: 500)
        #expect(audit.problems.isEmpty, "\(audit.problems)")
        #expect(audit.resyncs == 1)
    }

    @Test("A re-read with nothing compacted past the stream, or with another state than the log's, fails")
    func planted() {
        var uncompacted = WatchAuditTests.audit()
        uncompacted.reported(client: 0, watch: 1, events: [WatchAuditTests.put("k0", "a", revision: 2)], at: 50)
        let at2 = WatchResyncAuditTests.state([WatchAuditTests.put("k0", "a", revision: 2)], revision: 2)
        // Needed 3, compaction at 3: revision 3 is still there, so no cancellation was due.
        uncompacted.resynced(client: 0, watch: 1, state: at2, compactRevision: 3, at: 60)
        #expect(uncompacted.problems.first?.contains("not compacted") == true, "\(uncompacted.problems)")

        var wrong = WatchAuditTests.audit()
        let stale = WatchResyncAuditTests.state([WatchAuditTests.put("k0", "a", revision: 2)], revision: 4)
        wrong.resynced(client: 0, watch: 1, state: stale, compactRevision: 4, at: 60)
        #expect(wrong.problems.first?.contains("another state of its range") == true, "\(wrong.problems)")

        // After a re-read the stream goes on from it: what the log holds after it must follow.
        var gap = WatchAuditTests.audit()
        gap.resynced(client: 0, watch: 1, state: WatchResyncAuditTests.state([WatchAuditTests.put("k0", "a", revision: 2)], revision: 2),
                     compactRevision: 2, at: 60)
        gap.finish(end: 10_000, lagMilliseconds: 500)
        #expect(gap.problems.first?.contains("missing 3") == true, "\(gap.problems)")
    }
}
