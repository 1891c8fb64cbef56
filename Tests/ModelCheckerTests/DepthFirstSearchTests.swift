import ModelChecker
import Testing

@Suite("Depth-first search")
struct DepthFirstSearchTests {
    static func run(_ model: GridModel, maxDepth: Int? = nil, symmetry: Bool = false) -> CheckResult<GridModel> {
        var options = CheckOptions()
        options.strategy = .dfs
        options.maxDepth = maxDepth
        return ModelChecker.check(model, options: options)
    }

    @Test("without a bound it explores every state once and is complete")
    func complete() {
        let result = Self.run(GridModel(limit: 3, extraProperties: [.always("anything") { _, _ in true }]))
        #expect(result.complete)
        #expect(result.statistics.distinct == 16)
        #expect(result.outcome("anything") == .holds)
        #expect(result.strategy == .dfs)
    }

    @Test("a depth bound that cuts successors makes it incomplete")
    func depthBound() {
        let result = Self.run(GridModel(limit: 3, extraProperties: [.always("anything") { _, _ in true }]), maxDepth: 3)
        #expect(!result.complete)
        #expect(result.stoppedBy == .maxDepth(3))
        #expect(result.outcome("anything") == .unknown)
        // Every state within depth 3 is reached, even those first met on a deeper path.
        #expect(result.statistics.distinct == 6)
    }

    @Test("a violation within the bound is found, with a trace that leads to it")
    func findsViolation() throws {
        let model = GridModel(limit: 3, extraProperties: [.always("neverCorner") { _, state in !(state.x == 3 && state.y == 3) }])
        let result = Self.run(model, maxDepth: 7)
        #expect(result.outcome("neverCorner") == .violated)
        let trace = try #require(result.result("neverCorner")?.trace)
        #expect(trace.last == GridModel.State(x: 3, y: 3))
        #expect(result.result("neverCorner")?.note?.contains("depth-first") == true)
    }
}
