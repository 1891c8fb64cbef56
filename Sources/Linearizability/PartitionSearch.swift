/// The search for a linearization of one partition, cut into chunks at the points where no
/// completed operation is open, so that a long history is decided in time and memory that grow
/// with its concurrency rather than its length.
///
/// At such a cut every completed operation called before it has returned, and every operation
/// called after it starts later still, so in any linearization the completed operations before
/// the cut all come before those after it. What crosses the cut is the configuration: the
/// specification's state, and the pending operations called before the cut that are still
/// unplaced (they may take effect later, or never). A chunk is searched (`ChunkSearch`) from
/// every configuration the previous one can end in, and finds every configuration it can end in
/// itself; the last chunk only needs one. The memo, the frames and the bitsets are the chunk's
/// own and are dropped at the cut, so a history of 700,000 calls that never overlap is 2,700
/// small searches rather than one whose every memo entry holds a 700,000-bit set.
///
/// Chunks are grown to at least `cutOperationsMin` operations before a cut is used (a chunk
/// costs a fixed setup, and small chunks save nothing). A chunk that can end in more than
/// `carriedConfigurationsMax` configurations (many unplaced pending calls,
/// many orders of concurrent writes) is not cut after: the rest of the partition is searched
/// as one chunk, for a first linearization, as a search without cuts would.
///
/// The search is resumable (`advance(budget:)`), so that the checker can run the partitions of
/// a history a slice at a time, round-robin, and stop at the first illegal one found.
struct PartitionSearch<S: Specification> {
    typealias Op = Operation<S.Input, S.Output>

    /// A configuration at a cut, kept with the steps that reached it from the previous one.
    private struct Carried {
        var state: S.State
        /// Positions (in `operations`) of the pending operations still unplaced, increasing.
        var unplaced: [Int]
        var parent: Int
        var steps: [LinearizationStep<S.State>]
    }

    private let spec: S
    /// Sorted by call time (ties by position in the history).
    private let operations: [Op]
    private let control: SearchControl
    private let options: LinearizabilityOptions
    /// Blind writes and dead values, for every chunk (see `Overwrites`).
    private let overwrites: Overwrites<S.State>?
    /// The chunks, as ranges of `operations`.
    private let chunks: [Range<Int>]
    /// Per chunk, the smallest progress bound of the completed operations of the later chunks.
    private let laterBounds: [Int64]
    private let names: NameTable
    /// Per slot of `names`, the operations of the chunks after the current one that carry it.
    private var laterNamers: [Int32]

    private var chunkIndex = 0
    /// Searching the rest of the partition as one chunk (a chunk overflowed).
    private var rest = false
    private var carried: [Carried]
    /// The configurations (indices into `carried`) the current chunk starts from.
    private var starts: [Int]
    private var search: ChunkSearch<S>?
    /// The carried operations of the current chunk, by local index.
    private var carriedOperations: [Int] = []
    private var explored = 0
    private var peakMemoBytes = 0
    private(set) var cuts = 0

    init(
        spec: S, operations unsorted: [Op], control: SearchControl, options: LinearizabilityOptions,
        overwrites: Overwrites<S.State>? = nil
    ) {
        self.spec = spec
        self.overwrites = overwrites
        self.control = control
        self.options = options
        let order = unsorted.indices.sorted { (unsorted[$0].callTime, $0) < (unsorted[$1].callTime, $1) }
        let operations = order.map { unsorted[$0] }
        self.operations = operations
        chunks = PartitionSearch.chunks(of: operations, operationsMin: options.cutOperationsMin)
        var bounds = Array(repeating: Int64.max, count: chunks.count)
        var later = Int64.max
        for chunk in chunks.indices.reversed() {
            bounds[chunk] = later
            for operation in operations[chunks[chunk]] where !operation.isPending {
                if let bound = spec.progressBound(of: operation.input, observed: operation.output) { later = min(later, bound) }
            }
        }
        laterBounds = bounds
        names = NameTable(names: operations.map { spec.names(of: $0.input, observed: $0.output) })
        var counts = Array(repeating: Int32(0), count: names.slotCount)
        for position in chunks.dropFirst().first.map({ $0.lowerBound..<operations.count }) ?? 0..<0 {
            for slot in names.slotsOf[position] { counts[Int(slot)] += 1 }
        }
        laterNamers = counts
        carried = [Carried(state: spec.initialState, unplaced: [], parent: -1, steps: [])]
        starts = [0]
    }

    /// Ranges of the operations (sorted by call) between cuts, each of at least `operationsMin`
    /// operations but the last. A cut before operation i means every completed operation
    /// called before it returned before it was called.
    static func chunks(of operations: [Op], operationsMin: Int) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var chunkStart = 0
        var latestReturn = Int64.min
        for (position, operation) in operations.enumerated() {
            if position - chunkStart >= operationsMin && latestReturn < operation.callTime {
                result.append(chunkStart..<position)
                chunkStart = position
            }
            if let returnTime = operation.returnTime { latestReturn = max(latestReturn, returnTime) }
        }
        if chunkStart < operations.count || result.isEmpty { result.append(chunkStart..<operations.count) }
        return result
    }

    /// Searches the whole partition.
    mutating func run() -> PartitionResult<S> {
        while true {
            var budget = Int.max
            if let result = advance(budget: &budget) { return result }
        }
    }

    /// Searches for at most `budget` more iterations (counting it down); nil when the budget
    /// ran out before the answer.
    mutating func advance(budget: inout Int) -> PartitionResult<S>? {
        while true {
            if search == nil { search = makeChunk() }
            guard let outcome = search!.run(budget: &budget) else { return nil }
            explored += search!.statesExplored
            peakMemoBytes = max(peakMemoBytes, search!.peakMemoBytes)
            switch outcome {
            case .limited(let reason):
                return result(.unknown, reason: reason)
            case .overflow:
                rest = true
                search = nil
            case .finished:
                let ends = search!.ends
                if ends.isEmpty { return result(.illegal, reason: nil) }
                if rest || chunkIndex == chunks.count - 1 {
                    return PartitionResult(
                        outcome: .ok, operationIDs: operationIDs, linearization: path(to: starts[ends[0].start]) + ends[0].steps,
                        statesExplored: explored, peakMemoBytes: peakMemoBytes, cuts: cuts)
                }
                carry(ends)
            }
        }
    }

    /// Gives up (another partition decided the history): unknown, with what was found so far.
    mutating func abandon(reason: String) -> PartitionResult<S> {
        if search == nil { search = makeChunk() }
        explored += search!.statesExplored
        return result(.unknown, reason: reason)
    }

    private var operationIDs: [Int] { operations.map(\.id).sorted() }

    /// Keeps the chunk's end configurations as the next chunk's starts, and moves on.
    private mutating func carry(_ ends: [ChunkSearch<S>.End]) {
        var nextStarts: [Int] = []
        let own = chunkOperations.lowerBound
        for end in ends {
            let unplaced = end.unplaced.map { local in
                Int(local) < carriedOperations.count ? carriedOperations[Int(local)] : own + Int(local) - carriedOperations.count
            }
            nextStarts.append(carried.count)
            carried.append(Carried(state: end.state, unplaced: unplaced.sorted(), parent: starts[end.start], steps: end.steps))
        }
        starts = nextStarts
        chunkIndex += 1
        cuts += 1
        search = nil
        // The operations of the new chunk are no longer later ones.
        for position in chunks[chunkIndex] {
            for slot in names.slotsOf[position] { laterNamers[Int(slot)] -= 1 }
        }
    }

    /// The positions of the current chunk's own operations (after the carried ones).
    private var chunkOperations: Range<Int> {
        rest ? chunks[chunkIndex].lowerBound..<operations.count : chunks[chunkIndex]
    }

    private mutating func makeChunk() -> ChunkSearch<S> {
        var carriedSet: Set<Int> = []
        for start in starts { carriedSet.formUnion(carried[start].unplaced) }
        carriedOperations = carriedSet.sorted()
        let own = chunkOperations
        let positions = carriedOperations + Array(own)
        var localOf: [Int: Int32] = [:]
        for (local, position) in carriedOperations.enumerated() { localOf[position] = Int32(local) }
        let chunkStarts = starts.map { start -> ChunkSearch<S>.Start in
            let unplaced = Set(carried[start].unplaced)
            let placed = carriedOperations.filter { !unplaced.contains($0) }.map { localOf[$0]! }
            return ChunkSearch<S>.Start(state: carried[start].state, placed: placed)
        }
        var namers = rest ? Array(repeating: Int32(0), count: names.slotCount) : laterNamers
        for position in positions {
            for slot in names.slotsOf[position] { namers[Int(slot)] += 1 }
        }
        let last = rest || chunkIndex == chunks.count - 1
        return ChunkSearch(
            spec: spec, operations: positions.map { operations[$0] }, starts: chunkStarts,
            mode: last ? .findFirst : .enumerate(endsMax: options.carriedConfigurationsMax), names: names,
            namesOf: positions.map { names.slotsOf[$0] }, namers: namers, laterBound: rest ? Int64.max : laterBounds[chunkIndex],
            control: control, options: options, overwrites: overwrites)
    }

    /// The steps from the initial state to carried configuration `index`.
    private func path(to index: Int) -> [LinearizationStep<S.State>] {
        var pieces: [[LinearizationStep<S.State>]] = []
        var node = index
        while node >= 0 {
            pieces.append(carried[node].steps)
            node = carried[node].parent
        }
        return pieces.reversed().flatMap { $0 }
    }

    private func result(_ outcome: Verdict, reason: String?) -> PartitionResult<S> {
        let search = search!
        let prefix = path(to: starts[search.bestStart]) + search.bestPrefix
        let blocked = outcome == .illegal && options.explain ? search.blockedOperations() : []
        return PartitionResult(
            outcome: outcome, operationIDs: operationIDs, linearization: prefix, blocked: blocked, unknownReason: reason,
            statesExplored: explored, peakMemoBytes: peakMemoBytes, cuts: cuts)
    }
}
