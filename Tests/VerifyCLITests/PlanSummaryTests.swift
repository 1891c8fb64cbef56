import ModelChecker
import Models
import Reporting
import Support
import Testing
import Verification
@testable import VerifyCLI

/// `Reports/summary.md` and `summary.json` as `PlanSummary` writes them from plan outcomes.
@Suite("The plan summary")
struct PlanSummaryTests {
    static let family = ModelCatalog.family(named: "two-phase-commit")!

    static func outcome(variant: String = "correct", _ entry: PlanEntry, exact: Bool = false) throws -> PlanOutcome {
        var options = CheckOptions(entry.search, workers: 1)
        options.exact = exact
        let report = try family.run(variant: variant, parameters: family.parameters(for: entry), options: options)
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
        let fingerprints = try Self.outcome(PlanEntry(othersMustPass: true))
        let exact = try Self.outcome(PlanEntry(label: "exact", othersMustPass: true), exact: true)
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

/// The expectation kind of entries that search a correct design without exhausting it.
@Suite("No violation found (incomplete)")
struct NoViolationFoundTests {
    /// Two-phase commit to depth 4 of 11: incomplete.
    static let bounded = PlanEntry(label: "bounded", search: PlanSearch(maxDepth: 4), othersMustPass: false)
        .expectingNoViolationFound()

    @Test("an incomplete search of a correct design with nothing violated meets it, and is never reported verified")
    func metWhenIncomplete() throws {
        let outcome = try PlanSummaryTests.outcome(Self.bounded)
        #expect(!outcome.report.complete)
        #expect(outcome.report.stoppedBy == .maxDepth(4))
        #expect(outcome.report.property("consistent")?.outcome == .unknown)
        #expect(outcome.met)
        #expect(outcome.unmetReasons.isEmpty)
        #expect(outcome.claimText == "no violation found (incomplete)")

        let (markdown, json) = PlanSummaryTests.summary([outcome])
        let row = try #require(PlanSummaryTests.row(markdown, containing: "| bounded |"))
        #expect(row.contains("| no: max-depth 4 |"))
        #expect(row.hasSuffix("| ✅ no violation found (incomplete) |"))
        #expect(!row.contains("verified"))
        let entry = try #require(json["plan"]?.arrayValue?.first)
        #expect(entry["expected"]?.stringValue == "no violation found (incomplete)")
        #expect(entry["complete"]?.boolValue == false)
        #expect(entry["expectationsMet"]?.boolValue == true)
        #expect(json["allExpectationsMet"]?.boolValue == true)
    }

    @Test("the same incomplete run as an entry that must verify is unmet")
    func incompleteIsNotVerified() throws {
        let verifying = PlanEntry(label: "bounded", search: PlanSearch(maxDepth: 4), othersMustPass: true)
        let outcome = try PlanSummaryTests.outcome(verifying)
        #expect(outcome.claimText == "verified")
        #expect(!outcome.met)
        #expect(outcome.unmetReasons.contains("consistent: expected holds or witnessed, got unknown"))
    }

    @Test("a violation found is unmet, naming the property")
    func violationIsUnmet() throws {
        // The known-bad design searched as if it were correct: consistent breaks in 5 steps.
        let entry = PlanEntry(label: "bounded", search: PlanSearch(maxDepth: 7), othersMustPass: false).expectingNoViolationFound()
        let outcome = try PlanSummaryTests.outcome(variant: "commitWithoutAllPrepared", entry)
        #expect(!outcome.report.complete)
        #expect(!outcome.met)
        #expect(outcome.unmetReasons == ["consistent: expected not violated, got violated"])
    }

    @Test("a search that turns out complete is unmet: the entry must then say verified")
    func completeIsUnmet() throws {
        let entry = PlanEntry(label: "roomy", search: PlanSearch(maxDepth: 20), othersMustPass: false).expectingNoViolationFound()
        let outcome = try PlanSummaryTests.outcome(entry)
        #expect(outcome.report.complete)
        #expect(outcome.checks.allSatisfy { $0.met })
        #expect(!outcome.met)
        #expect(outcome.unmetReasons.count == 1)
        #expect(outcome.unmetReasons.first?.contains("but it was complete: declare the entry verified") == true)
    }

    @Test("verify list names the expectation")
    func listed() {
        let run = ListCommand.describe(Self.bounded, in: PlanSummaryTests.family)
        #expect(run.hasSuffix("expect: no violation found (incomplete)"))
    }
}
