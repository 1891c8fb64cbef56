import ModelChecker
import Models
import Support
import Testing

/// Symmetry reduction is sound only when renaming the interchangeable identifiers changes no
/// verdict: every property, the constraint and the transition relation must be invariant
/// under renaming. These tests check that, for every renaming, on states sampled from each
/// symmetric model (a prefix of the breadth-first order and seeded random walks, which reach
/// deeper): for a state s and a renaming π,
/// - renaming back gives s, and the identity renaming changes nothing;
/// - every state property (always, sometimes, alwaysPossibly's goal) and the constraint give
///   the same answer on s and on π(s);
/// - the successors of π(s) are the renamed successors of s, each with the same verdicts of
///   the transition properties (compared as multisets: actions have no renaming of their own).
enum SymmetryInvariance {
    /// The first `prefixStates` states in breadth-first order, then the states of `walks` seeded
    /// random walks of up to `walkLength` steps; only states within the constraint are expanded.
    static func sample<M: Model>(_ model: M, prefixStates: Int, walks: Int, walkLength: Int, seed: UInt64) -> [M.State] {
        var states: [M.State] = []
        var seen: Set<M.State> = []
        var frontier = model.initialStates
        var head = 0
        while head < frontier.count, states.count < prefixStates {
            let state = frontier[head]
            head += 1
            guard seen.insert(state).inserted else { continue }
            states.append(state)
            guard model.isWithinConstraint(state) else { continue }
            for action in model.actions(in: state) {
                if let next = model.successor(of: state, by: action), !seen.contains(next) { frontier.append(next) }
            }
        }
        for walk in 0..<walks {
            var random = SplitMix64.stream(seed, walk)
            var state = model.initialStates[random.below(model.initialStates.count)]
            for _ in 0..<walkLength {
                let successors = model.actions(in: state).compactMap { model.successor(of: state, by: $0) }
                    .filter { model.isWithinConstraint($0) }
                guard !successors.isEmpty else { break }
                state = successors[random.below(successors.count)]
                if seen.insert(state).inserted { states.append(state) }
            }
        }
        return states
    }

    static func inverse(of permutation: [Int]) -> [Int] {
        var inverse = Array(repeating: 0, count: permutation.count)
        for (from, to) in permutation.enumerated() { inverse[to] = from }
        return inverse
    }

    /// The verdicts of the state properties on `state`, as one string of t and f.
    static func stateVerdicts<M: Model>(_ model: M, _ state: M.State) -> String {
        String(model.properties.filter(\.isApplicable).compactMap { property -> Character? in
            guard case .state(let holds) = property.condition else { return nil }
            return holds(model, state) ? "t" : "f"
        })
    }

    /// Each successor of `state` with the verdicts of the transition properties on every step
    /// that leads to it (sorted, so that action order does not matter).
    static func steps<M: Model>(_ model: M, from state: M.State, renamedBy permutation: [Int]?) -> [M.State: [String]] {
        var result: [M.State: [String]] = [:]
        for action in model.actions(in: state) {
            guard let next = model.successor(of: state, by: action) else { continue }
            let verdicts = String(model.properties.filter(\.isApplicable).compactMap { property -> Character? in
                guard case .step(let holds) = property.condition else { return nil }
                return holds(model, state, action, next) ? "t" : "f"
            })
            let target = permutation.map { model.permuting(next, by: $0) } ?? next
            result[target, default: []].append(verdicts)
        }
        return result.mapValues { $0.sorted() }
    }

    /// Every way renaming breaks invariance on the sampled states, one sentence each.
    static func problems<M: Model>(_ model: M, states: [M.State]) -> [String] {
        let permutations = Symmetry.permutations(of: model.symmetricIdentifierCount)
        var problems: [String] = []
        func note(_ text: String, _ state: M.State, _ permutation: [Int]) {
            problems.append("\(text) under \(permutation) in \(model.describe(state).compactText)")
        }
        for state in states {
            if model.permuting(state, by: permutations[0]) != state { note("the identity renaming changes the state", state, permutations[0]) }
            let verdicts = stateVerdicts(model, state)
            let within = model.isWithinConstraint(state)
            let steps = within ? Self.steps(model, from: state, renamedBy: nil) : [:]
            for permutation in permutations.dropFirst() {
                let renamed = model.permuting(state, by: permutation)
                if model.permuting(renamed, by: inverse(of: permutation)) != state {
                    note("renaming back does not give the state", state, permutation)
                }
                if stateVerdicts(model, renamed) != verdicts { note("a state property changes", state, permutation) }
                if model.isWithinConstraint(renamed) != within { note("the constraint changes", state, permutation) }
                // The renamed successors of s, against the successors of π(s): both sides are
                // renamed by the same permutation, so the comparison is of states in normal form.
                if within {
                    let renamedSteps = Self.steps(model, from: renamed, renamedBy: nil)
                    let expected = Dictionary(steps.map { (model.permuting($0.key, by: permutation), $0.value) },
                                              uniquingKeysWith: { $0 + $1 }).mapValues { $0.sorted() }
                    if renamedSteps != expected { note("the steps (or their transition verdicts) change", state, permutation) }
                }
            }
        }
        return problems
    }
}

@Suite("Symmetry: properties, constraint and steps are invariant under renaming")
struct SymmetryInvarianceTests {
    /// Fails the test with the first problems found, and returns how many states were checked.
    @discardableResult
    static func expectInvariant<M: Model>(_ model: M, prefixStates: Int = 300, walks: Int = 8, walkLength: Int = 50,
                                          seed: UInt64 = 12, sourceLocation: SourceLocation = #_sourceLocation) -> Int {
        precondition(model.symmetricIdentifierCount > 1, "a symmetric model")
        let states = SymmetryInvariance.sample(model, prefixStates: prefixStates, walks: walks, walkLength: walkLength, seed: seed)
        let problems = SymmetryInvariance.problems(model, states: states)
        #expect(problems.isEmpty, "\(problems.count) problems, first: \(problems.prefix(3))", sourceLocation: sourceLocation)
        return states.count
    }

    @Test("two-phase commit", arguments: [(3, TwoPhaseCommit.Variant.correct), (4, .correct), (4, .commitWithoutAllPrepared)])
    func twoPhaseCommit(resourceManagers: Int, variant: TwoPhaseCommit.Variant) {
        let checked = Self.expectInvariant(TwoPhaseCommit(resourceManagers: resourceManagers, variant: variant))
        // 3 managers have 288 states, all of them in the prefix.
        #expect(checked >= 288)
    }

    static let raftConfigurations: [RaftConfiguration] = [
        { var c = RaftConfiguration(); c.maxDuplicates = 2; return c }(),
        { var c = RaftConfiguration(); c.maxLogLength = 1; c.values = 2; c.maxTerm = 3; return c }(),
        { var c = RaftConfiguration(); c.servers = 4; c.restarts = false; c.drops = false; return c }(),
        { var c = RaftConfiguration(); c.maxLogLength = 1; c.variant = .commitByCountingOldTerm; c.maxTerm = 3; return c }(),
        { var c = RaftConfiguration(); c.variant = .forgetVoteOnRestart; return c }(),
    ]

    @Test("raft-election", arguments: raftConfigurations)
    func raftElection(configuration: RaftConfiguration) {
        let checked = Self.expectInvariant(RaftElection(configuration), prefixStates: 150)
        #expect(checked > 150)
    }

    @Test("raft-election with TLC's history of logs")
    func raftElectionWithLogHistory() {
        var configuration = RaftConfiguration()
        configuration.maxLogLength = 1
        configuration.tlcHistory = true
        configuration.restarts = false
        configuration.drops = false
        #expect(Self.expectInvariant(RaftElectionWithLogHistory(configuration), prefixStates: 150) > 150)
    }

    @Test("lease-leader", arguments: [
        (2, LeaseLeader.Variant.fencedIdempotent), (3, .fencedIdempotent), (2, .getThenPut), (2, .watchFromNow),
        (2, .retryWithoutLookup), (2, .sessionOutlivesLease),
    ])
    func leaseLeader(brokers: Int, variant: LeaseLeader.Variant) {
        let configuration = LeaseLeader.Configuration(brokers: brokers, subscriptions: 1, periods: 1, leaseTTLTicks: 2,
                                                      refreshIntervalTicks: 1, maxPauses: 1, maxCrashes: 1, maxLosses: 1)
        let checked = Self.expectInvariant(LeaseLeader(configuration, variant: variant))
        #expect(checked > 300)
    }

    // MARK: The checks can fail

    /// Two-phase commit with one claim, constraint or step that names a resource manager.
    struct NamesAnIdentifier: Model {
        enum Flaw: String, CaseIterable, Sendable { case property, constraint, step, renaming }
        typealias State = TwoPhaseCommit.State
        typealias Action = TwoPhaseCommit.Action
        let base = TwoPhaseCommit(resourceManagers: 3)
        let flaw: Flaw

        var initialStates: [State] { base.initialStates }
        func actions(in state: State, into actions: inout [Action]) {
            base.actions(in: state, into: &actions)
            // Only rm1 may abort on its own.
            if flaw == .step { actions.removeAll { if case .chooseToAbort(let rm) = $0 { return rm != 0 } else { return false } } }
        }
        func successor(of state: State, by action: Action) -> State? { base.successor(of: state, by: action) }
        var properties: [Property<NamesAnIdentifier>] {
            var properties = base.properties.map { property -> Property<NamesAnIdentifier> in
                guard case .state(let holds) = property.condition else { preconditionFailure("2PC has state properties only") }
                return .always(PropertyLabel(property.name)) { model, state in holds(model.base, state) }
            }
            if flaw == .property {
                properties.append(.always("rm1NeverPreparedAlone") { _, state in
                    state.state(of: 0) != .prepared || state.state(of: 1) == .prepared
                })
            }
            return properties
        }
        func isWithinConstraint(_ state: State) -> Bool { flaw != .constraint || state.state(of: 2) != .aborted }
        func encode(_ state: State, into encoder: inout StateEncoder) { base.encode(state, into: &encoder) }
        var symmetricIdentifierCount: Int { 3 }
        func permuting(_ state: State, by permutation: [Int]) -> State {
            // A renaming that forgets the manager's Prepared bits.
            guard flaw == .renaming else { return base.permuting(state, by: permutation) }
            var renamed = base.permuting(state, by: permutation)
            if permutation != [0, 1, 2] { renamed.managerPrepared = 0 }
            return renamed
        }
        func describe(_ action: Action, in state: State) -> ActionInfo { base.describe(action, in: state) }
        func describe(_ state: State) -> JSONValue { base.describe(state) }
    }

    @Test("a claim, a constraint, a step or a renaming that names an identifier is found", arguments: NamesAnIdentifier.Flaw.allCases)
    func flawsAreFound(flaw: NamesAnIdentifier.Flaw) throws {
        let model = NamesAnIdentifier(flaw: flaw)
        let states = SymmetryInvariance.sample(model, prefixStates: 600, walks: 0, walkLength: 0, seed: 1)
        let problems = SymmetryInvariance.problems(model, states: states)
        let expected = switch flaw {
        case .property: "a state property changes"
        case .constraint: "the constraint changes"
        case .step: "the steps (or their transition verdicts) change"
        case .renaming: "renaming back does not give the state"
        }
        #expect(problems.contains { $0.hasPrefix(expected) }, "\(problems.prefix(3))")
        // The faithful model has none on the same states.
        #expect(SymmetryInvariance.problems(TwoPhaseCommit(resourceManagers: 3), states: states).isEmpty)
    }
}
