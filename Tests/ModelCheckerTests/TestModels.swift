import ModelChecker
import Support

/// A grid walk: x and y count up to `limit`; the constraint bounds x + y. Small, fully
/// predictable state spaces for the engine's tests.
struct GridModel: Model {
    struct State: Hashable, Sendable {
        var x: Int
        var y: Int
    }

    enum Action: Hashable, Sendable {
        case right, up, reset
    }

    var limit = 3
    var sumBound = Int.max
    /// Properties under test, supplied per test.
    var extraProperties: [Property<GridModel>] = []
    var allowReset = false

    var initialStates: [State] { [State(x: 0, y: 0)] }

    func actions(in state: State, into actions: inout [Action]) {
        if state.x < limit { actions.append(.right) }
        if state.y < limit { actions.append(.up) }
        if allowReset && (state.x > 0 || state.y > 0) { actions.append(.reset) }
    }

    func successor(of state: State, by action: Action) -> State? {
        switch action {
        case .right: return State(x: state.x + 1, y: state.y)
        case .up: return State(x: state.x, y: state.y + 1)
        case .reset: return State(x: 0, y: 0)
        }
    }

    var properties: [Property<GridModel>] { extraProperties }

    func isWithinConstraint(_ state: State) -> Bool { state.x + state.y <= sumBound }

    func encode(_ state: State, into encoder: inout StateEncoder) {
        encoder.append(state.x)
        encoder.append(state.y)
    }

    func describe(_ action: Action, in state: State) -> ActionInfo {
        ActionInfo(actor: "walker", text: "\(action)")
    }

    func describe(_ state: State) -> JSONValue { .object([("x", .int(state.x)), ("y", .int(state.y))]) }
}

/// A one-way street: states 0...4 in a line, plus a trap state 9 entered from 2 from which the
/// goal (state 4) can never be reached. The goal is reachable from the initial state, but not
/// from every reachable state.
struct TrapModel: Model {
    typealias State = Int
    typealias Action = Int

    /// When true, the trap has an exit back to 0 (then AG EF goal holds).
    var trapHasExit = false
    /// When set, states above this are outside the constraint.
    var bound = Int.max

    var initialStates: [Int] { [0] }

    func actions(in state: Int, into actions: inout [Int]) {
        switch state {
        case 0...3: actions.append(state + 1)
        case 4: actions.append(0)
        case 9: if trapHasExit { actions.append(0) } else { actions.append(9) }
        default: break
        }
        if state == 2 { actions.append(9) }
    }

    func successor(of state: Int, by action: Int) -> Int? { action }

    var properties: [Property<TrapModel>] {
        [.alwaysPossibly("goalStaysReachable", goal: { _, state in state == 4 })]
    }

    func isWithinConstraint(_ state: Int) -> Bool { state <= bound }

    func encode(_ state: Int, into encoder: inout StateEncoder) { encoder.append(state) }

    func describe(_ action: Int, in state: Int) -> ActionInfo { ActionInfo(actor: "walker", text: "go to \(action)") }

    func describe(_ state: Int) -> JSONValue { .object([("at", .int(state))]) }
}
