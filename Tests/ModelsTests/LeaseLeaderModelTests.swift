import ModelChecker
import Models
import Testing

/// The model's own machinery over whole small state spaces: structural invariants, an
/// injective encoding, symmetry that commutes with the steps, and step texts that tell the
/// enabled actions apart (replay matches by them).
@Suite("lease-leader: encoding, symmetry, invariants and texts")
struct LeaseLeaderModelTests {
    typealias Variant = LeaseLeader.Variant

    @Test("every reachable state satisfies the model's invariants, and every encoding is distinct",
          arguments: [Variant.fencedIdempotent, .getThenPut, .deadlineFromReceipt])
    func invariantsAndEncoding(_ variant: Variant) {
        let model = LeaseLeaderTesting.model(variant)
        let states = LeaseLeaderTesting.graph(model).states
        var encodings: Set<[UInt8]> = []
        var encoder = StateEncoder()
        for state in states {
            #expect(model.checkInvariants(state) == nil)
            encoder.reset()
            model.encode(state, into: &encoder)
            encodings.insert(encoder.bytes)
        }
        #expect(encodings.count == states.count, "equal encodings for different states")
    }

    @Test("renaming brokers commutes with every step and with every property",
          arguments: [Variant.fencedIdempotent, .getThenPut, .leaseByBrokerIndex])
    func symmetryCommutesWithSteps(_ variant: Variant) {
        let model = LeaseLeaderTesting.model(variant)
        let swap = [1, 0]
        let states = LeaseLeaderTesting.breadthFirstPrefix(model, count: 3_000)
        var stepsChecked = 0
        for state in states {
            let renamed = model.permuting(state, by: swap)
            #expect(model.permuting(renamed, by: swap) == state, "renaming twice is the identity")
            #expect(model.checkInvariants(renamed) == nil)
            for property in model.properties where property.kind != .transition {
                let goal = property.kind == .alwaysPossibly
                if goal {
                    #expect(model.allDueChargesRecorded(state) == model.allDueChargesRecorded(renamed))
                }
            }
            #expect(state.believers(count: 2) == renamed.believers(count: 2))
            let successors = Set(model.actions(in: state).compactMap { model.successor(of: state, by: $0) }
                .map { model.permuting($0, by: swap) })
            let renamedSuccessors = Set(model.actions(in: renamed).compactMap { model.successor(of: renamed, by: $0) })
            #expect(successors == renamedSuccessors)
            stepsChecked += successors.count
        }
        #expect(stepsChecked > 3_000)
    }

    @Test("the texts of the actions enabled in a state are all different",
          arguments: [Variant.fencedIdempotent, .getThenPut, .retryWithoutLookup])
    func enabledActionTextsAreDistinct(_ variant: Variant) {
        var configuration = LeaseLeaderTesting.small
        configuration.maxLosses = 1
        configuration.maxDriftTicks = 1
        configuration.leaseTTLTicks = 3
        configuration.periods = 2
        configuration.maxMessageDelayTicks = 1
        configuration.maxCompactions = 1
        configuration.maxStoreLeaderChanges = 1
        let model = LeaseLeader(configuration, variant: variant)
        // A bounded prefix of the breadth-first order keeps this quick in debug builds.
        var seen: Set<LeaseLeader.State> = Set(model.initialStates)
        var frontier = model.initialStates
        var visited = 0
        while visited < 4_000, !frontier.isEmpty {
            let state = frontier.removeFirst()
            visited += 1
            let actions = model.actions(in: state)
            let texts = actions.map { model.describe($0, in: state).text }
            #expect(Set(texts).count == texts.count, "duplicate texts: \(texts)")
            #expect(!texts.contains { $0.hasPrefix("(not enabled)") })
            for action in actions {
                if let next = model.successor(of: state, by: action), seen.insert(next).inserted { frontier.append(next) }
            }
        }
        #expect(visited == 4_000)
    }

    @Test("time passes only when nothing is left to do, and a paused broker's clock stops")
    func ticksWaitForWork() throws {
        let model = LeaseLeaderTesting.model(.fencedIdempotent)
        let initial = try #require(model.initialStates.first)
        #expect(!model.actions(in: initial).contains { if case .tick = $0 { return true }; return false },
                "brokers that still have to start block the clock")
        let result = LeaseLeaderTesting.result(.fencedIdempotent)
        let trace = try #require(result.result("twoBrokersBelieveTheyLead")?.trace)
        // The witness: broker-1 paused at full belief, the store expired its lease, broker-2 won.
        let last = trace.last
        #expect(last.believers(count: 2) == 2)
        let paused = try #require((0..<2).first { last.brokers[$0].paused })
        #expect(last.brokers[paused].deadline > 0 && last.store.leaseTTL[paused] == 0)
    }

    @Test("the family validates parameters, lists the correct variant first and plans every variant")
    func family() throws {
        let family = LeaseLeaderTesting.family
        #expect(family.name == "lease-leader")
        #expect(family.variants.first?.name == "fencedIdempotent")
        #expect(family.variants.first?.isCorrect == true)
        #expect(family.variants.map(\.name) == Variant.allCases.map(\.rawValue))
        #expect(family.variants.dropFirst().allSatisfy { !$0.isCorrect })
        #expect(family.validate(family.defaultParameters) == nil)
        var parameters = family.defaultParameters
        parameters["max-crashes"] = 2
        #expect(family.validate(parameters)?.contains("max-crashes must be at most brokers − 1") == true)
        parameters = family.defaultParameters
        parameters["refresh-interval"] = 3
        #expect(family.validate(parameters)?.contains("must be shorter than lease-ttl") == true)
        let defaults = try family.configuration(family.defaultParameters)
        #expect(defaults.maxPauses >= 1 && defaults.maxCrashes >= 1 && defaults.maxLosses >= 1, "plan bounds hold every fault")
        #expect(try family.configuration(family.parameterValues(defaults)) == defaults)
        // The plan's first entries: at-most-once and the key's winner, per variant.
        let table: [(Variant, Outcome, Outcome)] = [
            (.fencedIdempotent, .holds, .holds), (.idealProvider, .holds, .holds), (.naive, .violated, .holds),
            (.noIdempotencyKey, .violated, .holds), (.retryWithoutLookup, .violated, .holds), (.unfenced, .holds, .holds),
            (.getThenPut, .holds, .violated), (.deadlineFromReceipt, .holds, .holds), (.leaseByBrokerIndex, .holds, .holds),
            (.noLeaseCheckpoints, .holds, .holds),
        ]
        for (variant, atMostOnce, noWin) in table {
            let expectations = try #require(family.variant(named: variant.rawValue)?.plan.first?.expectations)
            let outcomes = Dictionary(uniqueKeysWithValues: expectations.map { ($0.0, $0.1) })
            #expect(outcomes["atMostOnceCharge"] == atMostOnce, "\(variant)")
            #expect(outcomes["noWinOverLiveKey"] == noWin, "\(variant)")
            #expect(outcomes["allDueChargesRecorded"] == (atMostOnce == .holds ? .holds : .violated), "\(variant)")
        }
        // Every safety property is violated by at least one bug variant's plan entry.
        let model = LeaseLeader()
        for property in model.properties where property.kind == .always {
            let refuted = family.variants.filter { !$0.isCorrect }.contains { spec in
                spec.plan.contains { entry in entry.expectations.contains { $0.0 == property.name && $0.1 == .violated } }
            }
            #expect(refuted, "\(property.name) is violated by some bug variant's plan entry")
        }
        // The relation between parameters, on both sides, in the correct design's plan.
        let correct = try #require(family.variant(named: "fencedIdempotent"))
        let sides = try correct.plan.filter { $0.expectations.count == 1 }.map { entry in
            var values = family.defaultParameters
            for (name, value) in entry.parameters { values[name] = value }
            return (try family.configuration(values).keyOutlivesPauseAndDelay, entry.expectations[0].1)
        }
        #expect(sides.contains { $0.0 && $0.1 == .holds } && sides.contains { !$0.0 && $0.1 == .violated })
        #expect(family.benchmarks.map(\.name) == ["lease-leader-safety", "lease-leader-3-brokers", "lease-leader-liveness"])
        #expect(family.propertySpecs.map(\.name).contains("allDueChargesRecorded"))
    }
}
