import Foundation
import ModelChecker
import Models
import Support
import Verification

/// `verify bench [NAME...]`: one JSON line per run. Meant for release builds.
enum BenchCommand {
    static let help = """
    usage: verify bench [NAME...] [--workers N] [--tlc-jar PATH]
           verify bench storage | kv | simulate [--scenario billing]
           verify bench lincheck [--quick] [--only TEXT] [--time-limit S] [--write-histories DIR]
           verify bench raft [--raft-entries N]

    Runs benchmarks and prints one JSON line per run: model, parameters, workers, symmetry,
    distinct, generated, seconds, distinct per second, bytes per state. NAME selects a model
    (all its benchmarks), one benchmark by name, or 'lincheck' (the linearizability checker's
    benchmarks). With no NAME, every model benchmark runs. Each model benchmark runs at one
    worker and at all workers (or only at --workers N). Build with -c release.

    'tlc' (or one of its rows, tlc-election-inflight1-nosym ...) compares this checker with TLC
    on each reference configuration of raft-election (MCraft.tla's .cfg files), both as whole
    processes at all workers (or --workers N): one JSON line each with both times, both counts
    and the ratio. It needs --tlc-jar PATH (tla2tools.jar, with MCraft.tla, raft.tla and the
    .cfg files beside it, copied to a temporary directory for each run) and java on PATH;
    without --tlc-jar the rows are skipped with a message. With no NAME they run after the
    model benchmarks.
    """

    /// Benchmarks of the implementation, by name; each prints its own JSON lines and returns
    /// its exit status. They run only when named.
    static let implementationBenchmarks: [(name: String, run: @Sendable (Console) -> Int32)] = [
        ("storage", { console in StorageBenchmark.run(output: console.out) }),
        ("kv", { console in KeyValueBenchmark.run(console: console); return KeyValueClusterBenchmark.run(console: console) }),
        ("simulate", { console in SimulationBenchmark.run(console: console) }),
    ]

    static func run(_ args: inout CommandLineArguments, console: Console) throws -> Int32 {
        if try args.flag("--help") {
            console.out(help)
            return ExitStatus.success
        }
        let fixedWorkers = try args.integer("--workers", in: 1...256)
        let tlcJar = try args.value("--tlc-jar")
        let lincheckSettings = try LincheckBenchmark.Settings.parse(&args)
        let raftSettings = try RaftBenchmark.Settings.parse(&args)
        let scenario = try args.choice("--scenario", among: ["store", "billing"])
        let names = args.positionals()
        try args.finish()
        let all = ModelCatalog.families.flatMap { family in family.benchmarks.map { (family, $0) } }
        var selected: [(any ModelFamily, BenchmarkSpec)] = []
        var runLincheck = false
        var implementation: [(name: String, run: @Sendable (Console) -> Int32)] = []
        var runRaft = false
        var tlcRows: [RaftElectionTLCReference.Configuration] = []
        for name in names {
            if name == "lincheck" {
                runLincheck = true
            } else if name == "raft" {
                runRaft = true
            } else if name == "tlc" {
                tlcRows += RaftElectionTLCReference.configurations
            } else if let row = RaftElectionTLCReference.configurations.first(where: { TLCComparison.benchmarkName($0) == name }) {
                tlcRows.append(row)
            } else if name == "simulate" && scenario == "billing" {
                implementation.append(("simulate", { console in BillingSimulationBenchmark.run(console: console) }))
            } else if let benchmark = implementationBenchmarks.first(where: { $0.name == name }) {
                implementation.append(benchmark)
            } else if ModelCatalog.family(named: name) != nil {
                selected += all.filter { $0.0.name == name }
            } else if let match = all.first(where: { $0.1.name == name }) {
                selected.append(match)
            } else {
                throw UsageError("unknown benchmark '\(name)' (models, 'lincheck', 'raft', \(implementationBenchmarks.map { "'\($0.name)'" }.joined(separator: ", ")), or one of: \((all.map(\.1.name) + ["tlc"] + TLCComparison.names).joined(separator: ", ")))")
            }
        }
        if names.isEmpty {
            selected = all
            tlcRows = RaftElectionTLCReference.configurations
        }
        if scenario != nil && !names.contains("simulate") { throw UsageError("--scenario applies to 'verify bench simulate' only") }
        if tlcJar != nil && tlcRows.isEmpty { throw UsageError("--tlc-jar applies to the 'tlc' benchmarks only") }
        if !runLincheck && !lincheckSettings.isDefault {
            throw UsageError("--quick, --only, --time-limit and --write-histories apply to 'verify bench lincheck' only")
        }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let workerCounts = fixedWorkers.map { [$0] } ?? (cores > 1 ? [1, cores] : [1])
        for (family, benchmark) in selected {
            var parameters = family.defaultParameters
            for (name, value) in benchmark.parameters { parameters[name] = value }
            for workers in workerCounts {
                let options = CheckOptions(benchmark.search, workers: workers)
                if let problem = family.problem(variant: benchmark.variant, parameters: parameters, options: options) {
                    throw UsageError("benchmark \(benchmark.name): \(problem)")
                }
                let report = try UsageError.rethrowing { () throws(FamilyError) in try family.run(variant: benchmark.variant, parameters: parameters, options: options) }
                let statistics = report.statistics
                console.out(JSONValue.object([
                    ("benchmark", .string(benchmark.name)),
                    ("model", .string(family.name)),
                    ("variant", .string(benchmark.variant)),
                    ("parameters", .object(parameters.entries.map { ($0.name, .int($0.value)) })),
                    ("workers", .int(workers)),
                    ("symmetry", .bool(report.symmetry)),
                    ("complete", .bool(report.complete)),
                    ("distinct", .int(statistics.distinct)),
                    ("generated", .int(statistics.generated)),
                    ("depth", .int(statistics.depth)),
                    ("seconds", .double((statistics.seconds * 1000).rounded() / 1000)),
                    ("distinctPerSecond", .int(Int(statistics.statesPerSecond))),
                    ("bytesPerState", .double((statistics.bytesPerState * 100).rounded() / 100)),
                    ("graphBytes", .int(statistics.graphBytes)),
                ]).compactText)
            }
        }
        var status = ExitStatus.success
        if runRaft {
            let result = try RaftBenchmark.run(console: console, settings: raftSettings)
            if result != ExitStatus.success { status = result }
        }
        if !tlcRows.isEmpty {
            let result = try TLCComparison(jar: tlcJar, workers: fixedWorkers ?? cores).run(tlcRows, console: console)
            if result != ExitStatus.success { status = result }
        }
        for benchmark in implementation {
            let result = benchmark.run(console)
            if result != ExitStatus.success { status = result }
        }
        if runLincheck {
            let result = try LincheckBenchmark.run(console: console, settings: lincheckSettings)
            if result != ExitStatus.success { status = result }
        }
        return status
    }
}
