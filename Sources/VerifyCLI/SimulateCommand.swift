import Foundation
import Support
import Simulation

/// `verify simulate`: runs the cluster's deterministic simulation for a range of seeds and
/// audits each. Standard output is deterministic: one line per seed, in seed order.
enum SimulateCommand {
    static let usage = """
        usage: verify simulate [--seeds N | --seed S] [--nodes 3|5] [--clients N] [--duration SECONDS]
                               [--faults LIST] [--churn PERCENT] [--rate N] [--workers N] [--format text|json]
                               [--trace]
               verify simulate --scenario billing ...   (the brokers and the provider: --scenario billing --help)

        Simulates store nodes on Raft with clients (puts, ranges, deletes, transactions, leases,
        watches), in simulated time, injecting the fault kinds of --faults (default all:
        loss, duplication, reordering, partition, crash, tornWrite, pause, clockDrift; or none),
        then heals and lets the cluster settle. With partitions on, every leader elected in the
        fault phase is cut off (leader churn: Raft's Figure 8 hazard); --churn P cuts off P% of
        them (default 100; 0 lets a leader lead, so the fault phase makes progress). Each
        client is a closed loop (one call open, a
        think time of up to 150 ms: about 10 operations a second), or with --rate N an open loop
        of N operations per simulated second (1...500; exponential interarrival times, up to 4
        calls open at once, each its own history process; `verify bench simulate` uses 50).
        Audits: linearizability (etcd model), election safety, log matching, leader
        completeness, state machine safety, promises kept across restarts, acknowledged writes
        kept, fresh reads (none answered below a revision applied before it arrived), watches
        (ordered, unique, atomic, nothing lost, matching the store's history), liveness after
        healing. Defaults: seeds 1...100, 3 nodes, 4 clients, 16 simulated seconds (10
        injecting faults, then 6 healed; a --duration D run heals for min(D/2, 6) s), all
        cores. A failing seed writes history.jsonl, trace.txt and audits.txt under
        Reports/simulation/seed-S/ (trace.txt: the last 40,000 events, every message among
        them: who sent what to whom) and prints the command that replays it. --trace prints
        every seed's trace, messages included, after its line.
        exit status: 0 every seed passed, 1 a seed failed, 2 bad usage.
        """

    static let reportDirectory = "Reports/simulation"

    static func run(_ args: inout CommandLineArguments, console: Console) throws -> Int32 {
        if let scenario = try args.choice("--scenario", among: ["store", "billing"]), scenario == "billing" {
            return try BillingSimulateCommand.run(&args, console: console)
        }
        if try args.flag("--help") {
            console.out(usage)
            return ExitStatus.success
        }
        let selection = try SeedArguments(&args)
        let workers = selection.workers
        let format = selection.format
        let shape = try shape(&args)
        let printsTrace = try args.flag("--trace")
        let replayFlags = flags(of: shape)
        try args.finish()
        let seeds = try selection.seeds(defaultCount: 100)
        let results = SimulationRunner.run(seeds: seeds, workers: workers, progress: { console.err($0) }, configure: { seed in
            var configuration = shape
            configuration.seed = seed
            configuration.tracesMessages = printsTrace
            return configuration
        })
        var failed = false
        for result in results {
            switch result {
            case .failure(let error):
                failed = true
                console.out(format == "json"
                    ? JSONValue.object([("seed", .int(Int(error.seed))), ("error", .string(error.message)), ("passed", .bool(false))]).compactText
                    : "seed \(error.seed): ERROR \(error.message)")
            case .success(let seed):
                console.out(format == "json" ? seed.jsonLine : seed.textLine)
                if printsTrace { for line in seed.trace { console.out(format == "json" ? JSONValue.string(line).compactText : "  \(line)") } }
                guard !seed.passed else { continue }
                failed = true
                do {
                    let folder = try SimulationRunner.writeReport(tracingMessages(seed, shape: shape), under: reportDirectory)
                    console.err("wrote \(folder)")
                } catch {
                    console.err("verify: cannot write the report of seed \(seed.seed): \(error)")
                }
                if format == "text" { console.out("  replay: swift run -c release verify simulate --seed \(seed.seed)\(replayFlags)") }
            }
        }
        return failed ? ExitStatus.failure : ExitStatus.success
    }

    /// The failing seed run again with every message in its trace (who sent what to whom), for
    /// its report. Tracing changes no draw, so it is the same run: if its line differed, the
    /// first run's result is reported instead, and says so.
    static func tracingMessages(_ result: SeedResult, shape: SimulationConfiguration) -> SeedResult {
        guard !shape.tracesMessages else { return result }
        var configuration = shape
        configuration.seed = result.seed
        configuration.tracesMessages = true
        guard let traced = try? Simulator.run(configuration), traced.textLine == result.textLine else {
            var untraced = result
            untraced.trace.append("(the run again with messages traced did not end the same: this trace holds no messages)")
            return untraced
        }
        return traced
    }

    /// The run's shape from --nodes, --clients, --duration, --rate, --churn and --faults (seed 0: each seed sets
    /// its own). Bad values are usage errors of one line.
    static func shape(_ args: inout CommandLineArguments) throws -> SimulationConfiguration {
        var configuration = SimulationConfiguration(seed: 0)
        if let text = try args.value("--nodes") {
            guard let nodes = Int(text), SimulationConfiguration.nodeCounts.contains(nodes) else {
                throw UsageError("--nodes expects \(SimulationConfiguration.nodeCounts.map(String.init).joined(separator: " or ")), got '\(text)'")
            }
            configuration.nodeCount = nodes
        }
        if let clients = try args.integer("--clients", in: 1...SimulationConfiguration.clientsMax) { configuration.clientCount = clients }
        if let seconds = try args.integer("--duration", in: SimulationConfiguration.durationSecondsMin...SimulationConfiguration.durationSecondsMax) {
            configuration.setDuration(seconds: seconds)
        }
        let rates = SimulationConfiguration.operationsPerClientPerSecondRange
        if let rate = try args.integer("--rate", in: rates) { configuration.operationsPerClientPerSecond = rate }
        if let churn = try args.integer("--churn", in: 0...100) { configuration.churnPercent = churn }
        if let list = try args.value("--faults") {
            switch FaultKind.parseList(list) {
            case .success(let kinds): configuration.faults = kinds
            case .failure(let error): throw UsageError("--faults: \(error)")
            }
        }
        if let problem = configuration.problem { throw UsageError(problem) }
        return configuration
    }

    /// The flags that give a run this shape, for the replay line (none for the defaults).
    static func flags(of shape: SimulationConfiguration) -> String {
        let defaults = SimulationConfiguration(seed: 0)
        var flags = ""
        if shape.nodeCount != defaults.nodeCount { flags += " --nodes \(shape.nodeCount)" }
        if shape.clientCount != defaults.clientCount { flags += " --clients \(shape.clientCount)" }
        if shape.endMilliseconds != defaults.endMilliseconds { flags += " --duration \(shape.endMilliseconds / 1000)" }
        if let rate = shape.operationsPerClientPerSecond { flags += " --rate \(rate)" }
        if shape.churnPercent != defaults.churnPercent { flags += " --churn \(shape.churnPercent)" }
        if shape.faults != defaults.faults { flags += " --faults \(shape.faults.isEmpty ? "none" : shape.faults.map(\.rawValue).joined(separator: ","))" }
        return flags
    }
}
