import ModelChecker
import Testing

@Suite("Breadth-first search")
struct BreadthFirstSearchTests {
    static func options(workers: Int = 1, _ change: (inout CheckOptions) -> Void = { _ in }) -> CheckOptions {
        var options = CheckOptions()
        options.workers = workers
        change(&options)
        return options
    }

    @Test("counts distinct states and depth as TLC does (the initial state has depth 1)", arguments: [1, 2, 4])
    func countsAndDepth(workers: Int) {
        let result = ModelChecker.check(GridModel(limit: 3), options: Self.options(workers: workers))
        #expect(result.complete)
        #expect(result.statistics.distinct == 16)
        // (0,0) → (3,3) takes 6 actions: 7 states on the longest shortest path.
        #expect(result.statistics.depth == 7)
        // Every state but those on the far edges has two successors: 2 × 9 + 2 × 3 edges, plus
        // the initial state.
        #expect(result.statistics.generated == 1 + 24)
    }

    @Test("finds the shortest counterexample, not the first in action order")
    func shortestCounterexample() throws {
        // (0,2) is 2 actions away; the first action in order is 'right', which leads away.
        let model = GridModel(limit: 3, extraProperties: [.always("neverTopLeft") { _, state in !(state.x == 0 && state.y == 2) }])
        let result = ModelChecker.check(model, options: Self.options())
        let trace = try #require(result.result("neverTopLeft")?.trace)
        #expect(result.outcome("neverTopLeft") == .violated)
        #expect(trace.length == 2)
        #expect(trace.steps.map(\.action) == [.up, .up])
    }

    @Test("a successor outside the constraint is checked against invariants, then neither stored nor expanded")
    func constraintSemantics() throws {
        // Constraint x + y ≤ 2 keeps 6 states; (2,1) is outside it but is still checked.
        let model = GridModel(limit: 3, sumBound: 2, extraProperties: [
            .always("neverTwoOne") { _, state in !(state.x == 2 && state.y == 1) },
            .always("neverBeyondThree") { _, state in state.x + state.y <= 3 },
        ])
        let result = ModelChecker.check(model, options: Self.options())
        #expect(result.complete)
        #expect(result.statistics.distinct == 6)
        #expect(result.outcome("neverTwoOne") == .violated)
        #expect(try #require(result.result("neverTwoOne")?.trace).length == 3)
        // States with x + y = 4 would only be reached by expanding a cut state: never.
        #expect(result.outcome("neverBeyondThree") == .holds)
    }

    @Test("an unreachable sometimes is unwitnessed on a complete search: the check is vacuous")
    func vacuousSometimes() {
        let model = GridModel(limit: 3, extraProperties: [
            .sometimes("reachesFive") { _, state in state.x == 5 },
            .sometimes("reachesCorner") { _, state in state.x == 3 && state.y == 3 },
        ])
        let result = ModelChecker.check(model, options: Self.options())
        #expect(result.complete)
        #expect(result.outcome("reachesFive") == .unwitnessed)
        #expect(result.outcome("reachesCorner") == .witnessed)
        #expect(result.result("reachesCorner")?.trace?.length == 6)
    }

    @Test("a search stopped by a bound is incomplete and never reports holds")
    func boundsGiveIncomplete() {
        let model = GridModel(limit: 3, extraProperties: [.always("anything") { _, _ in true }])
        let depthLimited = ModelChecker.check(model, options: Self.options { $0.maxDepth = 3 })
        #expect(!depthLimited.complete)
        #expect(depthLimited.stoppedBy == .maxDepth(3))
        #expect(depthLimited.outcome("anything") == .unknown)
        #expect(depthLimited.statistics.depth == 3)
        #expect(depthLimited.statistics.distinct == 6)

        let stateLimited = ModelChecker.check(model, options: Self.options { $0.maxStates = 5 })
        #expect(!stateLimited.complete)
        #expect(stateLimited.stoppedBy == .maxStates(5))
        #expect(stateLimited.outcome("anything") == .unknown)
        // It stops at a level boundary: levels of 1, 2, 3 states.
        #expect(stateLimited.statistics.distinct == 6)

        // A depth bound that the space fits in leaves the search complete.
        let roomy = ModelChecker.check(model, options: Self.options { $0.maxDepth = 7 })
        #expect(roomy.complete)
        #expect(roomy.outcome("anything") == .holds)
    }

    @Test("a time limit gives an incomplete result")
    func timeLimit() {
        let model = GridModel(limit: 400, extraProperties: [.always("anything") { _, _ in true }])
        let result = ModelChecker.check(model, options: Self.options { $0.timeLimit = 0.001 })
        #expect(!result.complete)
        #expect(result.outcome("anything") == .unknown)
    }

    @Test("a transition property is checked on every step, including steps to known states")
    func transitionProperty() throws {
        let model = GridModel(limit: 2, extraProperties: [
            .transition("neverBackToStart") { _, _, action, _ in action != .reset },
        ], allowReset: true)
        let result = ModelChecker.check(model, options: Self.options())
        #expect(result.outcome("neverBackToStart") == .violated)
        let trace = try #require(result.result("neverBackToStart")?.trace)
        #expect(trace.length == 2)
        #expect(trace.steps.last?.action == .reset)
    }

    @Test("deadlock detection reports a state without successors")
    func deadlock() throws {
        let result = ModelChecker.check(GridModel(limit: 2), options: Self.options { $0.checkDeadlock = true })
        #expect(result.outcome("deadlockFree") == .violated)
        #expect(try #require(result.result("deadlockFree")?.trace).last == GridModel.State(x: 2, y: 2))
    }

    @Test("exact storage gives the same counts as fingerprints")
    func exactStorage() {
        let fingerprinted = ModelChecker.check(GridModel(limit: 20), options: Self.options(workers: 2))
        let exact = ModelChecker.check(GridModel(limit: 20), options: Self.options(workers: 2) { $0.exact = true })
        #expect(exact.statistics.distinct == 441)
        #expect(fingerprinted.statistics.distinct == exact.statistics.distinct)
        #expect(exact.statistics.collisionProbability == 0)
        #expect(fingerprinted.statistics.collisionProbability > 0)
    }

    @Test("stop-at-first ends at the level of the first violation")
    func stopAtFirst() {
        let model = GridModel(limit: 30, extraProperties: [
            .always("smallX") { _, state in state.x < 2 },
            .always("smallY") { _, state in state.y < 25 },
        ])
        let result = ModelChecker.check(model, options: Self.options { $0.stopAtFirst = true })
        #expect(!result.complete)
        #expect(result.outcome("smallX") == .violated)
        #expect(result.outcome("smallY") == .unknown)
        // x = 2 is first seen at depth 3; the level built while expanding it (depth 4) is
        // stored and checked, not expanded: a level boundary.
        #expect(result.statistics.depth == 4)
        #expect(result.statistics.distinct == 10)
    }

    @Test("the fingerprint table stays under 16 bytes per state on a large space")
    func compactTable() {
        let result = ModelChecker.check(GridModel(limit: 700), options: Self.options(workers: 2))
        #expect(result.statistics.distinct == 701 * 701)
        #expect(result.statistics.bytesPerState <= 16)
    }
}
