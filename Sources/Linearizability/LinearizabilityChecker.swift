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
        // A pending read-only operation may take effect or not and changes nothing either
        // way, so it cannot matter; dropping it also keeps the eager-read rule sound (it
        // relies on the operation being one whose place must be found).
        let relevant = history.filter { !($0.isPending && spec.isReadOnly($0.input, observed: $0.output)) }
        if !options.partitioned, let witness = mergedWitness(spec, history: relevant, options: options, control: control) {
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            return CheckResult(outcome: .ok, partitions: [witness], seconds: seconds)
        }
        let groups = partitions(spec, history: relevant, partitioned: options.partitioned)
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

    /// Checking whole (`partitioned: false`) never trusts the footprints for the answer, but
    /// they may propose one: check the partitions, merge their linearizations into one total
    /// order that respects real time (Herlihy and Wing's locality proof says such a merge
    /// exists), and replay that order against the whole specification. If the replay holds,
    /// it is a linearization of the whole history, checked like any other; if anything fails,
    /// the caller falls back to the whole search.
    static func mergedWitness<S: Specification>(
        _ spec: S, history: [Operation<S.Input, S.Output>], options: CheckOptions, control: SearchControl
    ) -> PartitionResult<S>? {
        guard history.count > 1, history.allSatisfy({ spec.footprint(of: $0.input) != nil }) else { return nil }
        let groups = partitions(spec, history: history, partitioned: true)
        guard groups.count > 1 else { return nil }
        var quiet = options
        quiet.explain = false
        var orders: [[Int]] = []
        var explored = 0
        for group in groups {
            var search = PartitionSearch(spec: spec, operations: group, control: control, options: quiet)
            let result = search.run()
            guard result.outcome == .ok else { return nil }
            explored += result.statesExplored
            orders.append(result.linearization.map(\.operationID))
        }
        guard let order = mergeRespectingRealTime(orders, history: history) else { return nil }
        // Replay against the whole specification, following every nondeterministic branch.
        var byID: [Int: Operation<S.Input, S.Output>] = [:]
        for operation in history { byID[operation.id] = operation }
        var frontier: [(state: S.State, trail: [LinearizationStep<S.State>])] = [(spec.initialState, [])]
        var buffer: [S.State] = []
        for id in order {
            let operation = byID[id]!
            var nextFrontier: [(state: S.State, trail: [LinearizationStep<S.State>])] = []
            for (state, trail) in frontier {
                buffer.removeAll(keepingCapacity: true)
                spec.successors(of: state, input: operation.input, observed: operation.output, into: &buffer)
                for successor in buffer where !nextFrontier.contains(where: { $0.state == successor }) {
                    nextFrontier.append((successor, trail + [LinearizationStep(operationID: id, state: successor)]))
                }
            }
            // Bounded: a nondeterministic specification could multiply the branches.
            guard !nextFrontier.isEmpty, nextFrontier.count <= 64 else { return nil }
            frontier = nextFrontier
        }
        return PartitionResult(
            outcome: .ok, operationIDs: history.map(\.id), linearization: frontier[0].trail, statesExplored: explored)
    }

    /// A total order containing each partition's order and respecting real time, or nil.
    static func mergeRespectingRealTime<I, O>(_ orders: [[Int]], history: [Operation<I, O>]) -> [Int]? {
        var byID: [Int: Operation<I, O>] = [:]
        for operation in history { byID[operation.id] = operation }
        // An operation may be placed once every completed operation that returned before its
        // call is placed; `byReturn` lists completed operations by return time and `placedPrefix`
        // how many of them, from the start, are placed.
        let byReturn = history.filter { !$0.isPending }.sorted { ($0.returnTime!, $0.id) < ($1.returnTime!, $1.id) }
        let returns = byReturn.map { $0.returnTime! }
        func returnedBefore(_ time: Int64) -> Int {
            var low = 0
            var high = returns.count
            while low < high {
                let middle = (low + high) / 2
                if returns[middle] < time { low = middle + 1 } else { high = middle }
            }
            return low
        }
        var placed = Set<Int>()
        var placedPrefix = 0
        var heads = Array(repeating: 0, count: orders.count)
        var result: [Int] = []
        let total = orders.reduce(0) { $0 + $1.count }
        while result.count < total {
            var progressed = false
            for group in orders.indices where heads[group] < orders[group].count {
                let id = orders[group][heads[group]]
                guard returnedBefore(byID[id]!.callTime) <= placedPrefix else { continue }
                result.append(id)
                placed.insert(id)
                heads[group] += 1
                while placedPrefix < byReturn.count && placed.contains(byReturn[placedPrefix].id) { placedPrefix += 1 }
                progressed = true
                break
            }
            if !progressed { return nil }
        }
        return result
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
