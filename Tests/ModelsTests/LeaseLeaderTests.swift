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

    static let witnesses = ["chargeMade": 9, "failover": 15, "twoBrokersBelieveTheyLead": 21]

    static let figures: [LeaseLeaderFigures] = [
        LeaseLeaderFigures(variant: .fencedIdempotent, distinct: 15_710, orbits: 7_859, depth: 59,
                           traceLengths: witnesses),
        LeaseLeaderFigures(variant: .naive, distinct: 22_452, orbits: 11_230, depth: 66,
                           traceLengths: witnesses.merging(["atMostOnceCharge": 23, "acceptedEpochsMonotone": 30,
                                                            "allDueChargesRecorded": 9]) { $1 }),
        LeaseLeaderFigures(variant: .noIdempotencyKey, distinct: 19_222, orbits: 9_615, depth: 66,
                           traceLengths: witnesses.merging(["atMostOnceCharge": 23, "allDueChargesRecorded": 9]) { $1 }),
        LeaseLeaderFigures(variant: .keyPerAttempt, distinct: 19_222, orbits: 9_615, depth: 66,
                           traceLengths: witnesses.merging(["atMostOnceCharge": 23, "allDueChargesRecorded": 9]) { $1 }),
        LeaseLeaderFigures(variant: .unfenced, distinct: 18_940, orbits: 9_474, depth: 66,
                           traceLengths: witnesses.merging(["acceptedEpochsMonotone": 30]) { $1 }),
        LeaseLeaderFigures(variant: .getThenPut, distinct: 62_799, orbits: 31_408, depth: 84,
                           traceLengths: ["noWinOverLiveKey": 12, "noTwoBelieversWithoutPause": 14, "chargeMade": 11,
                                          "failover": 14, "twoBrokersBelieveTheyLead": 14]),
        LeaseLeaderFigures(variant: .watchFromNow, distinct: 15_718, orbits: 7_863, depth: 59,
                           traceLengths: witnesses.merging(["allDueChargesRecorded": 12]) { $1 }),
        LeaseLeaderFigures(variant: .sessionOutlivesLease, distinct: 10_256, orbits: 5_132, depth: 50,
                           traceLengths: witnesses.merging(["allDueChargesRecorded": 25]) { $1 }),
    ]

    /// What the plan says a variant must show, as a dictionary (the family's own table).
    static func planned(_ variant: Variant) throws -> [String: Outcome] {
        let spec = try #require(LeaseLeaderTesting.family.variant(named: variant.rawValue))
        return Dictionary(uniqueKeysWithValues: spec.plan[0].expectations.map { ($0.0, $0.1) })
    }

    @Test("every property comes out as the plan expects, with pinned counts, depth and trace lengths",
          arguments: figures)
    func verdictsAndFigures(_ expected: LeaseLeaderFigures) throws {
        let model = LeaseLeader(LeaseLeaderTesting.small, variant: expected.variant)
        let result = LeaseLeaderTesting.check(model)
        var failed = false
        defer { if failed { LeaseLeaderTesting.attachTraces(model, result, label: "lease-leader-\(expected.variant.rawValue)") } }
        #expect(result.complete)
        let planned = try Self.planned(expected.variant)
        #expect(planned.count >= 5, "the plan states every safety and liveness outcome")
        for (name, outcome) in planned {
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

    @Test("symmetry over brokers never changes a verdict or a trace length", arguments: figures)
    func symmetryKeepsVerdicts(_ expected: LeaseLeaderFigures) {
        let model = LeaseLeader(LeaseLeaderTesting.small, variant: expected.variant)
        let plain = LeaseLeaderTesting.check(model)
        let reduced = LeaseLeaderTesting.check(model, symmetry: true)
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

    @Test("one worker and two find the same states and the same traces",
          arguments: [Variant.fencedIdempotent, .naive, .watchFromNow])
    func workersAgree(_ variant: Variant) {
        let model = LeaseLeader(LeaseLeaderTesting.small, variant: variant)
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
          arguments: [Variant.fencedIdempotent, .watchFromNow, .sessionOutlivesLease, .getThenPut])
    func fingerprintsAgreeWithExact(_ variant: Variant) {
        let model = LeaseLeader(LeaseLeaderTesting.small, variant: variant)
        let exact = LeaseLeaderTesting.check(model, exact: true)
        let fingerprinted = LeaseLeaderTesting.check(model, exact: false)
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
        let model = LeaseLeader(LeaseLeaderTesting.small, variant: .watchFromNow)
        let exact = try #require(LeaseLeaderTesting.check(model, exact: true).result("allDueChargesRecorded")?.trace)
        let fingerprinted = try #require(LeaseLeaderTesting.check(model, exact: false).result("allDueChargesRecorded")?.trace)
        #expect(exact.length == 12)
        #expect(fingerprinted.length == exact.length)
    }

    @Test("a lost acknowledgement is retried and charged twice without an idempotency key",
          arguments: [Variant.naive, .noIdempotencyKey, .keyPerAttempt])
    func lostAcknowledgementDoubleCharges(_ variant: Variant) throws {
        let model = LeaseLeader(LeaseLeaderTesting.lossOnly, variant: variant)
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

    @Test("with the key per (subscription, period) the same lost acknowledgement is deduplicated",
          arguments: [Variant.fencedIdempotent, .unfenced])
    func keyedRetryIsDeduplicated(_ variant: Variant) {
        let result = LeaseLeaderTesting.check(LeaseLeader(LeaseLeaderTesting.lossOnly, variant: variant))
        #expect(result.complete)
        #expect(result.outcome("atMostOnceCharge") == .holds)
        #expect(result.outcome("allDueChargesRecorded") == .holds)
        #expect(result.statistics.distinct == 1_550)
    }

    @Test("the paused leader's story: elected, pauses, its lease expires, a successor charges, it wakes and charges")
    func pausedLeaderStory() throws {
        let model = LeaseLeader(LeaseLeaderTesting.small, variant: .unfenced)
        let result = LeaseLeaderTesting.check(model)
        let trace = try #require(result.result("acceptedEpochsMonotone")?.trace)
        let texts = LeaseLeaderTesting.texts(model, trace)
        let milestones = [
            "broker-1 is elected at revision 2 (lease 1)",
            "broker-1 pauses",
            "lease 1 expires, the store deletes election/billing at revision 3",
            "broker-2 sees the DELETE at revision 3 and campaigns",
            "broker-2 is elected at revision 4 (lease 2)",
            "the provider accepts broker-2's charge of sub-1/period-1",
            "broker-1 wakes, still believing it leads",
            "the provider acknowledges broker-1's charge of sub-1/period-1",
        ]
        var position = 0
        for milestone in milestones {
            let found = texts[position...].firstIndex { $0.contains(milestone) }
            #expect(found != nil, "the story reaches: \(milestone)")
            position = (found ?? position) + 1
        }
        #expect(texts.last?.contains("a request from a leader elected at revision 4 was already accepted") == true)
    }

    @Test("every counterexample replays step by step from its JSON document", arguments: figures.map(\.variant))
    func counterexamplesReplay(_ variant: Variant) throws {
        let model = LeaseLeader(LeaseLeaderTesting.small, variant: variant)
        let result = LeaseLeaderTesting.check(model)
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
