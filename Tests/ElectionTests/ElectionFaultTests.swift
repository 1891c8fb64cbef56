import Election
import KeyValue
import Testing

@Suite("The election recipe under faults: late answers, late watches, compaction, a stale resign")
struct ElectionFaultTests {
    @Test("The deadline counts from the send of the last refresh that succeeded, less TTL·ρ and ε")
    func deadlineFromSendWithMargin() throws {
        var harness = ElectionHarness(brokers: 1)
        let configuration = harness.elections[0].configuration
        // 5 s TTL, ρ = 1 %, ε = 100 ms: 5000 − 50 − 100.
        #expect(configuration.believedMilliseconds == 4850)
        #expect(configuration.refreshIntervalMilliseconds == 1666)
        // Grant and campaign answer at once; the first keep-alive's answer takes 1.5 s; later
        // keep-alives are lost, so that one is the last refresh that succeeded.
        harness.fates[0] = [.deliver(delayMilliseconds: 0), .deliver(delayMilliseconds: 0), .deliver(delayMilliseconds: 1500)]
            + Array(repeating: .loseRequest, count: 8)
        harness.start(0)
        let reached1 = harness.run(until: { $0.sent.contains { if case .leaseKeepAlive = $0.request { return true }; return false } })
        #expect(reached1)
        let refreshSentAt = harness.sent.first { if case .leaseKeepAlive = $0.request { return true }; return false }!.time
        harness.run(forMilliseconds: 2000)
        #expect(harness.elections[0].deadline == refreshSentAt + 4850)
        #expect(harness.elections[0].isLeader(at: refreshSentAt + 4849))
        #expect(!harness.elections[0].isLeader(at: refreshSentAt + 4850))
        // The store still holds the lease when the belief ends.
        let lease = try #require(harness.elections[0].lease)
        harness.run(forMilliseconds: refreshSentAt + 4850 - harness.now)
        #expect(harness.store.leases.isLive(lease, at: harness.now))
        #expect(harness.events(of: 0).contains(.sessionLost(lease: lease, reason: .deadlinePassed)))
    }

    @Test("A follower whose watch is created late still sees the DELETE made after its read")
    func watchFromReadRevisionPlusOne() throws {
        var harness = ElectionHarness(brokers: 2)
        harness.start(0)
        let reached2 = harness.run(until: { $0.elections[0].isLeader(at: $0.now) })
        #expect(reached2)
        harness.watchCreateDelayMilliseconds[1] = 500
        harness.start(1)
        let reached3 = harness.run(until: { $0.elections[1].watchID != nil })
        #expect(reached3)
        // The leader goes away before the follower's watch exists at the store.
        harness.handle(0, harness.elections[0].shutdown(at: harness.now))
        #expect(harness.holder == nil)
        let reached4 = harness.run(until: { $0.elections[1].isLeader(at: $0.now) }, limitMilliseconds: 10_000)
        #expect(reached4)
    }

    @Test("A watch cancelled by compaction is re-read and watched again from that read's revision + 1")
    func compactionCancelledWatchIsReread() throws {
        var harness = ElectionHarness(brokers: 2)
        harness.start(0)
        let reached5 = harness.run(until: { $0.elections[0].isLeader(at: $0.now) })
        #expect(reached5)
        harness.watchCreateDelayMilliseconds[1] = 500
        harness.start(1)
        let reached6 = harness.run(until: { $0.elections[1].watchID != nil })
        #expect(reached6)
        let firstWatch = harness.elections[1].watchID
        // History moves on and is compacted before the watch is created.
        for index in 0..<3 { _ = harness.store.apply(.put(PutRequest(key: "other/\(index)", value: "x")), at: harness.now) }
        _ = harness.store.apply(.compact(revision: harness.store.store.revision), at: harness.now)
        let readsBefore = harness.sent.filter { $0.broker == 1 && $0.request == .range(RangeRequest(key: "election/billing")) }.count
        harness.watchCreateDelayMilliseconds[1] = 0
        let reached7 = harness.run(until: { $0.elections[1].watchID != nil && $0.elections[1].watchID != firstWatch })
        #expect(reached7)
        let readsAfter = harness.sent.filter { $0.broker == 1 && $0.request == .range(RangeRequest(key: "election/billing")) }.count
        #expect(readsAfter == readsBefore + 1)
        harness.handle(0, harness.elections[0].shutdown(at: harness.now))
        let reached8 = harness.run(until: { $0.elections[1].isLeader(at: $0.now) }, limitMilliseconds: 10_000)
        #expect(reached8)
    }

    @Test("Resign deletes the key only while its create revision is ours")
    func resignOnlyIfOurs() throws {
        var harness = ElectionHarness(brokers: 2)
        harness.start(0)
        let reached9 = harness.run(until: { $0.elections[0].isLeader(at: $0.now) })
        #expect(reached9)
        harness.start(1)
        let reached10 = harness.run(until: { $0.elections[1].watchID != nil })
        #expect(reached10)
        // Broker 0 is frozen; its lease is revoked behind its back and broker 1 takes the key.
        harness.pause(0)
        let staleToken = try #require(harness.elections[0].fencingToken)
        _ = harness.store.apply(.leaseRevoke(id: harness.elections[0].lease!), at: harness.now)
        let reached11 = harness.run(until: { $0.elections[1].isLeader(at: $0.now) })
        #expect(reached11)
        let newHolder = try #require(harness.holder)
        // Broker 0 wakes and resigns with its stale token: the key stays broker 1's.
        harness.resume(0)
        harness.handle(0, harness.elections[0].resign(at: harness.now))
        #expect(harness.elections[0].fencingToken == nil)
        #expect(harness.holder == newHolder)
        #expect(staleToken != newHolder.createRevision)
        // Broker 1's own resign deletes it, and broker 0 (with a new session) takes over.
        harness.handle(1, harness.elections[1].resign(at: harness.now))
        #expect(harness.events(of: 1).contains(.deposed(fencingToken: newHolder.createRevision)))
        let reached12 = harness.run(until: { $0.elections[0].isLeader(at: $0.now) || $0.elections[1].isLeader(at: $0.now) })
        #expect(reached12)
        #expect(harness.holder?.createRevision != newHolder.createRevision)
    }
}
