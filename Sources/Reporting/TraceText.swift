import ModelChecker
import Support

/// The text rendering of a trace, like TLC's `-difftrace`: the initial state in full, then per
/// step the action and only the fields it changed.
public enum TraceText {
    public static func render(_ document: TraceDocument) -> String {
        var lines: [String] = []
        lines.append("\(document.model) / \(document.variant): \(document.property) (\(document.kind)) \(document.outcome.rawValue)")
        lines.append("parameters: " + ParameterText.format(document.parameters))
        lines.append("trace length: \(document.trace.length) action\(document.trace.length == 1 ? "" : "s")"
            + " (\(document.strategy)\(document.symmetry ? ", symmetry" : ""))")
        if let note = document.note { lines.append("note: \(note)") }
        lines.append("")
        lines.append("State 0 (initial):")
        for (path, value) in StateFields.flatten(document.trace.initial) {
            lines.append("  \(path) = \(value)")
        }
        var previous = document.trace.initial
        for (index, step) in document.trace.steps.enumerated() {
            lines.append("")
            lines.append("Step \(index + 1): [\(step.action.actor)] \(step.action.text)")
            let changes = StateFields.changes(from: previous, to: step.state)
            if changes.isEmpty { lines.append("  (no field changed)") }
            for change in changes {
                lines.append("  \(change.path): \(change.before ?? "—") → \(change.after ?? "—")")
            }
            previous = step.state
        }
        lines.append("")
        lines.append(closingLine(document))
        return lines.joined(separator: "\n") + "\n"
    }

    static func closingLine(_ document: TraceDocument) -> String {
        switch (document.kind, document.outcome) {
        case ("always", .violated): return "The last state violates \(document.property)."
        case ("transition", .violated): return "The last step violates \(document.property)."
        case ("sometimes", .witnessed): return "The last state witnesses \(document.property)."
        case ("alwaysPossibly", .violated):
            return "From the last state no continuation reaches the goal of \(document.property): it can never again be satisfied."
        default: return "Outcome: \(document.outcome.rawValue)."
        }
    }
}

/// Parameters as `--flag value` text.
public enum ParameterText {
    public static func format(_ parameters: ParameterValues) -> String {
        parameters.entries.map { "\($0.name)=\($0.value)" }.joined(separator: " ")
    }
}

/// A described state as dotted paths to leaf values, for diffs.
public enum StateFields {
    public struct Change: Equatable, Sendable {
        public var path: String
        public var before: String?
        public var after: String?
    }

    /// Objects are walked member by member; arrays and scalars are leaves (an array of
    /// messages changes as a whole and reads best as a whole).
    public static func flatten(_ value: JSONValue, prefix: String = "") -> [(String, String)] {
        switch value {
        case .object(let members) where !members.isEmpty:
            return members.flatMap { key, member in
                flatten(member, prefix: prefix.isEmpty ? key : prefix + "." + key)
            }
        default:
            return [(prefix.isEmpty ? "state" : prefix, leafText(value))]
        }
    }

    public static func leafText(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): return text
        case .array(let values): return "[" + values.map(leafText).joined(separator: ", ") + "]"
        case .object(let members): return "{" + members.map { "\($0.0): \(leafText($0.1))" }.joined(separator: ", ") + "}"
        default: return value.compactText
        }
    }

    public static func changes(from before: JSONValue, to after: JSONValue) -> [Change] {
        let old = flatten(before)
        let new = flatten(after)
        var result: [Change] = []
        for (path, value) in new {
            let previous = old.first { $0.0 == path }?.1
            if previous != value { result.append(Change(path: path, before: previous, after: value)) }
        }
        for (path, value) in old where !new.contains(where: { $0.0 == path }) {
            result.append(Change(path: path, before: value, after: nil))
        }
        return result
    }
}
