import Election
import KeyValue
import Testing

@Suite("The election recipe: session, campaign, watch, resign, revoke")
struct ElectionRecipeTests {
    static let key = "election/billing"

    /// Runs until the condition holds, checking at every step that no two recipes believe they
    /// lead at once (the recipe's safety claim, on the one clock they share here).
    static func runSafely(_ harness: inout ElectionHarness, limitMilliseconds: Int64 = 30_000,
                          until condition: (ElectionHarness) -> Bool) -> Bool {
        let end = harness.now + limitMilliseconds
        while harness.now < end {
            #expect(harness.leaders(at: harness.now).count <= 1, "two leaders at \(harness.now)")
            if condition(harness) { return true }
            harness.step()
        }
        return condition(harness)
    }

    @Test("A lone broker wins: the key holds its address and lease, its token is the key's create revision")
    func loneBrokerWins() throws {
        var harness = ElectionHarness(brokers: 1)
        harness.start(0)
        let reached1 = ElectionRecipeTests.runSafely(&harness) { $0.elections[0].isLeader(at: $0.now) }
        #expect(reached1)
        let holder = try #require(harness.holder)
        #expect(KeyBytes.text(holder.value) == "broker-0")
        #expect(holder.lease == harness.elections[0].lease)
        #expect(harness.elections[0].fencingToken == holder.createRevision)
        // The campaign was one create-if-absent transaction, not a read and a write.
        let campaigns = harness.sent.filter { if case .txn = $0.request { return true }; return false }
        #expect(campaigns.count == 1)
        #expect(!harness.sent.contains { if case .put = $0.request { return true }; return false })
    }

    @Test("A loser watches the key and campaigns again on its DELETE; the leader's shutdown revokes its lease at once")
    func loserCampaignsOnDelete() throws {
        var harness = ElectionHarness(brokers: 2)
        harness.start(0)
        let reached2 = ElectionRecipeTests.runSafely(&harness) { $0.elections[0].isLeader(at: $0.now) }
        #expect(reached2)
        harness.start(1)
        let reached3 = ElectionRecipeTests.runSafely(&harness) {
            if case .following = $0.elections[1].role { return $0.elections[1].watchID != nil }
            return false
        }
        #expect(reached3)
        #expect(harness.events(of: 1).contains(.observedLeader(address: "broker-0", createRevision: harness.elections[0].fencingToken!,
                                                               lease: harness.elections[0].lease!)))
        let oldToken = try #require(harness.elections[0].fencingToken)
        let oldLease = try #require(harness.elections[0].lease)
        let shutdownAt = harness.now
        harness.handle(0, harness.elections[0].shutdown(at: harness.now))
        #expect(harness.sent.contains { $0.broker == 0 && $0.request == .leaseRevoke(id: oldLease) })
        #expect(harness.holder == nil, "the revoke deleted the key with the lease")
        let reached4 = ElectionRecipeTests.runSafely(&harness) { $0.elections[1].isLeader(at: $0.now) }
        #expect(reached4)
        // Well before a TTL: the follower did not wait for the lease to expire.
        #expect(harness.now - shutdownAt < 1000)
        #expect(try #require(harness.elections[1].fencingToken) > oldToken)
    }

    @Test("A leader that stops refreshing is replaced only after its lease expired at the store")
    func crashedLeaderReplacedAfterExpiry() throws {
        var harness = ElectionHarness(brokers: 2)
        harness.start(0)
        harness.start(1)
        let reached5 = ElectionRecipeTests.runSafely(&harness) { $0.leaders(at: $0.now).count == 1 }
        #expect(reached5)
        let leader = harness.leaders(at: harness.now)[0]
        let other = 1 - leader
        let lease = try #require(harness.elections[leader].lease)
        harness.pause(leader)
        let reached6 = ElectionRecipeTests.runSafely(&harness) { $0.elections[other].isLeader(at: $0.now) }
        #expect(reached6)
        let removed = try #require(harness.store.leases.lives[lease]?.removedAt)
        let elected = try #require(harness.events.first { $0.broker == other && { if case .elected = $0 { return true }; return false }($0.event) })
        #expect(elected.time >= removed)
    }

    @Test("A campaign whose answer is lost is resolved by reading the key back: the broker leads with the key it created")
    func unknownCampaignResolvedByRead() throws {
        var harness = ElectionHarness(brokers: 2)
        harness.fates[0] = [.deliver(delayMilliseconds: 0), .loseAnswer]
        harness.start(0)
        let reached7 = ElectionRecipeTests.runSafely(&harness) { $0.elections[0].isLeader(at: $0.now) }
        #expect(reached7)
        let holder = try #require(harness.holder)
        #expect(holder.lease == harness.elections[0].lease)
        #expect(harness.elections[0].fencingToken == holder.createRevision)
        #expect(harness.sent.contains { $0.broker == 0 && $0.request == .range(RangeRequest(key: ElectionRecipeTests.key)) })
        // And the other broker cannot take it meanwhile.
        harness.start(1)
        harness.run(forMilliseconds: 3000)
        #expect(!harness.elections[1].isLeader(at: harness.now))
    }

    @Test("A campaign that never reached the store is resolved by reading the key back: absent, so campaign again")
    func lostCampaignRequestCampaignsAgain() throws {
        var harness = ElectionHarness(brokers: 1)
        harness.fates[0] = [.deliver(delayMilliseconds: 0), .loseRequest]
        harness.start(0)
        let reached8 = ElectionRecipeTests.runSafely(&harness) { $0.elections[0].isLeader(at: $0.now) }
        #expect(reached8)
        let campaigns = harness.sent.filter { if case .txn = $0.request { return true }; return false }
        #expect(campaigns.count == 2)
    }

    @Test("Two brokers campaigning at the same instant: exactly one leads, with the key's create revision as token")
    func simultaneousCampaigns() throws {
        var harness = ElectionHarness(brokers: 3)
        for broker in 0..<3 { harness.start(broker) }
        let reached9 = ElectionRecipeTests.runSafely(&harness) { $0.leaders(at: $0.now).count == 1 }
        #expect(reached9)
        harness.run(forMilliseconds: 200)
        #expect(harness.leaders(at: harness.now).count == 1)
        let leader = harness.leaders(at: harness.now)[0]
        let holder = try #require(harness.holder)
        #expect(holder.lease == harness.elections[leader].lease)
        #expect(harness.elections[leader].fencingToken == holder.createRevision)
    }
}
