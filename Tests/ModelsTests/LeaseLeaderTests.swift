import ModelChecker
import Models
import Reporting
import Testing

/// Pinned figures of one variant at the CI bounds (`LeaseLeaderTesting.small`), obtained by
/// running the checker: distinct states without and with symmetry, the depth, and the length
/// of every trace (counterexamples and witnesses).
struct LeaseLeaderFigures: Sendable, CustomTestStringConvertible {
    var variant: LeaseLeader.Variant
    var distinct: Int
    var orbits: Int
    var depth: Int
    var traceLengths: [String: Int]
    var testDescription: String { variant.rawValue }
}

@Suite("lease-leader: every variant's verdicts and figures at CI bounds")
struct LeaseLeaderTests {
    typealias Variant = LeaseLeader.Variant

    static let witnesses = ["chargeMade": 12, "failover": 15, "twoBrokersBelieveTheyLead": 21]
    /// The witnesses plus the expiry of a key (every realistic provider's design that sends one).
    static let expiring = witnesses.merging(["keyForgotten": 23]) { $1 }

    /// Every variant but `rewatchFromNow` (its compaction scope is too large for debug builds:
    /// `verify all` checks its plan entry, and its liveness test below runs the plan's story).
    static let figures: [LeaseLeaderFigures] = [
        LeaseLeaderFigures(variant: .fencedIdempotent, distinct: 35_899, orbits: 17_953, depth: 86, traceLengths: expiring),
        LeaseLeaderFigures(variant: .idealProvider, distinct: 16_567, orbits: 8_287, depth: 66,
                           traceLengths: witnesses.merging(["chargeMade": 9]) { $1 }),
        LeaseLeaderFigures(variant: .naive, distinct: 18_475, orbits: 9_241, depth: 66,
                           traceLengths: witnesses.merging(["chargeMade": 9, "atMostOnceCharge": 23,
                                                            "allDueChargesRecorded": 9]) { $1 }),
        LeaseLeaderFigures(variant: .noIdempotencyKey, distinct: 21_549, orbits: 10_778, depth: 74,
                           traceLengths: witnesses.merging(["atMostOnceCharge": 36, "allDueChargesRecorded": 32]) { $1 }),
        LeaseLeaderFigures(variant: .retryWithoutLookup, distinct: 30_011, orbits: 15_009, depth: 89,
                           traceLengths: expiring.merging(["atMostOnceCharge": 38, "allDueChargesRecorded": 25]) { $1 }),
        LeaseLeaderFigures(variant: .unfenced, distinct: 28_265, orbits: 14_136, depth: 73, traceLengths: expiring),
        LeaseLeaderFigures(variant: .ignoresDeadline, distinct: 35_899, orbits: 17_953, depth: 86, traceLengths: expiring),
        LeaseLeaderFigures(variant: .getThenPut, distinct: 6_640, orbits: 3_323, depth: 77,
                           traceLengths: ["noWinOverLiveKey": 12, "noTwoBelieversWithoutPause": 14,
                                          "noItemSentUnderTwoRevisions": 26, "chargeMade": 14, "failover": 14,
                                          "twoBrokersBelieveTheyLead": 14, "keyForgotten": 43]),
        LeaseLeaderFigures(variant: .watchFromNow, distinct: 35_913, orbits: 17_960, depth: 86,
                           traceLengths: expiring.merging(["allDueChargesRecorded": 12]) { $1 }),
        LeaseLeaderFigures(variant: .sessionOutlivesLease, distinct: 20_947, orbits: 10_477, depth: 63,
                           traceLengths: expiring.merging(["allDueChargesRecorded": 25]) { $1 }),
        LeaseLeaderFigures(variant: .deadlineFromReceipt, distinct: 57_714, orbits: 28_865, depth: 84,
                           traceLengths: ["noTwoBelieversWithoutPause": 36, "chargeMade": 12, "failover": 24,
                                          "twoBrokersBelieveTheyLead": 36, "keyForgotten": 37]),
        LeaseLeaderFigures(variant: .leaseByBrokerIndex, distinct: 60_993, orbits: 30_504, depth: 84,
                           traceLengths: ["noTwoBelieversWithoutPause": 50, "chargeMade": 12, "failover": 24,
                                          "twoBrokersBelieveTheyLead": 50, "keyForgotten": 37]),
        LeaseLeaderFigures(variant: .noLeaseCheckpoints, distinct: 5_154, orbits: 2_582, depth: 57,
                           traceLengths: ["deadHolderKeyGoneInTime": 17, "chargeMade": 12, "failover": 21, "keyForgotten": 25,
                                          "keyOutlivesDeadHolder": 16]),
    ]

    /// What the plan says a variant must show, as a dictionary (the family's own table).
    static func planned(_ variant: Variant) throws -> [String: Outcome] {
        let spec = try #require(LeaseLeaderTesting.family.variant(named: variant.rawValue))
        return Dictionary(uniqueKeysWithValues: spec.plan[0].expectations.map { ($0.0, $0.1) })
    }

    @Test("every property comes out as the plan expects, with pinned counts, depth and trace lengths",
          arguments: figures)
    func verdictsAndFigures(_ expected: LeaseLeaderFigures) throws {
        let model = LeaseLeaderTesting.model(expected.variant)
        let result = LeaseLeaderTesting.result(expected.variant)
        var failed = false
        defer { if failed { LeaseLeaderTesting.attachTraces(model, result, label: "lease-leader-\(expected.variant.rawValue)") } }
        #expect(result.complete)
        let planned = try Self.planned(expected.variant)
        #expect(planned.count >= 6, "the plan states every safety and liveness outcome")
        // ignoresDeadline's plan entry needs two lost KeepAlives and a second period to charge
        // after its lease expired, beyond CI size: `verify all` checks it; here its other verdicts.
        let skipped: Set<String> = expected.variant == .ignoresDeadline
            ? ["noItemSentUnderTwoRevisions", "noChargeAfterLeaseExpiry", "noTwoBelieversWithoutPause"] : []
        for (name, outcome) in planned where !skipped.contains(name) {
            let actual = result.outcome(name)
            if actual != outcome { failed = true }
            #expect(actual == outcome, "\(expected.variant.rawValue): \(name)")
        }
        if result.statistics.distinct != expected.distinct || result.statistics.depth != expected.depth { failed = true }
        #expect(result.statistics.distinct == expected.distinct)
        #expect(result.statistics.depth == expected.depth)
        for property in result.properties {
            let length = property.trace?.length
            if length != expected.traceLengths[property.name] { failed = true }
            #expect(length == expected.traceLengths[property.name], "\(expected.variant.rawValue): \(property.name)'s trace")
            if property.outcome == .violated || property.outcome == .witnessed {
                #expect(property.trace != nil, "a verdict with a trace")
            }
        }
    }

    @Test("symmetry over brokers never changes a verdict or a trace length",
          arguments: figures.filter { [.fencedIdempotent, .getThenPut, .leaseByBrokerIndex, .noLeaseCheckpoints].contains($0.variant) })
    func symmetryKeepsVerdicts(_ expected: LeaseLeaderFigures) {
        let plain = LeaseLeaderTesting.result(expected.variant)
        let reduced = LeaseLeaderTesting.check(LeaseLeaderTesting.model(expected.variant), symmetry: true)
        #expect(reduced.complete && reduced.symmetry)
        #expect(reduced.statistics.distinct == expected.orbits)
        #expect(reduced.statistics.distinct < plain.statistics.distinct)
        #expect(reduced.statistics.depth == plain.statistics.depth)
        for property in plain.properties {
            let other = reduced.result(property.name)
            #expect(other?.outcome == property.outcome, "\(property.name)")
            #expect(other?.trace?.length == property.trace?.length, "\(property.name)'s shortest trace")
        }
    }

    @Test("one worker and two find the same states and the same traces")
    func workersAgree() {
        let model = LeaseLeaderTesting.model(.getThenPut)
        let one = LeaseLeaderTesting.check(model, workers: 1, exact: false)
        let two = LeaseLeaderTesting.check(model, workers: 2, exact: false)
        #expect(one.statistics.distinct == two.statistics.distinct)
        #expect(one.statistics.generated == two.statistics.generated)
        #expect(one.statistics.depth == two.statistics.depth)
        for property in one.properties {
            let other = two.result(property.name)
            #expect(other?.outcome == property.outcome, "\(property.name)")
            let texts = property.trace.map { LeaseLeaderTesting.texts(model, $0) }
            #expect(other?.trace.map { LeaseLeaderTesting.texts(model, $0) } == texts, "\(property.name)'s trace")
        }
    }

    @Test("fingerprints and exact storage agree on every verdict and count",
          arguments: [Variant.getThenPut, .noLeaseCheckpoints])
    func fingerprintsAgreeWithExact(_ variant: Variant) {
        let exact = LeaseLeaderTesting.result(variant)
        let fingerprinted = LeaseLeaderTesting.check(LeaseLeaderTesting.model(variant), exact: false)
        #expect(exact.statistics.distinct == fingerprinted.statistics.distinct)
        for property in exact.properties {
            #expect(fingerprinted.outcome(property.name) == property.outcome, "\(property.name)")
        }
    }

    /// The engine stores an `alwaysPossibly` graph keyed by state ids; in fingerprint mode a
    /// stripe of the visited set can grow after a candidate's slot was recorded and before its
    /// id is written, so ids land in stale slots and the dead end it reports is not always the
    /// nearest one (reported with the fix; exact storage is unaffected). Remove the known issue
    /// once the engine records the id at the fingerprint's current slot.
    @Test("fingerprint mode reports the same shortest dead end as exact storage")
    func fingerprintDeadEndIsShortest() throws {
        let model = LeaseLeaderTesting.model(.watchFromNow)
        let exact = try #require(LeaseLeaderTesting.result(.watchFromNow).result("allDueChargesRecorded")?.trace)
        let fingerprinted = try #require(LeaseLeaderTesting.check(model, exact: false).result("allDueChargesRecorded")?.trace)
        #expect(exact.length == 12)
        #expect(fingerprinted.length == exact.length)
    }

    @Test("naive: a lost acknowledgement is resent and charged twice")
    func lostAcknowledgementDoubleCharges() throws {
        let model = LeaseLeader(LeaseLeaderTesting.lossOnly, variant: .naive)
        let result = LeaseLeaderTesting.check(model)
        let violation = try #require(result.result("atMostOnceCharge"))
        #expect(violation.outcome == .violated)
        let trace = try #require(violation.trace)
        #expect(trace.length == 21)
        let texts = LeaseLeaderTesting.texts(model, trace)
        #expect(texts.contains { $0.hasPrefix("the network loses the provider's ChargeOK") })
        #expect(texts.contains { $0.contains("times out and resends its charge of sub-1/period-1") })
        #expect(texts.last?.hasSuffix("the ledger holds two charges for sub-1/period-1") == true)
        #expect(result.statistics.distinct == 1_606)
    }

    @Test("a lost acknowledgement is survived by the lookup before the retry, with or without a key",
          arguments: [Variant.fencedIdempotent, .noIdempotencyKey, .unfenced])
    func lookupSurvivesLostAcknowledgement(_ variant: Variant) {
        let result = LeaseLeaderTesting.check(LeaseLeader(LeaseLeaderTesting.lossOnly, variant: variant))
        #expect(result.complete)
        #expect(result.outcome("atMostOnceCharge") == .holds)
        #expect(result.outcome("allDueChargesRecorded") == .holds)
    }

    /// The relation's far side at CI size: two pauses of up to 2 ticks, a 1-tick retention.
    static let beyondRetention = LeaseLeader.Configuration(brokers: 2, subscriptions: 1, periods: 1, leaseTTLTicks: 3,
                                                           refreshIntervalTicks: 1, maxPauses: 2, maxCrashes: 0, maxLosses: 0,
                                                           maxPauseTicks: 2, keyRetentionTicks: 1, liveness: false)

    @Test("past the relation: a leader passes its fenced intent write, pauses past the key's retention, then charges again")
    func pauseBeyondRetentionDoubleCharges() throws {
        let configuration = Self.beyondRetention
        #expect(!configuration.keyOutlivesPauseAndDelay)
        let model = LeaseLeader(configuration, variant: .fencedIdempotent)
        let result = LeaseLeaderTesting.check(model)
        let trace = try #require(result.result("atMostOnceCharge")?.trace)
        #expect(trace.length == 48)
        let texts = LeaseLeaderTesting.texts(model, trace)
        let milestones = ["charge intent for sub-1/period-1 is written: it may charge", "pauses",
                          "the provider forgets key sub-1/period-1", "wakes, still believing it leads"]
        var position = 0
        for milestone in milestones {
            let found = texts[position...].firstIndex { $0.contains(milestone) }
            #expect(found != nil, "the story reaches: \(milestone)")
            position = (found ?? position) + 1
        }
        #expect(texts.last?.hasSuffix("(it has forgotten the key): the ledger holds two charges for sub-1/period-1") == true)
        // One tick more of retention and the same bounds are safe.
        var inside = configuration
        inside.keyRetentionTicks = 3
        #expect(inside.keyOutlivesPauseAndDelay)
        #expect(LeaseLeaderTesting.check(LeaseLeader(inside, variant: .fencedIdempotent)).outcome("atMostOnceCharge") == .holds)
    }

    @Test("every counterexample replays step by step from its JSON document", arguments: figures.map(\.variant))
    func counterexamplesReplay(_ variant: Variant) throws {
        let model = LeaseLeaderTesting.model(variant)
        let result = LeaseLeaderTesting.result(variant)
        let documents = LeaseLeaderTesting.documents(model, result)
        #expect(!documents.isEmpty)
        for (property, document) in documents {
            let reread = try TraceDocument(json: document.json.prettyText)
            let outcome = try LeaseLeaderTesting.family.replay(reread)
            #expect(outcome.reproduced, "\(variant.rawValue) \(property): \(outcome)")
            let markdown = TraceMarkdown.render(document)
            #expect(markdown.contains("sequenceDiagram"), "\(property): the Markdown carries the sequence diagram")
        }
    }
}
