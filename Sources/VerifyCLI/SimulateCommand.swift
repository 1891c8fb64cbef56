import Foundation
import Support
import Simulation

/// `verify simulate`: runs the cluster's deterministic simulation for a range of seeds and
/// audits each. Standard output is deterministic: one line per seed, in seed order.
enum SimulateCommand {
    static let usage = """
        usage: verify simulate [--seeds N | --seed S] [--workers N] [--format text|json]

        Simulates three store nodes on Raft with clients, in simulated time, injecting message
        loss, duplication, delay spikes, partitions (symmetric, one-way, the leader isolated)
        and crashes that lose unsynced writes, then heals and lets the cluster settle. Audits:
        linearizability (etcd model), election safety, state machine safety, acknowledged
        writes kept, liveness after healing. Defaults: seeds 1...100, all cores.
        A failing seed writes history.jsonl, trace.txt and audits.txt under
        Reports/simulation/seed-S/ and prints the command that replays it.
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
        let count = try args.integer("--seeds", in: 1...1_000_000)
        let single = try args.integer("--seed", in: 0...Int.max)
        let workers = try args.integer("--workers", in: 1...256) ?? ProcessInfo.processInfo.activeProcessorCount
        let format = try args.choice("--format", among: ["text", "json"]) ?? "text"
        try args.finish()
        if count != nil && single != nil { throw UsageError("give --seeds N or --seed S, not both") }
        let seeds: [UInt64] = single.map { [UInt64($0)] } ?? (1...(count ?? 100)).map { UInt64($0) }
        let results = SimulationRunner.run(seeds: seeds, workers: workers, progress: { console.err($0) })
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
                guard !seed.passed else { continue }
                failed = true
                do {
                    let folder = try SimulationRunner.writeReport(seed, under: reportDirectory)
                    console.err("wrote \(folder)")
                } catch {
                    console.err("verify: cannot write the report of seed \(seed.seed): \(error)")
                }
                if format == "text" { console.out("  replay: swift run -c release verify simulate --seed \(seed.seed)") }
            }
        }
        return failed ? ExitStatus.failure : ExitStatus.success
    }
}
