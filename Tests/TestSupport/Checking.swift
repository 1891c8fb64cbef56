import ModelChecker

/// The one way the test suites run the checker: options by name with the suites' defaults, so a
/// suite states only what its test is about (the workers, symmetry, a bound).
public enum Checking {
    public static func options(workers: Int = 2, symmetry: Bool = false, exact: Bool = false, stopAtFirst: Bool = false,
                               maxDepth: Int? = nil, maxStates: Int? = nil,
                               strategy: CheckOptions.Strategy = .bfs) -> CheckOptions {
        var options = CheckOptions()
        options.workers = workers
        options.symmetry = symmetry
        options.exact = exact
        options.stopAtFirst = stopAtFirst
        options.maxDepth = maxDepth
        options.maxStates = maxStates
        options.strategy = strategy
        return options
    }

    /// Explores `model` with `options(...)`.
    public static func check<M: Model>(_ model: M, workers: Int = 2, symmetry: Bool = false, exact: Bool = false,
                                       stopAtFirst: Bool = false, maxDepth: Int? = nil, maxStates: Int? = nil,
                                       strategy: CheckOptions.Strategy = .bfs) -> CheckResult<M> {
        ModelChecker.check(model, options: options(workers: workers, symmetry: symmetry, exact: exact, stopAtFirst: stopAtFirst,
                                                   maxDepth: maxDepth, maxStates: maxStates, strategy: strategy))
    }
}
