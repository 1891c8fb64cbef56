import Foundation
import ModelChecker

/// The Markdown rendering of a trace: the story in one line, a Mermaid sequence diagram of the
/// messages between processes, and the step-by-step text with state changes.
public enum TraceMarkdown {
    public static func render(_ document: TraceDocument) -> String {
        var lines: [String] = []
        lines.append("# \(document.model) / \(document.variant): \(document.property) \(document.outcome.rawValue)")
        lines.append("")
        lines.append("- parameters: `\(ParameterText.format(document.parameters))`")
        lines.append("- property: `\(document.property)` (\(document.kind))")
        lines.append("- trace length: \(document.trace.length) (\(document.strategy == "bfs" ? "breadth-first: shortest" : document.strategy + ": not necessarily shortest")\(document.symmetry ? ", symmetry" : ""))")
        if let note = document.note { lines.append("- note: \(note)") }
        lines.append("")
        lines.append("## The story")
        lines.append("")
        let story = document.trace.steps.map { $0.action.text }
        lines.append(story.isEmpty ? "The initial state itself." : story.joined(separator: " → ") + ".")
        lines.append("")
        lines.append(TraceText.closingLine(document))
        lines.append("")
        lines.append("## Sequence diagram")
        lines.append("")
        lines.append("```mermaid")
        lines.append(contentsOf: mermaid(document.trace))
        lines.append("```")
        lines.append("")
        lines.append("## Steps")
        lines.append("")
        lines.append("```text")
        lines.append(TraceText.render(document).trimmingTrailingNewlines)
        lines.append("```")
        return lines.joined(separator: "\n") + "\n"
    }

    /// A Mermaid sequence diagram: sends are asynchronous arrows, receipts and local steps notes.
    public static func mermaid(_ trace: RenderedTrace) -> [String] {
        var participants: [String] = []
        func add(_ name: String) { if !participants.contains(name) { participants.append(name) } }
        for step in trace.steps {
            add(step.action.actor)
            for message in step.action.messages {
                add(message.from)
                add(message.to)
            }
        }
        var lines = ["sequenceDiagram"]
        for name in participants { lines.append("    participant \(identifier(name)) as \(label(name))") }
        for (index, step) in trace.steps.enumerated() {
            let number = index + 1
            let sends = step.action.messages.filter { $0.kind == .send }
            let receives = step.action.messages.filter { $0.kind == .receive }
            let drops = step.action.messages.filter { $0.kind == .drop }
            // A step handles what it receives before it sends its replies.
            for message in receives {
                lines.append("    Note over \(identifier(message.to)): \(number). receives \(label(message.label)) from \(label(message.from))")
            }
            for message in sends {
                lines.append("    \(identifier(message.from))-)\(identifier(message.to)): \(number). \(label(message.label))")
            }
            for message in drops {
                lines.append("    Note over \(identifier(message.from)),\(identifier(message.to)): \(number). lost: \(label(message.label))")
            }
            if sends.isEmpty && receives.isEmpty && drops.isEmpty {
                lines.append("    Note over \(identifier(step.action.actor)): \(number). \(label(step.action.text))")
            }
        }
        return lines
    }

    /// Mermaid participant ids: letters, digits and underscores only.
    static func identifier(_ name: String) -> String {
        let cleaned = String(name.unicodeScalars.map { scalar -> Character in
            (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)) && scalar.isASCII ? Character(scalar) : "_"
        })
        return cleaned.first.map { $0.isLetter } == true ? cleaned : "p_" + cleaned
    }

    /// Text Mermaid accepts in a message or note (no semicolons, '#' or line breaks).
    static func label(_ text: String) -> String {
        text.replacingOccurrences(of: ";", with: ",")
            .replacingOccurrences(of: "#", with: "no. ")
            .replacingOccurrences(of: "\n", with: " ")
    }
}

extension String {
    var trimmingTrailingNewlines: String {
        var text = self
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}
