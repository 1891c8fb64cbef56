import ModelChecker
import Testing

/// A depth bound must never skip a check. When every successor of the states at the bound is
/// already stored or cut by the constraint, the bounded search has seen the whole space and
/// stays complete, so its verdict must be the unbounded one: the steps out of the last level
/// are checked against the transition properties, and the successors the constraint cuts
/// against the invariants, exactly as in an unbounded run (TLC's semantics).
@Suite("Bounded search")
struct BoundedSearchTests {
    struct Run: CustomTestStringConvertible, Sendable {
        var strategy: CheckOptions.Strategy
        var workers: Int
        var testDescription: String { "\(strategy) with \(workers) worker\(workers == 1 ? "" : "s")" }
    }

    static let runs = [Run(strategy: .bfs, workers: 1), Run(strategy: .bfs, workers: 2),
                       Run(strategy: .dfs, workers: 1), Run(strategy: .dfs, workers: 2)]

    static func check(_ model: GridModel, _ run: Run, maxDepth: Int?) -> CheckResult<GridModel> {
        var options = CheckOptions()
        options.strategy = run.strategy
        options.workers = run.workers
        options.maxDepth = maxDepth
        return ModelChecker.check(model, options: options)
    }

    /// The 4 × 4 grid with a reset to the origin from every other cell; (3,3) is at depth 7
    /// and its only step is the reset, back to a stored state.
    static let resetFromCorner = GridModel(limit: 3, extraProperties: [
        .transition("noResetFromCorner") { _, state, action, _ in !(action == .reset && state.x == 3 && state.y == 3) },
    ], allowReset: true)

    /// Constraint x + y ≤ 5: the cells with x + y = 5 are at depth 6, and their successor
    /// (3,3) is cut by the constraint, which TLC checks against the invariants before
    /// discarding it.
    static let cutCorner = GridModel(limit: 3, sumBound: 5, extraProperties: [
        .always("sumBelowSix") { _, state in state.x + state.y < 6 },
    ])

    @Test("a transition property is checked on the steps out of the last level", arguments: runs)
    func transitionAtTheBound(run: Run) throws {
        let unbounded = Self.check(Self.resetFromCorner, run, maxDepth: nil)
        #expect(unbounded.outcome("noResetFromCorner") == .violated)

        let bounded = Self.check(Self.resetFromCorner, run, maxDepth: 7)
        // The reset from (3,3) leads to a stored state: the bound leaves nothing unexplored.
        // (Depth-first search stops once every property is decided, which is no bound.)
        #expect(bounded.stoppedBy != .maxDepth(7))
        #expect(bounded.complete || bounded.stoppedBy == .everyPropertyDecided)
        #expect(bounded.outcome("noResetFromCorner") == .violated)
        let trace = try #require(bounded.result("noResetFromCorner")?.trace)
        #expect(trace.steps.last?.action == .reset)
        #expect(trace.steps.dropLast().last?.state == GridModel.State(x: 3, y: 3))
        if run.strategy == .bfs {
            // Six steps to the corner, then the reset: the shortest counterexample.
            #expect(trace.length == 7)
            #expect(bounded.complete)
            #expect(bounded.statistics.distinct == 16)
            #expect(bounded.statistics.generated == unbounded.statistics.generated)
        }
    }

    @Test("a successor the constraint cuts at the bound is checked against the invariants", arguments: runs)
    func cutSuccessorAtTheBound(run: Run) throws {
        let unbounded = Self.check(Self.cutCorner, run, maxDepth: nil)
        #expect(unbounded.outcome("sumBelowSix") == .violated)

        let bounded = Self.check(Self.cutCorner, run, maxDepth: 6)
        // (3,3) is the only successor of the last level, and it is cut: nothing is unexplored.
        #expect(bounded.stoppedBy != .maxDepth(6))
        #expect(bounded.complete || bounded.stoppedBy == .everyPropertyDecided)
        #expect(bounded.outcome("sumBelowSix") == .violated)
        let trace = try #require(bounded.result("sumBelowSix")?.trace)
        #expect(trace.length == 6)
        #expect(trace.last == GridModel.State(x: 3, y: 3))
        if run.strategy == .bfs {
            #expect(bounded.complete)
            #expect(bounded.statistics.distinct == 15)
            #expect(bounded.statistics.generated == unbounded.statistics.generated)
        }
    }

    @Test("a bound the space fits in gives the unbounded verdicts", arguments: runs)
    func holdsStaysHolds(run: Run) {
        // The same models with properties that hold: still holds, not unknown.
        let model = GridModel(limit: 3, sumBound: 5, extraProperties: [
            .always("sumAtMostSix") { _, state in state.x + state.y <= 6 },
            .transition("movesByOne") { _, state, action, next in
                action == .reset || abs(next.x - state.x) + abs(next.y - state.y) == 1
            },
        ], allowReset: true)
        for maxDepth in [6, 7, 20] {
            let bounded = Self.check(model, run, maxDepth: maxDepth)
            #expect(bounded.complete)
            #expect(bounded.outcome("sumAtMostSix") == .holds)
            #expect(bounded.outcome("movesByOne") == .holds)
        }
    }

    @Test("a bound that leaves a new state unexplored makes the run incomplete", arguments: runs)
    func newStateBeyondTheBound(run: Run) {
        let bounded = Self.check(Self.resetFromCorner, run, maxDepth: 6)
        #expect(!bounded.complete)
        #expect(bounded.stoppedBy == .maxDepth(6))
        #expect(bounded.outcome("noResetFromCorner") == .unknown)
    }
}
