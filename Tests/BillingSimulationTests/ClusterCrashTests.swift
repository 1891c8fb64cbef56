import KeyValue
import Simulation
import Testing

@Suite("A three-node store cluster survives its leader's crash with leases and watches intact")
struct ClusterCrashTests {
    static let prefix = KeyBytes.of("app/")

    static func grantedLease(_ outcome: RequestOutcome?) -> Int64? {
        if case .ok(.leaseGrant(_, let id, _))? = outcome { return id }
        return nil
    }

    static func value(_ key: String, in store: KeyValueStore) -> String? {
        (try? store.read(RangeRequest(key: key)).get())?.kvs.first.map { KeyBytes.text($0.value) }
    }

    /// A lease kept alive through the crash survives; a lease left alone expires no earlier
    /// than its TTL after its grant was sent and no later than the bound of the lessor (grant +
    /// TTL + checkpoint interval c + an election timeout, randomised up to twice); the watch,
    /// resumed on another node, reports exactly the store's events of its range, in order.
    @Test("Leader crash: the kept lease survives, the dropped one expires in its bound, the watch has no gap")
    func leaderCrash() throws {
        var cluster = try InProcessCluster()
        let elected = cluster.run(until: { $0.leader != nil })
        try #require(elected)
        let watch = cluster.watch(KeyRange.prefix(ClusterCrashTests.prefix), startRevision: 1)
        let keptGrant = cluster.call(.leaseGrant(id: 0, ttlSeconds: 5))
        let kept = try #require(ClusterCrashTests.grantedLease(keptGrant))
        let droppedSentAt = cluster.now
        let droppedGrant = cluster.call(.leaseGrant(id: 0, ttlSeconds: 5))
        let dropped = try #require(ClusterCrashTests.grantedLease(droppedGrant))
        for (key, lease) in [("app/kept", kept), ("app/dropped", dropped), ("app/a", 0), ("app/b", 0)] {
            guard case .ok? = cluster.call(.put(PutRequest(key: key, value: "v-\(key)", lease: lease))) else {
                Issue.record("put \(key) failed")
                return
            }
        }
        let old = try #require(cluster.leader)
        cluster.crash(old)
        var expiredAt: Int64?
        var lastKeepAlive = cluster.now
        for elapsed in 0..<12_000 {
            if elapsed == 3_000 { try cluster.restart(old) }
            if cluster.now - lastKeepAlive >= 1_000 {
                lastKeepAlive = cluster.now
                _ = cluster.submit(.leaseKeepAlive(id: kept))
            }
            if elapsed == 6_000 { _ = cluster.submit(.put(PutRequest(key: "app/c", value: "after"))) }
            cluster.step()
            if expiredAt == nil, let leader = cluster.leader, ClusterCrashTests.value("app/dropped", in: cluster.nodes[leader].node.store) == nil {
                expiredAt = cluster.now
            }
        }
        let leader = try #require(cluster.leader)
        #expect(leader != old, "another node leads after the crash")
        let store = cluster.nodes[leader].node.store
        #expect(ClusterCrashTests.value("app/kept", in: store) == "v-app/kept", "the kept lease and its key survived")
        #expect(ClusterCrashTests.value("app/c", in: store) == "after")
        let expired = try #require(expiredAt)
        let boundMilliseconds = 5_000 + LessorConfiguration().checkpointIntervalMilliseconds(ttlSeconds: 5)
            + 2 * Int64(cluster.electionTimeoutTicks) * cluster.tickMilliseconds
        #expect(expired >= droppedSentAt + 5_000, "no lease expires before its TTL")
        #expect(expired <= droppedSentAt + boundMilliseconds, "expired at \(expired), granted at \(droppedSentAt)")
        // The watch reported every event of its range that the store holds, once, in order.
        let expected = (1...store.revision).flatMap { store.events(at: $0) }.filter { KeyRange.prefix(ClusterCrashTests.prefix).contains($0.kv.key) }
        let seen = cluster.watchEvents(watch)
        #expect(seen.map(\.kv) == expected.map(\.kv))
        #expect(seen.map(\.kind) == expected.map(\.kind))
        #expect(seen.contains { $0.kind == .delete && KeyBytes.text($0.kv.key) == "app/dropped" }, "the expiry is a DELETE")
        // The restarted node caught up to the same store.
        #expect(cluster.nodes[old].node.store.revision == store.revision)
        #expect(ClusterCrashTests.value("app/kept", in: cluster.nodes[old].node.store) == "v-app/kept")
    }
}
