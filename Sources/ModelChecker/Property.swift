/// A named claim about a model, which reads as a sentence: `electionSafety`, `atMostOnceCharge`.
public struct Property<M: Model>: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        /// An invariant: holds in every reachable state.
        case always
        /// Some reachable state satisfies it; unreached on a complete search means the check
        /// around it is vacuous, and the run fails.
        case sometimes
        /// Holds over every step (state, action, next state): "a term never decreases".
        case transition
        /// From every reachable state a goal state can still be reached (CTL's AG EF).
        case alwaysPossibly
    }

    public let name: String
    public let kind: Kind
    /// False when the claim does not apply to this configuration (log properties with logs
    /// off): it is reported `notApplicable`, which is not a failure.
    public let isApplicable: Bool
    /// Why the claim matters, one sentence (shown by `verify list`).
    public let summary: String
    /// What the property evaluates: a predicate on one state (always, sometimes, alwaysPossibly's
    /// goal) or on one step (transition). The kind decides which, so the wrong one cannot be called.
    public enum Condition: Sendable {
        case state(@Sendable (M, M.State) -> Bool)
        case step(@Sendable (M, M.State, M.Action, M.State) -> Bool)
    }

    public let condition: Condition

    private init(name: String, kind: Kind, isApplicable: Bool, summary: String, condition: Condition) {
        precondition(!name.isEmpty, "a property needs a name")
        switch (kind, condition) {
        case (.transition, .step), (.always, .state), (.sometimes, .state), (.alwaysPossibly, .state): break
        default: preconditionFailure("property \(name): a \(kind) property needs a \(kind == .transition ? "step" : "state") condition")
        }
        self.name = name
        self.kind = kind
        self.isApplicable = isApplicable
        self.summary = summary
        self.condition = condition
    }

    public static func always(_ id: M.PropertyID, applicable: Bool = true, summary: String = "",
                              _ holds: @escaping @Sendable (M, M.State) -> Bool) -> Property {
        Property(name: id.name, kind: .always, isApplicable: applicable, summary: summary, condition: .state(holds))
    }

    public static func sometimes(_ id: M.PropertyID, applicable: Bool = true, summary: String = "",
                                 _ reached: @escaping @Sendable (M, M.State) -> Bool) -> Property {
        Property(name: id.name, kind: .sometimes, isApplicable: applicable, summary: summary, condition: .state(reached))
    }

    public static func transition(_ id: M.PropertyID, applicable: Bool = true, summary: String = "",
                                  _ holds: @escaping @Sendable (M, M.State, M.Action, M.State) -> Bool) -> Property {
        Property(name: id.name, kind: .transition, isApplicable: applicable, summary: summary, condition: .step(holds))
    }

    public static func alwaysPossibly(_ id: M.PropertyID, applicable: Bool = true, summary: String = "",
                                      goal: @escaping @Sendable (M, M.State) -> Bool) -> Property {
        Property(name: id.name, kind: .alwaysPossibly, isApplicable: applicable, summary: summary, condition: .state(goal))
    }

    /// Evaluates a state property (always, sometimes, alwaysPossibly's goal) on `state`.
    @inlinable func holds(_ model: M, _ state: M.State) -> Bool {
        guard case .state(let condition) = condition else {
            preconditionFailure("\(name) is a transition property: it needs a step")
        }
        return condition(model, state)
    }

    /// Evaluates a transition property on the step `state` —`action`→ `next`.
    @inlinable func holds(_ model: M, _ state: M.State, _ action: M.Action, _ next: M.State) -> Bool {
        guard case .step(let condition) = condition else {
            preconditionFailure("\(name) is a state property: it needs a state")
        }
        return condition(model, state, action, next)
    }
}
