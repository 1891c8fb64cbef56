/// The entry point of the engine: explores a model with the strategy the options name.
public enum ModelChecker {
    @inlinable public static func check<M: Model>(_ model: M, options: CheckOptions = CheckOptions()) -> CheckResult<M> {
        switch options.strategy {
        case .bfs: return BreadthFirstSearch(model: model, options: options).run()
        case .dfs: return DepthFirstSearch(model: model, options: options).run()
        case .random: return RandomWalkSearch(model: model, options: options).run()
        }
    }
}
