/// The reference checker of the differential tests: tries every order of the operations
/// that respects real time, with no memoization and no reductions, using only the
/// specification's `step`. Exponential; meant for histories of a handful of operations.
public enum BruteForceChecker {
    /// True when some real-time-respecting order of all completed operations (and any subset
    /// of the pending ones) is a legal sequential execution.
    public static func isLinearizable<S: Specification>(_ spec: S, history: [Operation<S.Input, S.Output>]) -> Bool {
        precondition(history.count <= 16, "the brute-force checker is for small histories only")
        var used = Array(repeating: false, count: history.count)
        return extend(spec, history, &used, spec.initialState)
    }

    private static func extend<S: Specification>(
        _ spec: S, _ history: [Operation<S.Input, S.Output>], _ used: inout [Bool], _ state: S.State
    ) -> Bool {
        let allCompletedUsed = history.indices.allSatisfy { used[$0] || history[$0].isPending }
        if allCompletedUsed { return true }
        for index in history.indices where !used[index] {
            let candidate = history[index]
            let blocked = history.indices.contains { other in !used[other] && other != index && history[other].precedes(candidate) }
            if blocked { continue }
            for result in spec.step(state, candidate.input) {
                if let observed = candidate.output, !spec.accepts(observed: observed, produced: result.output) { continue }
                used[index] = true
                let found = extend(spec, history, &used, result.state)
                used[index] = false
                if found { return true }
            }
        }
        return false
    }
}
