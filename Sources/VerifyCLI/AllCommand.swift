import Foundation
import ModelChecker
import Models
import Reporting
import Verification

/// `verify` / `verify all`: the verification plan.
enum AllCommand {
    static let help = """
    usage: verify [all] [--out DIR] [--workers N] [--model NAME]

    Runs every model variant at its plan bounds with its expected outcome (a correct design must
    be verified completely, a known-bad design refuted as expected), plus the families' further
    reports; prints a summary table; writes DIR/summary.md, DIR/summary.json, the traces under
    DIR/counterexamples/ and the further reports (DIR defaults to Reports). Exit 0 only when
    every expectation is met. --model restricts the run to one model (the summary then covers
    only it).
    """

    static func run(_ args: inout CommandLineArguments, console: Console) throws -> Int32 {
        if try args.flag("--help") {
            console.out(help)
            return ExitStatus.success
        }
        let out = try args.value("--out") ?? "Reports"
        let workers = try args.integer("--workers", in: 1...256) ?? ProcessInfo.processInfo.activeProcessorCount
        let only = try args.value("--model")
        try args.finish()
        if let only, ModelCatalog.family(named: only) == nil { throw RunConfiguration.unknownModel(only) }
        let families = ModelCatalog.families.filter { only == nil || $0.name == only }
        let counterexamples = (out as NSString).appendingPathComponent("counterexamples")
        let manager = FileManager.default
        do {
            if only == nil, manager.fileExists(atPath: counterexamples) {
                // Traces of entries that no longer exist must not linger in the reports.
                try manager.removeItem(atPath: counterexamples)
            }
            try manager.createDirectory(atPath: counterexamples, withIntermediateDirectories: true)
        } catch {
            throw UsageError("cannot prepare \(counterexamples): \(error.localizedDescription)")
        }
        let started = Date()
        var sections: [(name: String, summary: String, outcomes: [PlanOutcome])] = []
        var supplementary: [SupplementaryReport] = []
        for family in families {
            var outcomes: [PlanOutcome] = []
            for variant in family.variants {
                for entry in variant.plan {
                    var options = CheckOptions(entry.search, workers: workers)
                    options.progress = { console.err("  " + $0.line) }
                    if let problem = family.problem(variant: variant.name, parameters: family.parameters(for: entry), options: options) {
                        throw UsageError("plan entry \(family.name)/\(variant.name): \(problem)")
                    }
                    let report = try UsageError.rethrowing { () throws(FamilyError) in try family.run(variant: variant.name, parameters: family.parameters(for: entry), options: options) }
                    let absolute = try TraceFiles.write(report, label: entry.label, to: counterexamples)
                    let relative = absolute.mapValues { "counterexamples/" + ($0 as NSString).lastPathComponent }
                    let outcome = PlanOutcome(variant: variant.name, isCorrect: variant.isCorrect, entry: entry,
                                              report: report, traceFiles: relative)
                    outcomes.append(outcome)
                    console.out(line(family: family.name, outcome))
                    if report.statistics.seconds > 30 {
                        console.err("verify: warning: \(family.name)/\(variant.name) took \(Int(report.statistics.seconds)) s, over the 30 s budget of a plan entry")
                    }
                }
            }
            sections.append((family.name, family.summary, outcomes))
            for report in family.supplementaryReports(workers: workers) {
                try report.markdown.write(toFile: (out as NSString).appendingPathComponent(report.fileName + ".md"),
                                          atomically: true, encoding: .utf8)
                try (report.json.prettyText + "\n").write(toFile: (out as NSString).appendingPathComponent(report.fileName + ".json"),
                                                          atomically: true, encoding: .utf8)
                supplementary.append(report)
                console.out("\(report.expectationsMet ? "ok  " : "FAIL") \(report.title): \(report.summaryLine)")
            }
        }
        if only == nil {
            let report = SimulationStage.report(workers: workers, progress: { console.err("  " + $0) })
            try report.markdown.write(toFile: (out as NSString).appendingPathComponent(report.fileName + ".md"),
                                      atomically: true, encoding: .utf8)
            try (report.json.prettyText + "\n").write(toFile: (out as NSString).appendingPathComponent(report.fileName + ".json"),
                                                      atomically: true, encoding: .utf8)
            supplementary.append(report)
            console.out("\(report.expectationsMet ? "ok  " : "FAIL") \(report.title): \(report.summaryLine)")
        }
        let markdown = PlanSummary.markdown(families: sections, supplementary: supplementary)
        let json = PlanSummary.json(families: sections, supplementary: supplementary)
        do {
            try markdown.write(toFile: (out as NSString).appendingPathComponent("summary.md"), atomically: true, encoding: .utf8)
            try (json.prettyText + "\n").write(toFile: (out as NSString).appendingPathComponent("summary.json"), atomically: true, encoding: .utf8)
        } catch {
            throw UsageError("cannot write the summary to \(out): \(error.localizedDescription)")
        }
        let outcomes = sections.flatMap(\.outcomes)
        let met = outcomes.filter(\.met).count + supplementary.filter(\.expectationsMet).count
        let total = outcomes.count + supplementary.count
        console.out(String(format: "%d of %d expectations met in %.1f s; reports in %@", met, total, Date().timeIntervalSince(started), out))
        return met == total ? ExitStatus.success : ExitStatus.failure
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
