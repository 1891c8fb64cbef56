import KeyValue
import Testing

@Suite("Snapshots restore the same state, revision, leases and watch history")
struct SnapshotTests {
    /// A store after a random workload with a compaction in the middle.
    static func store(seed: UInt64) -> KeyValueStore {
        var workload = RandomWorkload(seed: seed)
        var store = KeyValueStore()
        for step in 0..<300 {
            _ = DifferentialTests.apply(workload.next().0, to: &store)
            if step == 150 { _ = store.apply(.compact(revision: store.revision - 5)) }
            if step % 50 == 0 { _ = store.apply(.leaseCheckpoint([LeaseCheckpoint(id: 2, remainingMilliseconds: 700, epoch: store.leaseState(2)?.epoch ?? 0)])) }
        }
        return store
    }

    @Test("Restore gives the same bytes, reads at every retained revision, events and leases", arguments: [1, 2, 3] as [UInt64])
    func restore(seed: UInt64) throws {
        let original = SnapshotTests.store(seed: seed)
        let restored = try KeyValueStore(snapshot: original.snapshot())
        restored.checkInvariants()
        #expect(restored.snapshot() == original.snapshot())
        #expect(restored.revision == original.revision && restored.compactRevision == original.compactRevision)
        #expect(restored.retainedRevisions == original.retainedRevisions)
        #expect(original.compactRevision > 1)
        for revision in original.retainedRevisions {
            let request = RangeRequest(range: KeyRange(key: bytes("a"), rangeEnd: [0]), revision: revision)
            #expect(restored.read(request) == original.read(request))
            #expect(restored.events(at: revision) == original.events(at: revision))
        }
        #expect(restored.leaseIDs == original.leaseIDs)
        for id in original.leaseIDs {
            #expect(restored.timeToLive(id: id, keys: true) == original.timeToLive(id: id, keys: true))
            #expect(restored.leaseState(id)! == original.leaseState(id)!)
        }
    }

    @Test("The restored store goes on exactly as the original")
    func continuesIdentically() throws {
        var original = SnapshotTests.store(seed: 4)
        var restored = try KeyValueStore(snapshot: original.snapshot())
        var workload = RandomWorkload(seed: 99)
        for _ in 0..<200 {
            let request = workload.next().0
            #expect(DifferentialTests.apply(request, to: &restored) == DifferentialTests.apply(request, to: &original))
        }
        #expect(restored.snapshot() == original.snapshot())
    }

    @Test("A corrupt snapshot is refused with the reason")
    func corrupt() throws {
        var store = KeyValueStore()
        _ = store.grant(1)
        store.put("a", "1", lease: 1)
        store.put("b", "2")
        let bytes = store.snapshot()
        func reason(_ bytes: [UInt8]) -> String {
            do {
                _ = try KeyValueStore(snapshot: bytes)
                return "accepted"
            } catch {
                return error.message
            }
        }
        #expect(reason(bytes) == "accepted")
        #expect(reason([0x00] + bytes.dropFirst()) == "not a store snapshot (bad magic)")
        #expect(reason(Array(bytes.dropLast())) != "accepted")
        // The lease section is last: one lease (id 1, TTL 5, epoch 0, no checkpoint). Without
        // it, key a names a lease that does not exist.
        #expect(Array(bytes.suffix(5)) == [1, 2, 10, 0, 0])
        #expect(reason(Array(bytes.dropLast(5)) + [0]) == "key a is attached to lease 1, which does not exist")
        #expect(reason(Array(bytes.dropLast(5)) + [1, 2, 0, 0, 0]) == "lease 1 has TTL 0")
        // Every single-byte change is either refused or decodes to a consistent store.
        for index in bytes.indices {
            var changed = bytes
            changed[index] ^= 0x01
            if let restored = try? KeyValueStore(snapshot: changed) { restored.checkInvariants() }
        }
    }
}
