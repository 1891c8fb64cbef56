import ModelChecker
import Models
import Testing

/// Issue 15: a network with latency, leases with ids, and the store's own failures, each bug
/// variant's counterexample read as a story and set against the design at the same bounds.
@Suite("lease-leader: latency, lease ids and the store's failures")
struct LeaseLeaderLatencyTests {
    typealias Variant = LeaseLeader.Variant

    /// The design at the latency variants' CI bounds (one slowed message, one loss, delay 1).
    static let designAtDelay = LeaseLeaderTesting.check(LeaseLeader(LeaseLeaderTesting.ciConfiguration(.leaseByBrokerIndex),
                                                                    variant: .fencedIdempotent))

    @Test("the design keeps one believer at delay 1, where issue 14's clock and leases by index do not")
    func designHoldsAtDelay() {
        let design = Self.designAtDelay
        #expect(design.complete)
        #expect(design.statistics.distinct == 57_496)
        for property in LeaseLeaderPlan_safety {
            #expect(design.outcome(property) == .holds, "\(property)")
        }
        #expect(LeaseLeaderTesting.result(.deadlineFromReceipt).outcome("noTwoBelieversWithoutPause") == .violated)
        #expect(LeaseLeaderTesting.result(.leaseByBrokerIndex).outcome("noTwoBelieversWithoutPause") == .violated)
    }

    @Test("without latency the same bounds keep one believer in both bug variants",
          arguments: [Variant.deadlineFromReceipt, .leaseByBrokerIndex])
    func bugsNeedLatency(_ variant: Variant) {
        var configuration = LeaseLeaderTesting.ciConfiguration(variant)
        configuration.maxMessageDelayTicks = 0
        let result = LeaseLeaderTesting.check(LeaseLeader(configuration, variant: variant))
        #expect(result.complete)
        #expect(result.outcome("noTwoBelieversWithoutPause") == .holds)
        #expect(result.outcome("noChargeAfterLeaseExpiry") == .holds)
    }

    @Test("deadlineFromReceipt: an answer slowed across a tick makes the broker believe past its lease")
    func receiptClockOverBelieves() throws {
        let model = LeaseLeaderTesting.model(.deadlineFromReceipt)
        let trace = try #require(LeaseLeaderTesting.result(.deadlineFromReceipt).result("noTwoBelieversWithoutPause")?.trace)
        let texts = LeaseLeaderTesting.texts(model, trace)
        // The shortest story slows the answer to a grant: the store started the TTL a tick earlier.
        #expect(texts.contains { $0.hasPrefix("the network slows the store's Granted") })
        #expect(!texts.contains { $0.contains("pauses") })
        #expect(texts.last?.contains("is elected") == true)
        #expect(trace.last.believers(count: 2) == 2)
    }

    @Test("leaseByBrokerIndex: a cancelled revoke lands after the regrant and deletes the new lease's key")
    func staleRevokeDeletesNewLease() throws {
        let model = LeaseLeaderTesting.model(.leaseByBrokerIndex)
        let trace = try #require(LeaseLeaderTesting.result(.leaseByBrokerIndex).result("noTwoBelieversWithoutPause")?.trace)
        let texts = LeaseLeaderTesting.texts(model, trace)
        let slowed = try #require(texts.firstIndex { $0.hasPrefix("the network slows broker-1's Revoke") })
        let reelected = try #require(texts.lastIndex { $0.hasPrefix("broker-1 is elected") })
        let stale = try #require(texts.firstIndex {
            $0.contains("revokes lease 1 and deletes election/billing") && $0.hasSuffix("(the call was cancelled: no answer)")
        })
        #expect(slowed < reelected && reelected < stale)
        #expect(texts.last?.hasPrefix("broker-2 is elected") == true)
    }

    @Test("noLeaseCheckpoints: a store leader change keeps a dead holder's key past TTL + delay + election timeout")
    func checkpointsBoundTheDeadHoldersKey() throws {
        let model = LeaseLeaderTesting.model(.noLeaseCheckpoints)
        let trace = try #require(LeaseLeaderTesting.result(.noLeaseCheckpoints).result("deadHolderKeyGoneInTime")?.trace)
        let texts = LeaseLeaderTesting.texts(model, trace)
        #expect(texts.contains { $0.hasSuffix("crashes for good") })
        #expect(texts.contains { $0.hasPrefix("the store's leader changes: the new leader restores every lease to its full TTL") })
        #expect(Int(trace.last.store.deadHolderTicks) == 3, "TTL 2 + delay 0 + one election timeout of 1, reached")
        // With checkpoints the key still outlives its holder by a whole TTL, but within the bound.
        let design = LeaseLeaderTesting.check(LeaseLeader(LeaseLeaderTesting.ciConfiguration(.noLeaseCheckpoints),
                                                          variant: .fencedIdempotent))
        #expect(design.outcome("deadHolderKeyGoneInTime") == .holds)
        #expect(design.outcome("keyOutlivesDeadHolder") == .witnessed)
    }

    @Test("a slowed watch stream lets time pass with the event held back, never past the delay bound")
    func slowedWatchStream() {
        let model = LeaseLeader(LeaseLeaderTesting.ciConfiguration(.leaseByBrokerIndex), variant: .fencedIdempotent)
        let bound = UInt8(model.configuration.maxMessageDelayTicks)
        var heldAcrossATick = 0
        var heldDelete = false
        for state in LeaseLeaderTesting.graph(model).states {
            let actions = model.actions(in: state)
            let ticks = actions.contains { if case .tick = $0 { return true } else { return false } }
            for broker in 0..<model.configuration.brokers {
                let lag = state.store.watchLag[broker]
                let cursor = state.store.watchCursor[broker]
                let delivers = actions.contains(.watchEvent(broker: UInt8(broker)))
                // A slowed stream holds a watch, and its lag never passes the bound.
                #expect(lag == 0 || cursor != 0)
                #expect(lag <= bound + 1)
                guard delivers else { continue }
                // An event pushed at once (lag 0) or one that has waited the whole bound holds time back.
                if lag == 0 || lag == bound + 1 { #expect(!ticks, "an urgent watch event lets a tick pass") }
                if lag > 0 && ticks {
                    heldAcrossATick += 1
                    if state.store.deleteRevisions & (1 << UInt64(cursor)) != 0 { heldDelete = true }
                }
            }
        }
        #expect(heldAcrossATick > 0, "some state lets time pass while a slowed stream holds its event")
        #expect(heldDelete, "a follower can learn of the leader's DELETE a tick late")
    }

    @Test("a lease id is renamed canonically and never reused while a message names it")
    func leaseIDsStayDistinct() {
        let model = LeaseLeaderTesting.model(.leaseByBrokerIndex)
        let unique = LeaseLeader(model.configuration, variant: .fencedIdempotent)
        let states = LeaseLeaderTesting.graph(unique).states
        #expect(states.count == Self.designAtDelay.statistics.distinct)
        var sawSecondID = false
        for state in states {
            // A broker's own lease is always renamed to id 1; a stale request names another.
            #expect(state.brokers[0].lease <= 1 && state.brokers[1].lease <= 1)
            if !sawSecondID, let network = unique.describe(state)["network"]?.arrayValue {
                sawSecondID = network.contains { $0.stringValue?.contains("#2") == true }
            }
            #expect(unique.checkInvariants(state) == nil)
        }
        #expect(sawSecondID, "a stale request in flight forces a second id somewhere")
    }
}

/// The safety properties by name (the plan's list).
let LeaseLeaderPlan_safety = ["atMostOnceCharge", "noItemSentUnderTwoRevisions", "noChargeAfterLeaseExpiry",
                              "noWinOverLiveKey", "noTwoBelieversWithoutPause", "deadHolderKeyGoneInTime"]
