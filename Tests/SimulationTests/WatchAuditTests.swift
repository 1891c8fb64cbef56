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
