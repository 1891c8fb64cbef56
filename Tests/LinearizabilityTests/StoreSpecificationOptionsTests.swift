@testable import Linearizability
import Support
import Testing

/// The store specification's ranges with etcd's options, previous key-values and compaction:
/// hand-written histories in the JSON-lines format (each with the bug it refuses), the
/// pruning contracts on random states, and the checker (with and without the contradiction
/// pass) against brute force on recorded histories, as recorded and with a lie planted.
@Suite("The store's range options, previous key-values and compaction")
struct StoreSpecificationOptionsTests {
    typealias Store = StoreSpecification
    typealias StoreOperation = Operation<Store.Input, Store.Output>

    static func check(_ lines: [String], contradictions: Bool = true) throws -> HistoryReport {
        let history = try RecordedHistory.parse(lines.joined(separator: "\n"))
        return try SpecificationCatalog.check(
            history, model: "etcd", options: LinearizabilityOptions(progressOrder: contradictions, contradictions: contradictions))
    }

    /// The outcome, which the search without the contradiction pass must agree with.
    static func outcome(_ lines: [String]) throws -> Verdict {
        let report = try check(lines)
        #expect(try check(lines, contradictions: false).outcome == report.outcome, "the search alone agrees")
        return report.outcome
    }

    static func kv(_ key: String, _ value: String, create: Int, mod: Int, version: Int) -> String {
        #"{"key":"\#(key)","value":"\#(value)","create_revision":\#(create),"mod_revision":\#(mod),"version":\#(version),"lease":0}"#
    }

    /// a/1=x at 2, a/2=y at 3, a/1=z at 4 (answering its previous x), b=w at 5.
    static let writes = [
        #"{"process":0,"type":"invoke","f":"put","key":"a/1","value":"x","time":1}"#,
        #"{"process":0,"type":"ok","f":"put","revision":2,"time":2}"#,
        #"{"process":0,"type":"invoke","f":"put","key":"a/2","value":"y","prev_kv":true,"time":3}"#,
        #"{"process":0,"type":"ok","f":"put","prev_kv":null,"revision":3,"time":4}"#,
        #"{"process":0,"type":"invoke","f":"put","key":"a/1","value":"z","prev_kv":true,"time":5}"#,
        #"{"process":0,"type":"ok","f":"put","prev_kv":\#(Self.kv("a/1", "x", create: 2, mod: 2, version: 1)),"revision":4,"time":6}"#,
        #"{"process":0,"type":"invoke","f":"put","key":"b","value":"w","time":7}"#,
        #"{"process":0,"type":"ok","f":"put","revision":5,"time":8}"#,
    ]

    @Test("A prefix range, an interval and a limited count answer what the store holds")
    func prefixAndInterval() throws {
        let reads = [
            #"{"process":1,"type":"invoke","f":"range","key":"a/","end":"a0","time":9}"#,
            #"{"process":1,"type":"ok","f":"range","kvs":[\#(Self.kv("a/1", "z", create: 2, mod: 4, version: 2)),\#(Self.kv("a/2", "y", create: 3, mod: 3, version: 1))],"revision":5,"time":10}"#,
            #"{"process":1,"type":"invoke","f":"range","key":"a/2","end":"c","limit":1,"time":11}"#,
            #"{"process":1,"type":"ok","f":"range","kvs":[\#(Self.kv("a/2", "y", create: 3, mod: 3, version: 1))],"count":2,"more":true,"revision":5,"time":12}"#,
            #"{"process":1,"type":"invoke","f":"range","key":"a","end":"\u0000","count_only":true,"time":13}"#,
            #"{"process":1,"type":"ok","f":"range","kvs":[],"count":3,"more":false,"revision":5,"time":14}"#,
        ]
        #expect(try Self.outcome(Self.writes + reads) == .ok)
        // The prefix misses a key it holds; the limited range hides that it left one out.
        var missing = reads
        missing[1] = #"{"process":1,"type":"ok","f":"range","kvs":[\#(Self.kv("a/2", "y", create: 3, mod: 3, version: 1))],"revision":5,"time":10}"#
        #expect(try Self.outcome(Self.writes + missing) == .illegal)
        var hidden = reads
        hidden[3] = hidden[3].replacingOccurrences(of: #""more":true"#, with: #""more":false"#)
        #expect(try Self.outcome(Self.writes + hidden) == .illegal)
        var miscounted = reads
        miscounted[5] = miscounted[5].replacingOccurrences(of: #""count":3"#, with: #""count":2"#)
        #expect(try Self.outcome(Self.writes + miscounted) == .illegal)
    }

    @Test("A put's previous key-value must be the key as it was; a lie is illegal")
    func previousValues() throws {
        #expect(try Self.outcome(Self.writes) == .ok)
        var lie = Self.writes
        lie[5] = #"{"process":0,"type":"ok","f":"put","prev_kv":\#(Self.kv("a/1", "y", create: 2, mod: 2, version: 1)),"revision":4,"time":6}"#
        let report = try Self.check(lie)
        #expect(report.outcome == .illegal)
        // The contradiction pass sees it at once: the answer says a/1 held y as of revision 3,
        // written at revision 2, where the put of x wrote it.
        #expect(report.statesExplored == 0)
        var absent = Self.writes
        absent[5] = #"{"process":0,"type":"ok","f":"put","prev_kv":null,"revision":4,"time":6}"#
        #expect(try Self.outcome(absent) == .illegal)
        let deletes = [
            #"{"process":1,"type":"invoke","f":"delete","key":"a/","end":"a0","prev_kv":true,"time":9}"#,
            #"{"process":1,"type":"ok","f":"delete","deleted":2,"prev_kvs":[\#(Self.kv("a/1", "z", create: 2, mod: 4, version: 2)),\#(Self.kv("a/2", "y", create: 3, mod: 3, version: 1))],"revision":6,"time":10}"#,
        ]
        #expect(try Self.outcome(Self.writes + deletes) == .ok)
        var wrongKeys = deletes
        wrongKeys[1] = #"{"process":1,"type":"ok","f":"delete","deleted":1,"prev_kvs":[\#(Self.kv("a/2", "y", create: 3, mod: 3, version: 1))],"revision":6,"time":10}"#
        #expect(try Self.outcome(Self.writes + wrongKeys) == .illegal)
    }

    /// A compaction at 4 after the writes, then ranges at past revisions.
    static let compaction = [
        #"{"process":2,"type":"invoke","f":"compact","revision":4,"time":20}"#,
        #"{"process":2,"type":"ok","f":"compact","revision":5,"time":21}"#,
    ]

    @Test("Ranges at a past revision above the compaction answer from history; below it they fail as compacted")
    func compactedReads() throws {
        let past = [
            #"{"process":1,"type":"invoke","f":"range","key":"a/","end":"a0","revision":4,"time":22}"#,
            #"{"process":1,"type":"ok","f":"range","kvs":[\#(Self.kv("a/1", "z", create: 2, mod: 4, version: 2)),\#(Self.kv("a/2", "y", create: 3, mod: 3, version: 1))],"revision":5,"time":23}"#,
            #"{"process":1,"type":"invoke","f":"range","key":"a/1","revision":3,"time":24}"#,
            #"{"process":1,"type":"fail","f":"range","error":"compacted","compact_revision":4,"time":25}"#,
            #"{"process":1,"type":"invoke","f":"range","key":"a/1","revision":6,"time":26}"#,
            #"{"process":1,"type":"fail","f":"range","error":"mvcc: required revision is a future revision","time":27}"#,
        ]
        #expect(try Self.outcome(Self.writes + Self.compaction + past) == .ok)
        // Before the compaction, revision 3 is readable and answers a/1=x.
        let early = [
            #"{"process":1,"type":"invoke","f":"range","key":"a/1","revision":3,"keys_only":true,"time":9}"#,
            #"{"process":1,"type":"ok","f":"range","kvs":[{"key":"a/1","mod_revision":2}],"revision":5,"time":10}"#,
        ]
        #expect(try Self.outcome(Self.writes + early + Self.compaction) == .ok)
        // A past read that answers the latest value instead of the one at its revision.
        var latest = past
        latest[1] = #"{"process":1,"type":"ok","f":"range","kvs":[\#(Self.kv("a/1", "z", create: 2, mod: 4, version: 2))],"revision":5,"time":23}"#
        #expect(try Self.outcome(Self.writes + Self.compaction + latest) == .illegal)
        // A read below the compaction that answers, after the compaction completed.
        var answered = past
        answered[3] = #"{"process":1,"type":"ok","f":"range","kvs":[\#(Self.kv("a/1", "y", create: 3, mod: 3, version: 1))],"time":25}"#
        #expect(try Self.outcome(Self.writes + Self.compaction + answered) == .illegal)
        // The same read concurrent with the compaction may come before it.
        var concurrent = answered
        concurrent[2] = #"{"process":1,"type":"invoke","f":"range","key":"a/2","revision":3,"time":20}"#
        concurrent[3] = #"{"process":1,"type":"ok","f":"range","kvs":[\#(Self.kv("a/2", "y", create: 3, mod: 3, version: 1))],"time":21}"#
        #expect(try Self.outcome(Self.writes + Self.compaction + concurrent) == .ok)
        // A compacted refusal before any compaction could have happened is illegal too.
        let refusedEarly = [
            #"{"process":1,"type":"invoke","f":"range","key":"a/1","revision":3,"time":9}"#,
            #"{"process":1,"type":"fail","f":"range","error":"compacted","time":10}"#,
        ]
        #expect(try Self.outcome(Self.writes + refusedEarly + Self.compaction) == .illegal)
        // A second compaction at or below the first fails as compacted, not ok.
        let again = [
            #"{"process":2,"type":"invoke","f":"compact","revision":3,"time":30}"#,
            #"{"process":2,"type":"ok","f":"compact","revision":5,"time":31}"#,
        ]
        #expect(try Self.outcome(Self.writes + Self.compaction + again) == .illegal)
    }

    @Test("Decoding: the revisions kept, the options read, and malformed options refused with their line")
    func decoding() throws {
        let lines = Self.writes + Self.compaction + [
            #"{"process":1,"type":"invoke","f":"txn","compare":[],"success":[{"f":"range","key":"a/1","revision":2,"limit":1}],"failure":[],"time":30}"#,
        ]
        let (spec, operations) = try Store.decode(try RecordedHistory.parse(lines.joined(separator: "\n")))
        #expect(spec.readRevisions == 2...2)
        #expect(operations[1].input == .request(.putWithPrevious(key: spec.keys.firstIndex(of: "a/2")!, value: 2, lease: 0)))
        #expect(operations[4].input == .compact(4))
        guard case .txn(_, let success, _) = operations[5].input else { Issue.record("a txn"); return }
        #expect(success == [.rangeWith(from: 0, to: 1, options: Store.RangeOptions(revision: 2, limit: 1))])
        #expect(operations[5].output == nil, "pending")
        for bad in [#""limit":-1"#, #""keys_only":"yes""#, #""revision":"3""#] {
            let line = #"{"process":1,"type":"invoke","f":"range","key":"a",\#(bad),"time":1}"#
            #expect(throws: HistoryError.self) { try Store.decode(try RecordedHistory.parse(line)) }
        }
        #expect(throws: HistoryError.self) {
            try Store.decode(try RecordedHistory.parse(#"{"process":1,"type":"invoke","f":"compact","time":1}"#))
        }
    }
}
