import Foundation
import ModelChecker
import Models
import Reporting
import Verification

/// `verify` / `verify all`: the verification plan; `verify all --thorough`: its larger scopes.
enum AllCommand {
    static let help = """
    usage: verify [all] [--out DIR] [--workers N] [--model NAME] [--thorough]

    Runs every model variant at its plan bounds with its expected outcome (a correct design must
    be verified completely, a known-bad design refuted as expected), plus the families' further
    reports; prints a summary table; writes DIR/summary.md, DIR/summary.json, the traces under
    DIR/counterexamples/ and the further reports (DIR defaults to Reports). Exit 0 only when
    every expectation is met. --model restricts the run to one model (the summary then covers
    only it).

    --thorough runs, instead of the plan, the larger scopes that CI leaves out: bounded-depth
    breadth-first entries and swarms of seeded random walks (run in parallel over the workers),
    each with a note saying what its bounds leave out; it writes DIR/thorough/summary.md,
    DIR/thorough/summary.json and DIR/thorough/counterexamples/. Outside CI: it takes minutes.
    """

    /// A plan entry's budget in CI (the raft-election entry with logs of two entries is allowed
    /// the most, 60 s on two cores); a longer one gets a warning, not a failure.
    static let entrySecondsMax = 60.0

    typealias Section = (name: String, summary: String, outcomes: [PlanOutcome])

    static func run(_ args: inout CommandLineArguments, console: Console) throws -> Int32 {
        if try args.flag("--help") {
            console.out(help)
            return ExitStatus.success
        }
        let out = try args.value("--out") ?? "Reports"
        let workers = try args.integer("--workers", in: 1...256) ?? ProcessInfo.processInfo.activeProcessorCount
        let only = try args.value("--model")
        let thorough = try args.flag("--thorough")
        try args.finish()
        if let only, ModelCatalog.family(named: only) == nil { throw RunConfiguration.unknownModel(only) }
        let families = ModelCatalog.families.filter { only == nil || $0.name == only }
        let directory = thorough ? (out as NSString).appendingPathComponent("thorough") : out
        let counterexamples = (directory as NSString).appendingPathComponent("counterexamples")
        try prepare(counterexamples, clearing: only == nil)
        let started = Date()
        var sections: [Section] = []
        var supplementary: [SupplementaryReport] = []
        for family in families {
            let outcomes = try runEntries(of: family, thorough: thorough, workers: workers,
                                          counterexamples: counterexamples, console: console)
            sections.append((family.name, family.summary, outcomes))
            let reports = thorough ? family.thoroughSupplementaryReports(workers: workers) : family.supplementaryReports(workers: workers)
            for report in reports {
                try report.markdown.write(toFile: (directory as NSString).appendingPathComponent(report.fileName + ".md"),
                                          atomically: true, encoding: .utf8)
                try (report.json.prettyText + "\n").write(toFile: (directory as NSString).appendingPathComponent(report.fileName + ".json"),
                                                          atomically: true, encoding: .utf8)
                supplementary.append(report)
                console.out("\(report.expectationsMet ? "ok  " : "FAIL") \(report.title): \(report.summaryLine)")
            }
        }
        if only == nil && !thorough {
            let simulations = SimulationStage.churnProfiles.map { churn in
                SimulationStage.report(workers: workers, churnPercent: churn, progress: { console.err("  " + $0) })
            }
            for report in simulations + [BillingSimulationStage.report(workers: workers, progress: { console.err("  " + $0) })] {
                try report.markdown.write(toFile: (directory as NSString).appendingPathComponent(report.fileName + ".md"),
                                          atomically: true, encoding: .utf8)
                try (report.json.prettyText + "\n").write(toFile: (directory as NSString).appendingPathComponent(report.fileName + ".json"),
                                                          atomically: true, encoding: .utf8)
                supplementary.append(report)
                console.out("\(report.expectationsMet ? "ok  " : "FAIL") \(report.title): \(report.summaryLine)")
            }
        }
        try writeSummary(sections, supplementary: supplementary, thorough: thorough, to: directory)
        let outcomes = sections.flatMap(\.outcomes)
        let met = outcomes.filter(\.met).count + supplementary.filter(\.expectationsMet).count
        let total = outcomes.count + supplementary.count
        console.out(String(format: "%d of %d expectations met in %.1f s; reports in %@", met, total, Date().timeIntervalSince(started), directory))
        return met == total ? ExitStatus.success : ExitStatus.failure
    }

    /// Creates the traces directory; a whole run first removes the old one, so that traces of
    /// entries that no longer exist do not linger in the reports.
    static func prepare(_ counterexamples: String, clearing: Bool) throws {
        let manager = FileManager.default
        do {
            if clearing, manager.fileExists(atPath: counterexamples) { try manager.removeItem(atPath: counterexamples) }
            try manager.createDirectory(atPath: counterexamples, withIntermediateDirectories: true)
        } catch {
            throw UsageError("cannot prepare \(counterexamples): \(error.localizedDescription)")
        }
    }

    /// Runs a family's plan entries (or its thorough entries), printing one line per entry.
    static func runEntries(of family: any ModelFamily, thorough: Bool, workers: Int, counterexamples: String,
                           console: Console) throws -> [PlanOutcome] {
        var outcomes: [PlanOutcome] = []
        for variant in family.variants {
            for entry in thorough ? variant.thorough : variant.plan {
                var options = CheckOptions(entry.search, workers: workers)
                options.progress = { console.err("  " + $0.line) }
                let parameters = family.parameters(for: entry)
                if let problem = family.problem(variant: variant.name, parameters: parameters, options: options) {
                    throw UsageError("\(thorough ? "thorough" : "plan") entry \(family.name)/\(variant.name): \(problem)")
                }
                let report = try UsageError.rethrowing { () throws(FamilyError) in
                    try family.run(variant: variant.name, parameters: parameters, options: options)
                }
                let absolute = try TraceFiles.write(report, label: entry.label, to: counterexamples)
                let relative = absolute.mapValues { "counterexamples/" + ($0 as NSString).lastPathComponent }
                let outcome = PlanOutcome(variant: variant.name, isCorrect: variant.isCorrect, entry: entry,
                                          report: report, traceFiles: relative)
                outcomes.append(outcome)
                console.out(line(family: family.name, outcome))
                if !thorough && report.statistics.seconds > entrySecondsMax {
                    console.err("verify: warning: \(family.name)/\(variant.name) took \(Int(report.statistics.seconds)) s, "
                        + "over the \(Int(entrySecondsMax)) s budget of a plan entry")
                }
            }
        }
        return outcomes
    }

    /// `summary.md` and `summary.json` through the plan's one writer; the thorough stage's say
    /// so in their title and explain what its incomplete entries mean.
    static func writeSummary(_ sections: [Section], supplementary: [SupplementaryReport], thorough: Bool,
                             to directory: String) throws {
        var markdown = PlanSummary.markdown(families: sections, supplementary: supplementary)
        if thorough {
            markdown = markdown.replacingOccurrences(of: "# Verification plan: summary\n", with: """
            # Verification plan, thorough stage: summary

            Written by `verify all --thorough` (outside CI). Larger scopes than the plan's: bounded-depth breadth-first
            entries and swarms of seeded random walks. None of them is complete, so for a correct design an `always` or
            `transition` property can only be `unknown` (no violation found in what was searched); each entry's note says
            what its bounds leave out.

            """)
        }
        do {
            try markdown.write(toFile: (directory as NSString).appendingPathComponent("summary.md"), atomically: true, encoding: .utf8)
            let json = PlanSummary.json(families: sections, supplementary: supplementary)
            try (json.prettyText + "\n").write(toFile: (directory as NSString).appendingPathComponent("summary.json"),
                                               atomically: true, encoding: .utf8)
        } catch {
            throw UsageError("cannot write the summary to \(directory): \(error.localizedDescription)")
        }
    }

    static func line(family: String, _ outcome: PlanOutcome) -> String {
        let report = outcome.report
        let name = "\(family)/\(outcome.variant)\(outcome.label.map { " [\($0)]" } ?? "")"
        let verdicts = report.properties.filter { $0.outcome != .notApplicable }.map { property in
            property.outcome.rawValue == "holds" || property.outcome == .witnessed ? nil
                : "\(property.name) \(property.outcome.rawValue)\(property.trace.map { " (\($0.length))" } ?? "")"
        }.compactMap { $0 }
        let failures = outcome.unmetReasons
        return "\(outcome.met ? "ok  " : "FAIL") \(name.padding(toLength: 58, withPad: " ", startingAt: 0)) "
            + String(format: "%9d states, depth %3d, %6.2f s", report.statistics.distinct, report.statistics.depth, report.statistics.seconds)
            + (report.complete ? "" : ", incomplete")
            + (verdicts.isEmpty ? "" : "; " + verdicts.joined(separator: ", "))
            + (failures.isEmpty ? "" : " — UNMET: " + failures.joined(separator: "; "))
    }
}
