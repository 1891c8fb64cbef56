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
    @usableFromInline let stateCondition: (@Sendable (M, M.State) -> Bool)?
    @usableFromInline let stepCondition: (@Sendable (M, M.State, M.Action, M.State) -> Bool)?

    private init(name: String, kind: Kind, isApplicable: Bool, summary: String,
                 state: (@Sendable (M, M.State) -> Bool)?,
                 step: (@Sendable (M, M.State, M.Action, M.State) -> Bool)?) {
        precondition(!name.isEmpty, "a property needs a name")
        self.name = name
        self.kind = kind
        self.isApplicable = isApplicable
        self.summary = summary
        self.stateCondition = state
        self.stepCondition = step
    }

    public static func always(_ name: String, applicable: Bool = true, summary: String = "",
                              _ holds: @escaping @Sendable (M, M.State) -> Bool) -> Property {
        Property(name: name, kind: .always, isApplicable: applicable, summary: summary, state: holds, step: nil)
    }

    public static func sometimes(_ name: String, applicable: Bool = true, summary: String = "",
                                 _ reached: @escaping @Sendable (M, M.State) -> Bool) -> Property {
        Property(name: name, kind: .sometimes, isApplicable: applicable, summary: summary, state: reached, step: nil)
    }

    public static func transition(_ name: String, applicable: Bool = true, summary: String = "",
                                  _ holds: @escaping @Sendable (M, M.State, M.Action, M.State) -> Bool) -> Property {
        Property(name: name, kind: .transition, isApplicable: applicable, summary: summary, state: nil, step: holds)
    }

    public static func alwaysPossibly(_ name: String, applicable: Bool = true, summary: String = "",
                                      goal: @escaping @Sendable (M, M.State) -> Bool) -> Property {
        Property(name: name, kind: .alwaysPossibly, isApplicable: applicable, summary: summary, state: goal, step: nil)
    }

    @inlinable func holds(_ model: M, _ state: M.State) -> Bool { stateCondition!(model, state) }
    @inlinable func holds(_ model: M, _ state: M.State, _ action: M.Action, _ next: M.State) -> Bool {
        stepCondition!(model, state, action, next)
    }
}
