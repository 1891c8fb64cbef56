import Linearizability
import Testing

/// The store's reads against its writes, by revision, before any search: each kind of
/// contradiction on a history of a few calls, with the explanation a person reads, and the
/// search's own verdict on the same history (without the check) for comparison.
@Suite("The store's observations that contradict each other")
struct StoreContradictionTests {
    static func check(_ lines: [String], contradictions: Bool = true) throws -> HistoryReport {
        let history = try RecordedHistory.parse(lines.joined(separator: "\n"))
        return try SpecificationCatalog.check(
            history, model: "etcd", options: LinearizabilityOptions(progressOrder: contradictions, contradictions: contradictions))
    }

    static func kv(_ key: String, _ value: String, create: Int, mod: Int, version: Int) -> String {
        #"{"key":"\#(key)","value":"\#(value)","create_revision":\#(create),"mod_revision":\#(mod),"version":\#(version),"lease":0}"#
    }

    /// a=1 at revision 2, a=2 at revision 3 (returned), then a range of revision 3 shows a=1.
    static let staleRead = [
        #"{"process":1,"type":"invoke","f":"put","key":"a","value":"1","time":1}"#,
        #"{"process":1,"type":"ok","f":"put","revision":2,"time":2}"#,
        #"{"process":1,"type":"invoke","f":"put","key":"a","value":"2","time":3}"#,
        #"{"process":1,"type":"ok","f":"put","revision":3,"time":4}"#,
        #"{"process":2,"type":"invoke","f":"put","key":"b","value":"9","time":5}"#,
        #"{"process":3,"type":"invoke","f":"range","key":"a","time":6}"#,
        #"{"process":3,"type":"ok","f":"range","kvs":[\#(kv("a", "1", create: 2, mod: 2, version: 1))],"revision":3,"time":7}"#,
        #"{"process":2,"type":"info","f":"put","time":8}"#,
    ]

    @Test("Golden: a range shows a key as it was before a put of it that the range must follow")
    func stale() throws {
        let report = try Self.check(Self.staleRead)
        #expect(report.outcome == .illegal)
        #expect(report.statesExplored == 0)
        #expect(report.explanation() == [
            "partition 1 of 1 (4 operations) is not linearizable",
            "  the range read revision 3 and shows a last written at revision 2, but the other call wrote a at revision 3, "
                + "in between:",
            "    range(a) → [a=1@2], rev 3 by p3, line 6, called at 6, returned at 7",
            "    put(a, 2) → rev 3 by p1, line 3, called at 3, returned at 4",
        ])
        #expect(try Self.check(Self.staleRead, contradictions: false).outcome == .illegal, "the search agrees")
    }

    @Test("Golden: two puts that both took revision 2")
    func doubleClaim() throws {
        let lines = [
            #"{"process":1,"type":"invoke","f":"put","key":"a","value":"1","time":1}"#,
            #"{"process":2,"type":"invoke","f":"put","key":"b","value":"1","time":2}"#,
            #"{"process":1,"type":"ok","f":"put","revision":2,"time":3}"#,
            #"{"process":2,"type":"ok","f":"put","revision":2,"time":4}"#,
        ]
        let report = try Self.check(lines)
        #expect(report.explanation() == [
            "partition 1 of 1 (2 operations) is not linearizable",
            "  both calls changed the store at revision 2, which only one call can:",
            "    put(a, 1) → rev 2 by p1, line 1, called at 1, returned at 3",
            "    put(b, 1) → rev 2 by p2, line 2, called at 2, returned at 4",
        ])
        #expect(try Self.check(lines, contradictions: false).outcome == .illegal, "the search agrees")
    }

    @Test("A range shows a key written at a revision another call took without writing it")
    func claimedElsewhere() throws {
        let lines = [
            #"{"process":1,"type":"invoke","f":"put","key":"b","value":"1","time":1}"#,
            #"{"process":1,"type":"ok","f":"put","revision":2,"time":2}"#,
            #"{"process":2,"type":"invoke","f":"range","key":"a","time":3}"#,
            #"{"process":2,"type":"ok","f":"range","kvs":[\#(Self.kv("a", "1", create: 2, mod: 2, version: 1))],"revision":2,"time":4}"#,
        ]
        let report = try Self.check(lines)
        #expect(report.partitions[0].contradiction?.operationIDs == [1, 0])
        #expect(report.partitions[0].contradiction?.reason.hasSuffix("changed the store at revision 2 without writing a") == true)
        #expect(try Self.check(lines, contradictions: false).outcome == .illegal, "the search agrees")
    }

    @Test("Two ranges disagree on what one revision wrote")
    func disagreeingReads() throws {
        let lines = [
            #"{"process":1,"type":"invoke","f":"put","key":"a","value":"1","time":1}"#,
            #"{"process":1,"type":"info","f":"put","time":2}"#,
            #"{"process":2,"type":"invoke","f":"range","key":"a","time":3}"#,
            #"{"process":2,"type":"ok","f":"range","kvs":[\#(Self.kv("a", "1", create: 2, mod: 2, version: 1))],"revision":2,"time":4}"#,
            #"{"process":3,"type":"invoke","f":"range","key":"a","time":5}"#,
            #"{"process":3,"type":"ok","f":"range","kvs":[\#(Self.kv("a", "1", create: 2, mod: 2, version: 2))],"revision":2,"time":6}"#,
        ]
        let report = try Self.check(lines)
        #expect(report.partitions[0].contradiction?.reason == "both calls say what revision 2 did to a, and they disagree")
        #expect(try Self.check(lines, contradictions: false).outcome == .illegal, "the search agrees")
    }

    @Test("A linearizable history with a pending put a later range reveals has no contradiction")
    func revealedPendingPut() throws {
        let lines = [
            #"{"process":1,"type":"invoke","f":"put","key":"a","value":"1","time":1}"#,
            #"{"process":1,"type":"info","f":"put","time":2}"#,
            #"{"process":2,"type":"invoke","f":"put","key":"b","value":"1","time":3}"#,
            #"{"process":2,"type":"ok","f":"put","revision":3,"time":4}"#,
            #"{"process":3,"type":"invoke","f":"range","key":"a","time":5}"#,
            #"{"process":3,"type":"ok","f":"range","kvs":[\#(Self.kv("a", "1", create: 2, mod: 2, version: 1))],"revision":3,"time":6}"#,
        ]
        let report = try Self.check(lines)
        #expect(report.outcome == .ok)
        #expect(report.partitions[0].contradiction == nil)
    }
}
