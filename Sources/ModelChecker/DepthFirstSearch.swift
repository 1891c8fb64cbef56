import Foundation
import Support

/// Depth-first search bounded by `maxDepth`, for bugs that lie deep. A state reached again at
/// a smaller depth than before is expanded again, so every state within the depth bound is
/// explored; counterexamples are the first found, not necessarily the shortest.
@usableFromInline final class DepthFirstSearch<M: Model> {
    @usableFromInline struct Frame {
        @usableFromInline var state: M.State
        @usableFromInline var actions: [M.Action]
        @usableFromInline var next: Int
        /// The action index that led here from the frame below.
        @usableFromInline var via: Int

        @inlinable init(state: M.State, actions: [M.Action], next: Int, via: Int) {
            self.state = state
            self.actions = actions
            self.next = next
            self.via = via
        }
    }

    @usableFromInline let model: M
    @usableFromInline let options: CheckOptions
    @usableFromInline let plan: PropertyPlan<M>
    @usableFromInline let permutations: [[Int]]
    @usableFromInline let inverses: [UInt64]
    @usableFromInline @exclusivity(unchecked) var encoder = StateEncoder()
    @usableFromInline @exclusivity(unchecked) var scratch = StateEncoder()
    @usableFromInline @exclusivity(unchecked) var shallowest: [UInt64: Int32] = [:]
    @usableFromInline @exclusivity(unchecked) var shallowestExact: [ExactKey: Int32] = [:]
    @usableFromInline @exclusivity(unchecked) var traces: [Trace<M>?]
    @usableFromInline @exclusivity(unchecked) var statistics = CheckStatistics()
    @usableFromInline let start = ContinuousClock.now
    @usableFromInline @exclusivity(unchecked) var lastProgress = 0.0

    @usableFromInline init(model: M, options: CheckOptions) {
        self.model = model
        self.options = options
        plan = PropertyPlan(model: model, checkDeadlock: options.checkDeadlock)
        permutations = options.symmetry && model.symmetricIdentifierCount > 1
            ? Symmetry.permutations(of: model.symmetricIdentifierCount) : []
        inverses = Symmetry.packedInverses(of: permutations)
        traces = Array(repeating: nil, count: plan.results.count)
    }

    @usableFromInline var elapsed: Double {
        let duration = ContinuousClock.now - start
        return Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    /// Records the depth at which a state is reached; true when it must be (re-)expanded. Only
    /// a depth bound makes re-expansion at a smaller depth necessary (its successors may have
    /// been cut by the bound before); without one, a state is expanded once.
    @inlinable func visit(_ state: M.State, depth requested: Int) -> Bool {
        let depth = options.maxDepth == nil ? 0 : requested
        if permutations.isEmpty {
            encoder.reset()
            model.encode(state, into: &encoder)
        } else {
            Symmetry.canonicalEncoding(of: state, model: model, permutations: permutations, inverses: inverses, best: &encoder, scratch: &scratch)
        }
        let fingerprint = encoder.fingerprint
        if options.exact {
            let key = ExactKey(bytes: encoder.bytes, fingerprint: fingerprint)
            if let seen = shallowestExact[key], Int(seen) <= depth { return false }
            shallowestExact[key] = Int32(depth)
        } else {
            if let seen = shallowest[fingerprint], Int(seen) <= depth { return false }
            shallowest[fingerprint] = Int32(depth)
        }
        return true
    }

    @usableFromInline func trace(_ stack: [Frame], initialIndex: Int, extra: (M.Action, M.State)? = nil) -> Trace<M> {
        var steps: [(action: M.Action, state: M.State)] = []
        for index in stack.indices.dropFirst() {
            let below = stack[index - 1]
            steps.append((below.actions[stack[index].via], stack[index].state))
        }
        if let extra { steps.append(extra) }
        return Trace(initial: stack[0].state, steps: steps)
    }

    @usableFromInline var allDecided: Bool {
        plan.possibly.isEmpty && !plan.decidable.isEmpty && plan.decidable.allSatisfy { traces[$0] != nil }
    }

    @usableFromInline var anyViolation: Bool { plan.failingWhenFound.contains { traces[$0] != nil } }

    @inlinable func run() -> CheckResult<M> {
        var complete = true
        var stoppedBy: StopReason?
        let maxDepth = options.maxDepth ?? Int(Int32.max)
        search: for (initialIndex, initial) in model.initialStates.enumerated() {
            statistics.generated += 1
            guard model.isWithinConstraint(initial) else {
                for (result, property) in plan.invariants where traces[result] == nil && !property.holds(model, initial) {
                    traces[result] = Trace(initial: initial, steps: [])
                }
                continue
            }
            guard visit(initial, depth: 1) else { continue }
            var stack: [Frame] = []
            enter(initial, via: 0, stack: &stack, initialIndex: initialIndex)
            while let top = stack.last {
                if let limit = options.timeLimit, elapsed >= limit {
                    complete = false
                    stoppedBy = .timeLimit(limit)
                    break search
                }
                if let progress = options.progress, elapsed - lastProgress >= options.progressInterval {
                    lastProgress = elapsed
                    progress(ProgressReport(seconds: elapsed, depth: stack.count, distinct: distinctCount,
                                            generated: statistics.generated, queue: stack.count))
                }
                if (options.stopAtFirst && anyViolation) || allDecided {
                    complete = false
                    stoppedBy = allDecided ? .everyPropertyDecided : .firstViolation
                    break search
                }
                if let maximum = options.maxStates, distinctCount >= maximum {
                    complete = false
                    stoppedBy = .maxStates(maximum)
                    break search
                }
                if top.next >= top.actions.count {
                    stack.removeLast()
                    continue
                }
                let actionIndex = top.next
                stack[stack.count - 1].next += 1
                let action = top.actions[actionIndex]
                guard let next = model.successor(of: top.state, by: action) else { continue }
                // Every generated step is checked, at the depth bound too: when the bound
                // leaves nothing new unexplored the run is complete, and its verdict must be
                // the unbounded one.
                statistics.generated += 1
                for (result, property) in plan.transitions
                where traces[result] == nil && !property.holds(model, top.state, action, next) {
                    traces[result] = trace(stack, initialIndex: initialIndex, extra: (action, next))
                }
                guard model.isWithinConstraint(next) else {
                    for (result, property) in plan.invariants where traces[result] == nil && !property.holds(model, next) {
                        traces[result] = trace(stack, initialIndex: initialIndex, extra: (action, next))
                    }
                    continue
                }
                if stack.count >= maxDepth {
                    // At the depth bound: a successor not yet seen means the search is incomplete.
                    if isUnseen(next) {
                        complete = false
                        stoppedBy = .maxDepth(maxDepth)
                    }
                    continue
                }
                guard visit(next, depth: stack.count + 1) else { continue }
                enter(next, via: actionIndex, stack: &stack, initialIndex: initialIndex)
            }
        }
        return finish(complete: complete, stoppedBy: stoppedBy)
    }

    /// The result of the search (off the hot path, so not inlined into the specialised search).
    @usableFromInline func finish(complete: Bool, stoppedBy: StopReason?) -> CheckResult<M> {
        var stoppedBy = stoppedBy
        statistics.distinct = distinctCount
        statistics.seconds = elapsed
        statistics.workers = 1
        statistics.tableBytes = options.exact
            ? shallowestExact.keys.reduce(0) { $0 + $1.bytes.count + 48 } : shallowest.capacity * 12
        statistics.collisionProbability = options.exact ? 0
            : CollisionEstimate.probability(distinct: statistics.distinct, generated: statistics.generated)
        if complete { stoppedBy = nil }
        var results: [PropertyResult<M>] = []
        for (result, entry) in plan.results.enumerated() {
            var outcome: Outcome
            var note: String?
            if !entry.applicable {
                outcome = .notApplicable
            } else if entry.kind == .alwaysPossibly {
                outcome = .unknown
                note = "alwaysPossibly is decided by breadth-first search only"
            } else if traces[result] != nil {
                outcome = entry.kind == .sometimes ? .witnessed : .violated
                note = "found by depth-first search: not necessarily the shortest trace"
            } else if entry.kind == .sometimes {
                outcome = complete ? .unwitnessed : .unknown
            } else {
                outcome = complete ? .holds : .unknown
            }
            results.append(PropertyResult(name: entry.name, kind: entry.kind, outcome: outcome, trace: traces[result], note: note))
        }
        return CheckResult(strategy: .dfs, complete: complete, stoppedBy: stoppedBy, statistics: statistics,
                           symmetry: !permutations.isEmpty, exact: options.exact, properties: results)
    }

    @usableFromInline var distinctCount: Int { options.exact ? shallowestExact.count : shallowest.count }

    @inlinable func isUnseen(_ state: M.State) -> Bool {
        if permutations.isEmpty {
            encoder.reset()
            model.encode(state, into: &encoder)
        } else {
            Symmetry.canonicalEncoding(of: state, model: model, permutations: permutations, inverses: inverses, best: &encoder, scratch: &scratch)
        }
        let fingerprint = encoder.fingerprint
        if options.exact { return shallowestExact[ExactKey(bytes: encoder.bytes, fingerprint: fingerprint)] == nil }
        return shallowest[fingerprint] == nil
    }

    /// Pushes a newly reached state: checks its properties and lists its actions.
    @inlinable func enter(_ state: M.State, via: Int, stack: inout [Frame], initialIndex: Int) {
        var actions: [M.Action] = []
        model.actions(in: state, into: &actions)
        stack.append(Frame(state: state, actions: actions, next: 0, via: via))
        statistics.depth = max(statistics.depth, stack.count)
        for (result, property) in plan.invariants where traces[result] == nil && !property.holds(model, state) {
            traces[result] = trace(stack, initialIndex: initialIndex)
        }
        for (result, property) in plan.sometimes where traces[result] == nil && property.holds(model, state) {
            traces[result] = trace(stack, initialIndex: initialIndex)
        }
        if let deadlock = plan.deadlock, traces[deadlock] == nil,
           !actions.contains(where: { model.successor(of: state, by: $0) != nil }) {
            traces[deadlock] = trace(stack, initialIndex: initialIndex)
        }
    }
}
