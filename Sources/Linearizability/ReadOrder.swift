/// Real-time order sharpened by which write each read observed (`ReadSources`): folded into
/// the operations' intervals before the search, as `ProgressOrder` folds the progress order.
///
/// A source (w1, ..., wk, r) says that the writes take effect in that order, before r, in every
/// linearization, and that every other write of its group comes before w1 or after r. So, with
/// the order that the (narrowed) intervals already force (x returns before y is called):
/// - each link x, y of the chain: x's interval can end at y's return, y's can start at x's call;
/// - a write w' outside the chain called after w1 (or wk) returned must follow it, so it must
///   follow r too: r's interval can end at w''s return;
/// - a write w' that follows wk in another source's chain is outside this chain and follows it,
///   so it follows r: r's interval can end at w''s return;
/// - a write w' outside the chain that returned before r was called precedes r, so it must
///   precede w1 too: w1's interval can start at w''s call.
/// Each is "x precedes y in every linearization", which `ProgressOrder` proves can be folded
/// into the intervals without changing the linearizations; an interval narrowed to nothing
/// proves there are none. A stale read (of w, after a write w' that followed w returned) empties
/// its own interval at once.
///
/// - Complexity: O(n log n) per pass, at most `passesMax` passes.
enum ReadOrder {
    /// Passes of narrowing, each on the intervals the previous one narrowed.
    static let passesMax = 8

    enum Outcome<Input: Sendable, Output: Sendable> {
        case narrowed([Operation<Input, Output>], changed: Int)
        case conflict(Contradiction)
    }

    static func narrow<I, O>(_ history: [Operation<I, O>], _ found: ReadSources) -> Outcome<I, O> {
        var calls = history.map(\.callTime)
        var returns = history.map { $0.returnTime ?? Int64.max }
        // The source that last narrowed each interval, and the rival write it used (or -1).
        var witness = [(source: Int, rival: Int)?](repeating: nil, count: history.count)
        var changed = Set<Int>()
        let successors = immediateSuccessors(found)
        for _ in 0..<passesMax {
            var progressed = false
            let orders = found.groups.map { GroupOrder($0, calls: calls, returns: returns) }
            func narrowEnd(_ index: Int, to time: Int64, _ cause: (source: Int, rival: Int)) {
                guard time < returns[index] else { return }
                returns[index] = time
                witness[index] = cause
                changed.insert(index)
                progressed = true
            }
            func narrowStart(_ index: Int, to time: Int64, _ cause: (source: Int, rival: Int)) {
                guard time > calls[index] else { return }
                calls[index] = time
                witness[index] = cause
                changed.insert(index)
                progressed = true
            }
            for (number, source) in found.sources.enumerated() {
                let chain = source.writers + [source.reader]
                for index in chain { precondition(!history[index].isPending, "sources are completed operations") }
                let first = chain[0]
                let last = source.writers[source.writers.count - 1]
                let reader = source.reader
                // The chain's own order, both ways along it.
                for position in chain.indices.dropFirst().reversed() {
                    narrowEnd(chain[position - 1], to: returns[chain[position]], (number, -1))
                }
                for position in chain.indices.dropFirst() {
                    narrowStart(chain[position], to: calls[chain[position - 1]], (number, -1))
                }
                // A write outside the chain that must follow one of its writes (by real time: it
                // was called after the first, or the last, returned) must follow the read. A chain
                // member found by the query precedes the read instead: the rule is skipped then.
                for after in [returns[first], returns[last]] {
                    if let (rival, time) = orders[source.group].earliestReturn(calledAfter: after),
                        !source.writers.contains(rival)
                    {
                        narrowEnd(reader, to: time, (number, rival))
                    }
                }
                // A write that follows the chain's last one in another chain is outside this one
                // (it would precede itself) and follows it, so it follows the read too.
                for rival in successors[last] ?? [] where !source.writers.contains(rival) {
                    narrowEnd(reader, to: returns[rival], (number, rival))
                }
                // A write outside the chain that must precede the read must precede its first
                // write; a chain member found here does not, so the rule is skipped then.
                if let (rival, time) = orders[source.group].latestCall(returnedBefore: calls[reader]),
                    !source.writers.contains(rival)
                {
                    narrowStart(first, to: time, (number, rival))
                }
            }
            if let emptied = history.indices.first(where: { returns[$0] < calls[$0] }) {
                return .conflict(contradiction(history, found, emptied: emptied, witness[emptied]))
            }
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

    /// Per write, the writes that come right after it in some source's chain (so after it in
    /// every linearization), in increasing order.
    private static func immediateSuccessors(_ found: ReadSources) -> [Int: [Int]] {
        var successors: [Int: Set<Int>] = [:]
        for source in found.sources {
            for position in source.writers.indices.dropFirst() {
                successors[source.writers[position - 1], default: []].insert(source.writers[position])
            }
        }
        return successors.mapValues { $0.sorted() }
    }

    private static func contradiction<I, O>(
        _ history: [Operation<I, O>], _ found: ReadSources, emptied: Int, _ witness: (source: Int, rival: Int)?
    ) -> Contradiction {
        guard let witness else {
            return Contradiction(operationIDs: [history[emptied].id], reason: "this call has no time left to take effect")
        }
        let source = found.sources[witness.source]
        var ids = source.writers.map { history[$0].id } + [history[source.reader].id]
        var reason = "the read can only have observed what the writes before it left, so they take effect in this order "
            + "before it, and no other write of the object between the first of them and it"
        if witness.rival >= 0 {
            ids.append(history[witness.rival].id)
            reason += ", but the last write listed must come between them (by real time and the other reads' sources)"
        } else {
            reason += ", but the other calls' order leaves them no time to take effect in that order"
        }
        return Contradiction(operationIDs: ids, reason: reason)
    }

    /// One group's writes ordered by call (with the earliest return of every suffix) and by
    /// return (with the latest call of every prefix), for O(log n) queries.
    private struct GroupOrder {
        private var byCall: [(call: Int64, index: Int)]
        private var suffixEarliestReturn: [(time: Int64, index: Int)]
        private var byReturn: [(time: Int64, index: Int)]
        private var prefixLatestCall: [(time: Int64, index: Int)]

        init(_ group: [Int], calls: [Int64], returns: [Int64]) {
            byCall = group.map { (calls[$0], $0) }.sorted { ($0.call, $0.index) < ($1.call, $1.index) }
            suffixEarliestReturn = Array(repeating: (Int64.max, -1), count: byCall.count + 1)
            for position in byCall.indices.reversed() {
                let index = byCall[position].index
                let later = suffixEarliestReturn[position + 1]
                suffixEarliestReturn[position] = returns[index] < later.time ? (returns[index], index) : later
            }
            byReturn = group.map { (returns[$0], $0) }.sorted { ($0.time, $0.index) < ($1.time, $1.index) }
            prefixLatestCall = [(Int64.min, -1)]
            for (_, index) in byReturn {
                let before = prefixLatestCall[prefixLatestCall.count - 1]
                prefixLatestCall.append(calls[index] > before.time ? (calls[index], index) : before)
            }
        }

        /// The write called after `time` that returns first.
        func earliestReturn(calledAfter time: Int64) -> (Int, Int64)? {
            var low = 0
            var high = byCall.count
            while low < high {
                let middle = (low + high) / 2
                if byCall[middle].call <= time { low = middle + 1 } else { high = middle }
            }
            let best = suffixEarliestReturn[low]
            return best.index >= 0 ? (best.index, best.time) : nil
        }

        /// The write returned before `time` that was called last.
        func latestCall(returnedBefore time: Int64) -> (Int, Int64)? {
            var low = 0
            var high = byReturn.count
            while low < high {
                let middle = (low + high) / 2
                if byReturn[middle].time < time { low = middle + 1 } else { high = middle }
            }
            let best = prefixLatestCall[low]
            return best.index >= 0 ? (best.index, best.time) : nil
        }
    }
}
