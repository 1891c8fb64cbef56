/// Real-time order sharpened by what the operations observed of the specification's progress
/// (the store's revision): an order of the operations that every linearization must follow,
/// folded into their intervals before the search.
///
/// Progress never decreases along a run (`Specification.progress(of:)`). An operation x runs in
/// a state of progress at most B(x) (`progressBound`), and an operation y leaves a state of
/// progress at least A(y) (`progressFloor`). If y came before x in a linearization, the state
/// after y would have progress at most that of the state before x, so A(y) <= B(x). Hence
/// A(y) > B(x) means x precedes y in every linearization: a completed put that observed
/// revision 7 precedes every call that observed revision 7 or more, and every call that observed
/// revision 6 or less precedes it.
///
/// Folding that order into real time: take any linearization L and points t, one per operation,
/// inside each interval and non-decreasing along L (they exist because L respects real time:
/// let t be the latest call among the operations up to it in L). If x precedes y in every
/// linearization, then t(x) <= t(y) <= return(y) and t(y) >= t(x) >= call(x). So x's interval
/// can end at y's return and y's interval can start at x's call, and the points of L still lie
/// inside the narrowed intervals, so L still respects their (stronger) real-time order. The
/// narrowed history therefore has exactly the linearizations of the original one; narrowing
/// again with narrowed times is valid for the same reason. An interval narrowed to nothing
/// (ending before it starts) holds no point: the history has no linearization, and the chain of
/// operations that narrowed it is the proof (`Conflict`).
///
/// What it buys: the store's completed writes are totally ordered by the revisions they
/// observed, so their narrowed intervals barely overlap; the search then meets far fewer
/// candidates at once, and far more points where no completed operation is open, where it cuts
/// (see `PartitionSearch`). A call that observed an impossible revision is refuted here, before
/// any search, however many calls ended unknown.
///
/// - Complexity: O(n log n) per pass, at most `passesMax` passes.
enum ProgressOrder {
    /// Passes of narrowing (each one uses the intervals the previous one narrowed). The first
    /// pass does almost all of the work; later ones follow chains of forced orders.
    static let passesMax = 4

    /// Operations that must take effect in this order (each one's observed progress forces it
    /// before the next), of which the last returned before the first was called.
    struct Conflict: Sendable, Equatable {
        /// Operation ids, in the order they must take effect.
        var chain: [Int]

        /// The contradiction as reported, with the times that make it one.
        func contradiction<I, O>(_ history: [Operation<I, O>], progressName: String) -> Contradiction {
            let byID = Dictionary(history.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            let first = byID[chain[0]]!
            let last = byID[chain[chain.count - 1]]!
            let reason = "by the \(progressName)s they observed (a \(progressName) never decreases), these calls must take "
                + "effect in this order, but the last returned (at \(last.returnTime ?? Int64.max)) before the first was "
                + "called (at \(first.callTime))"
            return Contradiction(operationIDs: chain, reason: reason)
        }
    }

    enum Outcome<Input: Sendable, Output: Sendable> {
        case narrowed([Operation<Input, Output>], changed: Int)
        case conflict(Conflict)
    }

    /// The history with its intervals narrowed by the progress order, or the conflict that
    /// proves it has no linearization. Unchanged when no operation has a progress floor.
    static func narrow<S: Specification>(_ spec: S, _ history: [Operation<S.Input, S.Output>]) -> Outcome<S.Input, S.Output> {
        let count = history.count
        var bound = [Int64?](repeating: nil, count: count)
        var floor = [Int64?](repeating: nil, count: count)
        for (index, operation) in history.enumerated() where !operation.isPending {
            guard let output = operation.output else { continue }
            bound[index] = spec.progressBound(of: operation.input, observed: output)
            floor[index] = spec.progressFloor(of: operation.input, observed: output)
        }
        // Successors are ordered by floor, highest first; predecessors by bound, lowest first.
        let successors = history.indices.filter { floor[$0] != nil }.sorted { (floor[$0]!, $1) > (floor[$1]!, $0) }
        let predecessors = history.indices.filter { bound[$0] != nil }.sorted { (bound[$0]!, $0) < (bound[$1]!, $1) }
        if successors.isEmpty || predecessors.isEmpty { return .narrowed(history, changed: 0) }

        var returns = history.map { $0.returnTime ?? Int64.max }
        var calls = history.map(\.callTime)
        // Which operation's (narrowed) time narrowed each interval, for the conflict's chain.
        var returnWitness = [Int](repeating: -1, count: count)
        var callWitness = [Int](repeating: -1, count: count)
        var changed = Set<Int>()
        for _ in 0..<passesMax {
            var progressed = false
            // x's interval ends by the earliest return of the operations it must precede: those
            // whose floor is above B(x), a prefix of `successors`.
            let earliest = TwoBest(successors, value: { returns[$0] }, better: <)
            for x in predecessors {
                let prefix = successorsAbove(bound[x]!, successors, floor)
                guard let (y, time) = earliest.best(inFirst: prefix, excluding: x), time < returns[x] else { continue }
                returns[x] = time
                returnWitness[x] = y
                changed.insert(x)
                progressed = true
            }
            // y's interval starts at the latest call of the operations that must precede it:
            // those whose bound is below A(y), a prefix of `predecessors`.
            let latest = TwoBest(predecessors, value: { calls[$0] }, better: >)
            for y in successors {
                let prefix = predecessorsBelow(floor[y]!, predecessors, bound)
                guard let (x, time) = latest.best(inFirst: prefix, excluding: y), time > calls[y] else { continue }
                calls[y] = time
                callWitness[y] = x
                changed.insert(y)
                progressed = true
            }
            // The shortest proof, of all the intervals emptied (the first, among equals).
            var shortest: [Int]? = nil
            for index in history.indices where returns[index] < calls[index] {
                let found = chain(through: index, callWitness, returnWitness)
                if shortest == nil || found.count < shortest!.count { shortest = found }
            }
            if let shortest { return .conflict(Conflict(chain: shortest.map { history[$0].id })) }
            if !progressed { break }
        }
        var narrowed = history
        for index in changed {
            narrowed[index].callTime = calls[index]
            if narrowed[index].returnTime != nil { narrowed[index].returnTime = returns[index] }
            assert(narrowed[index].returnTime.map { $0 >= narrowed[index].callTime } ?? true, "a narrowed interval is not empty")
        }
        return .narrowed(narrowed, changed: changed.count)
    }

    /// How many operations at the start of `successors` (floors descending) have a floor above
    /// `bound`.
    private static func successorsAbove(_ bound: Int64, _ successors: [Int], _ floor: [Int64?]) -> Int {
        var low = 0
        var high = successors.count
        while low < high {
            let middle = (low + high) / 2
            if floor[successors[middle]]! > bound { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// How many operations at the start of `predecessors` (bounds ascending) have a bound below
    /// `floor`.
    private static func predecessorsBelow(_ floor: Int64, _ predecessors: [Int], _ bound: [Int64?]) -> Int {
        var low = 0
        var high = predecessors.count
        while low < high {
            let middle = (low + high) / 2
            if bound[predecessors[middle]]! < floor { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The operations, in the order they must take effect, whose times emptied `index`'s
    /// interval: those that must precede it (following the call witnesses back), it, and those
    /// it must precede (following the return witnesses on). The first's call is after the
    /// last's return.
    private static func chain(through index: Int, _ callWitness: [Int], _ returnWitness: [Int]) -> [Int] {
        var before: [Int] = []
        var seen: Set<Int> = [index]
        var walker = callWitness[index]
        while walker >= 0, seen.insert(walker).inserted {
            before.append(walker)
            walker = callWitness[walker]
        }
        var after: [Int] = []
        walker = returnWitness[index]
        while walker >= 0, seen.insert(walker).inserted {
            after.append(walker)
            walker = returnWitness[walker]
        }
        return before.reversed() + [index] + after
    }

    /// For every prefix of a list of operations, the best and second-best value in it (with
    /// their operations), so that the best of a prefix other than one given operation is O(1).
    private struct TwoBest {
        private var first: [(index: Int, value: Int64)?] = []
        private var second: [(index: Int, value: Int64)?] = []

        init(_ order: [Int], value: (Int) -> Int64, better: (Int64, Int64) -> Bool) {
            first.reserveCapacity(order.count + 1)
            second.reserveCapacity(order.count + 1)
            var best: (index: Int, value: Int64)? = nil
            var runnerUp: (index: Int, value: Int64)? = nil
            first.append(nil)
            second.append(nil)
            for index in order {
                let candidate = (index: index, value: value(index))
                if best == nil || better(candidate.value, best!.value) {
                    runnerUp = best
                    best = candidate
                } else if runnerUp == nil || better(candidate.value, runnerUp!.value) {
                    runnerUp = candidate
                }
                first.append(best)
                second.append(runnerUp)
            }
        }

        /// The best of the first `count` operations other than `excluded`.
        func best(inFirst count: Int, excluding excluded: Int) -> (Int, Int64)? {
            guard let top = first[count] else { return nil }
            if top.index != excluded { return (top.index, top.value) }
            return second[count].map { ($0.index, $0.value) }
        }
    }
}
