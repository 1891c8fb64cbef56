import Support
/// What re-executing a trace showed.
public enum ReplayOutcome: Sendable, Equatable {
    /// Every step reproduced; `confirmation` says whether the recorded verdict held again.
    case reproduced(steps: Int, confirmation: String)
    /// Step `step` (0 for the initial state) did not reproduce.
    case diverged(step: Int, reason: String)

    public var reproduced: Bool { if case .reproduced = self { return true }; return false }
}

/// Re-executes a recorded trace from the model's initial state: each step's action is found
/// among the enabled ones by its recorded identity (`actionId`; by its description in older files), and the state it leads to must equal the
/// recorded one field for field. Finally the recorded verdict is re-checked on the trace.
public enum Replay {
    public static func run<M: Model>(_ model: M, _ document: TraceDocument) -> ReplayOutcome {
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
                           confirmation: confirm(model, document, last: state, previous: previous, action: lastAction))
    }

    private static func confirm<M: Model>(_ model: M, _ document: TraceDocument, last: M.State,
                                          previous: M.State, action: M.Action?) -> String {
        guard let property = model.properties.first(where: { $0.name == document.property }) else {
            return "the model has no property '\(document.property)' to re-check"
        }
        switch (property.kind, document.outcome) {
        case (.always, .violated):
            return property.holds(model, last) ? "NOT confirmed: \(property.name) holds in the last state"
                : "confirmed: \(property.name) is violated in the last state"
        case (.sometimes, .witnessed):
            return property.holds(model, last) ? "confirmed: the last state witnesses \(property.name)"
                : "NOT confirmed: the last state does not witness \(property.name)"
        case (.transition, .violated):
            guard let action else { return "NOT confirmed: a transition needs at least one step" }
            return property.holds(model, previous, action, last) ? "NOT confirmed: the last step satisfies \(property.name)"
                : "confirmed: the last step violates \(property.name)"
        case (.alwaysPossibly, .violated):
            return "reproduced the path to the state from which the goal of \(property.name) is unreachable"
                + " (unreachability is re-decided by 'verify check', not by replay)"
        default:
            return "no verdict to re-check for outcome \(document.outcome.rawValue)"
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
