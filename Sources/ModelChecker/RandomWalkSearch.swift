import Dispatch
import Foundation
import Synchronization
import Support

/// Seeded random walks, for state spaces too large to exhaust. Walk `i` draws from stream `i`
/// of the seed, so what a walk does never depends on the number of workers, and among the
/// walks that found a violation the one with the lowest index is reported. Never complete.
@usableFromInline final class RandomWalkSearch<M: Model>: @unchecked Sendable {
    @usableFromInline struct WalkFinding {
        @usableFromInline var walk: Int
        @usableFromInline var initialIndex: Int
        @usableFromInline var actions: [Int]
    }

    @usableFromInline let model: M
    @usableFromInline let options: CheckOptions
    @usableFromInline let plan: PropertyPlan<M>
    @usableFromInline let walkLength: Int
    @usableFromInline let start = ContinuousClock.now
    @usableFromInline let nextWalk = Atomic<Int>(0)
    @usableFromInline let stop = Atomic<Bool>(false)
    @usableFromInline let found: Mutex<[WalkFinding?]>
    @usableFromInline let visited: Mutex<Set<UInt64>> = Mutex([])
    @usableFromInline let generated = Atomic<Int>(0)
    @usableFromInline let deepest = Atomic<Int>(0)

    @usableFromInline init(model: M, options: CheckOptions) {
        self.model = model
        self.options = options
        plan = PropertyPlan(model: model, checkDeadlock: options.checkDeadlock)
        walkLength = options.maxDepth.map { max(0, $0 - 1) } ?? options.defaultWalkLength
        found = Mutex(Array(repeating: nil, count: plan.results.count))
    }

    @usableFromInline var elapsed: Double {
        let duration = ContinuousClock.now - start
        return Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    @inlinable func run() -> CheckResult<M> {
        let workerCount = max(1, options.workers)
        parallel(workerCount) { _ in self.work() }
        return finish(workerCount: workerCount)
    }

    /// The result of the walks (off the hot path, so not inlined into the specialised walks).
    @usableFromInline func finish(workerCount: Int) -> CheckResult<M> {
        let findings = found.withLock { $0 }
        var statistics = CheckStatistics()
        statistics.generated = generated.load(ordering: .relaxed)
        statistics.distinct = visited.withLock { $0.count }
        statistics.depth = deepest.load(ordering: .relaxed)
        statistics.seconds = elapsed
        statistics.workers = workerCount
        statistics.collisionProbability = CollisionEstimate.probability(distinct: statistics.distinct, generated: statistics.generated)
        var results: [PropertyResult<M>] = []
        for (result, entry) in plan.results.enumerated() {
            var outcome = Outcome.unknown
            var trace: Trace<M>?
            var note: String?
            if !entry.applicable {
                outcome = .notApplicable
            } else if let finding = findings[result] {
                outcome = entry.kind == .sometimes ? .witnessed : .violated
                trace = model.trace(initialIndex: finding.initialIndex, actionIndices: finding.actions)
                note = "found by random walk \(finding.walk) of seed \(options.seed): not necessarily the shortest trace"
            } else if entry.kind == .alwaysPossibly {
                note = "alwaysPossibly is decided by breadth-first search only"
            }
            results.append(PropertyResult(name: entry.name, kind: entry.kind, outcome: outcome, trace: trace, note: note))
        }
        let timedOut = options.timeLimit.map { elapsed >= $0 } ?? false
        return CheckResult(strategy: .random, complete: false,
                           stoppedBy: timedOut ? .timeLimit(options.timeLimit ?? 0) : .randomWalks(walks: options.walks, seed: options.seed),
                           statistics: statistics, symmetry: false, exact: false, properties: results)
    }

    @usableFromInline func record(_ result: Int, walk: Int, initialIndex: Int, actions: [Int]) {
        found.withLock { findings in
            if let current = findings[result], current.walk <= walk { return }
            findings[result] = WalkFinding(walk: walk, initialIndex: initialIndex, actions: actions)
        }
    }

    @inlinable func work() {
        var encoder = StateEncoder()
        var seen: Set<UInt64> = []
        var buffer: [M.Action] = []
        var successors: [(index: Int, state: M.State)] = []
        var localGenerated = 0
        var localDeepest = 0
        defer {
            visited.withLock { $0.formUnion(seen) }
            generated.add(localGenerated, ordering: .relaxed)
            deepest.max(localDeepest, ordering: .relaxed)
        }
        let initials = model.initialStates
        guard !initials.isEmpty else { return }
        while !stop.load(ordering: .relaxed) {
            let walk = nextWalk.add(1, ordering: .relaxed).oldValue
            if walk >= options.walks { return }
            if let limit = options.timeLimit, elapsed >= limit {
                stop.store(true, ordering: .relaxed)
                return
            }
            var random = SplitMix64.stream(options.seed, walk)
            let initialIndex = random.below(initials.count)
            var state = initials[initialIndex]
            var path: [Int] = []
            localGenerated += 1
            for step in 0...walkLength {
                localDeepest = max(localDeepest, step + 1)
                encoder.reset()
                model.encode(state, into: &encoder)
                seen.insert(encoder.fingerprint)
                for (result, property) in plan.invariants where !property.holds(model, state) {
                    record(result, walk: walk, initialIndex: initialIndex, actions: path)
                }
                for (result, property) in plan.sometimes where property.holds(model, state) {
                    record(result, walk: walk, initialIndex: initialIndex, actions: path)
                }
                if step == walkLength { break }
                buffer.removeAll(keepingCapacity: true)
                model.actions(in: state, into: &buffer)
                successors.removeAll(keepingCapacity: true)
                var enabled = false
                for (index, action) in buffer.enumerated() {
                    guard let next = model.successor(of: state, by: action) else { continue }
                    enabled = true
                    localGenerated += 1
                    for (result, property) in plan.transitions where !property.holds(model, state, action, next) {
                        record(result, walk: walk, initialIndex: initialIndex, actions: path + [index])
                    }
                    if model.isWithinConstraint(next) {
                        successors.append((index, next))
                    } else {
                        for (result, property) in plan.invariants where !property.holds(model, next) {
                            record(result, walk: walk, initialIndex: initialIndex, actions: path + [index])
                        }
                    }
                }
                if !enabled, let deadlock = plan.deadlock {
                    record(deadlock, walk: walk, initialIndex: initialIndex, actions: path)
                }
                guard !successors.isEmpty else { break }
                let chosen = successors[random.below(successors.count)]
                path.append(chosen.index)
                state = chosen.state
            }
            let decided = found.withLock { findings in
                plan.decidable.allSatisfy { findings[$0] != nil } && !plan.decidable.isEmpty
            }
            if decided || (options.stopAtFirst && found.withLock({ f in plan.failingWhenFound.contains { f[$0] != nil } })) {
                stop.store(true, ordering: .relaxed)
            }
        }
    }
}
