import Linearizability
import Testing

/// The store's specification against hand-written histories in the JSON-lines format.
@Suite("The store's specification (etcd model)")
struct StoreSpecificationTests {
    static func check(_ lines: [String]) throws -> HistoryReport {
        try Fixtures.check(lines.joined(separator: "\n"), model: "etcd")
    }

    /// A leader election: p1 creates the key with its lease, p2 finds it taken, the lease
    /// expires, p2 then wins.
    static let election = [
        #"{"process":1,"type":"invoke","f":"lease-grant","lease":7,"time":1}"#,
        #"{"process":1,"type":"ok","f":"lease-grant","lease":7,"revision":1,"time":2}"#,
        #"{"process":1,"type":"invoke","f":"txn","compare":[{"key":"election","target":"create","op":"=","value":0}],"success":[{"f":"put","key":"election","value":"p1","lease":7}],"failure":[{"f":"range","key":"election"}],"time":3}"#,
        #"{"process":1,"type":"ok","f":"txn","succeeded":true,"revision":2,"responses":[{}],"time":4}"#,
        #"{"process":2,"type":"invoke","f":"txn","compare":[{"key":"election","target":"create","op":"=","value":0}],"success":[{"f":"put","key":"election","value":"p2"}],"failure":[{"f":"range","key":"election"}],"time":5}"#,
        #"{"process":2,"type":"ok","f":"txn","succeeded":false,"revision":2,"responses":[{"kvs":[{"key":"election","value":"p1","create_revision":2,"mod_revision":2,"version":1,"lease":7}]}],"time":6}"#,
        #"{"process":"lease-expiry","type":"invoke","f":"lease-expire","lease":7,"time":7}"#,
        #"{"process":"lease-expiry","type":"ok","f":"lease-expire","lease":7,"time":7}"#,
        #"{"process":2,"type":"invoke","f":"txn","compare":[{"key":"election","target":"create","op":"=","value":0}],"success":[{"f":"put","key":"election","value":"p2"}],"failure":[],"time":8}"#,
        #"{"process":2,"type":"ok","f":"txn","succeeded":true,"revision":4,"responses":[{}],"time":9}"#,
        #"{"process":3,"type":"invoke","f":"range","key":"election","time":10}"#,
        #"{"process":3,"type":"ok","f":"range","kvs":[{"key":"election","value":"p2","create_revision":4,"mod_revision":4,"version":1,"lease":0}],"revision":4,"time":11}"#,
    ]

    @Test("A correct election history is linearizable")
    func election() throws {
        #expect(try Self.check(Self.election).outcome == .ok)
    }

    @Test("A stale read: a range after a completed put returns the old value")
    func staleRead() throws {
        let report = try Self.check([
            #"{"process":0,"type":"invoke","f":"put","key":"k","value":"a","time":1}"#,
            #"{"process":0,"type":"ok","f":"put","revision":2,"time":2}"#,
            #"{"process":0,"type":"invoke","f":"put","key":"k","value":"b","time":3}"#,
            #"{"process":0,"type":"ok","f":"put","revision":3,"time":4}"#,
            #"{"process":1,"type":"invoke","f":"range","key":"k","time":5}"#,
            #"{"process":1,"type":"ok","f":"range","kvs":[{"key":"k","value":"a"}],"time":6}"#,
        ])
        #expect(report.outcome == .illegal)
        let message = try #require(report.partitions.first?.blocked.first?.message)
        #expect(message.hasPrefix("range(k) by p1 returned [k=a], but after put(k, b) by p0 the store is at revision 3"))
    }

    @Test("A lost lease expiry: the key of an expired lease is still read afterwards")
    func lostExpiry() throws {
        var lines = Array(Self.election.prefix(8))
        lines += [
            #"{"process":3,"type":"invoke","f":"range","key":"election","time":10}"#,
            #"{"process":3,"type":"ok","f":"range","kvs":[{"key":"election","value":"p1"}],"time":11}"#,
        ]
        #expect(try Self.check(lines).outcome == .illegal)
        // Concurrent with the expiry, the same read is fine.
        lines[8] = #"{"process":3,"type":"invoke","f":"range","key":"election","time":6}"#
        #expect(try Self.check(lines).outcome == .ok)
    }

    @Test("A transaction applied twice: one create-if-absent bumps the version twice")
    func appliedTwice() throws {
        let report = try Self.check([
            #"{"process":0,"type":"invoke","f":"txn","compare":[{"key":"k","target":"version","op":"=","value":0}],"success":[{"f":"put","key":"k","value":"x"}],"failure":[],"time":1}"#,
            #"{"process":0,"type":"ok","f":"txn","succeeded":true,"revision":2,"time":2}"#,
            #"{"process":1,"type":"invoke","f":"range","key":"k","time":3}"#,
            #"{"process":1,"type":"ok","f":"range","kvs":[{"key":"k","value":"x","version":2,"mod_revision":3}],"revision":3,"time":4}"#,
        ])
        #expect(report.outcome == .illegal)
    }

    @Test("A pending put may take effect later, which explains a later read")
    func pendingPut() throws {
        let report = try Self.check([
            #"{"process":0,"type":"invoke","f":"put","key":"k","value":"x","time":1}"#,
            #"{"process":0,"type":"info","f":"put","time":2}"#,
            #"{"process":1,"type":"invoke","f":"range","key":"k","time":3}"#,
            #"{"process":1,"type":"ok","f":"range","kvs":[],"revision":1,"time":4}"#,
            #"{"process":1,"type":"invoke","f":"range","key":"k","time":5}"#,
            #"{"process":1,"type":"ok","f":"range","kvs":[{"key":"k","value":"x","create_revision":2}],"revision":2,"time":6}"#,
        ])
        #expect(report.outcome == .ok)
    }

    @Test("Revoking a lease deletes its keys in one revision; deleting nothing keeps the revision")
    func revokeAndDelete() throws {
        let report = try Self.check([
            #"{"process":0,"type":"invoke","f":"lease-grant","lease":5,"time":1}"#,
            #"{"process":0,"type":"ok","f":"lease-grant","time":2}"#,
            #"{"process":0,"type":"invoke","f":"put","key":"a","value":"1","lease":5,"time":3}"#,
            #"{"process":0,"type":"ok","f":"put","revision":2,"time":4}"#,
            #"{"process":0,"type":"invoke","f":"put","key":"b","value":"1","lease":5,"time":5}"#,
            #"{"process":0,"type":"ok","f":"put","revision":3,"time":6}"#,
            #"{"process":0,"type":"invoke","f":"lease-revoke","lease":5,"time":7}"#,
            #"{"process":0,"type":"ok","f":"lease-revoke","revision":4,"time":8}"#,
            #"{"process":0,"type":"invoke","f":"delete","key":"a","end":"c","time":9}"#,
            #"{"process":0,"type":"ok","f":"delete","deleted":0,"revision":4,"time":10}"#,
            #"{"process":0,"type":"invoke","f":"lease-keepalive","lease":5,"time":11}"#,
            #"{"process":0,"type":"ok","f":"lease-keepalive","found":false,"time":12}"#,
        ])
        #expect(report.outcome == .ok)
    }

    @Test("A put with a lease that was never granted cannot succeed")
    func deadLease() throws {
        let report = try Self.check([
            #"{"process":0,"type":"invoke","f":"put","key":"a","value":"1","lease":9,"time":1}"#,
            #"{"process":0,"type":"ok","f":"put","time":2}"#,
        ])
        #expect(report.outcome == .illegal)
        #expect(report.partitions[0].blocked.first?.message.contains("it cannot take effect there") == true)
    }
}
