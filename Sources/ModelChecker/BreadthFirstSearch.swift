import Dispatch
import Foundation
import Synchronization
import Support

/// Level-synchronous parallel breadth-first search.
///
/// Each level runs in three phases separated by barriers:
/// 1. *Expand* (parallel): workers take chunks of the level in rank order, check each state's
///    properties, generate its successors and keep them, fingerprinted, as candidates tagged
///    with their claim (parent rank, action index). Nothing is looked up yet.
/// 2. *Insert* (parallel by stripe): each stripe of the visited set is owned by one thread,
///    which inserts that stripe's candidates of all workers in claim order; a fingerprint
///    already present loses, and among this level's the lowest claim wins. A stripe is small
///    enough to stay in the cache while it is filled, which is what makes this fast.
/// 3. *Order* (serial merge): the winners, in claim order, form the next level and get their
///    ids and parent links.
/// The next level and every trace are therefore the same for any number of workers.
/// Exclusivity by construction: the search's mutable fields are written only between parallel
/// phases (workers read them, never write them, while they expand), so they are declared
/// `@exclusivity(unchecked)`.
@usableFromInline final class BreadthFirstSearch<M: Model>: @unchecked Sendable {
    @usableFromInline enum Mode: Sendable { case expand, probe, checkOnly }

    @usableFromInline let model: M
    @usableFromInline let options: CheckOptions
    @usableFromInline let plan: PropertyPlan<M>
    @usableFromInline let permutations: [[Int]]
    /// The permutations' `Symmetry.packedInverses`.
    @usableFromInline let inverses: [UInt64]
    @usableFromInline let store: StateStore
    @usableFromInline let workerCount: Int
    @usableFromInline let workers: [BFSWorker<M>]
    @usableFromInline let keepsGraph: Bool

    @usableFromInline @exclusivity(unchecked) var parents = ParentLinks()
    @usableFromInline @exclusivity(unchecked) var findings: [Finding?]
    @usableFromInline @exclusivity(unchecked) var statistics = CheckStatistics()
    @usableFromInline @exclusivity(unchecked) var graph = StateGraph()
    @usableFromInline let start = ContinuousClock.now
    @usableFromInline let stopRequested = Atomic<Bool>(false)
    @usableFromInline let chunkCounter = Atomic<Int>(0)
    @usableFromInline let lastProgress = Mutex<Double>(0)
    @usableFromInline @exclusivity(unchecked) var stoppedBy: StopReason?

    // The level being expanded.
    @usableFromInline @exclusivity(unchecked) var frontier: [M.State] = []
    @usableFromInline @exclusivity(unchecked) var frontierClaims: [UInt64] = []
    @usableFromInline @exclusivity(unchecked) var levelBase = 0
    @usableFromInline @exclusivity(unchecked) var depth = 1

    /// Inlinable so that the property plan is built specialised (see `PropertyPlan.init`).
    @inlinable init(model: M, options: CheckOptions) {
        self.model = model
        self.options = options
        let plan = PropertyPlan(model: model, checkDeadlock: options.checkDeadlock)
        self.plan = plan
        permutations = options.symmetry && model.symmetricIdentifierCount > 1
            ? Symmetry.permutations(of: model.symmetricIdentifierCount) : []
        inverses = Symmetry.packedInverses(of: permutations)
        keepsGraph = !plan.possibly.isEmpty
        store = StateStore(exact: options.exact, keepsIds: !plan.possibly.isEmpty)
        let workerCount = max(1, options.workers)
        self.workerCount = workerCount
        let resultCount = plan.results.count
        var workers: [BFSWorker<M>] = []
        for _ in 0..<workerCount { workers.append(BFSWorker<M>(resultCount: resultCount)) }
        self.workers = workers
        findings = Array(repeating: nil, count: plan.results.count)
    }

    @usableFromInline var elapsed: Double {
        let duration = ContinuousClock.now - start
        return Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    @inlinable func run() -> CheckResult<M> {
        seedInitialStates()
        var complete = true
        levels: while !frontier.isEmpty {
            statistics.peakQueue = max(statistics.peakQueue, frontier.count)
            statistics.depth = depth
            if let limit = options.maxDepth, depth >= limit {
                runExpansion(0..<frontier.count, mode: .probe)
                if workers.contains(where: { $0.truncated }) {
                    complete = false
                    stoppedBy = .maxDepth(limit)
                }
                // The probe marked, for the state graph, each state with a successor it left
                // unexplored, and recorded its steps to stored states as edges; a state
                // without successors stays a definite dead end.
                if keepsGraph {
                    parallel(workerCount) { index in self.workers[index].resolveEdges(store: self.store) }
                    for worker in workers { graph.appendEdges(from: worker) }
                }
                for worker in workers { worker.clearEdges() }
                break
            }
            // Expand the level in segments of parents, building the next level as we go: a
            // segment's candidates are decided before the next segment is expanded, which
            // bounds the memory they take, and segments in rank order keep claim order.
            let nextBase = levelBase + frontier.count
            var next: [M.State] = []
            var nextClaims: [UInt64] = []
            var segmentStart = 0
            while segmentStart < frontier.count {
                let segmentEnd = min(frontier.count, segmentStart + segmentSize)
                runExpansion(segmentStart..<segmentEnd, mode: .expand)
                if stopRequested.load(ordering: .relaxed) {
                    // Stopped inside a level: its states' successors are only partly known.
                    complete = false
                    for worker in workers { worker.clearCandidates() }
                    if keepsGraph {
                        graph.addStates(next.count)
                        graph.markUnexplored(levelBase..<(nextBase + next.count))
                    }
                    break levels
                }
                insertCandidates()
                let produced = workers.reduce(0) { $0 + $1.claims.count }
                appendWinners(nextBase: nextBase, into: &next, claims: &nextClaims)
                adaptSegmentSize(parents: segmentEnd - segmentStart, candidates: produced)
                segmentStart = segmentEnd
            }
            if keepsGraph {
                graph.addStates(next.count)
                parallel(workerCount) { index in self.workers[index].resolveEdges(store: self.store) }
                for worker in workers { graph.appendEdges(from: worker) }
            }
            for worker in workers { worker.clearEdges() }
            levelBase = nextBase
            frontier = next
            frontierClaims = nextClaims
            depth += 1
            if let reason = stopReason() {
                stoppedBy = reason
                complete = frontier.isEmpty
                if !frontier.isEmpty {
                    // Every stored state is checked, even in a level that is not expanded.
                    statistics.peakQueue = max(statistics.peakQueue, frontier.count)
                    statistics.depth = depth
                    runExpansion(0..<frontier.count, mode: .checkOnly)
                    if keepsGraph { graph.markUnexplored(levelBase..<(levelBase + frontier.count)) }
                }
                break
            }
        }
        if stopRequested.load(ordering: .relaxed) {
            complete = false
            stoppedBy = .timeLimit(options.timeLimit ?? 0)
        }
        if complete { stoppedBy = nil }
        return finish(complete: complete)
    }

    /// Parents per segment, adapted so a segment's candidates take about
    /// `segmentBytesTarget` of inline storage (large segments keep the insertion phase's
    /// stripes in cache for longer; small ones bound memory for large states).
    @usableFromInline @exclusivity(unchecked) var segmentSize = 4096
    @usableFromInline static var segmentBytesTarget: Int { 256 << 20 }

    @usableFromInline func adaptSegmentSize(parents: Int, candidates: Int) {
        guard parents > 0 else { return }
        let perCandidate = MemoryLayout<M.State>.stride + 40
        let targetCandidates = max(1 << 16, min(1 << 23, Self.segmentBytesTarget / perCandidate))
        let perParent = max(1.0, Double(candidates) / Double(parents))
        segmentSize = max(256, min(1 << 22, Int(Double(targetCandidates) / perParent)))
    }

    // MARK: Initial states

    @usableFromInline func seedInitialStates() {
        let worker = workers[0]
        var seen = LocalFingerprintSet()
        for (index, state) in model.initialStates.enumerated() {
            statistics.generated += 1
            guard model.isWithinConstraint(state) else {
                for (result, property) in plan.invariants where !property.holds(model, state) {
                    // An initial state outside the constraint has no stored id; keep it as a
                    // trace of length 0 through a pseudo id (the initial index, negated).
                    findings[result].keepMinimum(Finding(length: 0, key: UInt64(index), stateId: -1 - index, actionIndex: nil))
                }
                continue
            }
            let (fingerprint, key) = worker.fingerprint(state, model: model, permutations: permutations, inverses: inverses, exact: options.exact)
            guard seen.insert(fingerprint, key), store.insert(fingerprint, key) != nil else { continue }
            let id = parents.count
            parents.append(parent: nil, action: index)
            if keepsGraph {
                store.setId(id, fingerprint: fingerprint, key: key)
                graph.addStates(1)
            }
            frontier.append(state)
            frontierClaims.append(UInt64(index))
        }
    }

    // MARK: Phase 1: expansion

    @inlinable func runExpansion(_ range: Range<Int>, mode: Mode) {
        let count = range.upperBound
        let chunk = max(1, min(1024, range.count / (workerCount * 32)))
        chunkCounter.store(range.lowerBound, ordering: .relaxed)
        let undecidedSometimes = plan.sometimes.filter { findings[$0.result] == nil }
        // The checks as locals, passed down borrowed: read from `plan` in the loops, each
        // loop retained the array and each check's closure (two atomic pairs per successor).
        let checks = Checks(invariants: plan.invariants, transitions: plan.transitions, sometimes: undecidedSometimes)
        graph.withFlags { buffer in
            let flags = SharedBuffer(buffer)
            parallel(workerCount) { index in
                let worker = self.workers[index]
                while !self.stopRequested.load(ordering: .relaxed) {
                    let first = self.chunkCounter.add(chunk, ordering: .relaxed).oldValue
                    if first >= count { break }
                    for rank in first..<min(first + chunk, count) {
                        self.expand(worker, rank: rank, mode: mode, checks: checks, flags: flags)
                    }
                    if index == 0 { self.tick(worker) }
                }
            }
        }
        for worker in workers {
            for result in findings.indices { findings[result].keepMinimum(worker.findings[result]) }
            worker.findings = Array(repeating: nil, count: findings.count)
            statistics.generated += worker.generated
            worker.generated = 0
        }
    }

    /// The properties one expansion phase evaluates (`sometimes`: those still undecided).
    @usableFromInline struct Checks: Sendable {
        @usableFromInline let invariants: [(result: Int, property: PropertyPlan<M>.StateCheck)]
        @usableFromInline let transitions: [(result: Int, property: PropertyPlan<M>.StepCheck)]
        @usableFromInline let sometimes: [(result: Int, property: PropertyPlan<M>.StateCheck)]

        @inlinable init(invariants: [(result: Int, property: PropertyPlan<M>.StateCheck)],
                        transitions: [(result: Int, property: PropertyPlan<M>.StepCheck)],
                        sometimes: [(result: Int, property: PropertyPlan<M>.StateCheck)]) {
            self.invariants = invariants
            self.transitions = transitions
            self.sometimes = sometimes
        }
    }

    @inline(__always)
    @inlinable func expand(_ worker: BFSWorker<M>, rank: Int, mode: Mode, checks: Checks, flags: SharedBuffer<UInt8>) {
        let state = frontier[rank]
        let id = levelBase + rank
        let length = depth - 1
        let key = frontierClaims[rank]
        for (result, property) in checks.invariants where !property.holds(model, state) {
            worker.findings[result].keepMinimum(Finding(length: length, key: key, stateId: id, actionIndex: nil))
        }
        for (result, property) in checks.sometimes where property.holds(model, state) {
            worker.findings[result].keepMinimum(Finding(length: length, key: key, stateId: id, actionIndex: nil))
        }
        if keepsGraph {
            for (goal, entry) in plan.possibly.enumerated() where entry.property.holds(model, state) {
                flags[id] |= StateGraph.goalBit(goal)
            }
        }
        if mode == .checkOnly { return }

        worker.actions.removeAll(keepingCapacity: true)
        model.actions(in: state, into: &worker.actions)
        precondition(worker.actions.count <= Claim.maximumActions, "too many actions in one state")
        var enabled = false
        var unexplored = false
        // One scratch state, reset to the parent before each action and changed in place.
        var next = state
        for actionIndex in worker.actions.indices {
            let action = worker.actions[actionIndex]
            if actionIndex > 0 { next = state }
            guard model.successor(of: state, by: action, into: &next) else { continue }
            enabled = true
            worker.generated += 1
            let claim = Claim.make(rank: rank, action: actionIndex)
            // Every generated step is checked, at the depth bound too: when the bound leaves
            // nothing new unexplored the run is complete, and its verdict must be the
            // unbounded one.
            for (result, property) in checks.transitions where !property.holds(model, state, action, next) {
                worker.findings[result].keepMinimum(Finding(length: length + 1, key: claim, stateId: id, actionIndex: actionIndex))
            }
            guard model.isWithinConstraint(next) else {
                // TLC's constraint semantics: check the invariants, then discard.
                for (result, property) in checks.invariants where !property.holds(model, next) {
                    worker.findings[result].keepMinimum(Finding(length: length + 1, key: claim, stateId: id, actionIndex: actionIndex))
                }
                if keepsGraph { flags[id] |= StateGraph.cutBit }
                continue
            }
            if mode == .probe {
                if probe(worker, from: id, to: next) { unexplored = true }
                continue
            }
            if next == state && !keepsGraph {
                // A step that changes nothing leads to a stored state: skip the table.
                continue
            }
            let (fingerprint, exactKey) = worker.fingerprint(next, model: model, permutations: permutations, inverses: inverses, exact: options.exact)
            if keepsGraph { worker.recordEdge(from: id, to: fingerprint, exactKey) }
            // Whether the state is new is decided in the insertion phase, stripe by stripe,
            // where the stripe being filled stays in the processor's cache; looking it up here
            // would cost a cache miss per successor on large runs.
            worker.addCandidate(claim: claim, fingerprint: fingerprint, state: next, key: exactKey)
        }
        if unexplored && keepsGraph { flags[id] |= StateGraph.unexploredBit }
        if !enabled, let deadlock = plan.deadlock {
            worker.findings[deadlock].keepMinimum(Finding(length: length, key: key, stateId: id, actionIndex: nil))
        }
    }

    /// A successor within the constraint of a state at the depth bound: true when it is new,
    /// so the bound left it unexplored and the run is incomplete. A stored one becomes an
    /// edge of the state graph, so that a bound the space fits in leaves `alwaysPossibly`
    /// decided on the whole graph.
    @inline(__always)
    @inlinable func probe(_ worker: BFSWorker<M>, from id: Int, to next: M.State) -> Bool {
        // Once this worker knows the run is incomplete, only the graph needs the lookup.
        if worker.truncated && !keepsGraph { return true }
        let (fingerprint, exactKey) = worker.fingerprint(next, model: model, permutations: permutations, inverses: inverses, exact: options.exact)
        guard store.contains(fingerprint, exactKey) else {
            worker.truncated = true
            return true
        }
        if keepsGraph { worker.recordEdge(from: id, to: fingerprint, exactKey) }
        return false
    }

    /// Worker 0's periodic duties: the progress line and the time limit.
    @usableFromInline func tick(_ worker: BFSWorker<M>) {
        let now = elapsed
        if let limit = options.timeLimit, now >= limit { stopRequested.store(true, ordering: .relaxed) }
        guard let progress = options.progress else { return }
        let due = lastProgress.withLock { last -> Bool in
            if now - last >= options.progressInterval { last = now; return true }
            return false
        }
        if due {
            let pending = workers.reduce(0) { $0 + $1.claims.count }
            progress(ProgressReport(seconds: now, depth: depth, distinct: parents.count + pending,
                                    generated: statistics.generated + workers.reduce(0) { $0 + $1.generated },
                                    queue: frontier.count))
        }
    }

    // MARK: Phase 2: insertion by stripe

    @usableFromInline func insertCandidates() {
        parallel(workerCount) { index in self.workers[index].sortByStripe() }
        chunkCounter.store(0, ordering: .relaxed)
        // Plain buffers, so the merge loop touches no reference counts.
        var bucketViews: [UnsafeMutableBufferPointer<StripeEntry>] = []
        var winnerViews: [UnsafeMutableBufferPointer<Bool>] = []
        var stripeStarts: [[Int]] = []
        for worker in workers {
            bucketViews.append(worker.bucketed)
            winnerViews.append(worker.winners)
            stripeStarts.append(worker.stripeStarts)
        }
        let starts = stripeStarts
        // Each stripe's entries are written by the one thread that owns the stripe.
        nonisolated(unsafe) let buckets = bucketViews
        nonisolated(unsafe) let winners = winnerViews
        let keys = options.exact ? workers.map { $0.keys } : []
        let store = self.store
        let workerCount = self.workerCount
        parallel(workerCount) { _ in
            var cursors = Array(repeating: 0, count: workerCount)
            var ends = Array(repeating: 0, count: workerCount)
            while true {
                let stripe = self.chunkCounter.add(1, ordering: .relaxed).oldValue
                if stripe >= StateStore.stripeCount { break }
                for index in 0..<workerCount {
                    cursors[index] = starts[index][stripe]
                    ends[index] = starts[index][stripe + 1]
                }
                let table = keys.isEmpty ? store.fingerprintStripes[stripe] : nil
                // Merge the workers' candidates of this stripe in claim order: the first
                // insertion of a fingerprint is the lowest claim, which wins; a fingerprint
                // already stored (an earlier level, or a lower claim of this one) loses.
                while true {
                    var best = -1
                    var bestClaim = UInt64.max
                    for index in 0..<workerCount where cursors[index] < ends[index] {
                        let claim = buckets[index][cursors[index]].claim
                        if claim < bestClaim {
                            bestClaim = claim
                            best = index
                        }
                    }
                    if best < 0 { break }
                    let entry = buckets[best][cursors[best]]
                    cursors[best] += 1
                    let inserted = if let table { table.insert(entry.fingerprint) }
                                   else { store.insert(entry.fingerprint, keys[best][entry.index]) }
                    if inserted != nil { winners[best][entry.index] = true }
                }
            }
        }
    }

    // MARK: Phase 3: the next level, in claim order

    /// Appends this segment's winners to the next level in claim order, giving them ids and
    /// parent links, and empties the workers' candidate lists.
    @inlinable func appendWinners(nextBase: Int, into next: inout [M.State], claims nextClaims: inout [UInt64]) {
        var counts: [Int] = []
        for worker in workers { counts.append(worker.claims.count) }
        // Plain buffers, so the merge loop touches no reference counts.
        var claims: [UnsafeBufferPointer<UInt64>] = []
        var states: [UnsafeBufferPointer<M.State>] = []
        var fingerprints: [UnsafeBufferPointer<UInt64>] = []
        var winners: [UnsafeMutableBufferPointer<Bool>] = []
        for worker in workers {
            claims.append(worker.claims.view)
            states.append(worker.states.view)
            fingerprints.append(worker.fingerprints.view)
            winners.append(worker.winners)
        }
        // Room for this segment's winners, grown geometrically: appending one by one, the
        // level's array would regrow (copying every state) without the count known.
        var winnerCount = 0
        for index in 0..<workerCount {
            for candidate in 0..<counts[index] where winners[index][candidate] { winnerCount += 1 }
        }
        if next.capacity < next.count + winnerCount {
            next.reserveCapacity(max(next.count + winnerCount, 2 * next.capacity))
        }
        var cursors = Array(repeating: 0, count: workerCount)
        while true {
            var best = -1
            var bestClaim = UInt64.max
            for index in 0..<workerCount where cursors[index] < counts[index] {
                let claim = claims[index][cursors[index]]
                if claim < bestClaim {
                    bestClaim = claim
                    best = index
                }
            }
            if best < 0 { break }
            let candidate = cursors[best]
            cursors[best] += 1
            guard winners[best][candidate] else { continue }
            let id = nextBase + next.count
            parents.append(parent: levelBase + Claim.rank(bestClaim), action: Claim.action(bestClaim))
            if keepsGraph {
                store.setId(id, fingerprint: fingerprints[best][candidate],
                            key: options.exact ? workers[best].keys[candidate] : nil)
            }
            next.append(states[best][candidate])
            nextClaims.append(bestClaim)
        }
        for worker in workers { worker.clearCandidates() }
    }

    // MARK: Stopping

    /// Why to stop after this level; nil to go on (an empty frontier ends the loop complete).
    @usableFromInline func stopReason() -> StopReason? {
        if frontier.isEmpty { return nil }
        if stopRequested.load(ordering: .relaxed) { return nil }
        let violated = plan.failingWhenFound.contains { findings[$0] != nil }
        if options.stopAtFirst && violated { return .firstViolation }
        if plan.possibly.isEmpty && plan.decidable.allSatisfy({ findings[$0] != nil }) && !plan.decidable.isEmpty {
            return .everyPropertyDecided
        }
        if let maximum = options.maxStates, parents.count >= maximum { return .maxStates(maximum) }
        return nil
    }

    // MARK: Results

    @usableFromInline func finish(complete: Bool) -> CheckResult<M> {
        statistics.distinct = parents.count
        statistics.seconds = elapsed
        statistics.workers = workerCount
        statistics.tableBytes = store.tableBytes
        statistics.parentBytes = parents.bytes
        statistics.collisionProbability = options.exact ? 0
            : CollisionEstimate.probability(distinct: statistics.distinct, generated: statistics.generated)
        var possiblyOutcomes: [Int: (Outcome, Int?)] = [:]
        if keepsGraph {
            statistics.graphBytes = graph.bytes + store.idBytes
            for (goal, entry) in plan.possibly.enumerated() {
                possiblyOutcomes[entry.result] = graph.decideAlwaysPossibly(goal: goal, complete: complete)
            }
        }
        var results: [PropertyResult<M>] = []
        for (result, entry) in plan.results.enumerated() {
            var outcome: Outcome
            var trace: Trace<M>?
            var note: String?
            if !entry.applicable {
                outcome = .notApplicable
            } else if entry.kind == .alwaysPossibly {
                let (decided, stateId) = possiblyOutcomes[result]!
                outcome = decided
                if let stateId {
                    trace = traceTo(Finding(length: 0, key: 0, stateId: stateId, actionIndex: nil))
                    note = "from the last state of this trace the goal can no longer be reached"
                }
                if decided == .unknown {
                    note = "the verdict depends on successors cut by the constraint or bounds"
                }
            } else if let finding = findings[result] {
                outcome = entry.kind == .sometimes ? .witnessed : .violated
                trace = traceTo(finding)
            } else if entry.kind == .sometimes {
                outcome = complete ? .unwitnessed : .unknown
            } else {
                outcome = complete ? .holds : .unknown
            }
            results.append(PropertyResult(name: entry.name, kind: entry.kind, outcome: outcome, trace: trace, note: note))
        }
        return CheckResult(strategy: .bfs, complete: complete, stoppedBy: stoppedBy, statistics: statistics,
                           symmetry: !permutations.isEmpty, exact: options.exact, properties: results)
    }

    @usableFromInline func traceTo(_ finding: Finding) -> Trace<M> {
        if finding.stateId < 0 {
            return Trace(initial: model.initialStates[-1 - finding.stateId], steps: [])
        }
        var (initial, actions) = parents.path(to: finding.stateId)
        if let last = finding.actionIndex { actions.append(last) }
        return model.trace(initialIndex: initial, actionIndices: actions)
    }
}

/// Runs `body(0..<count)` on `count` threads and waits for all of them.
@usableFromInline func parallel(_ count: Int, _ body: @Sendable (Int) -> Void) {
    if count == 1 {
        body(0)
    } else {
        DispatchQueue.concurrentPerform(iterations: count, execute: body)
    }
}

/// A buffer that several threads write at distinct indices (never the same one).
@usableFromInline struct SharedBuffer<Element>: @unchecked Sendable {
    @usableFromInline let base: UnsafeMutableBufferPointer<Element>
    @inlinable init(_ base: UnsafeMutableBufferPointer<Element>) { self.base = base }
    @inlinable @inline(__always) subscript(index: Int) -> Element {
        get { base[index] }
        nonmutating set { base[index] = newValue }
    }
}
