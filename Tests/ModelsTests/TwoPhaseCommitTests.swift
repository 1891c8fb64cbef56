import ModelChecker
import Models
import Testing

@Suite("Two-phase commit, the engine's reference model")
struct TwoPhaseCommitTests {
    @Test("distinct-state counts equal the published ones", arguments: [(3, 288), (5, 8_832)])
    func publishedCounts(resourceManagers: Int, expected: Int) {
        for workers in [1, 2, 3] {
            var options = CheckOptions()
            options.workers = workers
            let result = ModelChecker.check(TwoPhaseCommit(resourceManagers: resourceManagers), options: options)
            #expect(result.complete)
            #expect(result.statistics.distinct == expected, "workers \(workers)")
            #expect(result.outcome("consistent") == .holds)
            #expect(result.outcome("allCommitted") == .witnessed)
        }
    }
}
