import ModelChecker
import Models
import Reporting
import Support
import Testing
import Verification

/// `Reports/summary.md` and `summary.json` as `PlanSummary` writes them from plan outcomes.
@Suite("The plan summary")
struct PlanSummaryTests {
    static let family = ModelCatalog.family(named: "two-phase-commit")!

    static func outcome(variant: String = "correct", _ entry: PlanEntry, exact: Bool = false) -> PlanOutcome {
        var options = CheckOptions(entry.search, workers: 1)
        options.exact = exact
        let report = family.run(variant: variant, parameters: family.parameters(for: entry), options: options)
        return PlanOutcome(variant: variant, isCorrect: family.variant(named: variant)!.isCorrect, entry: entry,
                           report: report, traceFiles: [:])
    }

    static func summary(_ outcomes: [PlanOutcome]) -> (markdown: String, json: JSONValue) {
        let families = [(name: family.name, summary: family.summary, outcomes: outcomes)]
        return (PlanSummary.markdown(families: families, supplementary: []),
                PlanSummary.json(families: families, supplementary: []))
    }

    static func row(_ markdown: String, containing text: String) -> String? {
        markdown.split(separator: "\n").map(String.init).first { $0.hasPrefix("| ") && $0.contains(text) }
    }

    @Test("each entry carries TLC's collision estimate: a number in the JSON, a column in the Markdown")
    func collisionProbability() throws {
        let fingerprints = Self.outcome(PlanEntry(othersMustPass: true))
        let exact = Self.outcome(PlanEntry(label: "exact", othersMustPass: true), exact: true)
        let (markdown, json) = Self.summary([fingerprints, exact])
        let statistics = fingerprints.report.statistics
        #expect(statistics.distinct == 288)
        let expected = CollisionEstimate.probability(distinct: statistics.distinct, generated: statistics.generated)
        #expect(expected > 0)
        let entries = try #require(json["plan"]?.arrayValue)
        #expect(entries.count == 2)
        #expect(entries[0]["collisionProbability"]?.doubleValue == expected)
        // Whole states stored: no collision is possible.
        #expect(entries[1]["collisionProbability"]?.doubleValue == 0)

        #expect(markdown.contains("| distinct | depth | collision probability | outcomes (trace length) |"))
        let fingerprintRow = try #require(Self.row(markdown, containing: "| plan |"))
        // 288 distinct of 1,146 generated (2PC with 3 managers): 288 × 858 / 2^64.
        #expect(statistics.generated == 1146)
        #expect(fingerprintRow.contains("| 288 | 11 | 1.3e-14 |"))
        let exactRow = try #require(Self.row(markdown, containing: "| exact |"))
        #expect(exactRow.contains("| 288 | 11 | exact |"))
    }
}
