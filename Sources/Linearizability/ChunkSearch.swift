import Support
/// The search over one chunk of a partition (see `PartitionSearch`): Wing and Gong's algorithm
/// with Lowe's memoization, over a doubly linked list of call and return entries as in Porcupine.
/// It starts from one or more configurations carried over from the previous chunk and, unless
/// it is the last chunk, finds every configuration in which all its completed operations are
/// placed (`enumerate`), rather than stopping at the first (`findFirst`).
///
/// The list holds a call entry and (for completed operations) a return entry per operation,
/// in real-time order, calls before returns at equal times because intervals are closed.
/// The operations whose call entries come before the first return entry are exactly those
/// that may be linearized next (every operation that must precede them is done). The search
/// linearizes one, unlinks its entries ("lifts" it) and starts again from the head; reaching
/// a return entry means that operation's deadline passed unlinearized, so it backtracks.
/// It succeeds when no return entry is left: pending operations are optional.
///
/// Six reductions keep it fast:
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
///   not;
/// - blind writes, for a specification that knows them (the key-value map's puts and appends of
///   values no get returned): where the value a blind write would end is dead, the write is
///   placed at once, without a backtracking point, and dead values are memoized as one (the
///   proofs are at `Overwrites`). Without it, every subset and order of the blind writes open at
///   once is a configuration of its own.
///
/// The memoization stays sound with interchangeable pending operations and forgetting: a
/// configuration is skipped when an explored one has the same completed operations, a subset
/// of its pending ones and the same forgotten state. The explored one has at least the operations still to be linearized of the
/// skipped one, so whatever it forgot is unused for the skipped one as well, and the
/// contract of `forgetting` lets it finish any way the skipped one could.
///
/// Enumerating stays sound with every reduction: each one keeps, from a configuration, a
/// continuation reaching every end configuration (state, pending operations left unplaced) that
/// matters. An eager read changes no state, a twin left unplaced can go anywhere its twin could
/// once the chunk's cut has passed, and a memoized configuration already gave its ends.
struct ChunkSearch<S: Specification> {
    typealias Op = Operation<S.Input, S.Output>

    enum Mode: Equatable {
        /// Stop at the first end configuration (the last chunk of a partition).
        case findFirst
        /// Find every end configuration, giving up (`overflow`) past `endsMax` of them.
        case enumerate(endsMax: Int)
    }

    /// A configuration the chunk starts from: a state, and the carried pending operations
    /// (local indices) that are already placed.
    struct Start {
        var state: S.State
        var placed: [Int32]
    }

    /// A configuration in which every completed operation of the chunk is placed.
    struct End {
        var state: S.State
        /// The pending operations (local indices, increasing) still unplaced: carried onwards.
        var unplaced: [Int32]
        /// The start it was reached from, and the steps from there.
        var start: Int
        var steps: [LinearizationStep<S.State>]
    }

    private struct EndKey: Hashable {
        var state: S.State
        var unplaced: [Int32]
    }

    enum Outcome {
        /// Every start was searched to the end (or, finding first, an end was found): `ends`.
        case finished
        /// The time limit, the memory bound, or another partition's illegal answer stopped it.
        case limited(String)
        /// More than `endsMax` end configurations: the chunk is too loose to cut after.
        case overflow
    }

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
        /// The scanning phase the frame's operation was chosen in (see `step`).
        var pendingPhase: Bool
    }

    private let spec: S
    let operations: [Op]
    private let starts: [Start]
    private let mode: Mode
    private let control: SearchControl
    private let options: LinearizabilityOptions

    private let initialNext: [Int32]
    private let initialPrev: [Int32]
    private var next: [Int32]
    private var prev: [Int32]
    private let head: Int32
    private let tail: Int32
    private var linearized: [UInt64]
    private var zobrist: UInt64 = 0
    private let keys: [UInt64]
    /// Operations the eager-read rule may take, by index.
    private let readOnly: [Bool]
    /// Blind writes and dead values (see `Overwrites`), and per index the object of a completed
    /// blind write (-1 for the others), which the eager rule places at once where it is dead.
    private let overwrites: Overwrites<S.State>?
    private let blindObject: [Int32]
    /// For a pending operation, the previous pending operation by call time with the same
    /// input (its twin, which must be placed first), or -1.
    private let previousTwin: [Int32]
    private let pendingIndices: [Int32]
    private let completedCount: Int
    private var remainingCompleted: Int
    /// Forgetting: per slot of `names`, how many operations still to be linearized carry the
    /// name, in this chunk and in the partition's later chunks (`initialNamers`).
    private let names: NameTable
    private let namesOf: [[Int32]]
    private let initialNamers: [Int32]
    private var remainingNamers: [Int32]
    /// Progress pruning: the rank of each completed operation that has a progress bound, in
    /// increasing bound order (-1 for the others), the bound of each rank, and a bit per rank
    /// set while that operation is still to be linearized. Words below `lowestRankWord` are 0.
    /// `laterBound` is the smallest bound of the completed operations of later chunks.
    private let rankOf: [Int32]
    private let boundOfRank: [Int64]
    private let initialUnplacedRanks: [UInt64]
    private var unplacedRanks: [UInt64]
    private var lowestRankWord = 0
    private let laterBound: Int64
    private var cache: MemoCache<S.State>
    private var frames: [Frame] = []
    private var alternatives: [S.State] = []
    private var scratch: [S.State] = []
    private var state: S.State

    // Where a search interrupted by its budget resumes.
    private var startIndex = 0
    private var begun = false
    private var entry: Int32 = 0
    private var pendingPhase = false
    private var freshConfiguration = true
    private var iterations: UInt64 = 0

    private(set) var ends: [End] = []
    private var endKeys: Set<EndKey> = []

    /// The longest prefix seen when the search had to backtrack (for explanations), the start
    /// it grew from, and how many of its leading steps the current path still shares.
    private(set) var bestPrefix: [LinearizationStep<S.State>] = []
    private(set) var bestStart = 0
    private var sharedWithBest = 0
    private(set) var peakMemoBytes = 0

    var statesExplored: Int { cache.count }

    /// `operations` are sorted by call time; `namesOf` gives each one's slots in `names`, and
    /// `namers` counts per slot the operations of later chunks and of this one that carry it.
    init(
        spec: S, operations: [Op], starts: [Start], mode: Mode, names: NameTable, namesOf: [[Int32]], namers: [Int32],
        laterBound: Int64, control: SearchControl, options: LinearizabilityOptions, overwrites: Overwrites<S.State>? = nil
    ) {
        precondition(!starts.isEmpty, "a chunk is searched from at least one configuration")
        precondition(namesOf.count == operations.count && namers.count == names.slotCount)
        self.spec = spec
        self.operations = operations
        self.starts = starts
        self.mode = mode
        self.control = control
        self.options = options
        self.names = names
        self.namesOf = namesOf
        self.laterBound = laterBound
        initialNamers = namers
        remainingNamers = namers
        let count = operations.count
        precondition(count < Int(Int32.max / 2) - 2, "a chunk is limited to about a billion operations")
        (head, tail, initialNext, initialPrev) = ChunkSearch.linkedEntries(operations)
        next = initialNext
        prev = initialPrev

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
        completedCount = operations.count { !$0.isPending }
        remainingCompleted = completedCount
        readOnly = operations.map { spec.isReadOnly($0.input, observed: $0.output) }
        self.overwrites = overwrites
        blindObject = operations.map { operation in
            guard !operation.isPending, let object = overwrites?.blindObjects[operation.id] else { return -1 }
            return Int32(object)
        }
        assert(zip(operations, readOnly).allSatisfy { !($0.isPending && $1) }, "pending reads are dropped before the search")
        pendingIndices = operations.indices.filter { operations[$0].isPending }.map(Int32.init)
        var twins = Array(repeating: Int32(-1), count: count)
        var lastOfInput: [S.Input: Int] = [:]
        let pendingByCall = operations.indices.filter { operations[$0].isPending && operations[$0].output == nil }
            .sorted { (operations[$0].callTime, $0) < (operations[$1].callTime, $1) }
        for index in pendingByCall {
            if let previous = lastOfInput.updateValue(index, forKey: operations[index].input) { twins[index] = Int32(previous) }
        }
        previousTwin = twins
        cache = MemoCache(completedMask: completedMask)
        state = starts[0].state

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
        var unplaced = Array(repeating: UInt64(0), count: (bounded.count + 63) / 64)
        for rank in bounded.indices { unplaced[rank >> 6] |= 1 << UInt64(rank & 63) }
        initialUnplacedRanks = unplaced
        unplacedRanks = unplaced
    }

    /// The list of call and return entries: sorted by (time, call before return, operation
    /// index); an entry is 2 * index for a call and 2 * index + 1 for a return.
    private static func linkedEntries(_ operations: [Op]) -> (Int32, Int32, [Int32], [Int32]) {
        let count = operations.count
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
        let head = Int32(2 * count)
        let tail = head + 1
        var next = Array(repeating: Int32(-1), count: 2 * count + 2)
        var prev = Array(repeating: Int32(-1), count: 2 * count + 2)
        var last = head
        for event in events {
            let node = 2 * event.index + event.kind
            next[Int(last)] = node
            prev[Int(node)] = last
            last = node
        }
        next[Int(last)] = tail
        prev[Int(tail)] = last
        return (head, tail, next, prev)
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

    /// True when no operation still to be linearized, here or in a later chunk, carries `name`.
    @inline(__always) private func isUnused(_ name: Int64) -> Bool {
        guard let slot = names.slot(of: name) else { return true }
        return remainingNamers[slot] == 0
    }

    /// The smallest progress bound of the completed operations still to be linearized.
    @inline(__always) private mutating func progressLimit() -> Int64 {
        while lowestRankWord < unplacedRanks.count && unplacedRanks[lowestRankWord] == 0 { lowestRankWord += 1 }
        guard lowestRankWord < unplacedRanks.count else { return laterBound }
        return min(laterBound, boundOfRank[lowestRankWord << 6 | unplacedRanks[lowestRankWord].trailingZeroBitCount])
    }

    /// False when `candidate` (with the operation that leads to it already marked) has
    /// progressed past what a remaining completed operation allows: no extension of it can
    /// place that operation.
    @inline(__always) private mutating func admissible(_ candidate: S.State) -> Bool {
        (boundOfRank.isEmpty && laterBound == Int64.max) || spec.progress(of: candidate) <= progressLimit()
    }

    /// Records the configuration (current set, `candidate` with what is unused forgotten) and
    /// says whether it is new.
    @inline(__always) private mutating func remember(_ candidate: S.State) -> Bool {
        var key = spec.forgetting(in: candidate) { name in isUnused(name) } ?? candidate
        // Dead values are one (`Overwrites`, lemma 1).
        if let overwrites, let canonical = overwrites.canonical(key) { key = canonical }
        let hash = StableHasher.mix(zobrist ^ (key.stableHashValue &* 0x9FB2_1C65_1E98_DF25))
        return cache.insert(hash: hash, set: linearized, state: key)
    }

    // MARK: The search

    /// Searches for at most `budget` more iterations (counting it down). Nil when the budget
    /// ran out first: calling again resumes exactly where it stopped.
    mutating func run(budget: inout Int) -> Outcome? {
        while startIndex < starts.count {
            if !begun {
                begun = true
                if !setUp(starts[startIndex]) {
                    startIndex += 1
                    begun = false
                    continue
                }
            }
            switch step(budget: &budget) {
            case nil:
                return nil
            case .exhausted?:
                if options.explain { recordBest() }
                startIndex += 1
                begun = false
            case .found?:
                return .finished
            case .limited(let reason)?:
                recordBest()
                peakMemoBytes = max(peakMemoBytes, cache.bytes)
                return .limited(reason)
            case .overflow?:
                return .overflow
            }
        }
        peakMemoBytes = max(peakMemoBytes, cache.bytes)
        return .finished
    }

    /// Resets the search to `start`; false when that configuration is explored already or
    /// cannot lead anywhere.
    private mutating func setUp(_ start: Start) -> Bool {
        next = initialNext
        prev = initialPrev
        for word in linearized.indices { linearized[word] = 0 }
        zobrist = 0
        remainingCompleted = completedCount
        remainingNamers = initialNamers
        unplacedRanks = initialUnplacedRanks
        lowestRankWord = 0
        frames.removeAll(keepingCapacity: true)
        alternatives.removeAll(keepingCapacity: true)
        sharedWithBest = 0
        state = start.state
        for placed in start.placed {
            let index = Int(placed)
            precondition(operations[index].isPending, "only pending operations are carried across a cut")
            mark(index)
            lift(index)
        }
        entry = next[Int(head)]
        pendingPhase = false
        freshConfiguration = true
        return admissible(state) && remember(state)
    }

    private enum Stop { case found, exhausted, limited(String), overflow }

    /// Every completed operation is placed: the end of the chunk.
    private mutating func reachedEnd() -> Stop? {
        let unplaced = pendingIndices.filter { !isLinearized(Int($0)) }
        let key = EndKey(state: state, unplaced: unplaced)
        if endKeys.insert(key).inserted {
            ends.append(End(state: state, unplaced: unplaced, start: startIndex, steps: currentPrefix()))
        }
        switch mode {
        case .findFirst: return .found
        case .enumerate(let endsMax): return ends.count > endsMax ? .overflow : nil
        }
    }

    private mutating func step(budget: inout Int) -> Stop? {
        // Candidates are tried in two phases: first the completed operations, in list order,
        // then the pending ones, backwards from the first return entry: the most recently
        // called first. Both phases are always run to the end, so this only orders the search.
        // Pending operations are optional and usually belong late, so trying them first (as
        // their early call entries would have it) wastes most of the work on Jepsen histories;
        // and the pending call that fills a gap (a revision the store skipped) is usually a
        // recent one, while the oldest unplaced ones are those that never took effect.
        while true {
            if remainingCompleted == 0 && freshConfiguration {
                if let stop = reachedEnd() { return stop }
                // Enumerating: this end is recorded; look for the others.
                guard let resume = backtrack() else { return .exhausted }
                entry = resume.entry
                freshConfiguration = resume.fresh
                pendingPhase = resume.pendingPhase
                continue
            }
            if budget <= 0 { return nil }
            budget -= 1
            iterations &+= 1
            // The clock is read every 256 iterations (well under a millisecond of search), so
            // that a time limit is honoured to within a fraction of a percent.
            if iterations & 255 == 1 {
                if control.isCancelled { return .limited("cancelled: another partition is illegal") }
                if control.isPastDeadline { return .limited("time limit reached") }
                // The next doubling of the memo takes about twice the last one.
                cache.growthDeferred = control.isWithin(2 &* cache.lastGrowNanoseconds)
                let bytes = cache.bytes
                peakMemoBytes = max(peakMemoBytes, bytes)
                if bytes > options.cacheBytesMax {
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
                tryCandidate()
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

    /// Tries the operation of the call entry `entry`: linearizes it in its first new
    /// successor state, or moves on to the next candidate.
    private mutating func tryCandidate() {
        let index = Int(entry >> 1)
        let twin = Int(previousTwin[index])
        if hasReturn(index) == pendingPhase || (twin >= 0 && !isLinearized(twin)) {
            entry = pendingPhase ? prev[Int(entry)] : next[Int(entry)]
            return
        }
        let start = alternatives.count
        spec.successors(of: state, input: operations[index].input, observed: operations[index].output, into: &alternatives)
        let end = alternatives.count
        mark(index)
        var position = start
        while position < end {
            let candidate = alternatives[position]
            position += 1
            // A pending operation that changes nothing here is never worth placing here: the
            // configuration without it has the same state and more options.
            if pendingPhase && candidate == state { continue }
            if admissible(candidate) && remember(candidate) {
                frames.append(
                    Frame(node: entry, saved: state, next: Int32(position), end: Int32(end), start: Int32(start),
                          forced: false, pendingPhase: pendingPhase))
                state = candidate
                lift(index)
                freshConfiguration = true
                return
            }
        }
        unmark(index)
        alternatives.removeSubrange(start..<end)
        entry = pendingPhase ? prev[Int(entry)] : next[Int(entry)]
    }

    private enum SelfLoop { case none, taken, deadEnd }

    /// Linearizes, without a backtracking point, the first read-only operation that may come
    /// next and is legal in the current state (see the type's comment), or the first blind
    /// write that may come next where the value it ends is dead (`Overwrites`, lemma 2).
    private mutating func takeSelfLoop() -> SelfLoop {
        var node = next[Int(head)]
        while isCall(node) {
            let index = Int(node >> 1)
            if blindObject[index] >= 0, let overwrites, overwrites.isDead(state, Int(blindObject[index])) {
                if let taken = takeBlindWrite(index, node: node) { return taken }
                node = next[Int(node)]
                continue
            }
            if !readOnly[index] {
                node = next[Int(node)]
                continue
            }
            scratch.removeAll(keepingCapacity: true)
            spec.successors(of: state, input: operations[index].input, observed: operations[index].output, into: &scratch)
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

    /// Places the blind write `index` (of call entry `node`) where the value it ends is dead:
    /// every state it may lead to is dead there too and as good as any other (`Overwrites`,
    /// lemmas 1 and 2), so the first is taken without a backtracking point. Nil when the write
    /// is not enabled here.
    private mutating func takeBlindWrite(_ index: Int, node: Int32) -> SelfLoop? {
        scratch.removeAll(keepingCapacity: true)
        spec.successors(of: state, input: operations[index].input, observed: operations[index].output, into: &scratch)
        guard let successor = scratch.first else { return nil }
        mark(index)
        if admissible(successor) && remember(successor) {
            let position = Int32(alternatives.count)
            frames.append(
                Frame(node: node, saved: state, next: position, end: position, start: position, forced: true,
                      pendingPhase: false))
            state = successor
            lift(index)
            return .taken
        }
        // Explored before (so failed, as for a read), or past a bound: every run from here
        // places it first (lemma 2), so none does.
        unmark(index)
        return .deadEnd
    }

    /// Undoes frames until one has an untried alternative or can move on to the next
    /// candidate. Returns where to continue, or nil when every frame is exhausted.
    private mutating func backtrack() -> (entry: Int32, fresh: Bool, pendingPhase: Bool)? {
        if options.explain { recordBest() }
        while let frame = frames.last {
            let index = Int(frame.node >> 1)
            unlift(index)
            state = frame.saved
            // The step of this frame changes: the best prefix shares the steps before it only.
            sharedWithBest = min(sharedWithBest, frames.count - 1)
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

    /// The step of frame `position`: its operation and the state after it.
    private func stepOf(_ position: Int) -> LinearizationStep<S.State> {
        let after = position + 1 < frames.count ? frames[position + 1].saved : state
        return LinearizationStep(operationID: operations[Int(frames[position].node >> 1)].id, state: after)
    }

    private func currentPrefix() -> [LinearizationStep<S.State>] {
        (0..<frames.count).map(stepOf)
    }

    /// Keeps the current path when it is the longest so far, copying only the steps that
    /// differ from the best one kept (so that recording costs no more than the search's own
    /// steps did, even on a chunk of thousands of operations).
    private mutating func recordBest() {
        guard frames.count > bestPrefix.count else { return }
        if startIndex != bestStart {
            bestPrefix.removeAll()
            sharedWithBest = 0
            bestStart = startIndex
        }
        bestPrefix.removeSubrange(min(sharedWithBest, bestPrefix.count)...)
        for position in bestPrefix.count..<frames.count { bestPrefix.append(stepOf(position)) }
        sharedWithBest = frames.count
    }

    /// The operations that could come next after the best prefix and what the specification
    /// says about each, from real-time order: an operation may come next unless another one
    /// still to be placed returned before its call, which the two earliest returns tell.
    func blockedOperations() -> [BlockedOperation<S.Output>] {
        var done = Set(bestPrefix.map(\.operationID))
        for placed in starts[bestStart].placed { done.insert(operations[Int(placed)].id) }
        let current = bestPrefix.last?.state ?? starts[bestStart].state
        let open = operations.filter { !done.contains($0.id) }
        var first: (time: Int64, id: Int)? = nil
        var second: Int64? = nil
        for operation in open {
            guard let time = operation.returnTime else { continue }
            if first == nil || time < first!.time {
                second = first?.time
                first = (time, operation.id)
            } else if second == nil || time < second! {
                second = time
            }
        }
        var result: [BlockedOperation<S.Output>] = []
        for operation in open {
            let earliestOther = first.map { $0.id == operation.id ? second : $0.time } ?? nil
            if let earliestOther, earliestOther < operation.callTime { continue }
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
