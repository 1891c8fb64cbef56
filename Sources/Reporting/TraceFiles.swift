import Foundation
import ModelChecker
import Verification

/// Writes each trace of a run as text, Markdown and JSON files.
public enum TraceFiles {
    /// The file name (without extension) of one property's trace.
    public static func baseName(family: String, variant: String, label: String?, property: String) -> String {
        var parts = [family, variant]
        if let label { parts.append(slug(label)) }
        parts.append(property)
        return parts.joined(separator: "-")
    }

    static func slug(_ text: String) -> String {
        let mapped = text.lowercased().unicodeScalars.map { scalar -> Character in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)) ? Character(scalar) : "-"
        }
        var result = String(mapped)
        while result.contains("--") { result = result.replacingOccurrences(of: "--", with: "-") }
        return result.trimmingCharacters(in: CharacterSet(charactersIn: "-"))
    }

    /// The trace documents of a run, by property name.
    public static func documents(_ report: RunReport) -> [(property: String, document: TraceDocument)] {
        report.properties.compactMap { property in
            guard let trace = property.trace else { return nil }
            return (property.name, TraceDocument(
                model: report.family, variant: report.variant, parameters: report.parameters,
                property: property.name, kind: property.kind, outcome: property.outcome,
                strategy: report.strategy.rawValue, symmetry: report.symmetry, note: property.note, trace: trace))
        }
    }

    /// Writes `<base>.txt`, `.md` and `.json` for every trace into `directory`; returns the
    /// JSON file's path per property.
    @discardableResult
    public static func write(_ report: RunReport, label: String?, to directory: String) throws -> [String: String] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var paths: [String: String] = [:]
        for (property, document) in documents(report) {
            let base = (directory as NSString).appendingPathComponent(
                baseName(family: report.family, variant: report.variant, label: label, property: property))
            try TraceText.render(document).write(toFile: base + ".txt", atomically: true, encoding: .utf8)
            try TraceMarkdown.render(document).write(toFile: base + ".md", atomically: true, encoding: .utf8)
            try (document.json.prettyText + "\n").write(toFile: base + ".json", atomically: true, encoding: .utf8)
            paths[property] = base + ".json"
        }
        return paths
    }
}
