import Support
import ModelChecker

/// The search settings of a plan entry (parameters aside).
public struct PlanSearch: Sendable, Equatable {
    public var strategy: CheckOptions.Strategy = .bfs
    public var symmetry = false
    public var maxDepth: Int?
    public var maxStates: Int?
    public var seed: UInt64 = 1
    public var walks = 1000

    public init(strategy: CheckOptions.Strategy = .bfs, symmetry: Bool = false, maxDepth: Int? = nil,
                maxStates: Int? = nil, seed: UInt64 = 1, walks: Int = 1000) {
        self.strategy = strategy
        self.symmetry = symmetry
        self.maxDepth = maxDepth
        self.maxStates = maxStates
        self.seed = seed
        self.walks = walks
    }
}

extension CheckOptions {
    /// The options of a plan entry's (or a benchmark's) search, at `workers` threads.
    public init(_ search: PlanSearch, workers: Int) {
        self.init()
        self.workers = workers
        strategy = search.strategy
        symmetry = search.symmetry
        maxDepth = search.maxDepth
        maxStates = search.maxStates
        seed = search.seed
        walks = search.walks
    }
}
