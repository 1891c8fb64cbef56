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

    static let safety: [P] = [.atMostOnceCharge, .acceptedEpochsMonotone, .noWinOverLiveKey]

    /// Issue 5's table, row by row.
    static func safetyExpectations(_ variant: Variant) -> [(P, Outcome)] {
        switch variant {
        case .fencedIdempotent, .watchFromNow, .sessionOutlivesLease:
            return safety.map { ($0, .holds) }
        case .naive:
            return [(.atMostOnceCharge, .violated), (.acceptedEpochsMonotone, .violated), (.noWinOverLiveKey, .holds)]
        case .noIdempotencyKey, .keyPerAttempt:
            return [(.atMostOnceCharge, .violated), (.acceptedEpochsMonotone, .holds), (.noWinOverLiveKey, .holds)]
        case .unfenced:
            return [(.atMostOnceCharge, .holds), (.acceptedEpochsMonotone, .violated), (.noWinOverLiveKey, .holds)]
        case .getThenPut:
            return [(.atMostOnceCharge, .holds), (.acceptedEpochsMonotone, .holds), (.noWinOverLiveKey, .violated)]
        }
    }

    /// Issue 6: the goal must stay reachable wherever no charge is ever doubled; a doubled
    /// charge can never be undone, so wherever one can happen the goal is lost too.
    static func livenessExpectation(_ variant: Variant) -> Outcome {
        switch variant {
        case .fencedIdempotent, .unfenced, .getThenPut: return .holds
        case .naive, .noIdempotencyKey, .keyPerAttempt, .watchFromNow, .sessionOutlivesLease: return .violated
        }
    }

    /// Every property of the model, as a bug variant's plan entry must show it.
    static func expectations(_ variant: Variant) -> [(P, Outcome)] {
        var result = safetyExpectations(variant)
        result.append((.noTwoBelieversWithoutPause, variant == .getThenPut ? .violated : .holds))
        result.append((.allDueChargesRecorded, livenessExpectation(variant)))
        return result
    }

    static let witnesses: [(P, Outcome)] = [
        (.chargeMade, .witnessed), (.failover, .witnessed), (.twoBrokersBelieveTheyLead, .witnessed),
    ]

    static func note(_ variant: Variant) -> String {
        switch variant {
        case .fencedIdempotent:
            return "verified completely with a pause, a crash and a lost message: a paused leader does wake believing "
                + "it leads while its successor leads, and the token and the key keep every charge single"
        case .naive:
            return "a lost acknowledgement is retried and charged again; a paused leader's charge is accepted after "
                + "its successor's; once a second charge is inevitable the goal is lost"
        case .noIdempotencyKey:
            return "fencing orders the leaders, but a retried charge whose acknowledgement was lost is charged twice"
        case .keyPerAttempt:
            return "a fresh key per send is no key: the retry is charged twice, exactly as with no key"
        case .unfenced:
            return "the key keeps the ledger single, but a paused leader's request is accepted after its successor's"
        case .getThenPut:
            return "two ranges both see the key absent and both puts succeed, the second over the first broker's live "
                + "key, so two brokers lead with no pause at all; fencing and the key still keep charges single. One "
                + "period: the two-leader phase makes this design's space six times larger at two, with the same verdicts"
        case .watchFromNow:
            return "a follower paused between its read and its watch misses the DELETE of the crashed leader's key "
                + "and waits forever: the counterexample ends where the goal has become unreachable"
        case .sessionOutlivesLease:
            return "violated, decided by checking: once the other broker has crashed, a leader whose lease expired "
                + "during a pause learns it, stops charging, never campaigns again, and no one charges what is due"
        }
    }

    static func variants(_ family: LeaseLeaderFamily) -> [VariantSpec] {
        LeaseLeader.Variant.allCases.map { variant in
            if variant == .fencedIdempotent {
                let all = expectations(variant) + witnesses
                return family.declare(variant, correct: true, variant.summary, plan: [
                    family.entry(expect: all, othersMustPass: true, note: note(variant)),
                    family.entry("two pauses", set: [.set(\.periods, 1), .set(\.maxPauses, 2)], expect: all,
                              othersMustPass: true,
                              note: "both brokers paused, or one leader paused twice, around each failover"),
                    family.entry("two losses", set: [.set(\.maxLosses, 2)], expect: all, othersMustPass: true,
                              note: "a charge and its retry's acknowledgement lost, or a refresh and its retry"),
                    family.entry("3 brokers, 2 crashes, symmetric",
                              set: [.set(\.brokers, 3), .set(\.periods, 1), .set(\.maxCrashes, 2)],
                              search: PlanSearch(symmetry: true), expect: all, othersMustPass: true,
                              note: "the leader goes down and another takes over, twice; counted as orbits of the "
                                + "brokers' renamings"),
                    family.entry("clock drift 1", set: [.set(\.periods, 1), .set(\.maxDriftTicks, 1)],
                              expect: all.map { $0.0 == .noTwoBelieversWithoutPause ? ($0.0, .violated) : $0 },
                              othersMustPass: true,
                              note: "a 3-tick lease refreshed every tick, one lost refresh and a clock one tick slow: "
                                + "two brokers believe they lead without any pause (TTL ≤ refresh + losses + drift), "
                                + "and the charges stay safe; see Reports/lease-leader-drift.md"),
                ])
            }
            let settings: [Setting<LeaseLeader.Configuration>] = variant == .getThenPut ? [.set(\.periods, 1)] : []
            var plan = [family.entry(set: settings, expect: expectations(variant), othersMustPass: false, note: note(variant))]
            if variant == .sessionOutlivesLease {
                plan.append(family.entry("lost refreshes, no pause", set: [.set(\.maxPauses, 0), .set(\.maxLosses, 2)],
                                      expect: [(.allDueChargesRecorded, .violated)], othersMustPass: false,
                                      note: "issue 6's story: the other broker crashed, a refresh and its retry are lost, "
                                        + "the lease and the leader's deadline run out together, and the period that "
                                        + "falls due next is never charged"))
            }
            return family.declare(variant, correct: false, variant.summary, plan: plan)
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
