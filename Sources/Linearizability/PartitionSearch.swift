import Support
/// The search for a linearization of one partition: Wing and Gong's algorithm with Lowe's
/// memoization, over a doubly linked list of call and return entries as in Porcupine.
///
/// The list holds a call entry and (for completed operations) a return entry per operation,
/// in real-time order, calls before returns at equal times because intervals are closed.
/// The operations whose call entries come before the first return entry are exactly those
/// that may be linearized next (every operation that must precede them is done). The search
/// linearizes one, unlinks its entries ("lifts" it) and starts again from the head; reaching
/// a return entry means that operation's deadline passed unlinearized, so it backtracks.
/// It succeeds when no return entry is left: pending operations are optional.
///
/// Five reductions keep it fast:
/// - memoization of (linearized set, state): the set is a bitset of fixed-width words with
///   an incrementally maintained Zobrist hash, so a lookup costs one state hash;
/// - eager reads: an operation that may come next, is legal in the current state and is
///   read-only (every transition that agrees with its observed output leaves any state
///   unchanged: a read, a compare-and-set observed to fail) can be linearized at once without
///   a backtracking point. Any linearization that places it later (or never, if it is
///   pending) stays valid with it moved here: removing it from its later place changes no
///   state, it is legal here, and moving an operation earlier cannot break a real-time
///   constraint since all its predecessors are already linearized. So if no linearization
///   follows it, none follows the current configuration. Being a self-loop in the current
///   state is not enough: a write of the value already held is a self-loop now but not
///   later, and moving it would change what later reads see;
/// - progress bounds, for a specification that has them (the store's revision): a state
///   whose progress is above the bound of a completed operation still to be linearized is
///   abandoned at once, since progress never decreases and that operation could never be
///   placed (see `Specification.progressBound`). Without it, a pending write placed where it
///   does not belong is found out only when the deadline of some completed operation
///   passes, after every combination of the other pending operations has been tried;
/// - interchangeable pending operations: pending operations with equal inputs (and no
///   observed output) are placed in the order of their calls, never a later one while an
///   earlier one is unplaced. Exchanging such twins in a linearization changes no state and
///   no output, and the earlier twin may go wherever the later one may (it was called no
///   later, and a pending operation precedes nothing), so if some linearization extends the
///   current configuration, one that places twins in call order does too: give the j-th
///   placement of the class to its j-th unplaced member by call time; among the first j
///   placements one belongs to a member called no earlier than that one, so it is enabled
///   there by real time. Without it, the three unplaced `delete(k)` calls of a history give
///   three configurations where one would do, at every later step;
/// - forgetting: parts of the state that only the operations naming them observe (the
///   store's leases) are erased from the memoized state once no operation still to be
///   linearized names them (see `Specification.forgetting(in:unused:)`). Without it, a pending
///   revocation of a lease nobody uses again doubles every later configuration: placed, or
///   not.
///
/// The memoization stays sound with the last two: a configuration is skipped when an explored
/// one has the same completed operations, a subset of its pending ones and the same
/// forgotten state. The explored one has at least the operations still to be linearized of the
/// skipped one, so whatever it forgot is unused for the skipped one as well, and the
/// contract of `forgetting` lets it finish any way the skipped one could.
struct PartitionSearch<S: Specification> {
    typealias Op = Operation<S.Input, S.Output>

    private struct Frame {
        /// The call entry of the operation linearized by this frame.
        var node: Int32
        /// The state before the operation.
        var saved: S.State
        /// The untried successor states of this operation lie in `alternatives[next..<end]`.
        var next: Int32
        var end: Int32
        var start: Int32
        /// Taken by the eager-read rule: when it fails, so does the configuration before it.
        var forced: Bool
        /// The scanning phase the frame's operation was chosen in (see `search`).
        var pendingPhase: Bool
    }

    private let spec: S
    private let operations: [Op]
    private let control: SearchControl
    private let options: LinearizabilityOptions

    private var next: [Int32]
    private var prev: [Int32]
    private let head: Int32
    private let tail: Int32
    private var linearized: [UInt64]
    private var zobrist: UInt64 = 0
    private let keys: [UInt64]
    /// Operations the eager-read rule may take, by index.
    private let readOnly: [Bool]
    /// For a pending operation, the previous pending operation by call time with the same
    /// input (its twin, which must be placed first), or -1.
    private let previousTwin: [Int32]
    private var remainingCompleted: Int
    /// Forgetting: an open-addressing table of the names the operations carry (`nameOfSlot`,
    /// with `slotTaken` saying which slots hold one) and, per slot, how many operations still
    /// to be linearized carry that name; `namesOf` holds each operation's slots.
    private let namesOf: [[Int32]]
    private let nameOfSlot: [Int64]
    private let slotTaken: [Bool]
    private var remainingNamers: [Int32]
    /// Progress pruning: the rank of each completed operation that has a progress bound, in
    /// increasing bound order (-1 for the others), the bound of each rank, and a bit per rank
    /// set while that operation is still to be linearized. Words below `lowestRankWord` are 0.
    private let rankOf: [Int32]
    private let boundOfRank: [Int64]
    private var unplacedRanks: [UInt64]
    private var lowestRankWord = 0
    private var cache: MemoCache<S.State>
    private var frames: [Frame] = []
    private var alternatives: [S.State] = []
    private var scratch: [S.State] = []
    private var state: S.State

    /// The longest prefix seen when the search had to backtrack (for explanations).
    private var bestPrefix: [LinearizationStep<S.State>] = []

    init(spec: S, operations: [Op], control: SearchControl, options: LinearizabilityOptions) {
        self.spec = spec
        self.operations = operations
        self.control = control
        self.options = options
        let count = operations.count
        precondition(count < Int(Int32.max / 2) - 2, "a partition is limited to about a billion operations")

        // Entries sorted by (time, call before return, operation index); an entry is
        // 2 * index for a call and 2 * index + 1 for a return.
        var events: [(time: Int64, kind: Int32, index: Int32)] = []
        events.reserveCapacity(count * 2)
        for (index, operation) in operations.enumerated() {
            events.append((operation.callTime, 0, Int32(index)))
            if let returnTime = operation.returnTime { events.append((returnTime, 1, Int32(index))) }
        }
        events.sort { a, b in
            if a.time != b.time { return a.time < b.time }
            if a.kind != b.kind { return a.kind < b.kind }
            return a.index < b.index
        }
        // Within a run of consecutive call entries (no return between them) the order is
        // free: the operations of the run are all concurrent with one another and wait for
        // the same returns. Sorting each run by return time (pending last) tries first the
        // operation with the nearest deadline, which is the one the search would otherwise
        // discover late and backtrack for.
        var runStart = 0
        while runStart < events.count {
            var runEnd = runStart
            while runEnd < events.count && events[runEnd].kind == 0 { runEnd += 1 }
            if runEnd - runStart > 1 {
                events[runStart..<runEnd].sort { a, b in
                    let x = operations[Int(a.index)].returnTime ?? Int64.max
                    let y = operations[Int(b.index)].returnTime ?? Int64.max
                    return x != y ? x < y : a.index < b.index
                }
            }
            runStart = max(runEnd, runStart + 1)
        }
        head = Int32(2 * count)
        tail = head + 1
        next = Array(repeating: -1, count: 2 * count + 2)
        prev = Array(repeating: -1, count: 2 * count + 2)
        var last = head
        for event in events {
            let node = 2 * event.index + event.kind
            next[Int(last)] = node
            prev[Int(node)] = last
            last = node
        }
        next[Int(last)] = tail
        prev[Int(tail)] = last

        let words = max(1, (count + 63) / 64)
        linearized = Array(repeating: 0, count: words)
        var seed: UInt64 = 0x1234_5678_9ABC_DEF0
        // Pending operations contribute nothing to the hash (see `MemoCache`).
        keys = operations.map { operation in
            seed &+= 0x9E37_79B9_7F4A_7C15
            return operation.isPending ? 0 : StableHasher.mix(seed)
        }
        var completedMask = Array(repeating: UInt64(0), count: words)
        for (index, operation) in operations.enumerated() where !operation.isPending {
            completedMask[index >> 6] |= 1 << UInt64(index & 63)
        }
        remainingCompleted = operations.count { !$0.isPending }
        readOnly = operations.map { spec.isReadOnly($0.input, observed: $0.output) }
        assert(zip(operations, readOnly).allSatisfy { !($0.isPending && $1) }, "pending reads are dropped before the search")
        var twins = Array(repeating: Int32(-1), count: count)
        var lastOfInput: [S.Input: Int] = [:]
        let pendingByCall = operations.indices.filter { operations[$0].isPending && operations[$0].output == nil }
            .sorted { (operations[$0].callTime, $0) < (operations[$1].callTime, $1) }
        for index in pendingByCall {
            if let previous = lastOfInput.updateValue(index, forKey: operations[index].input) { twins[index] = Int32(previous) }
        }
        previousTwin = twins
        cache = MemoCache(completedMask: completedMask)
        state = spec.initialState

        let allNames = operations.map { spec.names(of: $0.input, observed: $0.output) }
        let occurrences = allNames.reduce(0) { $0 + $1.count }
        var slotCount = 8
        while slotCount < occurrences * 2 { slotCount *= 2 }
        var nameOfSlot = Array(repeating: Int64(0), count: slotCount)
        var slotTaken = Array(repeating: false, count: slotCount)
        var counts = Array(repeating: Int32(0), count: slotCount)
        namesOf = allNames.map { names in
            names.map { name in
                var slot = Self.firstSlot(of: name, slotCount: slotCount)
                while slotTaken[slot] && nameOfSlot[slot] != name { slot = (slot + 1) & (slotCount - 1) }
                slotTaken[slot] = true
                nameOfSlot[slot] = name
                counts[slot] += 1
                return Int32(slot)
            }
        }
        self.nameOfSlot = nameOfSlot
        self.slotTaken = slotTaken
        remainingNamers = counts

        var bounded: [(bound: Int64, index: Int)] = []
        for (index, operation) in operations.enumerated() where !operation.isPending {
            if let bound = spec.progressBound(of: operation.input, observed: operation.output) {
                bounded.append((bound, index))
            }
        }
        bounded.sort { $0.bound != $1.bound ? $0.bound < $1.bound : $0.index < $1.index }
        var ranks = Array(repeating: Int32(-1), count: count)
        for (rank, item) in bounded.enumerated() { ranks[item.index] = Int32(rank) }
        rankOf = ranks
        boundOfRank = bounded.map(\.bound)
        unplacedRanks = Array(repeating: 0, count: (bounded.count + 63) / 64)
        for rank in bounded.indices { unplacedRanks[rank >> 6] |= 1 << UInt64(rank & 63) }
    }

    // MARK: The linked list

    @inline(__always) private func isCall(_ node: Int32) -> Bool { node & 1 == 0 && node < head }

    @inline(__always) private func hasReturn(_ index: Int) -> Bool { operations[index].returnTime != nil }

    @inline(__always) private func isLinearized(_ index: Int) -> Bool {
        linearized[index >> 6] & (1 << UInt64(index & 63)) != 0
    }

    private mutating func lift(_ index: Int) {
        unlink(Int32(2 * index))
        if hasReturn(index) { unlink(Int32(2 * index + 1)) }
    }

    private mutating func unlift(_ index: Int) {
        if hasReturn(index) { relink(Int32(2 * index + 1)) }
        relink(Int32(2 * index))
    }

    @inline(__always) private mutating func unlink(_ node: Int32) {
        let before = prev[Int(node)]
        let after = next[Int(node)]
        next[Int(before)] = after
        prev[Int(after)] = before
    }

    @inline(__always) private mutating func relink(_ node: Int32) {
        next[Int(prev[Int(node)])] = node
        prev[Int(next[Int(node)])] = node
    }

    // MARK: The linearized set

    @inline(__always) private mutating func mark(_ index: Int) {
        linearized[index >> 6] |= 1 << UInt64(index & 63)
        zobrist ^= keys[index]
        if hasReturn(index) { remainingCompleted -= 1 }
        let rank = Int(rankOf[index])
        if rank >= 0 { unplacedRanks[rank >> 6] &= ~(1 << UInt64(rank & 63)) }
        for name in namesOf[index] { remainingNamers[Int(name)] -= 1 }
    }

    @inline(__always) private mutating func unmark(_ index: Int) {
        linearized[index >> 6] &= ~(1 << UInt64(index & 63))
        zobrist ^= keys[index]
        if hasReturn(index) { remainingCompleted += 1 }
        let rank = Int(rankOf[index])
        if rank >= 0 {
            unplacedRanks[rank >> 6] |= 1 << UInt64(rank & 63)
            lowestRankWord = min(lowestRankWord, rank >> 6)
        }
        for name in namesOf[index] { remainingNamers[Int(name)] += 1 }
    }

    @inline(__always) private static func firstSlot(of name: Int64, slotCount: Int) -> Int {
        Int(truncatingIfNeeded: StableHasher.mix(UInt64(bitPattern: name))) & (slotCount - 1)
    }

    /// True when no operation still to be linearized carries `name`.
    @inline(__always) private func isUnused(_ name: Int64) -> Bool {
        let slotCount = nameOfSlot.count
        var slot = Self.firstSlot(of: name, slotCount: slotCount)
        while slotTaken[slot] {
            if nameOfSlot[slot] == name { return remainingNamers[slot] == 0 }
            slot = (slot + 1) & (slotCount - 1)
        }
        return true
    }

    /// The smallest progress bound of the completed operations still to be linearized.
    @inline(__always) private mutating func progressLimit() -> Int64 {
        while lowestRankWord < unplacedRanks.count && unplacedRanks[lowestRankWord] == 0 { lowestRankWord += 1 }
        guard lowestRankWord < unplacedRanks.count else { return Int64.max }
        return boundOfRank[lowestRankWord << 6 | unplacedRanks[lowestRankWord].trailingZeroBitCount]
    }

    /// False when `candidate` (with the operation that leads to it already marked) has
    /// progressed past what a remaining completed operation allows: no extension of it can
    /// place that operation.
    @inline(__always) private mutating func admissible(_ candidate: S.State) -> Bool {
        boundOfRank.isEmpty || spec.progress(of: candidate) <= progressLimit()
    }

    /// Records the configuration (current set, `candidate` with what is unused forgotten) and
    /// says whether it is new.
    @inline(__always) private mutating func remember(_ candidate: S.State) -> Bool {
        let key = spec.forgetting(in: candidate) { name in isUnused(name) } ?? candidate
        let hash = StableHasher.mix(zobrist ^ (key.stableHashValue &* 0x9FB2_1C65_1E98_DF25))
        return cache.insert(hash: hash, set: linearized, state: key)
    }

    // MARK: The search

    private enum Stop { case found, exhausted, limited(String) }

    mutating func run() -> PartitionResult<S> {
        let ids = operations.map(\.id)
        switch search() {
        case .found:
            return PartitionResult(
                outcome: .ok, operationIDs: ids, linearization: currentPrefix(), statesExplored: cache.count)
        case .exhausted:
            let prefix = bestPrefix
            return PartitionResult(
                outcome: .illegal, operationIDs: ids, linearization: prefix,
                blocked: options.explain ? blockedOperations(after: prefix) : [], statesExplored: cache.count)
        case .limited(let reason):
            recordBest()
            return PartitionResult(
                outcome: .unknown, operationIDs: ids, linearization: bestPrefix, unknownReason: reason,
                statesExplored: cache.count)
        }
    }

    private mutating func search() -> Stop {
        // Candidates are tried in two phases: first the completed operations, in list order,
        // then the pending ones, backwards from the first return entry: the most recently
        // called first. Both phases are always run to the end, so this only orders the search.
        // Pending operations are optional and usually belong late, so trying them first (as
        // their early call entries would have it) wastes most of the work on Jepsen histories;
        // and the pending call that fills a gap (a revision the store skipped) is usually a
        // recent one, while the oldest unplaced ones are those that never took effect.
        if !admissible(state) { return .exhausted }
        var entry = next[Int(head)]
        var pendingPhase = false
        var freshConfiguration = true
        var iterations: UInt64 = 0
        while true {
            if remainingCompleted == 0 { return .found }
            iterations &+= 1
            if iterations & 1023 == 1 {
                if control.isCancelled { return .limited("cancelled: another partition is illegal") }
                if control.isPastDeadline { return .limited("time limit reached") }
                if cache.bytes > options.cacheBytesMax {
                    return .limited("memoization cache reached \(options.cacheBytesMax >> 20) MiB")
                }
            }
            if freshConfiguration {
                freshConfiguration = false
                switch takeSelfLoop() {
                case .taken:
                    freshConfiguration = true
                    continue
                case .deadEnd:
                    guard let resume = backtrack() else { return .exhausted }
                    entry = resume.entry
                    freshConfiguration = resume.fresh
                    pendingPhase = resume.pendingPhase
                    continue
                case .none:
                    entry = next[Int(head)]
                    pendingPhase = false
                }
            }
            if isCall(entry) {
                let index = Int(entry >> 1)
                let twin = Int(previousTwin[index])
                if hasReturn(index) == pendingPhase || (twin >= 0 && !isLinearized(twin)) {
                    entry = pendingPhase ? prev[Int(entry)] : next[Int(entry)]
                    continue
                }
                let start = alternatives.count
                spec.successors(
                    of: state, input: operations[index].input, observed: operations[index].output,
                    into: &alternatives)
                let end = alternatives.count
                mark(index)
                var position = start
                var taken = false
                while position < end {
                    let candidate = alternatives[position]
                    position += 1
                    // A pending operation that changes nothing here is never worth placing
                    // here: the configuration without it has the same state and more options.
                    if pendingPhase && candidate == state { continue }
                    if admissible(candidate) && remember(candidate) {
                        frames.append(
                            Frame(
                                node: entry, saved: state, next: Int32(position), end: Int32(end), start: Int32(start),
                                forced: false, pendingPhase: pendingPhase))
                        state = candidate
                        lift(index)
                        taken = true
                        break
                    }
                }
                if taken {
                    freshConfiguration = true
                } else {
                    unmark(index)
                    alternatives.removeSubrange(start..<end)
                    entry = pendingPhase ? prev[Int(entry)] : next[Int(entry)]
                }
            } else {
                // Forwards, a return entry (or the tail, which cannot be reached while a
                // completed operation remains): the operation it belongs to can no longer be
                // placed, so the completed candidates are done; the pending ones are the call
                // entries before it. Backwards, the head: every candidate was tried.
                assert(entry != tail, "a completed operation's return entry precedes the tail")
                if !pendingPhase {
                    pendingPhase = true
                    entry = prev[Int(entry)]
                    continue
                }
                guard let resume = backtrack() else { return .exhausted }
                entry = resume.entry
                freshConfiguration = resume.fresh
                pendingPhase = resume.pendingPhase
            }
        }
    }

    private enum SelfLoop { case none, taken, deadEnd }

    /// Linearizes, without a backtracking point, the first read-only operation that may come
    /// next and is legal in the current state (see the type's comment).
    private mutating func takeSelfLoop() -> SelfLoop {
        var node = next[Int(head)]
        while isCall(node) {
            let index = Int(node >> 1)
            if !readOnly[index] {
                node = next[Int(node)]
                continue
            }
            scratch.removeAll(keepingCapacity: true)
            spec.successors(
                of: state, input: operations[index].input, observed: operations[index].output, into: &scratch)
            if !scratch.isEmpty {
                assert(scratch.allSatisfy { $0 == state }, "a read-only operation changed the state")
                mark(index)
                if remember(state) {
                    let position = Int32(alternatives.count)
                    frames.append(
                        Frame(node: node, saved: state, next: position, end: position, start: position, forced: true,
                              pendingPhase: false))
                    lift(index)
                    return .taken
                }
                // Explored before and failed (a configuration in the cache that is not on
                // the current path has failed, since sets only grow along the path), so the
                // current configuration fails too.
                unmark(index)
                return .deadEnd
            }
            node = next[Int(node)]
        }
        return .none
    }

    /// Undoes frames until one has an untried alternative or can move on to the next
    /// candidate. Returns where to continue, or nil when every frame is exhausted.
    private mutating func backtrack() -> (entry: Int32, fresh: Bool, pendingPhase: Bool)? {
        if options.explain { recordBest() }
        while let frame = frames.last {
            let index = Int(frame.node >> 1)
            unlift(index)
            state = frame.saved
            // The bit stays set while alternatives of the same operation are tried.
            var position = Int(frame.next)
            while position < Int(frame.end) {
                let candidate = alternatives[position]
                position += 1
                if admissible(candidate) && remember(candidate) {
                    frames[frames.count - 1].next = Int32(position)
                    state = candidate
                    lift(index)
                    return (next[Int(head)], true, false)
                }
            }
            unmark(index)
            alternatives.removeSubrange(Int(frame.start)..<alternatives.count)
            frames.removeLast()
            if frame.forced { continue }
            return (frame.pendingPhase ? prev[Int(frame.node)] : next[Int(frame.node)], false, frame.pendingPhase)
        }
        return nil
    }

    private func currentPrefix() -> [LinearizationStep<S.State>] {
        var steps: [LinearizationStep<S.State>] = []
        steps.reserveCapacity(frames.count)
        for (position, frame) in frames.enumerated() {
            let after = position + 1 < frames.count ? frames[position + 1].saved : state
            steps.append(LinearizationStep(operationID: operations[Int(frame.node >> 1)].id, state: after))
        }
        return steps
    }

    private mutating func recordBest() {
        if frames.count > bestPrefix.count { bestPrefix = currentPrefix() }
    }

    /// The operations that could come next after `prefix` and what the specification says
    /// about each, computed directly from real-time order (cheap next to the search).
    private func blockedOperations(after prefix: [LinearizationStep<S.State>]) -> [BlockedOperation<S.Output>] {
        let done = Set(prefix.map(\.operationID))
        let current = prefix.last?.state ?? spec.initialState
        let open = operations.filter { !done.contains($0.id) }
        var result: [BlockedOperation<S.Output>] = []
        for operation in open {
            let mustWait = open.contains { other in other.id != operation.id && other.precedes(operation) }
            if mustWait { continue }
            let produced = spec.step(current, operation.input)
            let accepted = produced.contains { result in
                operation.output.map { spec.accepts(observed: $0, produced: result.output) } ?? true
            }
            result.append(
                BlockedOperation(operationID: operation.id, expected: produced.map(\.output), acceptedButDeadEnd: accepted))
        }
        return result
    }
}
