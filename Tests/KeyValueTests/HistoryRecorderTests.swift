import KeyValue
import Linearizability
import Testing

@Suite("The history recorder writes what verify lincheck --model etcd reads")
struct HistoryRecorderTests {
    @Test("Lines for each operation and outcome, as the README's store format states them")
    func lines() throws {
        var store = KeyValueStore()
        var recorder = HistoryRecorder()
        try recorder.invoke(process: 0, .leaseGrant(id: 7, ttlSeconds: 5), at: 1)
        recorder.complete(process: 0, .ok(store.apply(.leaseGrant(id: 7, ttlSeconds: 5)).response!), at: 2)
        let campaign = Request.txn(TxnRequest(compare: [Compare(key: "election", .createRevision(0), .equal)],
                                              success: [.put(PutRequest(key: "election", value: "b1", lease: 7))],
                                              failure: [.range(RangeRequest(key: "election"))]))
        try recorder.invoke(process: 1, campaign, at: 3)
        recorder.complete(process: 1, .ok(store.apply(campaign).response!), at: 4)
        try recorder.invoke(process: 2, campaign, at: 5)
        recorder.complete(process: 2, .unknown(.timeout), at: 6)
        try recorder.invoke(process: 0, .range(RangeRequest(range: .prefix(bytes("elect")))), at: 7)
        recorder.complete(process: 0, .ok(store.apply(.range(RangeRequest(range: .prefix(bytes("elect"))))).response!), at: 8)
        try recorder.invoke(process: 0, .put(PutRequest(key: "x", value: "1", lease: 9)), at: 9)
        recorder.complete(process: 0, .failed(.leaseNotFound), at: 10)
        try recorder.invoke(process: 0, .leaseRevoke(id: 8), at: 11)
        recorder.complete(process: 0, .failed(.leaseNotFound), at: 12)
        recorder.leaseExpired(7, at: 13)
        #expect(recorder.lines == [
            #"{"process":0,"type":"invoke","f":"lease-grant","lease":7,"time":1}"#,
            #"{"process":0,"type":"ok","f":"lease-grant","revision":1,"time":2}"#,
            #"{"process":1,"type":"invoke","f":"txn","compare":[{"key":"election","target":"create","op":"=","value":0}],"success":[{"f":"put","key":"election","value":"b1","lease":7}],"failure":[{"f":"range","key":"election"}],"time":3}"#,
            #"{"process":1,"type":"ok","f":"txn","succeeded":true,"revision":2,"responses":[{}],"time":4}"#,
            #"{"process":2,"type":"invoke","f":"txn","compare":[{"key":"election","target":"create","op":"=","value":0}],"success":[{"f":"put","key":"election","value":"b1","lease":7}],"failure":[{"f":"range","key":"election"}],"time":5}"#,
            #"{"process":2,"type":"info","f":"txn","time":6}"#,
            #"{"process":0,"type":"invoke","f":"range","key":"elect","end":"elecu","time":7}"#,
            #"{"process":0,"type":"ok","f":"range","kvs":[{"key":"election","value":"b1","create_revision":2,"mod_revision":2,"version":1,"lease":7}],"revision":2,"time":8}"#,
            #"{"process":0,"type":"invoke","f":"put","key":"x","value":"1","lease":9,"time":9}"#,
            #"{"process":0,"type":"fail","f":"put","time":10}"#,
            #"{"process":0,"type":"invoke","f":"lease-revoke","lease":8,"time":11}"#,
            #"{"process":0,"type":"ok","f":"lease-revoke","found":false,"time":12}"#,
            #"{"process":"lease-expiry","type":"invoke","f":"lease-expire","lease":7,"time":13}"#,
            #"{"process":"lease-expiry","type":"ok","f":"lease-expire","lease":7,"time":13}"#,
        ])
        // The checker reads it and finds it linearizable (the unknown campaign may or may not
        // have happened; the expiry happened and deleted the key).
        let history = try RecordedHistory.parse(recorder.text, format: .json)
        let (spec, operations) = try StoreSpecification.decode(history)
        #expect(LinearizabilityChecker.check(spec, history: operations, options: LinearizabilityOptions(partitioned: false)).outcome == .ok)
    }

    @Test("What the specification cannot state is refused at the invocation")
    func inexpressible() throws {
        var recorder = HistoryRecorder()
        #expect(throws: HistoryRecorder.Inexpressible.notAnOperation) { try recorder.invoke(process: 0, .leaseLeases, at: 0) }
        #expect(throws: HistoryRecorder.Inexpressible.notAnOperation) { try recorder.invoke(process: 0, .leaseTimeToLive(id: 1, keys: true), at: 0) }
        #expect(throws: HistoryRecorder.Inexpressible.leaseGrantWithoutID) { try recorder.invoke(process: 0, .leaseGrant(id: 0, ttlSeconds: 5), at: 0) }
        #expect(throws: HistoryRecorder.Inexpressible.unsupported("a nested transaction")) {
            try recorder.invoke(process: 0, .txn(TxnRequest(success: [.txn(TxnRequest())])), at: 0)
        }
        #expect(throws: HistoryRecorder.Inexpressible.unsupported("a put that keeps the value or lease")) {
            try recorder.invoke(process: 0, .put(PutRequest(key: bytes("a"), value: [], ignoreValue: true)), at: 0)
        }
        #expect(recorder.lines.isEmpty)
    }

    /// Records each request on the store and completes it with the store's answer.
    static func run(_ requests: [Request], on store: inout KeyValueStore, into recorder: inout HistoryRecorder, from time: Int64) throws {
        for (offset, request) in requests.enumerated() {
            let at = time + 2 * Int64(offset)
            try recorder.invoke(process: 0, request, at: at)
            switch store.apply(request).result {
            case .success(let response): recorder.complete(process: 0, .ok(response), at: at + 1)
            case .failure(let error): recorder.complete(process: 0, .failed(error), at: at + 1)
            }
        }
    }

    @Test("Range options, previous key-values and compaction, as the README's store format states them")
    func optionsPreviousAndCompaction() throws {
        var store = KeyValueStore()
        var recorder = HistoryRecorder()
        try Self.run([
            .put(PutRequest(key: "a/1", value: "x")),
            .put(PutRequest(key: "a/2", value: "y", prevKv: true)),
            .put(PutRequest(key: "a/1", value: "z", prevKv: true)),
            .range(RangeRequest(range: .prefix(bytes("a/")), limit: 1)),
            .range(RangeRequest(range: .prefix(bytes("a/")), revision: 2, keysOnly: true)),
            .range(RangeRequest(range: KeyRange(key: bytes("a"), rangeEnd: [0]), countOnly: true)),
            .compact(revision: 3),
            .range(RangeRequest(key: "a/1", revision: 2)),
            .range(RangeRequest(key: "a/1", revision: 9)),
            .compact(revision: 2),
            .deleteRange(DeleteRangeRequest(range: .prefix(bytes("a/")), prevKv: true)),
        ], on: &store, into: &recorder, from: 1)
        let oks = recorder.lines.filter { !$0.contains(#""type":"invoke""#) }
        #expect(recorder.lines[2] == #"{"process":0,"type":"invoke","f":"put","key":"a/2","value":"y","prev_kv":true,"time":3}"#)
        #expect(oks == [
            #"{"process":0,"type":"ok","f":"put","revision":2,"time":2}"#,
            #"{"process":0,"type":"ok","f":"put","prev_kv":null,"revision":3,"time":4}"#,
            #"{"process":0,"type":"ok","f":"put","prev_kv":{"key":"a/1","value":"x","create_revision":2,"mod_revision":2,"version":1,"lease":0},"revision":4,"time":6}"#,
            #"{"process":0,"type":"ok","f":"range","kvs":[{"key":"a/1","value":"z","create_revision":2,"mod_revision":4,"version":2,"lease":0}],"count":2,"more":true,"revision":4,"time":8}"#,
            #"{"process":0,"type":"ok","f":"range","kvs":[{"key":"a/1","create_revision":2,"mod_revision":2,"version":1,"lease":0}],"revision":4,"time":10}"#,
            #"{"process":0,"type":"ok","f":"range","kvs":[],"count":2,"more":false,"revision":4,"time":12}"#,
            #"{"process":0,"type":"ok","f":"compact","revision":4,"time":14}"#,
            #"{"process":0,"type":"fail","f":"range","error":"compacted","compact_revision":3,"time":16}"#,
            #"{"process":0,"type":"fail","f":"range","error":"future-revision","time":18}"#,
            #"{"process":0,"type":"fail","f":"compact","error":"compacted","compact_revision":3,"time":20}"#,
            #"{"process":0,"type":"ok","f":"delete","deleted":2,"prev_kvs":[{"key":"a/1","value":"z","create_revision":2,"mod_revision":4,"version":2,"lease":0},{"key":"a/2","value":"y","create_revision":3,"mod_revision":3,"version":1,"lease":0}],"revision":5,"time":22}"#,
        ])
        #expect(recorder.lines[8] == #"{"process":0,"type":"invoke","f":"range","key":"a/","end":"a0","revision":2,"keys_only":true,"time":9}"#)
        #expect(recorder.lines[12] == #"{"process":0,"type":"invoke","f":"compact","revision":3,"time":13}"#)
        let history = try RecordedHistory.parse(recorder.text, format: .json)
        let (spec, operations) = try StoreSpecification.decode(history)
        #expect(spec.readRevisions == 2...9)
        #expect(LinearizabilityChecker.check(spec, history: operations, options: LinearizabilityOptions(partitioned: false)).outcome == .ok)
    }
}
