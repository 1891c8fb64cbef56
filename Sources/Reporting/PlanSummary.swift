import ModelChecker
import Support
import Verification

/// One plan entry's result measured against its expectations.
public struct PlanOutcome: Sendable {
    public struct Check: Sendable {
        public var property: String
        /// "violated", "holds or witnessed", ...
        public var expected: String
        public var actual: Outcome
        public var met: Bool
    }

    public var variant: String
    public var isCorrect: Bool
    public var label: String?
    public var search: PlanSearch
    public var note: String?
    public var report: RunReport
    /// Trace files relative to the reports directory, by property.
    public var traceFiles: [String: String]
    public var checks: [Check]
    /// Whether the entry expects "no violation found (incomplete)" rather than verification.
    public var expectsNoViolationFound: Bool
    public var seconds: Double

    /// An entry that expects no violation on an incomplete search is unmet when the search was
    /// complete after all: its row would then claim less than the run showed, so the plan must
    /// say "verified" instead (a changed bound or model shows up in review, like a changed count).
    public var searchMet: Bool { !expectsNoViolationFound || !report.complete }

    public var met: Bool { checks.allSatisfy(\.met) && searchMet }

    /// What the entry is expected to show, as the summary's last column begins.
    public var claimText: String? {
        if expectsNoViolationFound { return PlanEntry.noViolationFoundText }
        return isCorrect ? "verified" : nil
    }

    /// Each unmet expectation, one clause each ("consistent: expected violated, got holds").
    public var unmetReasons: [String] {
        var reasons = checks.filter { !$0.met }.map { "\($0.property): expected \($0.expected), got \($0.actual.rawValue)" }
        if !searchMet {
            reasons.append("expected an incomplete search (\(PlanEntry.noViolationFoundText)), but it was complete: declare the entry verified")
        }
        return reasons
    }

    public init(variant: String, isCorrect: Bool, entry: PlanEntry, report: RunReport, traceFiles: [String: String]) {
        self.variant = variant
        self.isCorrect = isCorrect
        label = entry.label
        search = entry.search
        note = entry.note
        self.report = report
        self.traceFiles = traceFiles
        seconds = report.statistics.seconds
        var checks: [Check] = []
        for (name, expected) in entry.expectations {
            let actual = report.property(name)?.outcome ?? .unknown
            checks.append(Check(property: name, expected: expected.rawValue, actual: actual,
                                met: report.property(name) != nil && actual == expected))
        }
        let others = report.properties.filter { property in !entry.expectations.contains { $0.0 == property.name } }
        if entry.expectsNoViolationFound {
            // An incomplete search decides no `holds` and no `unwitnessed`: what it can show is
            // that nothing it explored violates a property.
            for property in others {
                checks.append(Check(property: property.name, expected: Self.notViolatedText, actual: property.outcome,
                                    met: !property.outcome.isFailure))
            }
        } else if entry.othersMustPass {
            for property in others {
                let passing: Set<Outcome> = [.holds, .witnessed, .notApplicable]
                checks.append(Check(property: property.name, expected: Self.passingText, actual: property.outcome,
                                    met: passing.contains(property.outcome)))
            }
        }
        self.checks = checks
        expectsNoViolationFound = entry.expectsNoViolationFound
    }

    /// The expectation of a property the entry does not list: on a correct design searched
    /// completely, and on one searched without exhausting it.
    public static let passingText = "holds or witnessed"
    public static let notViolatedText = "not violated"
}

/// `Reports/summary.md` and `Reports/summary.json`: the plan's deterministic results, no timings.
public enum PlanSummary {
    public static func searchText(_ search: PlanSearch, report: RunReport) -> String {
        var parts = [search.strategy.rawValue]
        if search.symmetry { parts.append("symmetry") }
        if let depth = search.maxDepth { parts.append("depth ≤ \(depth)") }
        if let states = search.maxStates { parts.append("states ≤ \(states)") }
        return parts.joined(separator: ", ")
    }

    /// TLC's optimistic estimate of a fingerprint collision, as the summary prints it: two
    /// significant digits (the figure is deterministic: it depends only on the counts), or
    /// "exact" when whole states were stored and no collision is possible.
    public static func collisionText(_ report: RunReport) -> String {
        report.exact ? "exact" : String(format: "%.2g", report.statistics.collisionProbability)
    }

    static func outcomeText(_ property: RenderedProperty, file: String?) -> String {
        var text = "\(property.name): \(property.outcome.rawValue)"
        if let trace = property.trace {
            text += file.map { " ([\(trace.length)](\($0.replacingSuffix(".json", with: ".md"))))" } ?? " (\(trace.length))"
        }
        return text
    }

    public static func markdown(families: [(name: String, summary: String, outcomes: [PlanOutcome])],
                                supplementary: [SupplementaryReport]) -> String {
        let all = families.flatMap(\.outcomes)
        let met = all.filter(\.met).count + supplementary.filter(\.expectationsMet).count
        let total = all.count + supplementary.count
        var lines = [
            "# Verification plan: summary",
            "",
            "Written by `swift run -c release verify`; deterministic (no timings), so a model change shows its effect in review.",
            "Each row is one plan entry: a correct design must be verified completely (every property holds or is witnessed),",
            "a known-bad design must be refuted as expected. Trace lengths link to the Markdown counterexample.",
            "An entry expecting \"\(PlanEntry.noViolationFoundText)\" searched a correct design without exhausting it:",
            "nothing it explored violates a property, which is not a verification.",
            "The collision probability is TLC's optimistic estimate that two distinct states shared a 64-bit fingerprint.",
            "",
            "**\(met) of \(total) expectations met.**",
            "",
        ]
        for family in families {
            lines.append("## \(family.name)")
            lines.append("")
            lines.append(family.summary)
            lines.append("")
            lines.append("| variant | run | parameters | search | complete | distinct | depth | collision probability | outcomes (trace length) | expected |")
            lines.append("|---|---|---|---|---|---:|---:|---:|---|---|")
            for outcome in family.outcomes {
                let report = outcome.report
                let outcomes = report.properties.map { outcomeText($0, file: outcome.traceFiles[$0.name]) }.joined(separator: "<br>")
                let implicit = [PlanOutcome.passingText, PlanOutcome.notViolatedText]
                let expected = outcome.checks.filter { !implicit.contains($0.expected) }.map { "\($0.property) \($0.expected)" }
                let expectedText = (outcome.claimText.map { [$0] } ?? []) + expected
                let mark = outcome.met ? "✅" : "❌"
                lines.append("| \(outcome.variant)\(outcome.isCorrect && outcome.variant != "correct" ? " (correct)" : "") | \(outcome.label ?? "plan") | "
                    + "`\(ParameterText.format(report.parameters))` | \(searchText(outcome.search, report: report)) | "
                    + "\(report.complete ? "yes" : "no: \(report.stoppedBy.map(String.init(describing:)) ?? "bound")") | \(report.statistics.distinct) | "
                    + "\(report.statistics.depth) | \(collisionText(report)) | \(outcomes) | \(mark) \(expectedText.joined(separator: ", ")) |")
            }
            let notes = family.outcomes.compactMap { outcome in outcome.note.map { "- \(outcome.variant)\(outcome.label.map { " [\($0)]" } ?? ""): \($0)" } }
            if !notes.isEmpty {
                lines.append("")
                lines.append(contentsOf: notes)
            }
            lines.append("")
        }
        if !supplementary.isEmpty {
            lines.append("## Further reports")
            lines.append("")
            for report in supplementary {
                lines.append("- \(report.expectationsMet ? "✅" : "❌") [\(report.title)](\(report.fileName).md): \(report.summaryLine)")
            }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    public static func json(families: [(name: String, summary: String, outcomes: [PlanOutcome])],
                            supplementary: [SupplementaryReport]) -> JSONValue {
        let all = families.flatMap(\.outcomes)
        return .object([
            ("allExpectationsMet", .bool(all.allSatisfy(\.met) && supplementary.allSatisfy(\.expectationsMet))),
            ("plan", .array(all.map { outcome in
                let report = outcome.report
                return .object([
                    ("model", .string(report.family)),
                    ("variant", .string(outcome.variant)),
                    ("correct", .bool(outcome.isCorrect)),
                    ("label", outcome.label.map { .string($0) } ?? .null),
                    ("parameters", .object(report.parameters.entries.map { ($0.name, .int($0.value)) })),
                    ("strategy", .string(outcome.search.strategy.rawValue)),
                    ("symmetry", .bool(outcome.search.symmetry)),
                    ("maxDepth", outcome.search.maxDepth.map { .int($0) } ?? .null),
                    ("complete", .bool(report.complete)),
                    ("expected", outcome.claimText.map { .string($0) } ?? .null),
                    ("distinctStates", .int(report.statistics.distinct)),
                    ("generatedStates", .int(report.statistics.generated)),
                    ("depth", .int(report.statistics.depth)),
                    // 0 when whole states were stored (`exact`): no collision is possible.
                    ("collisionProbability", .double(report.statistics.collisionProbability)),
                    ("properties", .array(report.properties.map { property in
                        let check = outcome.checks.first { $0.property == property.name }
                        return .object([
                            ("name", .string(property.name)),
                            ("kind", .string(property.kind)),
                            ("outcome", .string(property.outcome.rawValue)),
                            ("expected", check.map { .string($0.expected) } ?? .null),
                            ("traceLength", property.trace.map { .int($0.length) } ?? .null),
                            ("traceFile", outcome.traceFiles[property.name].map { .string($0) } ?? .null),
                        ])
                    })),
                    ("expectationsMet", .bool(outcome.met)),
                ])
            })),
            ("supplementary", .array(supplementary.map { report in
                .object([("file", .string(report.fileName)), ("title", .string(report.title)),
                         ("expectationsMet", .bool(report.expectationsMet)), ("summary", .string(report.summaryLine))])
            })),
        ])
    }
}

extension String {
    func replacingSuffix(_ suffix: String, with replacement: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) + replacement : self
    }
}
