import ModelChecker
import Models
import Reporting
import Testing
import TestSupport
import Verification

@Suite("Two-phase commit, the engine's reference model")
struct TwoPhaseCommitTests {
    static func check(_ model: TwoPhaseCommit, workers: Int = 2, symmetry: Bool = false) -> CheckResult<TwoPhaseCommit> {
        Checking.check(model, workers: workers, symmetry: symmetry)
    }

    @Test("distinct-state counts equal the published ones", arguments: [(3, 288, 11), (5, 8_832, 17)])
    func publishedCounts(resourceManagers: Int, expected: Int, depth: Int) {
        for workers in [1, 2, 3] {
            let result = Self.check(TwoPhaseCommit(resourceManagers: resourceManagers), workers: workers)
            #expect(result.complete)
            #expect(result.statistics.distinct == expected, "workers \(workers)")
            #expect(result.statistics.depth == depth)
            #expect(result.outcome("consistent") == .holds)
            #expect(result.outcome("allCommitted") == .witnessed)
            #expect(result.outcome("allAborted") == .witnessed)
        }
    }

    @Test("with symmetry the counts are orbit counts, equal to a brute-force count of canonical forms")
    func symmetricCounts() {
        // Brute force: the orbit of a state is determined by the multiset of each resource
        // manager's (state, tmPrepared bit, Prepared-message bit), plus the manager's fields.
        let model = TwoPhaseCommit(resourceManagers: 4)
        var options = CheckOptions()
        options.exact = true
        var all: [TwoPhaseCommit.State] = []
        var frontier = model.initialStates
        var seen = Set(frontier)
        while let state = frontier.popLast() {
            all.append(state)
            for action in model.actions(in: state) {
                if let next = model.successor(of: state, by: action), seen.insert(next).inserted { frontier.append(next) }
            }
        }
        struct Orbit: Hashable {
            var managers: [Int]
            var manager: UInt8
            var commitSent: Bool
            var abortSent: Bool
        }
        let orbits = Set(all.map { state in
            Orbit(managers: (0..<4).map { rm in
                Int(state.state(of: rm).rawValue) * 4 + Int((state.managerPrepared >> rm) & 1) * 2 + Int((state.preparedMessages >> rm) & 1)
            }.sorted(), manager: state.manager.rawValue, commitSent: state.commitSent, abortSent: state.abortSent)
        })
        let full = Self.check(model)
        let reduced = Self.check(model, symmetry: true)
        #expect(full.statistics.distinct == all.count)
        #expect(reduced.statistics.distinct == orbits.count)
        #expect(reduced.properties.map(\.outcome) == full.properties.map(\.outcome))
    }

    @Test("symmetry never changes a verdict", arguments: TwoPhaseCommit.Variant.allCases)
    func symmetryKeepsVerdicts(variant: TwoPhaseCommit.Variant) {
        let model = TwoPhaseCommit(resourceManagers: 3, variant: variant)
        let full = Self.check(model)
        let reduced = Self.check(model, symmetry: true)
        #expect(full.properties.map(\.outcome) == reduced.properties.map(\.outcome))
        #expect(full.properties.map { $0.trace?.length } == reduced.properties.map { $0.trace?.length })
    }

    @Test("committing without every Prepared breaks consistency, in 5 steps")
    func commitWithoutAllPrepared() throws {
        let model = TwoPhaseCommit(resourceManagers: 3, variant: .commitWithoutAllPrepared)
        let result = Self.check(model)
        let violation = try #require(result.result("consistent"))
        #expect(violation.outcome == .violated)
        let trace = try #require(violation.trace)
        if trace.length != 5 {
            Attachment.record(traceText(model, trace, property: "consistent"), named: "commitWithoutAllPrepared-consistent.txt")
        }
        #expect(trace.length == 5)
        #expect(trace.steps.contains { $0.action == .managerCommits })
    }

    @Test("every always property is refuted by some bug variant's plan entry")
    func everyPropertyCanFail() {
        let family = TwoPhaseCommitFamily()
        let refutable = Set(family.propertySpecs.filter { $0.kind == "always" || $0.kind == "transition" }.map(\.name))
        let refuted = Set(family.variants.filter { !$0.isCorrect }.flatMap(\.plan).flatMap(\.expectations)
            .filter { $0.1 == .violated }.map(\.0))
        #expect(!refutable.isEmpty)
        #expect(refutable.subtracting(refuted).isEmpty, "never refuted: \(refutable.subtracting(refuted).sorted())")
    }

    func traceText(_ model: TwoPhaseCommit, _ trace: Trace<TwoPhaseCommit>, property: String) -> String {
        let rendered = RenderedTrace(trace, model: model)
        return TraceText.render(TraceDocument(model: "two-phase-commit", variant: model.variant.rawValue,
                                              parameters: ParameterValues([("resource-managers", model.resourceManagerCount)]),
                                              property: property, kind: "always", outcome: .violated, strategy: "bfs",
                                              symmetry: false, note: nil, trace: rendered))
    }
}
