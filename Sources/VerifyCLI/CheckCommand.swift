import Foundation
import ModelChecker
import Models
import Reporting
import Verification

/// `verify check MODEL [--variant V] [--PARAM VALUE ...] [options]`.
enum CheckCommand {
    static var help: String {
        var lines = [
            "usage: verify check MODEL [--variant V] [--PARAM VALUE ...] [options]",
            "",
            "Explores one model variant. Parameters not given take the plan bounds of the variant, so",
            "'verify check M --variant V' runs exactly that plan entry ('verify list' shows them).",
            "",
            "options:",
            RunConfiguration.engineFlagsHelp,
            "  --format text|json    text (default) or exactly one JSON document on standard output",
            "  --out DIR             where traces go (default Reports/counterexamples)",
            "",
            "exit status: 0 complete and every property holds or is witnessed; 1 a property violated or",
            "a sometimes unwitnessed; 3 incomplete (a bound or time limit stopped the search); 2 bad usage.",
            "",
            "models and their parameters:",
        ]
        for family in ModelCatalog.families {
            lines.append("  \(family.name): " + family.parameters.map { "--\($0.name) \($0.rangeText)" }.joined(separator: " "))
        }
        return lines.joined(separator: "\n")
    }

    static func run(_ args: inout CommandLineArguments, console: Console) throws -> Int32 {
        if try args.flag("--help") {
            console.out(help)
            return ExitStatus.success
        }
        let format = try args.choice("--format", among: ["text", "json"]) ?? "text"
        let outDirectory = try args.value("--out") ?? "Reports/counterexamples"
        let flags = try RunConfiguration.EngineFlags.parse(&args)
        let positionals = args.positionals()
        guard positionals.count == 1 else {
            throw UsageError(positionals.isEmpty ? "check needs a model name (see 'verify list')"
                             : "check takes one model, got \(positionals.count): \(positionals.joined(separator: " "))")
        }
        var configuration = try RunConfiguration.parse(modelName: positionals[0], flags: flags, &args)
        try args.finish()
        if let problem = configuration.family.problem(variant: configuration.variant.name,
                                                      parameters: configuration.parameters, options: configuration.options) {
            throw UsageError(problem)
        }
        configuration.options.progress = { report in console.err(report.line) }
        let report = try UsageError.rethrowing { () throws(FamilyError) in
            try configuration.family.run(variant: configuration.variant.name, parameters: configuration.parameters,
                                         options: configuration.options)
        }
        let traceFiles: [String: String]
        do {
            traceFiles = try TraceFiles.write(report, label: configuration.traceLabel, to: outDirectory)
        } catch {
            console.err("verify: error: cannot write traces to \(outDirectory): \(error.localizedDescription)")
            return ExitStatus.usage
        }
        if format == "json" {
            console.out(report.json(traceFiles: traceFiles).prettyText)
        } else {
            console.out(RunSummaryText.render(report, traceFiles: traceFiles))
        }
        return exitStatus(report)
    }

    /// 1 when anything failed, 3 when something is unknown (incomplete), else 0.
    static func exitStatus(_ report: RunReport) -> Int32 {
        if report.properties.contains(where: { $0.outcome.isFailure }) { return ExitStatus.failure }
        if report.properties.contains(where: { $0.outcome == .unknown }) || (!report.complete && report.stoppedBy?.decidedEverything != true) {
            return ExitStatus.incomplete
        }
        return ExitStatus.success
    }
}

/// The text a person reads after `verify check`.
enum RunSummaryText {
    static func render(_ report: RunReport, traceFiles: [String: String]) -> String {
        let statistics = report.statistics
        var lines: [String] = []
        lines.append("\(report.family) / \(report.variant)  (\(ParameterText.format(report.parameters)))")
        let store = report.exact ? "exact states" : String(format: "fingerprints, collision probability %.2g", statistics.collisionProbability)
        lines.append("strategy \(report.strategy.rawValue), \(statistics.workers) worker\(statistics.workers == 1 ? "" : "s"), symmetry \(report.symmetry ? "on" : "off"), \(store)")
        let rate = Int(statistics.statesPerSecond)
        lines.append("\(report.complete ? "complete" : "INCOMPLETE (stopped by \(report.stoppedBy.map(String.init(describing:)) ?? "a bound"))"): "
            + "\(statistics.distinct) distinct states, \(statistics.generated) generated, depth \(statistics.depth), "
            + String(format: "%.2f s (%d distinct/s)", statistics.seconds, rate)
            + (statistics.tableBytes > 0 ? String(format: ", %.1f bytes/state", statistics.bytesPerState) : ""))
        let nameWidth = max(12, report.properties.map(\.name.count).max() ?? 0)
        for property in report.properties {
            var line = "  " + property.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "  "
                + property.kind.padding(toLength: 16, withPad: " ", startingAt: 0)
                + property.outcome.rawValue.padding(toLength: 13, withPad: " ", startingAt: 0)
            if let trace = property.trace { line += " trace \(trace.length)" }
            if let file = traceFiles[property.name] { line += "  \(file)" }
            lines.append(line)
            if let note = property.note { lines.append("      \(note)") }
        }
        let failed = report.properties.filter { $0.outcome.isFailure }.map(\.name)
        if !failed.isEmpty {
            lines.append("REFUTED: \(failed.joined(separator: ", "))")
        } else if report.properties.contains(where: { $0.outcome == .unknown }) || !report.complete {
            lines.append("INCOMPLETE: nothing violated in what was explored; this is not a verification")
        } else {
            lines.append("VERIFIED: every applicable property holds or is witnessed")
        }
        return lines.joined(separator: "\n")
    }
}
