import Foundation
import Simulation
import Support

/// `verify simulate --scenario billing`: the brokers, the store's cluster, the database and the
/// provider under the simulator's faults, audited per seed. Standard output is deterministic:
/// one line per seed in seed order, then the failover summary.
enum BillingSimulateCommand {
    static let usage = """
        usage: verify simulate --scenario billing [--seeds N | --seed S] [--workers N] [--format text|json]

        Simulates 3 store nodes on Raft (with the lessor and watches), 3 brokers electing a leader
        through the store with the election recipe and charging the payment provider, and the
        subscription database, in simulated time: the store's faults (loss, duplication, delay,
        partitions, crashes, the store's leader isolated during a campaign) and the brokers'
        (crashes, pauses longer than the TTL between events or between a check and its send, a
        broker cut from the store but not the provider, clock drift within the margin), lost and
        delayed provider answers, database calls that time out; then it heals. Audits: at most
        once (the provider's ledger), no charge after the sender's lease expired at the store, no
        item under two revisions at once, fenced writes in token order, at least once after
        healing, the ledger matches the database. Every tenth seed pauses a broker beyond the
        provider's retention: outside the design's assumption, reported as such.
        exit status: 0 every seed inside the assumption passed, 1 one failed, 2 bad usage.
        """

    static func run(_ args: inout CommandLineArguments, console: Console) throws -> Int32 {
        if try args.flag("--help") {
            console.out(usage)
            return ExitStatus.success
        }
        let selection = try SeedArguments(&args)
        let workers = selection.workers
        let format = selection.format
        try args.finish()
        let seeds = try selection.seeds(defaultCount: 20)
        let results = BillingRunner.run(seeds: seeds, workers: workers, progress: { console.err($0) })
        var failed = false
        var done: [BillingSeedResult] = []
        for result in results {
            switch result {
            case .failure(let error):
                failed = true
                console.out(format == "json"
                    ? JSONValue.object([("seed", .int(Int(error.seed))), ("error", .string(error.message)), ("passed", .bool(false))]).compactText
                    : "seed \(error.seed): ERROR \(error.message)")
            case .success(let seed):
                done.append(seed)
                console.out(format == "json" ? seed.jsonLine : seed.textLine)
                guard seed.failed else { continue }
                failed = true
                for (name, text) in seed.explanations where format == "text" { console.out("  \(name): \(text)") }
                do {
                    console.err("wrote \(try BillingRunner.writeReport(seed, under: SimulateCommand.reportDirectory))")
                } catch {
                    console.err("verify: cannot write the report of seed \(seed.seed): \(error)")
                }
                if format == "text" { console.out("  replay: swift run -c release verify simulate --scenario billing --seed \(seed.seed)") }
            }
        }
        if format == "text" { console.out(BillingSummary(done).text) }
        return failed ? ExitStatus.failure : ExitStatus.success
    }
}
