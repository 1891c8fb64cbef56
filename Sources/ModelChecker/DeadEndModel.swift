import Support

/// The states reachable from one state of `base`, for re-deciding an `alwaysPossibly`
/// violation on replay: the recorded last state is a dead end when no state reachable from it
/// satisfies the goal. As in the check that found it, a successor outside the constraint
/// counts as reaching the goal (optimistically) and is not expanded; so the dead end is
/// confirmed exactly when this model's `goalOrCutReached` is unwitnessed on a complete search.
/// Symmetry stays off, so the re-check does not rely on the model's renaming being sound.
struct DeadEndModel<Base: Model>: Model {
    typealias State = Base.State
    typealias Action = Base.Action

    let base: Base
    let root: Base.State
    let goal: Property<Base>

    init(base: Base, root: Base.State, goal: Property<Base>) {
        precondition(goal.kind == .alwaysPossibly, "a dead end is re-decided for an alwaysPossibly property")
        self.base = base
        self.root = root
        self.goal = goal
    }

    var initialStates: [State] { [root] }

    func actions(in state: State, into actions: inout [Action]) {
        // A cut state already counts as reaching the goal: nothing to explore beyond it.
        guard base.isWithinConstraint(state) else { return }
        base.actions(in: state, into: &actions)
    }

    func successor(of state: State, by action: Action) -> State? { base.successor(of: state, by: action) }

    var properties: [Property<DeadEndModel>] {
        [.sometimes(PropertyLabel(Self.witnessName)) { model, state in
            !model.base.isWithinConstraint(state) || model.goal.holds(model.base, state)
        }]
    }

    static var witnessName: String { "goalOrCutReached" }

    func encode(_ state: State, into encoder: inout StateEncoder) { base.encode(state, into: &encoder) }
    func describe(_ action: Action, in state: State) -> ActionInfo { base.describe(action, in: state) }
    func describe(_ state: State) -> JSONValue { base.describe(state) }
    func identity(of action: Action) -> String { base.identity(of: action) }
}
