import Dispatch
import Synchronization

/// Decides whether a history is linearizable with respect to a specification.
///
/// The history is split into partitions by the specification's footprints (when allowed),
/// each partition is searched by `PartitionSearch` on its own thread, and the first illegal
/// partition cancels the others: one illegal object makes the whole history illegal.
public enum LinearizabilityChecker {
    public static func check<S: Specification>(
        _ spec: S, history: [Operation<S.Input, S.Output>], options: CheckOptions = CheckOptions()
    ) -> CheckResult<S> {
        let started = DispatchTime.now().uptimeNanoseconds
        let control = SearchControl(timeLimitSeconds: options.timeLimitSeconds)
        let groups = partitions(spec, history: history, partitioned: options.partitioned)
        let results = Mutex<[PartitionResult<S>?]>(Array(repeating: nil, count: groups.count))
        let work: @Sendable (Int) -> Void = { index in
            var search = PartitionSearch(spec: spec, operations: groups[index], control: control, options: options)
            let result = search.run()
            if result.outcome == .illegal { control.cancel() }
            results.withLock { $0[index] = result }
        }
        if options.parallel && groups.count > 1 {
            DispatchQueue.concurrentPerform(iterations: groups.count, execute: work)
        } else {
            for index in groups.indices { work(index) }
        }
        let finished = results.withLock { $0.map { $0! } }
        let outcome = finished.map(\.outcome).max() ?? .ok
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        return CheckResult(outcome: outcome, partitions: finished, seconds: seconds)
    }

    /// Groups operations whose footprints are connected (union-find over the objects they
    /// touch), each group in history order and the groups ordered by their first operation,
    /// so the split is the same on every run.
    public static func partitions<S: Specification>(
        _ spec: S, history: [Operation<S.Input, S.Output>], partitioned: Bool
    ) -> [[Operation<S.Input, S.Output>]] {
        if history.isEmpty { return [] }
        guard partitioned else { return [history] }
        var footprints: [[Int]] = []
        footprints.reserveCapacity(history.count)
        for operation in history {
            guard let footprint = spec.footprint(of: operation.input) else { return [history] }
            footprints.append(footprint)
        }
        // Union-find over operations: each object remembers the first operation touching it.
        var parent = Array(history.indices)
        func find(_ item: Int) -> Int {
            var root = item
            while parent[root] != root { root = parent[root] }
            var walker = item
            while parent[walker] != root {
                let up = parent[walker]
                parent[walker] = root
                walker = up
            }
            return root
        }
        var owner: [Int: Int] = [:]
        for (index, footprint) in footprints.enumerated() {
            for object in footprint {
                if let first = owner[object] {
                    let a = find(first)
                    let b = find(index)
                    if a != b { parent[max(a, b)] = min(a, b) }
                } else {
                    owner[object] = index
                }
            }
        }
        var groupOfRoot: [Int: Int] = [:]
        var groups: [[Operation<S.Input, S.Output>]] = []
        for index in history.indices {
            let root = find(index)
            if let group = groupOfRoot[root] {
                groups[group].append(history[index])
            } else {
                groupOfRoot[root] = groups.count
                groups.append([history[index]])
            }
        }
        return groups
    }
}
