import ModelChecker
import Models
import Reporting
import Support
import Verification

/// `verify list`: models, parameters with defaults, variants, properties, plan bounds.
enum ListCommand {
    static let help = """
    usage: verify list [--format text|json]

    Lists every model: its parameters (with defaults and ranges), its properties, its variants
    (the correct one first) and each variant's plan entries (bounds, strategy, expected outcomes).
    """

    static func run(_ args: inout CommandLineArguments, console: Console) throws -> Int32 {
        if try args.flag("--help") {
            console.out(help)
            return ExitStatus.success
        }
        let format = try args.choice("--format", among: ["text", "json"]) ?? "text"
        try args.finish()
        if format == "json" {
            console.out(JSONValue.array(ModelCatalog.families.map(json)).prettyText)
        } else {
            console.out(ModelCatalog.families.map(text).joined(separator: "\n\n"))
        }
        return ExitStatus.success
    }

    static func describe(_ search: PlanSearch) -> String {
        var parts = [search.strategy.rawValue]
        if search.symmetry { parts.append("symmetry") }
        if let depth = search.maxDepth { parts.append("max-depth \(depth)") }
        if let states = search.maxStates { parts.append("max-states \(states)") }
        if search.strategy == .random { parts.append("seed \(search.seed), \(search.walks) walks") }
        return parts.joined(separator: ", ")
    }

    static func describe(_ entry: PlanEntry, in family: any ModelFamily) -> String {
        let parameters = ParameterText.format(family.parameters(for: entry))
        var expectations = entry.expectations.map { "\($0.0) \($0.1.rawValue)" }
        if entry.expectsNoViolationFound {
            expectations.append(PlanEntry.noViolationFoundText)
        } else if entry.othersMustPass { expectations.append(expectations.isEmpty ? "every property holds or is witnessed" : "others hold") }
        return "\(entry.label.map { "[\($0)] " } ?? "")\(parameters); \(describe(entry.search)); expect: \(expectations.joined(separator: ", "))"
    }

    static func text(_ family: any ModelFamily) -> String {
        var lines = ["\(family.name): \(family.summary)", "  parameters:"]
        for spec in family.parameters {
            lines.append("    --\(spec.name) \(spec.rangeText) (default \(spec.format(spec.defaultValue))): \(spec.summary)")
        }
        lines.append("  properties:")
        for property in family.propertySpecs {
            lines.append("    \(property.name) (\(property.kind))\(property.summary.isEmpty ? "" : ": " + property.summary)")
        }
        lines.append("  variants:")
        for (index, variant) in family.variants.enumerated() {
            lines.append("    \(variant.name)\(index == 0 ? " (default)" : "")\(variant.isCorrect ? " [correct]" : " [bug]"): \(variant.summary)")
            for entry in variant.plan {
                lines.append("      plan: " + describe(entry, in: family))
            }
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ family: any ModelFamily) -> JSONValue {
        .object([
            ("name", .string(family.name)),
            ("summary", .string(family.summary)),
            ("parameters", .array(family.parameters.map { spec in
                .object([("name", .string(spec.name)), ("default", .int(spec.defaultValue)),
                         ("range", .string(spec.rangeText)), ("summary", .string(spec.summary))])
            })),
            ("properties", .array(family.propertySpecs.map { property in
                .object([("name", .string(property.name)), ("kind", .string(property.kind)), ("summary", .string(property.summary))])
            })),
            ("variants", .array(family.variants.map { variant in
                .object([
                    ("name", .string(variant.name)),
                    ("correct", .bool(variant.isCorrect)),
                    ("summary", .string(variant.summary)),
                    ("plan", .array(variant.plan.map { entry in
                        .object([
                            ("label", entry.label.map { .string($0) } ?? .null),
                            ("parameters", .object(family.parameters(for: entry).entries.map { ($0.name, .int($0.value)) })),
                            ("strategy", .string(entry.search.strategy.rawValue)),
                            ("symmetry", .bool(entry.search.symmetry)),
                            ("maxDepth", entry.search.maxDepth.map { .int($0) } ?? .null),
                            ("expect", .object(entry.expectations.map { ($0.0, .string($0.1.rawValue)) })),
                            ("othersMustPass", .bool(entry.othersMustPass)),
                            ("expectsNoViolationFound", .bool(entry.expectsNoViolationFound)),
                        ])
                    })),
                ])
            })),
        ])
    }
}
