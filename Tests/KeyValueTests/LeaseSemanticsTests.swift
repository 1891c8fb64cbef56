import KeyValue
import Testing

@Suite("Leases as etcd's lessor applies them")
struct LeaseSemanticsTests {
    @Test("Grant: a chosen id, an assigned id, an existing id refused, a TTL raised to the minimum or refused as too large")
    func grants() {
        var store = KeyValueStore(limits: StoreLimits(leaseTTLSecondsMin: 2))
        #expect(store.grant(5, ttl: 10).response == .leaseGrant(revision: 1, id: 5, ttlSeconds: 10))
        #expect(store.grant(5).error == .leaseExists)
        #expect(store.grant(0, ttl: 1).response == .leaseGrant(revision: 1, id: 1, ttlSeconds: 2))
        _ = store.grant(2)
        #expect(store.grant(0).response == .leaseGrant(revision: 1, id: 3, ttlSeconds: 5))
        #expect(store.grant(9, ttl: 9_000_000_001).error == .leaseTTLTooLarge)
        #expect(store.apply(.leaseLeases).response == .leaseLeases(revision: 1, ids: [1, 2, 3, 5]))
        #expect(store.revision == 1)
    }

    @Test("Revoking a lease deletes its keys, all at one revision, and detaches nothing else")
    func revokeDeletesKeysAtOneRevision() throws {
        var store = KeyValueStore()
        _ = store.grant(1)
        store.put("b", "1", lease: 1)
        store.put("a", "1", lease: 1)
        store.put("c", "1")
        store.put("d", "1", lease: 1)
        store.put("d", "2") // moved off the lease
        let revoked = store.apply(.leaseRevoke(id: 1))
        #expect(revoked.response == .leaseRevoke(revision: 7) && store.revision == 7)
        #expect(revoked.events.map { KeyBytes.text($0.kv.key) } == ["a", "b"])
        #expect(revoked.events.allSatisfy { $0.kind == .delete && $0.revision == 7 })
        #expect(revoked.leaseChanges == [.removed(id: 1)])
        #expect(texts(try #require(store.get("a", "z")).kvs) == ["c=1", "d=2"])
        #expect(store.apply(.leaseRevoke(id: 1)).error == .leaseNotFound)
        store.checkInvariants()
    }

    @Test("Revoking a lease without keys adds no revision")
    func revokeWithoutKeys() {
        var store = KeyValueStore()
        _ = store.grant(1)
        let revoked = store.apply(.leaseRevoke(id: 1))
        #expect(revoked.response == .leaseRevoke(revision: 1) && revoked.events.isEmpty)
    }

    @Test("Keep-alive: the TTL for a live lease, 0 for a missing one; it supersedes checkpoints")
    func keepAlive() {
        var store = KeyValueStore()
        _ = store.grant(1, ttl: 10)
        #expect(store.apply(.leaseKeepAlive(id: 2)).response == .leaseKeepAlive(revision: 1, id: 2, ttlSeconds: 0))
        _ = store.apply(.leaseCheckpoint([LeaseCheckpoint(id: 1, remainingMilliseconds: 4000, epoch: 0)]))
        #expect(store.timeToLive(id: 1, keys: false).ttlSeconds == 4)
        let kept = store.apply(.leaseKeepAlive(id: 1))
        #expect(kept.response == .leaseKeepAlive(revision: 1, id: 1, ttlSeconds: 10))
        #expect(kept.leaseChanges == [.refreshed(id: 1, ttlSeconds: 10, epoch: 1)])
        #expect(store.timeToLive(id: 1, keys: false).ttlSeconds == 10)
        // A checkpoint measured before that keep-alive is stale and ignored.
        let stale = store.apply(.leaseCheckpoint([LeaseCheckpoint(id: 1, remainingMilliseconds: 1000, epoch: 0)]))
        #expect(stale.leaseChanges.isEmpty && store.timeToLive(id: 1, keys: false).ttlSeconds == 10)
    }

    @Test("An expiry decided before a keep-alive that committed first does nothing")
    func staleExpiry() {
        var store = KeyValueStore()
        _ = store.grant(1)
        store.put("k", "v", lease: 1)
        _ = store.apply(.leaseKeepAlive(id: 1))
        let stale = store.apply(.leaseExpire(id: 1, epoch: 0))
        #expect(stale.response == .leaseExpire(revision: 2, expired: false) && store.value("k") == "v")
        let expired = store.apply(.leaseExpire(id: 1, epoch: 1))
        #expect(expired.response == .leaseExpire(revision: 3, expired: true) && store.value("k") == nil)
        #expect(expired.events.count == 1 && expired.events[0].kind == .delete)
    }

    @Test("Time-to-live answers the granted TTL and the attached keys, sorted; -1 for a missing lease")
    func timeToLive() {
        var store = KeyValueStore()
        _ = store.grant(3, ttl: 30)
        store.put("z", "1", lease: 3)
        store.put("m", "1", lease: 3)
        let answer = store.timeToLive(id: 3, keys: true)
        #expect(answer.grantedTTLSeconds == 30 && answer.ttlSeconds == 30 && answer.keys.map(KeyBytes.text) == ["m", "z"])
        #expect(store.timeToLive(id: 3, keys: false).keys.isEmpty)
        #expect(store.timeToLive(id: 4, keys: true).ttlSeconds == -1)
        store.delete("m")
        #expect(store.timeToLive(id: 3, keys: true).keys.map(KeyBytes.text) == ["z"])
    }
}
