/// The properties of a model sorted by how the search checks them, each with its index in the
/// result list (the model's order, then `deadlockFree` when deadlock detection is on).
@usableFromInline struct PropertyPlan<M: Model>: Sendable {
    @usableFromInline struct Entry: Sendable {
        @usableFromInline var name: String
        @usableFromInline var kind: Property<M>.Kind
        @usableFromInline var applicable: Bool

        @inlinable init(name: String, kind: Property<M>.Kind, applicable: Bool) {
            self.name = name
            self.kind = kind
            self.applicable = applicable
        }
    }

    /// A state property as the search evaluates it: the predicate alone. The searches
    /// evaluate these once per state and once per step, so they hold no name, summary or
    /// enum payload: copying a whole `Property` there (two strings and a closure, through
    /// the generic value witnesses) cost about a sixth of a search's instructions.
    @usableFromInline struct StateCheck: Sendable {
        @usableFromInline let condition: @Sendable (M, M.State) -> Bool
        @inlinable init(condition: @escaping @Sendable (M, M.State) -> Bool) { self.condition = condition }
        @inlinable @inline(__always) func holds(_ model: M, _ state: M.State) -> Bool { condition(model, state) }
    }

    /// A transition property as the search evaluates it (see `StateCheck`).
    @usableFromInline struct StepCheck: Sendable {
        @usableFromInline let condition: @Sendable (M, M.State, M.Action, M.State) -> Bool
        @inlinable init(condition: @escaping @Sendable (M, M.State, M.Action, M.State) -> Bool) { self.condition = condition }
        @inlinable @inline(__always) func holds(_ model: M, _ state: M.State, _ action: M.Action, _ next: M.State) -> Bool {
            condition(model, state, action, next)
        }
    }

    @usableFromInline var results: [Entry] = []
    @usableFromInline var invariants: [(result: Int, property: StateCheck)] = []
    @usableFromInline var transitions: [(result: Int, property: StepCheck)] = []
    @usableFromInline var sometimes: [(result: Int, property: StateCheck)] = []
    @usableFromInline var possibly: [(result: Int, property: StateCheck)] = []
    @usableFromInline var deadlock: Int?
    /// Results whose finding is a failure (violations).
    @usableFromInline var failingWhenFound: [Int] = []
    /// Results that a finding decides once and for all (all but `alwaysPossibly`).
    @usableFromInline var decidable: [Int] = []

    @usableFromInline static var maximumAlwaysPossibly: Int { StateGraph.maximumGoals }

    /// Inlinable, so that a search specialised for a model reads the model's `properties`
    /// specialised too: a generic property closure looks up the model's type metadata at every
    /// call (about an eighth of a search's instructions).
    @inlinable init(model: M, checkDeadlock: Bool) {
        var names: Set<String> = []
        for property in model.properties {
            precondition(names.insert(property.name).inserted, "two properties are named \(property.name)")
            let result = results.count
            results.append(Entry(name: property.name, kind: property.kind, applicable: property.isApplicable))
            guard property.isApplicable else { continue }
            switch (property.kind, property.condition) {
            case (.always, .state(let condition)):
                invariants.append((result, StateCheck(condition: condition)))
                failingWhenFound.append(result)
                decidable.append(result)
            case (.transition, .step(let condition)):
                transitions.append((result, StepCheck(condition: condition)))
                failingWhenFound.append(result)
                decidable.append(result)
            case (.sometimes, .state(let condition)):
                sometimes.append((result, StateCheck(condition: condition)))
                decidable.append(result)
            case (.alwaysPossibly, .state(let condition)):
                possibly.append((result, StateCheck(condition: condition)))
            default:
                preconditionFailure("property \(property.name): a \(property.kind) property with the wrong kind of condition")
            }
        }
        precondition(possibly.count <= Self.maximumAlwaysPossibly,
                     "at most \(Self.maximumAlwaysPossibly) alwaysPossibly properties per model")
        if checkDeadlock {
            deadlock = results.count
            results.append(Entry(name: "deadlockFree", kind: .always, applicable: true))
            failingWhenFound.append(deadlock!)
            decidable.append(deadlock!)
        }
    }
}
