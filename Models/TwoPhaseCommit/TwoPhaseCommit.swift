import ModelChecker
import Support

/// Gray and Lamport's transaction commit with a transaction manager: the TLA+ `TwoPhase`
/// specification (Lamport, "Consensus on Transaction Commit", 2004), which Stateright's `2pc`
/// example also follows. Messages form a set that is only ever added to.
///
/// Published distinct-state counts: 288 with 3 resource managers, 8,832 with 5, 10,340,352
/// with 9. The state is packed into fixed-width fields so that successor generation allocates
/// nothing (the reference model of the engine's hot path).
public struct TwoPhaseCommit: Model, Sendable {
    public enum Variant: String, Sendable, CaseIterable {
        /// The specification as published.
        case correct
        /// The manager commits as soon as one resource manager is prepared, instead of all.
        case commitWithoutAllPrepared
    }

    public enum ResourceManagerState: UInt32, Sendable, CaseIterable {
        case working = 0, prepared, committed, aborted
        var name: String { ["working", "prepared", "committed", "aborted"][Int(rawValue)] }
    }

    public enum ManagerState: UInt8, Sendable {
        case initial = 0, committed, aborted
        var name: String { ["init", "committed", "aborted"][Int(rawValue)] }
    }

    public struct State: Hashable, Sendable {
        /// Two bits per resource manager.
        public var resourceManagers: UInt32 = 0
        public var manager: ManagerState = .initial
        /// Bit i: the manager has received Prepared from resource manager i.
        public var managerPrepared: UInt16 = 0
        /// Bit i: a Prepared message from resource manager i is in the message set.
        public var preparedMessages: UInt16 = 0
        public var commitSent = false
        public var abortSent = false

        @inline(__always) public func state(of rm: Int) -> ResourceManagerState {
            ResourceManagerState(rawValue: (resourceManagers >> UInt32(2 * rm)) & 3)!
        }

        @inline(__always) mutating func set(_ rm: Int, _ value: ResourceManagerState) {
            resourceManagers = (resourceManagers & ~(3 << UInt32(2 * rm))) | (value.rawValue << UInt32(2 * rm))
        }
    }

    public enum Action: Hashable, Sendable {
        case managerReceivesPrepared(Int)
        case managerCommits
        case managerAborts
        case prepare(Int)
        case chooseToAbort(Int)
        case receiveCommit(Int)
        case receiveAbort(Int)
    }

    public let resourceManagerCount: Int
    public let variant: Variant

    public init(resourceManagers: Int = 3, variant: Variant = .correct) {
        precondition((1...12).contains(resourceManagers), "1 to 12 resource managers")
        resourceManagerCount = resourceManagers
        self.variant = variant
    }

    var allPrepared: UInt16 { UInt16((1 << resourceManagerCount) - 1) }

    public var initialStates: [State] { [State()] }

    public func actions(in state: State, into actions: inout [Action]) {
        if state.manager == .initial {
            for rm in 0..<resourceManagerCount where state.preparedMessages & (1 << rm) != 0 {
                actions.append(.managerReceivesPrepared(rm))
            }
            switch variant {
            case .correct where state.managerPrepared == allPrepared: actions.append(.managerCommits)
            case .commitWithoutAllPrepared where state.managerPrepared != 0: actions.append(.managerCommits)
            default: break
            }
            actions.append(.managerAborts)
        }
        for rm in 0..<resourceManagerCount {
            if state.state(of: rm) == .working {
                actions.append(.prepare(rm))
                actions.append(.chooseToAbort(rm))
            }
            if state.commitSent { actions.append(.receiveCommit(rm)) }
            if state.abortSent { actions.append(.receiveAbort(rm)) }
        }
    }

    public func successor(of state: State, by action: Action) -> State? {
        var next = state
        switch action {
        case .managerReceivesPrepared(let rm):
            next.managerPrepared |= 1 << rm
        case .managerCommits:
            next.manager = .committed
            next.commitSent = true
        case .managerAborts:
            next.manager = .aborted
            next.abortSent = true
        case .prepare(let rm):
            next.set(rm, .prepared)
            next.preparedMessages |= 1 << rm
        case .chooseToAbort(let rm):
            next.set(rm, .aborted)
        case .receiveCommit(let rm):
            next.set(rm, .committed)
        case .receiveAbort(let rm):
            next.set(rm, .aborted)
        }
        return next
    }

    /// The claims about two-phase commit.
    public enum PropertyID: String, PropertyName, CaseIterable {
        case consistent, allCommitted, allAborted
    }

    /// What a run of the model is configured with (the family's parameters set its fields).
    public struct Configuration: Sendable, Equatable {
        public var resourceManagers = 3
        public init(resourceManagers: Int = 3) { self.resourceManagers = resourceManagers }
    }

    public var properties: [Property<TwoPhaseCommit>] {
        [
            .always(.consistent, summary: "no resource manager commits while another aborts") { model, state in
                var committed = false
                var aborted = false
                for rm in 0..<model.resourceManagerCount {
                    switch state.state(of: rm) {
                    case .committed: committed = true
                    case .aborted: aborted = true
                    default: break
                    }
                }
                return !(committed && aborted)
            },
            .sometimes(.allCommitted, summary: "the transaction can commit everywhere") { model, state in
                (0..<model.resourceManagerCount).allSatisfy { state.state(of: $0) == .committed }
            },
            .sometimes(.allAborted, summary: "the transaction can abort everywhere") { model, state in
                (0..<model.resourceManagerCount).allSatisfy { state.state(of: $0) == .aborted }
            },
        ]
    }

    public func encode(_ state: State, into encoder: inout StateEncoder) {
        encoder.append(state.resourceManagers)
        encoder.append(state.managerPrepared)
        encoder.append(state.preparedMessages)
        encoder.append(state.manager.rawValue | (state.commitSent ? 4 : 0) | (state.abortSent ? 8 : 0))
    }

    public var symmetricIdentifierCount: Int { resourceManagerCount }

    public func permuting(_ state: State, by permutation: [Int]) -> State {
        var next = state
        next.resourceManagers = 0
        next.managerPrepared = 0
        next.preparedMessages = 0
        for rm in 0..<resourceManagerCount {
            let target = permutation[rm]
            next.set(target, state.state(of: rm))
            if state.managerPrepared & (1 << rm) != 0 { next.managerPrepared |= 1 << target }
            if state.preparedMessages & (1 << rm) != 0 { next.preparedMessages |= 1 << target }
        }
        return next
    }

    func name(_ rm: Int) -> String { "rm\(rm + 1)" }

    public func describe(_ action: Action, in state: State) -> ActionInfo {
        let everyone = (0..<resourceManagerCount).map(name)
        switch action {
        case .managerReceivesPrepared(let rm):
            return ActionInfo(actor: "tm", text: "tm receives Prepared from \(name(rm))",
                              messages: [MessageEvent(.receive, from: name(rm), to: "tm", label: "Prepared")])
        case .managerCommits:
            return ActionInfo(actor: "tm", text: "tm decides to commit and broadcasts Commit",
                              messages: everyone.map { MessageEvent(.send, from: "tm", to: $0, label: "Commit") })
        case .managerAborts:
            return ActionInfo(actor: "tm", text: "tm decides to abort and broadcasts Abort",
                              messages: everyone.map { MessageEvent(.send, from: "tm", to: $0, label: "Abort") })
        case .prepare(let rm):
            return ActionInfo(actor: name(rm), text: "\(name(rm)) prepares and sends Prepared to tm",
                              messages: [MessageEvent(.send, from: name(rm), to: "tm", label: "Prepared")])
        case .chooseToAbort(let rm):
            return ActionInfo(actor: name(rm), text: "\(name(rm)) chooses to abort")
        case .receiveCommit(let rm):
            return ActionInfo(actor: name(rm), text: "\(name(rm)) receives Commit and commits",
                              messages: [MessageEvent(.receive, from: "tm", to: name(rm), label: "Commit")])
        case .receiveAbort(let rm):
            return ActionInfo(actor: name(rm), text: "\(name(rm)) receives Abort and aborts",
                              messages: [MessageEvent(.receive, from: "tm", to: name(rm), label: "Abort")])
        }
    }

    public func describe(_ state: State) -> JSONValue {
        var messages: [JSONValue] = (0..<resourceManagerCount)
            .filter { state.preparedMessages & (1 << $0) != 0 }
            .map { .string("Prepared from \(name($0))") }
        if state.commitSent { messages.append(.string("Commit")) }
        if state.abortSent { messages.append(.string("Abort")) }
        return .object([
            ("tmState", .string(state.manager.name)),
            ("tmPrepared", .array((0..<resourceManagerCount).filter { state.managerPrepared & (1 << $0) != 0 }.map { .string(name($0)) })),
            ("rmState", .object((0..<resourceManagerCount).map { (name($0), .string(state.state(of: $0).name)) })),
            ("msgs", .array(messages)),
        ])
    }
}
