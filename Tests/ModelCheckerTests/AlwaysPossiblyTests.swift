import ModelChecker
import Testing
import Support

@Suite("Always-possibly (AG EF)")
struct AlwaysPossiblyTests {
    static func check(_ model: TrapModel, workers: Int = 1, maxDepth: Int? = nil) -> CheckResult<TrapModel> {
        var options = CheckOptions()
        options.workers = workers
        options.maxDepth = maxDepth
        return ModelChecker.check(model, options: options)
    }

    @Test("a state from which the goal is unreachable is a violation, with the shortest path to it", arguments: [1, 2])
    func trapIsFound(workers: Int) throws {
        let result = Self.check(TrapModel(), workers: workers)
        #expect(result.complete)
        #expect(result.outcome("goalStaysReachable") == .violated)
        let trace = try #require(result.result("goalStaysReachable")?.trace)
        // 0 → 1 → 2 → 9: three actions, ending in the trap.
        #expect(trace.steps.map(\.state) == [1, 2, 9])
        #expect(result.result("goalStaysReachable")?.note?.contains("can no longer be reached") == true)
    }

    @Test("with an exit from the trap the goal stays reachable everywhere")
    func holdsWithExit() {
        let result = Self.check(TrapModel(trapHasExit: true))
        #expect(result.outcome("goalStaysReachable") == .holds)
        #expect(result.statistics.graphBytes > 0)
    }

    @Test("a verdict that depends on successors cut by the constraint is unknown")
    func cutSuccessorsGiveUnknown() {
        // Without state 4 (cut) nothing reaches the goal for sure; optimistically, 3 does.
        let result = Self.check(TrapModel(trapHasExit: true, bound: 3))
        #expect(result.outcome("goalStaysReachable") == .unknown)
    }

    @Test("a depth bound that cuts nothing leaves the verdict decided", arguments: [1, 2])
    func boundThatCutsNothing(workers: Int) throws {
        // The 4 × 4 grid with a reset: its depth is 7, and the last level, (3,3), is no goal
        // and reaches the origin only by its reset. A bound of 7 finds that step leads to a
        // stored state; a larger bound never reaches the bound.
        func grid(reset: Bool) -> GridModel {
            GridModel(limit: 3, extraProperties: [.alwaysPossibly("originReachable") { _, state in state == GridModel.State(x: 0, y: 0) }],
                      allowReset: reset)
        }
        func check(_ model: GridModel, maxDepth: Int?) -> CheckResult<GridModel> {
            var options = CheckOptions()
            options.workers = workers
            options.maxDepth = maxDepth
            return ModelChecker.check(model, options: options)
        }
        let unbounded = check(grid(reset: true), maxDepth: nil)
        #expect(unbounded.statistics.depth == 7)
        #expect(unbounded.outcome("originReachable") == .holds)
        for maxDepth in [7, 8, 20] {
            let holds = check(grid(reset: true), maxDepth: maxDepth)
            #expect(holds.complete)
            #expect(holds.outcome("originReachable") == .holds)
            // Without the reset, (1,0) can never go back: a definite violation, the shortest.
            let violated = check(grid(reset: false), maxDepth: maxDepth)
            #expect(violated.complete)
            #expect(violated.outcome("originReachable") == .violated)
            #expect(try #require(violated.result("originReachable")?.trace).steps.map(\.state) == [GridModel.State(x: 1, y: 0)])
        }
        // One level short, the corner's reset is unexplored: undecided, not holds.
        let short = check(grid(reset: true), maxDepth: 6)
        #expect(!short.complete)
        #expect(short.outcome("originReachable") == .unknown)
    }

    @Test("a definite violation stands even when the search was cut short")
    func definiteViolationWhenIncomplete() {
        let holds = Self.check(TrapModel(trapHasExit: true), maxDepth: 3)
        #expect(holds.outcome("goalStaysReachable") == .unknown)
        let violated = Self.check(TrapModel(), maxDepth: 5)
        #expect(violated.outcome("goalStaysReachable") == .violated)
    }
}

/// A large lattice with a reset to the origin from every state, so the goal (the far corner)
/// stays reachable from everywhere except a trap entered from one cell of the bottom row.
struct LatticeTrapModel: Model {
    struct State: Hashable, Sendable {
        var x: Int
        var y: Int
        var trapped = false
    }

    enum Action: Hashable, Sendable { case right, up, reset, fall, stay }

    var size = 300
    var trapColumn = 37

    var initialStates: [State] { [State(x: 0, y: 0)] }

    func actions(in state: State, into actions: inout [Action]) {
        if state.trapped {
            actions.append(.stay)
            return
        }
        if state.x < size { actions.append(.right) }
        if state.y < size { actions.append(.up) }
        actions.append(.reset)
        if state.x == trapColumn && state.y == 0 { actions.append(.fall) }
    }

    func successor(of state: State, by action: Action) -> State? {
        switch action {
        case .right: return State(x: state.x + 1, y: state.y)
        case .up: return State(x: state.x, y: state.y + 1)
        case .reset: return State(x: 0, y: 0)
        case .fall: return State(x: state.x, y: state.y, trapped: true)
        case .stay: return state
        }
    }

    var properties: [Property<LatticeTrapModel>] {
        [.alwaysPossibly("cornerStaysReachable", goal: { model, state in state.x == model.size && state.y == model.size })]
    }

    func encode(_ state: State, into encoder: inout StateEncoder) {
        encoder.append(UInt16(state.x))
        encoder.append(UInt16(state.y))
        encoder.append(state.trapped)
    }

    func describe(_ action: Action, in state: State) -> ActionInfo { ActionInfo(actor: "walker", text: "\(action)") }
    func describe(_ state: State) -> JSONValue { .object([("x", .int(state.x)), ("y", .int(state.y)), ("trapped", .bool(state.trapped))]) }
}

@Suite("Always-possibly on a large graph")
struct AlwaysPossiblyLargeGraphTests {
    /// Regression: ids were once recorded at slots remembered from the insertion, which a
    /// stripe's growth later in the same level had moved; the graph was then corrupt in
    /// fingerprint mode (wrong or non-shortest dead ends). 90,602 states make stripes grow.
    @Test("the dead end found is the shortest, with fingerprints as with exact states", arguments: [false, true])
    func shortestDeadEnd(exact: Bool) throws {
        var options = CheckOptions()
        options.workers = 2
        options.exact = exact
        let result = ModelChecker.check(LatticeTrapModel(), options: options)
        #expect(result.complete)
        #expect(result.statistics.distinct == 301 * 301 + 1)
        #expect(result.outcome("cornerStaysReachable") == .violated)
        let trace = try #require(result.result("cornerStaysReachable")?.trace)
        // 37 steps right along the bottom row, then the fall.
        #expect(trace.length == 38)
        #expect(trace.last.trapped)
    }
}
