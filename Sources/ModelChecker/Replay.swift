import Support
/// Re-executes a recorded trace from the model's initial state: each step's action is found
/// among the enabled ones by its recorded identity (`actionId`; by its description in older files), and the state it leads to must equal the
/// recorded one field for field. Finally the recorded verdict is re-checked on the trace.
public enum Replay {
    public static func run<M: Model>(_ model: M, _ document: TraceDocument,
                                     deadEndStatesMax: Int = Replay.deadEndStatesMax) -> ReplayOutcome {
        guard let initial = model.initialStates.first(where: { model.describe($0) == document.trace.initial }) else {
            return .diverged(step: 0, reason: "the initial state matches none of the model's initial states"
                + (model.initialStates.first.map { "; " + difference(expected: document.trace.initial, actual: model.describe($0)) } ?? ""))
        }
        var state = initial
        var previous = initial
        var lastAction: M.Action?
        for (index, step) in document.trace.steps.enumerated() {
            // Match on the stable identity; the sentence is only for people (and for files
            // written before identities were recorded).
            let enabled: [M.Action]
            if let id = step.action.id {
                enabled = model.actions(in: state).filter { model.identity(of: $0) == id }
            } else {
                enabled = model.actions(in: state).filter { model.describe($0, in: state).text == step.action.text }
            }
            guard !enabled.isEmpty else {
                return .diverged(step: index + 1, reason: "action '\(step.action.text)'"
                    + (step.action.id.map { " (\($0))" } ?? "") + " is not enabled")
            }
            var matched: (M.Action, M.State)?
            var mismatch: String?
            for action in enabled {
                guard let next = model.successor(of: state, by: action) else { continue }
                let described = model.describe(next)
                if described == step.state {
                    matched = (action, next)
                    break
                }
                mismatch = mismatch ?? difference(expected: step.state, actual: described)
            }
            guard let (action, next) = matched else {
                return .diverged(step: index + 1, reason: "after '\(step.action.text)' the state differs: "
                    + (mismatch ?? "the action is disabled"))
            }
            previous = state
            state = next
            lastAction = action
        }
        return .reproduced(steps: document.trace.steps.count,
                           confirmation: confirm(model, document, last: state, previous: previous, action: lastAction,
                                                 deadEndStatesMax: deadEndStatesMax))
    }

    /// The most states re-explored from a dead end to re-decide an `alwaysPossibly` violation.
    /// The check that found the dead end explored all of them already (a definite violation
    /// needs the dead end's whole future), so this only guards against a runaway.
    public static let deadEndStatesMax = 5_000_000

    private static func confirm<M: Model>(_ model: M, _ document: TraceDocument, last: M.State,
                                          previous: M.State, action: M.Action?, deadEndStatesMax: Int) -> ReplayConfirmation {
        guard let property = model.properties.first(where: { $0.name == document.property }) else {
            if document.property == "deadlockFree" && document.outcome == .violated {
                // Deadlock detection is the checker's own claim, not one the model declares.
                let enabled = model.actions(in: last).contains { model.successor(of: last, by: $0) != nil }
                return enabled ? .notConfirmed("the last state has an enabled action, so it is no deadlock")
                    : .confirmed("the last state has no enabled action (deadlockFree is violated)")
            }
            return .notConfirmed("the model has no property '\(document.property)' to re-check")
        }
        guard property.kind.rawValue == document.kind else {
            return .notConfirmed("the trace says \(property.name) is a \(document.kind) property; the model's is \(property.kind.rawValue)")
        }
        switch (property.kind, document.outcome) {
        case (.always, .violated):
            return property.holds(model, last) ? .notConfirmed("\(property.name) holds in the last state")
                : .confirmed("\(property.name) is violated in the last state")
        case (.sometimes, .witnessed):
            return property.holds(model, last) ? .confirmed("the last state witnesses \(property.name)")
                : .notConfirmed("the last state does not witness \(property.name)")
        case (.transition, .violated):
            guard let action else { return .notConfirmed("a transition needs at least one step") }
            return property.holds(model, previous, action, last) ? .notConfirmed("the last step satisfies \(property.name)")
                : .confirmed("the last step violates \(property.name)")
        case (.alwaysPossibly, .violated):
            return confirmDeadEnd(model, property, last, statesMax: deadEndStatesMax)
        default:
            return .notConfirmed("nothing to re-check for \(property.name) (\(property.kind.rawValue)) with outcome '\(document.outcome.rawValue)'")
        }
    }

    /// Re-decides that no state reachable from `last` reaches the goal of `property`, by a
    /// breadth-first search from it (see `DeadEndModel`).
    private static func confirmDeadEnd<M: Model>(_ model: M, _ property: Property<M>, _ last: M.State,
                                                 statesMax: Int) -> ReplayConfirmation {
        precondition(statesMax > 0, "the dead-end re-check needs room for the dead end itself")
        var options = CheckOptions()
        options.maxStates = statesMax
        let deadEnd = DeadEndModel(base: model, root: last, goal: property)
        let result = ModelChecker.check(deadEnd, options: options)
        let states = result.statistics.distinct
        switch result.outcome(DeadEndModel<M>.witnessName) {
        case .unwitnessed:
            return .confirmed("none of the \(states) state\(states == 1 ? "" : "s") reachable from the last state reaches the goal of \(property.name)")
        case .witnessed:
            let steps = result.result(DeadEndModel<M>.witnessName)?.trace?.length ?? 0
            return .notConfirmed("from the last state the goal of \(property.name) (or a state outside the constraint) "
                + "is reached in \(steps) step\(steps == 1 ? "" : "s")")
        default:
            return .notConfirmed("could not re-decide \(property.name): the re-check stopped after \(states) of the states "
                + "reachable from the last state (at most \(statesMax))")
        }
    }

    /// The first field where two described states differ, as "path: expected X, found Y".
    public static func difference(expected: JSONValue, actual: JSONValue, path: String = "") -> String {
        switch (expected, actual) {
        case let (.object(a), .object(b)):
            for (key, value) in a {
                let sub = path.isEmpty ? key : path + "." + key
                guard let other = b.first(where: { $0.0 == key })?.1 else { return "\(sub): missing" }
                if value != other { return difference(expected: value, actual: other, path: sub) }
            }
            for (key, _) in b where !a.contains(where: { $0.0 == key }) {
                return "\(path.isEmpty ? key : path + "." + key): unexpected field"
            }
        case let (.array(a), .array(b)) where a.count == b.count:
            for (index, (x, y)) in zip(a, b).enumerated() where x != y {
                return difference(expected: x, actual: y, path: "\(path)[\(index)]")
            }
        default:
            break
        }
        return "\(path.isEmpty ? "state" : path): expected \(expected.compactText), found \(actual.compactText)"
    }
}
