import ModelChecker
import Verification

/// The verification plan of `lease-leader`: every variant at its bounds with the outcome of
/// every property it must show (issue 5's table, issue 6's liveness), and the benchmarks.
///
/// The family's defaults are the correct design's plan bounds: 2 brokers, 1 subscription with
/// 2 periods (the second falls due as the calendar moves on), a 3-tick lease refreshed every
/// tick, and one pause, one crash and one lost message.
enum LeaseLeaderPlan {
    typealias Variant = LeaseLeader.Variant
    typealias P = LeaseLeader.PropertyID

    static let safety: [P] = [.atMostOnceCharge, .noItemSentUnderTwoRevisions, .noChargeAfterLeaseExpiry,
                              .noWinOverLiveKey, .noTwoBelieversWithoutPause, .deadHolderKeyGoneInTime]

    /// The safety properties each bug variant's first plan entry violates (all others hold).
    static func violatedSafety(_ variant: Variant) -> [P] {
        switch variant {
        case .fencedIdempotent, .idealProvider, .unfenced, .watchFromNow, .sessionOutlivesLease: return []
        case .naive, .noIdempotencyKey, .retryWithoutLookup: return [.atMostOnceCharge]
        case .ignoresDeadline: return [.noItemSentUnderTwoRevisions, .noChargeAfterLeaseExpiry, .noTwoBelieversWithoutPause]
        case .getThenPut: return [.noItemSentUnderTwoRevisions, .noWinOverLiveKey, .noTwoBelieversWithoutPause]
        case .deadlineFromReceipt, .leaseByBrokerIndex: return [.noTwoBelieversWithoutPause]
        case .rewatchFromNow: return []
        case .noLeaseCheckpoints: return [.deadHolderKeyGoneInTime]
        }
    }

    /// Issue 6: the goal must stay reachable wherever no charge is ever doubled; a doubled
    /// charge can never be undone, so wherever one can happen the goal is lost too.
    static func livenessExpectation(_ variant: Variant) -> Outcome {
        switch variant {
        case .fencedIdempotent, .idealProvider, .unfenced, .getThenPut, .ignoresDeadline: return .holds
        case .deadlineFromReceipt, .leaseByBrokerIndex, .noLeaseCheckpoints: return .holds
        case .naive, .noIdempotencyKey, .retryWithoutLookup, .watchFromNow, .sessionOutlivesLease, .rewatchFromNow:
            return .violated
        }
    }

    /// Every property of the model, as a bug variant's plan entry must show it.
    static func expectations(_ variant: Variant) -> [(P, Outcome)] {
        let violated = violatedSafety(variant)
        return safety.map { ($0, violated.contains($0) ? .violated : .holds) }
            + [(.allDueChargesRecorded, livenessExpectation(variant))]
    }

    static let witnesses: [(P, Outcome)] = [
        (.chargeMade, .witnessed), (.failover, .witnessed), (.twoBrokersBelieveTheyLead, .witnessed),
    ]

    static func note(_ variant: Variant) -> String {
        switch variant {
        case .fencedIdempotent:
            return "max pause 2 + max delay 0 < key retention 3: verified completely with a pause, a crash and a lost "
                + "message; a paused leader wakes believing it leads while its successor leads, and the fenced intent, "
                + "the lookup before every retry and the key keep every charge single"
        case .idealProvider:
            return "issue 5's provider (keys forever, fencing at the provider) makes at-most-once the provider's doing; "
                + "the election properties hold as in the realistic design"
        case .naive:
            return "a lost acknowledgement is retried and charged again; once a second charge is inevitable the goal is lost"
        case .noIdempotencyKey:
            return "a leader paused between its intent write and its charge sends after its successor looked up "
                + "\"never charged\" and charged: two charges, since nothing deduplicates them (a fresh key per "
                + "attempt is the same design here, every retry being a new attempt: keyPerAttempt is merged into it)"
        case .retryWithoutLookup:
            return "the design as first proposed: the charge lands, its acknowledgement is lost, and the retry (or the "
                + "next leader's retry of the intent) comes after the key has expired, although pause + delay < retention; "
                + "the hole is the retry itself, so the design asks the provider before any retry"
        case .unfenced:
            return "without the database's fence every charge is still single under the relation: the lookup and the "
                + "key carry at-most-once; the fence narrows the window (a deposed leader that has not yet written its "
                + "intent cannot start a charge), which matters only outside the relation"
        case .ignoresDeadline:
            return "lost KeepAlives let the lease expire while the leader, trusting the database's fence, charges on: "
                + "a charge sent after the lease expired at the store (the fence stops it only once a successor writes)"
        case .getThenPut:
            return "two ranges both see the key absent and both puts succeed, the second over the first broker's live "
                + "key, so two brokers lead with no pause at all and both send the item under their revisions; the "
                + "lookup and the key still keep the ledger single (checking found the hole that a resent intent write "
                + "acted on a stale due list; the design now reads again after any timeout). One period: the "
                + "two-leader phase is large"
        case .watchFromNow:
            return "a follower paused between its read and its watch misses the DELETE of the crashed leader's key "
                + "and waits forever: the counterexample ends where the goal has become unreachable"
        case .sessionOutlivesLease:
            return "violated, decided by checking: once the other broker has crashed, a leader whose lease expired "
                + "during a pause learns it, stops charging, never campaigns again, and no one charges what is due"
        case .deadlineFromReceipt:
            return "a 2-tick lease, one slowed Refreshed and one lost KeepAlive: the store reset the TTL a tick before the "
                + "answer arrived, the broker counts the full TTL from the answer, and its lease expires while its clock "
                + "still shows a tick; the follower is elected meanwhile, without any pause"
        case .leaseByBrokerIndex:
            return "a leader whose deadline passed revokes; the revoke is slowed, it times out and resends, is granted "
                + "a new lease and re-elected, and then the cancelled revoke lands and deletes the new lease's key: the "
                + "follower is elected while the leader's clock shows time left. With unique ids the stale revoke is "
                + "\"lease not found\""
        case .rewatchFromNow:
            return "a follower paused with the DELETE of the crashed leader's key still to be delivered; a compaction "
                + "cancels its watch, it watches again from now and waits forever: re-reading the key would have found "
                + "it gone"
        case .noLeaseCheckpoints:
            return "the leader crashes; a store leader change restores its lease to the full TTL plus an election "
                + "timeout, so the dead holder's key outlives TTL + delay + election timeout (etcd #9888): a follower "
                + "must assume failover takes up to that bound per store leader change only with checkpoints"
        }
    }

    static func correctEntries(_ family: LeaseLeaderFamily) -> [PlanEntry] {
        let variant = Variant.fencedIdempotent
        let all = expectations(variant) + witnesses + [(.keyForgotten, .witnessed)]
        return [
            family.entry(expect: all, othersMustPass: true, note: note(variant)),
            family.entry("two pauses", set: [.set(\.periods, 1), .set(\.maxPauses, 2)], expect: all,
                         othersMustPass: true,
                         note: "max pause 2 < retention 3 with both brokers paused, or one leader paused twice"),
            family.entry("two losses", set: [.set(\.periods, 1), .set(\.maxLosses, 2)], expect: all, othersMustPass: true,
                         note: "a charge and its lookup lost, or a refresh and its retry"),
            family.entry("3 brokers, 2 crashes, symmetric",
                         set: [.set(\.brokers, 3), .set(\.periods, 1), .set(\.maxCrashes, 2)],
                         search: PlanSearch(symmetry: true), expect: all, othersMustPass: true,
                         note: "the leader goes down and another takes over, twice; counted as orbits of the "
                            + "brokers' renamings"),
            family.entry("clock drift 1", set: [.set(\.periods, 1), .set(\.maxDriftTicks, 1)],
                         expect: all, othersMustPass: true,
                         note: "a 3-tick lease refreshed every tick, one lost refresh and a clock one tick slow: issue 14's "
                            + "clock let two brokers believe here (TTL ≤ refresh + losses + drift); the deadline TTL − drift "
                            + "from the send ends no later than the lease, so no two believe; see Reports/lease-leader-drift.md"),
            family.entry("delay 1, symmetric", set: [.set(\.periods, 1), .set(\.maxMessageDelayTicks, 1),
                                                     .set(\.maxDelayedMessages, 1)],
                         search: PlanSearch(symmetry: true), expect: all, othersMustPass: true,
                         note: "one message slowed across a tick: a retry races its cancelled original (a charge, a "
                            + "KeepAlive, a revoke), and the deadline counted from the send ends no later than the lease"),
            family.entry("compaction", set: [.set(\.periods, 1), .set(\.maxLosses, 0), .set(\.maxCompactions, 1)],
                         expect: all, othersMustPass: true,
                         note: "a compaction cancels a follower's watch: it re-reads the key and watches from the read's "
                            + "revision + 1, or campaigns if the key is gone"),
            family.entry("store leader change",
                         set: [.set(\.periods, 1), .set(\.maxPauses, 0), .set(\.maxLosses, 0), .set(\.maxStoreLeaderChanges, 1)],
                         expect: expectations(variant) + [(.keyOutlivesDeadHolder, .witnessed)], othersMustPass: false,
                         note: "with checkpoints a store leader change extends a lease from its remaining TTL: a dead "
                            + "holder's key outlives it (by a whole TTL, witnessed) but is gone within TTL + election timeout"),
        ] + relationEntries(family)
    }

    /// Issue 15's latency bugs need latency: the same bounds at delay 0 keep every property.
    static func zeroDelayEntry(_ family: LeaseLeaderFamily, _ variant: Variant) -> PlanEntry {
        family.entry("delay 0", set: firstEntrySettings(variant) + [.set(\.maxMessageDelayTicks, 0)],
                     expect: [(.noTwoBelieversWithoutPause, .holds), (.noChargeAfterLeaseExpiry, .holds)], othersMustPass: false,
                     note: "the same bounds without latency: the bug needs a message that crosses a tick")
    }

    /// The larger scopes of `verify all --thorough`: delay 2 (bounded depth).
    static func thoroughEntries(_ family: LeaseLeaderFamily) -> [PlanEntry] {
        [
            family.entry("delay 2, retention 5, depth 60",
                         set: [.set(\.periods, 1), .set(\.maxMessageDelayTicks, 2), .set(\.maxDelayedMessages, 2),
                               .set(\.keyRetentionTicks, 5), .set(\.liveness, false)],
                         search: PlanSearch(symmetry: true, maxDepth: 60),
                         expect: safety.map { ($0, Outcome.unknown) }, othersMustPass: false,
                         note: "two messages slowed by up to 2 ticks each, inside the relation (pause 2 + delay 2 < "
                            + "retention 5; at retention 3 a double charge is found in 30 steps), to depth 60 (a "
                            + "bounded search: no violation found means unknown, not verified)"),
            family.entry("retention 3 = pause 1 + delay 2, depth 32",
                         set: [.set(\.periods, 1), .set(\.maxPauses, 2), .set(\.maxPauseTicks, 1), .set(\.keyRetentionTicks, 3),
                               .set(\.maxMessageDelayTicks, 2), .set(\.maxDelayedMessages, 2), .set(\.liveness, false)],
                         search: PlanSearch(symmetry: true, maxDepth: 32), expect: [(.atMostOnceCharge, .violated)],
                         othersMustPass: false,
                         note: "the relation's boundary at delay 2: a slowed charge lands after the lookup that found it "
                            + "missing, the retry is slowed by 2 ticks after a 1-tick pause and lands as the key is "
                            + "forgotten (31 steps; with one slowed message the same bounds hold)"),
        ]
    }

    /// "max pause + max delay < key retention", on both sides, at the faults that reach the
    /// boundary: two pauses, a crash and a lost message (without the crash and the loss the
    /// model has one tick of slack: pause = retention is still safe there).
    static func relationEntries(_ family: LeaseLeaderFamily) -> [PlanEntry] {
        let base: [Setting<LeaseLeader.Configuration>] = [.set(\.periods, 1), .set(\.maxPauses, 2), .set(\.liveness, false),
                                                         .set(\.maxPauseTicks, 2)]
        let latency: [Setting<LeaseLeader.Configuration>] = [.set(\.maxMessageDelayTicks, 1), .set(\.maxDelayedMessages, 1)]
        return [
            family.entry("retention 3 > pause 2", set: base + [.set(\.keyRetentionTicks, 3)],
                         expect: [(.atMostOnceCharge, .holds)], othersMustPass: true,
                         note: "pause 2 + delay 0 < retention 3: just inside the relation, no double charge"),
            family.entry("retention 2 = pause 2", set: base + [.set(\.keyRetentionTicks, 2)],
                         expect: [(.atMostOnceCharge, .violated)], othersMustPass: false,
                         note: "pause 2 + delay 0 = retention 2: just outside the relation, the shortest double charge"),
            family.entry("retention 3 > pause 1 + delay 1", set: base + latency + [.set(\.maxPauseTicks, 1), .set(\.keyRetentionTicks, 3)],
                         search: PlanSearch(symmetry: true), expect: [(.atMostOnceCharge, .holds)], othersMustPass: true,
                         note: "pause 1 + delay 1 < retention 3: inside the relation with a message (or a watch event) "
                            + "slowed by a tick, no double charge"),
            family.entry("retention 2 = pause 1 + delay 1", set: base + latency + [.set(\.maxPauseTicks, 1), .set(\.keyRetentionTicks, 2)],
                         search: PlanSearch(symmetry: true), expect: [(.atMostOnceCharge, .violated)], othersMustPass: false,
                         note: "pause 1 + delay 1 = retention 2: the delay counts like the pause, just outside the relation"),
        ]
    }

    static func variants(_ family: LeaseLeaderFamily) -> [VariantSpec] {
        LeaseLeader.Variant.allCases.map { variant in
            if variant == .fencedIdempotent {
                return family.declare(variant, correct: true, variant.summary, plan: correctEntries(family),
                                      thorough: thoroughEntries(family))
            }
            var settings: [Setting<LeaseLeader.Configuration>] = variant == .getThenPut ? [.set(\.periods, 1)] : []
            if variant == .ignoresDeadline {
                settings = [.set(\.leaseTTLTicks, 2), .set(\.maxPauses, 0), .set(\.maxLosses, 2)]
            }
            settings += firstEntrySettings(variant)
            var plan = [family.entry(set: settings, expect: expectations(variant), othersMustPass: false, note: note(variant))]
            if variant == .sessionOutlivesLease {
                plan.append(family.entry("lost refreshes, no pause", set: [.set(\.maxPauses, 0), .set(\.maxLosses, 2)],
                                         expect: [(.allDueChargesRecorded, .violated)], othersMustPass: false,
                                         note: "issue 6's story: the other broker crashed, a refresh and its retry are lost, "
                                            + "the lease and the leader's deadline run out together, and the period that "
                                            + "falls due next is never charged"))
            }
            if variant == .deadlineFromReceipt || variant == .leaseByBrokerIndex { plan.append(zeroDelayEntry(family, variant)) }
            return family.declare(variant, correct: false, variant.summary, plan: plan)
        }
    }

    /// The bounds at which each of issue 15's bug variants shows its fault.
    static func firstEntrySettings(_ variant: Variant) -> [Setting<LeaseLeader.Configuration>] {
        switch variant {
        case .deadlineFromReceipt:
            return [.set(\.periods, 1), .set(\.leaseTTLTicks, 2), .set(\.maxPauses, 0), .set(\.maxCrashes, 0),
                    .set(\.maxMessageDelayTicks, 1)]
        case .leaseByBrokerIndex:
            return [.set(\.periods, 1), .set(\.leaseTTLTicks, 2), .set(\.maxPauses, 0), .set(\.maxCrashes, 0),
                    .set(\.maxMessageDelayTicks, 1)]
        case .rewatchFromNow:
            return [.set(\.periods, 1), .set(\.maxLosses, 0), .set(\.maxCompactions, 1)]
        case .noLeaseCheckpoints:
            return [.set(\.periods, 1), .set(\.maxPauses, 0), .set(\.maxLosses, 0), .set(\.maxStoreLeaderChanges, 1)]
        default:
            return []
        }
    }

    static func benchmarks(_ family: LeaseLeaderFamily) -> [BenchmarkSpec] {
        [
            family.benchmark("lease-leader-safety", variant: .fencedIdempotent, set: [.set(\.liveness, false)]),
            family.benchmark("lease-leader-3-brokers", variant: .fencedIdempotent,
                          set: [.set(\.brokers, 3), .set(\.periods, 1), .set(\.liveness, false)]),
            family.benchmark("lease-leader-liveness", variant: .fencedIdempotent),
        ]
    }
}
