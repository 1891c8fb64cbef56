import ModelChecker
import Testing

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

    @Test("a definite violation stands even when the search was cut short")
    func definiteViolationWhenIncomplete() {
        let holds = Self.check(TrapModel(trapHasExit: true), maxDepth: 3)
        #expect(holds.outcome("goalStaysReachable") == .unknown)
        let violated = Self.check(TrapModel(), maxDepth: 5)
        #expect(violated.outcome("goalStaysReachable") == .violated)
    }
}
