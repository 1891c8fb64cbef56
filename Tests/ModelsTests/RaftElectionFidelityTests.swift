import ModelChecker
import Models
import Reporting
import Testing
import Verification

/// raft-election against its references: TLC's counts on MCraft.tla's configurations, a naive
/// transliteration of raft.tla, and the promises of the representation (an injective encoding,
/// symmetry that renames everything, distinct step texts, replayable traces).
@Suite("raft-election, fidelity to raft.tla and TLC")
struct RaftElectionFidelityTests {
    /// MCraft.tla's election-inflight1.cfg and -nosym.cfg, through the report `verify all`
    /// writes: with every history variable of raft.tla kept (the figures TLC's runs are compared
    /// with) and with only the properties' history (found by running the checker; the
    /// in-flight-2 figures are in Reports/raft-election-tlc-reference.md).
    @Test("TLC's reference configuration with one message in flight: distinct states and depth, with and without TLC's history")
    func tlcReference() throws {
        let reference = RaftElectionTLCReference.compute(workers: 2, inFlight: [1])
        let figures = reference.rows.map { [$0.tlcHistory ? 1 : 0, $0.symmetry ? 1 : 0, $0.report.statistics.distinct, $0.report.statistics.depth] }
        #expect(figures == [[1, 0, 705_532, 39], [1, 1, 118_001, 39], [0, 0, 669_819, 39], [0, 1, 112_032, 39]])
        #expect(reference.expectationsMet)
        for row in reference.rows {
            #expect(row.report.property("electionSafety")?.outcome == .holds)
            #expect(row.report.property("leaderElected")?.outcome == .witnessed)
        }
        #expect(reference.markdown.contains("| `election-inflight1-nosym.cfg` | 1 | none | TLC's | 705532 |"))
        let rows = try #require(reference.json["rows"]?.arrayValue)
        #expect(rows.count == 4)
        #expect(reference.summaryLine == "election-inflight1-nosym.cfg 705532 states, depth 39; election-inflight1.cfg 118001 states, depth 39")
    }

    /// Configurations small enough for the naive transliteration in a debug build, covering
    /// duplication, logs, values, TLC's history (with and without logs), symmetry and a variant.
    static let referenceCases: [RaftConfiguration] = [
        RaftElectionTesting.configuration { $0.servers = 2; $0.maxDuplicates = 2; $0.restarts = true; $0.drops = true },
        RaftElectionTesting.configuration { $0.servers = 2; $0.maxLogLength = 1; $0.restarts = true; $0.drops = true },
        RaftElectionTesting.configuration {
            $0.servers = 2; $0.maxLogLength = 1; $0.restarts = true; $0.drops = true; $0.tlcHistory = true
        },
        RaftElectionTesting.configuration {
            $0.servers = 2; $0.maxLogLength = 2; $0.values = 2; $0.restarts = true; $0.drops = true; $0.tlcHistory = true
        },
        RaftElectionTesting.configuration { $0.servers = 2; $0.maxTerm = 3; $0.maxLogLength = 1; $0.tlcHistory = true },
        RaftElectionTesting.configuration(.noUpToDateCheck) { $0.servers = 2; $0.maxLogLength = 1; $0.maxInFlight = 2 },
        RaftElectionTesting.configuration(.halfQuorum) { $0.servers = 2; $0.maxTerm = 3 },
        RaftElectionTesting.configuration(.forgetTermOnRestart) { $0.servers = 2; $0.maxLogLength = 1; $0.restarts = true },
        RaftElectionTesting.configuration(.noPrevLogTermCheck) { $0.servers = 2; $0.maxTerm = 3; $0.maxLogLength = 2 },
        RaftElectionTesting.configuration { $0.servers = 2; $0.maxTerm = 3; $0.maxLogLength = 2; $0.values = 2; $0.restarts = true },
    ]

    @Test("distinct states and depth equal those of a naive transliteration of raft.tla",
          arguments: referenceCases, [false, true])
    func matchesReference(configuration: RaftConfiguration, symmetry: Bool) throws {
        var options = CheckOptions()
        options.symmetry = symmetry
        let report = try RaftElectionTesting.family.run(variant: configuration.variant.rawValue,
                                                    parameters: RaftElectionTesting.parameters(configuration), options: options)
        let reference = RaftElectionReference(configuration: configuration).explore(symmetry: symmetry)
        #expect(report.statistics.distinct == reference.distinct)
        #expect(report.statistics.depth == reference.depth)
        #expect((report.property("electionSafety")?.outcome == .holds) == reference.electionSafety)
    }

    /// Small spaces over which the representation's promises are checked state by state.
    static let spaces: [RaftConfiguration] = [
        RaftElectionTesting.configuration { $0.maxDuplicates = 2; $0.restarts = true; $0.drops = true },
        RaftElectionTesting.configuration { $0.servers = 2; $0.maxLogLength = 2; $0.values = 2; $0.maxInFlight = 2 },
        RaftElectionTesting.configuration { $0.servers = 4; $0.maxInFlight = 1; $0.tlcHistory = true },
    ]

    @Test("the encoding is injective, symmetry renames into the normal form, and invariants hold", arguments: spaces)
    func representation(configuration: RaftConfiguration) {
        let model = RaftElection(configuration)
        let states = RaftElectionTesting.reachableStates(model)
        var encodings = Set<[UInt8]>()
        var encoder = StateEncoder()
        let permutations = Symmetry.permutations(of: model.servers)
        for state in states {
            #expect(model.checkInvariants(state) == nil)
            encoder.reset()
            model.encode(state, into: &encoder)
            encodings.insert(encoder.bytes)
            for permutation in permutations {
                let renamed = model.permuting(state, by: permutation)
                #expect(model.checkInvariants(renamed) == nil)
                // The renamed encoding written directly (symmetry's hot path) is the encoding of
                // the renamed state.
                encoder.reset()
                model.encode(renamed, into: &encoder)
                let expected = encoder.bytes
                encoder.reset()
                model.encode(state, renamedBy: permutation, into: &encoder)
                #expect(encoder.bytes == expected)
                // Renaming back gives the state again, and properties do not see names.
                var inverse = Array(repeating: 0, count: permutation.count)
                for (from, to) in permutation.enumerated() { inverse[to] = from }
                #expect(model.permuting(renamed, by: inverse) == state)
                #expect(model.electionSafety(renamed) == model.electionSafety(state))
                #expect(model.stateMachineSafety(renamed) == model.stateMachineSafety(state))
            }
        }
        // Distinct states have distinct encodings (states are compared field by field).
        #expect(encodings.count == states.count)
    }

    @Test("the enabled steps of every state read differently, so replay can tell them apart", arguments: spaces)
    func distinctTexts(configuration: RaftConfiguration) {
        let model = RaftElection(configuration)
        for state in RaftElectionTesting.reachableStates(model) {
            let actions = model.actions(in: state)
            let texts = actions.map { model.describe($0, in: state).text }
            #expect(Set(texts).count == texts.count, "\(texts)")
            for action in actions { #expect(model.successor(of: state, by: action) != nil) }
        }
    }

    @Test("the family's plan: correct variant first, every entry valid, every variant of the model named")
    func plan() {
        let family = RaftElectionTesting.family
        #expect(family.variants.first?.name == "correct")
        #expect(family.variants.map(\.name) == RaftVariant.allCases.map(\.rawValue))
        for variant in family.variants {
            for entry in variant.plan {
                #expect(family.validate(family.parameters(for: entry)) == nil, "\(variant.name) \(entry.label ?? "")")
                if !variant.isCorrect { #expect(!entry.expectations.isEmpty) }
            }
        }
        // Every always and transition property can fail: some bug variant's plan entry expects
        // it violated (a check no plan entry can refute is a check nobody has seen fail).
        let refutable = Set(family.propertySpecs.filter { $0.kind == "always" || $0.kind == "transition" }.map(\.name))
        let refuted = Set(family.variants.filter { !$0.isCorrect }.flatMap(\.plan).flatMap(\.expectations)
            .filter { $0.1 == .violated }.map(\.0))
        #expect(refutable == Set(["electionSafety", "logMatching", "leaderCompleteness", "stateMachineSafety", "termsMonotone"]))
        #expect(refutable.subtracting(refuted).isEmpty, "never refuted: \(refutable.subtracting(refuted).sorted())")
        // The plan includes a complete correct entry with logs of two entries (one value), and
        // the thorough stage the same with two values.
        func completeLogs2(values: Int) -> (PlanEntry) -> Bool {
            { entry in
                let parameters = family.parameters(for: entry)
                return parameters["max-log-length"] == 2 && parameters["values"] == values && parameters["max-term"] == 3
                    && entry.othersMustPass && entry.search.strategy == .bfs && entry.search.maxDepth == nil
            }
        }
        #expect(family.variants[0].plan.contains(where: completeLogs2(values: 1)))
        #expect(family.variants[0].thorough.contains(where: completeLogs2(values: 2)))
        // halfQuorum equals the correct design with an odd number of servers: refused there.
        let odd = family.parameters([.set(\.servers, 3)])
        #expect(family.problem(variant: "halfQuorum", parameters: odd, options: CheckOptions()) != nil)
        #expect(family.problem(variant: "halfQuorum", parameters: family.parameters([.set(\.servers, 4)]), options: CheckOptions()) == nil)
        #expect(family.problem(variant: "correct", parameters: odd, options: CheckOptions()) == nil)
        // The correct variant is verified with logs on and terms up to 3.
        let correct = family.parameters(for: family.variants[0].plan[0])
        #expect(correct["max-term"] >= 3 && correct["max-log-length"] >= 1)
        #expect(family.validate(ParameterValues([("tlc-history", 1), ("max-log-length", 4)])) != nil)
    }
}
