import Dispatch
import Synchronization

/// Decides whether a history is linearizable with respect to a specification.
///
/// Partitioned (the default), the history is split into partitions by the specification's
/// footprints, each partition is searched by `PartitionSearch` on its own thread, and the first
/// illegal partition cancels the others: one illegal object makes the whole history illegal.
///
/// Whole (`partitioned: false`), the history is one object. With `locality` (the default) and
/// a specification that has footprints, the partitions are still searched first, and:
/// - an illegal partition decides: by Herlihy and Wing's locality the whole history is
///   illegal too (the proof is at `decideByLocality`); the result names how it was decided;
/// - linearizations of every partition are merged and replayed against the whole
///   specification, so an `ok` rests on a checked witness, not on the footprints;
/// - if the merge or the replay fails (footprints that do not describe the specification),
///   the plain search of the whole history decides.
/// Without `locality`, or for a specification without footprints, the plain search of the
/// whole history decides, trusting nothing.
public enum LinearizabilityChecker {
    public static func check<S: Specification>(
        _ spec: S, history: [Operation<S.Input, S.Output>], options: LinearizabilityOptions = LinearizabilityOptions()
    ) -> LinearizabilityResult<S> {
        let started = DispatchTime.now().uptimeNanoseconds
        func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9 }
        let control = SearchControl(timeLimitSeconds: options.timeLimitSeconds, startedAtNanoseconds: options.startedAtNanoseconds)
        // A pending read-only operation may take effect or not and changes nothing either
        // way, so it cannot matter; dropping it also keeps the eager-read rule sound (it
        // relies on the operation being one whose place must be found).
        var relevant = history.filter { !($0.isPending && spec.isReadOnly($0.input, observed: $0.output)) }
        func refuted(_ contradiction: Contradiction) -> LinearizabilityResult<S> {
            let partition = PartitionResult<S>(
                outcome: .illegal, operationIDs: relevant.map(\.id).sorted(), linearization: [], statesExplored: 0,
                contradiction: contradiction)
            return LinearizabilityResult(
                outcome: .illegal, partitions: [partition], seconds: elapsed(), method: options.partitioned ? .partitioned : .whole)
        }
        if options.contradictions, let contradiction = spec.contradiction(among: relevant) { return refuted(contradiction) }
        if options.progressOrder {
            switch ProgressOrder.narrow(spec, relevant) {
            case .narrowed(let narrowed, _): relevant = narrowed
            case .conflict(let conflict): return refuted(conflict.contradiction(relevant, progressName: spec.progressName))
            }
        }
        if options.readOrder, let sources = spec.readSources(among: relevant) {
            switch ReadOrder.narrow(relevant, sources) {
            case .narrowed(let narrowed, _): relevant = narrowed
            case .conflict(let contradiction): return refuted(contradiction)
            }
        }
        var overwrites: Overwrites<S.State>?
        if options.overwrites, let found = spec.overwrites(among: relevant) {
            // A pending blind write can be left out of every linearization (`Overwrites`, lemma 4).
            relevant.removeAll { $0.isPending && found.blindObjects[$0.id] != nil }
            overwrites = found
        }
        if options.partitioned {
            let finished = searchPartitions(
                spec, partitions(spec, history: relevant, partitioned: true), control, options, overwrites)
            let outcome = finished.map(\.outcome).max() ?? .ok
            return LinearizabilityResult(outcome: outcome, partitions: finished, seconds: elapsed(), method: .partitioned)
        }
        if options.locality, relevant.count > 1, relevant.allSatisfy({ spec.footprint(of: $0.input) != nil }) {
            let groups = partitions(spec, history: relevant, partitioned: true)
            if groups.count > 1 {
                let finished = searchPartitions(spec, groups, control, options, overwrites)
                if let decided = decideByLocality(spec, history: relevant, groups: groups, results: finished, options: options) {
                    var result = decided
                    result.seconds = elapsed()
                    result.peakMemoBytes = finished.reduce(0) { $0 + $1.peakMemoBytes }
                    return result
                }
            }
        }
        var search: PartitionSearch<S>? = PartitionSearch(
            spec: spec, operations: relevant, control: control, options: options, overwrites: overwrites)
        let whole = relevant.isEmpty ? [] : [search!.run()]
        DeferredRelease.drop(&search, bytes: whole.first?.peakMemoBytes ?? 0)
        return LinearizabilityResult(outcome: whole.first?.outcome ?? .ok, partitions: whole, seconds: elapsed(), method: .whole)
    }

    /// Searches every group (see `PartitionScheduler`); the first illegal group cancels the
    /// others. Results are by position, so the order is the groups' whatever finishes first.
    static func searchPartitions<S: Specification>(
        _ spec: S, _ groups: [[Operation<S.Input, S.Output>]], _ control: SearchControl, _ options: LinearizabilityOptions,
        _ overwrites: Overwrites<S.State>? = nil
    ) -> [PartitionResult<S>] {
        PartitionScheduler.run(spec, groups, control, options, overwrites)
    }

    /// A whole check's answer from its partitions' results, or nil when the plain whole search
    /// must decide.
    ///
    /// Illegal, by locality (Herlihy and Wing, "Linearizability", 1990, theorem 1). Let P be a
    /// partition without a linearization: a connected component of the operations' footprints,
    /// so every operation touching an object of P is in P. Suppose the whole history H had a
    /// linearization L. Restrict L to the operations of P: the order still respects real time
    /// (it is a subsequence), it still contains every completed operation of P, and it is still
    /// a legal sequential run from the initial state, because the footprints are exact (the
    /// contract of `Specification.footprint(of:)`: an operation's output and effect depend only
    /// on, and change only, the objects it names), so removing operations on other objects
    /// changes neither the objects P reads nor any output of P. That restriction would be a
    /// linearization of P, which has none; so H has none either. This is the very argument a
    /// partitioned check relies on for its own illegal answers, so the whole check trusts the
    /// footprints no more than a partitioned one does; `locality: false` trusts them not at all.
    ///
    /// Linearizable: every partition has one, and their merge (see `mergedWitness`) is replayed
    /// against the whole specification, so the answer rests on a checked linearization.
    static func decideByLocality<S: Specification>(
        _ spec: S, history: [Operation<S.Input, S.Output>], groups: [[Operation<S.Input, S.Output>]],
        results: [PartitionResult<S>], options: LinearizabilityOptions
    ) -> LinearizabilityResult<S>? {
        let count = groups.count
        if let index = results.firstIndex(where: { $0.outcome == .illegal }) {
            let note = "checked whole, decided by locality (Herlihy and Wing): partition \(index + 1) of \(count) "
                + "(\(results[index].operationIDs.count) operations on objects no other operation touches) has no "
                + "linearization, and a history is linearizable only if each of its independent objects' sub-histories is"
            return LinearizabilityResult(
                outcome: .illegal, partitions: [results[index]], seconds: 0, method: .wholeLocality, note: note)
        }
        if results.contains(where: { $0.outcome == .unknown }) {
            // A partition ran out of time or memory: the whole search would fare no better.
            let note = "checked whole by locality (Herlihy and Wing) from \(count) partitions; "
                + "at least one of them was not decided"
            return LinearizabilityResult(outcome: .unknown, partitions: results, seconds: 0, method: .wholeLocality, note: note)
        }
        guard let witness = mergedWitness(spec, history: history, results: results) else { return nil }
        let note = "checked whole: the linearizations of its \(count) partitions, merged in an order that respects "
            + "real time, replay as one linearization against the whole specification"
        return LinearizabilityResult(outcome: .ok, partitions: [witness], seconds: 0, method: .wholeWitness, note: note)
    }

    /// Merges the partitions' linearizations into one total order that respects real time
    /// (Herlihy and Wing's locality proof says such a merge exists) and replays it against the
    /// whole specification, following every nondeterministic branch. Nil if anything fails.
    static func mergedWitness<S: Specification>(
        _ spec: S, history: [Operation<S.Input, S.Output>], results: [PartitionResult<S>]
    ) -> PartitionResult<S>? {
        let orders = results.map { $0.linearization.map(\.operationID) }
        let explored = results.reduce(0) { $0 + $1.statesExplored }
        guard let order = mergeRespectingRealTime(orders, history: history) else { return nil }
        var byID: [Int: Operation<S.Input, S.Output>] = [:]
        for operation in history { byID[operation.id] = operation }
        // Each branch's steps are a chain of links (the step and the link before it), so that
        // following a branch costs one link per operation rather than a copy of its trail.
        var links: [(step: LinearizationStep<S.State>, previous: Int)] = []
        var frontier: [(state: S.State, last: Int)] = [(spec.initialState, -1)]
        var buffer: [S.State] = []
        for id in order {
            let operation = byID[id]!
            var nextFrontier: [(state: S.State, last: Int)] = []
            for (state, last) in frontier {
                buffer.removeAll(keepingCapacity: true)
                spec.successors(of: state, input: operation.input, observed: operation.output, into: &buffer)
                for successor in buffer where !nextFrontier.contains(where: { $0.state == successor }) {
                    links.append((LinearizationStep(operationID: id, state: successor), last))
                    nextFrontier.append((successor, links.count - 1))
                }
            }
            // Bounded: a nondeterministic specification could multiply the branches.
            guard !nextFrontier.isEmpty, nextFrontier.count <= 64 else { return nil }
            frontier = nextFrontier
        }
        var trail: [LinearizationStep<S.State>] = []
        var link = frontier[0].last
        while link >= 0 {
            trail.append(links[link].step)
            link = links[link].previous
        }
        trail.reverse()
        return PartitionResult(
            outcome: .ok, operationIDs: history.map(\.id), linearization: trail, statesExplored: explored,
            peakMemoBytes: results.reduce(0) { $0 + $1.peakMemoBytes }, cuts: results.reduce(0) { $0 + $1.cuts })
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
