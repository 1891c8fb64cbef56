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

    @Test("What the specification cannot state is refused at the invocation, or left unchecked in the answer")
    func inexpressible() throws {
        var recorder = HistoryRecorder()
        #expect(throws: HistoryRecorder.Inexpressible.notAnOperation) { try recorder.invoke(process: 0, .compact(revision: 3), at: 0) }
        #expect(throws: HistoryRecorder.Inexpressible.leaseGrantWithoutID) { try recorder.invoke(process: 0, .leaseGrant(id: 0, ttlSeconds: 5), at: 0) }
        #expect(throws: HistoryRecorder.Inexpressible.unsupported("a nested transaction")) {
            try recorder.invoke(process: 0, .txn(TxnRequest(success: [.txn(TxnRequest())])), at: 0)
        }
        #expect(recorder.lines.isEmpty)
        var store = KeyValueStore()
        store.put("a", "1")
        store.put("b", "1")
        let limited = RangeRequest(key: "a", rangeEnd: "c", limit: 1)
        try recorder.invoke(process: 0, .range(limited), at: 1)
        recorder.complete(process: 0, .ok(store.apply(.range(limited)).response!), at: 2)
        #expect(recorder.lines.last == #"{"process":0,"type":"ok","f":"range","revision":3,"time":2}"#)
    }
}
