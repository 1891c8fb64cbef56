import Simulation
import Support
import Verification

/// `verify all`'s simulation stage: the real implementation (Raft, the store, the client) under
/// the seeded simulator, a fixed seed range sized for CI. Each run counts as one expectation (every
/// seed passes every audit) and writes `Reports/simulation-plan.md` and `.json`, which hold no timings,
/// so CI's comparison with the committed reports also pins every seed's fault counters.
///
/// It runs twice: with leader churn (the default: every leader elected in the fault phase is
/// cut off, the Figure 8 hazard, and almost nothing is acknowledged until the cluster heals),
/// and without (`--churn 0`: leaders lead through the other faults, so writes are acknowledged,
/// leases expire and watches deliver while messages are lost, nodes crash and pause).
enum SimulationStage {
    /// Seeds 1 through `seedsCI`.
    static let seedsCI = 20

    /// `verify simulate`'s leader churn, and the percentages `verify all` runs seeds 1…`seedsCI` at.
    static let defaultChurn = SimulationConfiguration(seed: 0).churnPercent
    static let churnProfiles = [defaultChurn, 0]

    static func report(workers: Int, churnPercent: Int = defaultChurn,
                       progress: @escaping @Sendable (String) -> Void) -> SupplementaryReport {
        let seeds = (1...seedsCI).map { UInt64($0) }
        let results = SimulationRunner.run(seeds: seeds, workers: workers, progress: progress) { seed in
            var configuration = SimulationConfiguration(seed: seed)
            configuration.churnPercent = churnPercent
            return configuration
        }
        let isDefault = churnPercent == defaultChurn
        var shape = SimulationConfiguration(seed: 0)
        shape.churnPercent = churnPercent
        let flags = SimulateCommand.flags(of: shape)
        var lines: [String] = []
        var json: [JSONValue] = []
        var passed = 0
        for result in results {
            switch result {
            case .success(let seed):
                lines.append(seed.textLine)
                json.append((try? JSONValue.parse(seed.jsonLine)) ?? .null)
                if seed.passed { passed += 1 }
            case .failure(let error):
                lines.append("seed \(error.seed): ERROR \(error.message)")
                json.append(.object([("seed", .int(Int(error.seed))), ("error", .string(error.message)), ("passed", .bool(false))]))
            }
        }
        let met = passed == seeds.count
        let churnText = churnPercent == 0
            ? "no leader churn (`--churn 0`): a leader elected in the fault phase leads until another fault removes it, so writes are acknowledged during the faults"
            : "leader churn: \(churnPercent)% of the leaders elected in the fault phase cut off, at once or as they first commit"
        let title = "simulation of the implementation"
            + (isDefault ? "" : churnPercent == 0 ? " without leader churn" : " at --churn \(churnPercent)")
        let markdown = """
        # \(title.prefix(1).uppercased() + title.dropFirst())

        `verify all` runs seeds 1…\(seedsCI) of `verify simulate\(flags)` (3 nodes on the real Raft and store, 4 clients
        doing puts, ranges, deletes, transactions and lease grants, keep-alives and revocations, each
        watching the prefix; network loss, duplication and delay spikes, partitions, crashes losing
        unsynced writes, crashes in the middle of a write, process pauses, clock drift; \(churnText);
        16 simulated seconds: 10 injecting faults, then 6 healed) and audits each: linearizability of the clients' history (the `etcd`
        specification), election safety, log matching, leader completeness, state machine safety,
        promises kept across restarts (term and vote), no acknowledged write lost, fresh reads (none
        answered below a revision a node had applied when it arrived), the watch guarantees
        against the store's revision log, liveness after healing. `verify simulate --seed S` replays one
        seed exactly.

        \(passed) of \(seeds.count) seeds passed every audit.

        ```
        \(lines.joined(separator: "\n"))
        ```

        """
        return SupplementaryReport(
            fileName: isDefault ? "simulation-plan" : "simulation-plan-churn\(churnPercent)",
            title: title,
            markdown: markdown,
            json: .object([("seeds", .int(seeds.count)), ("passed", .int(passed)), ("results", .array(json))]),
            expectationsMet: met,
            summaryLine: "\(passed) of \(seeds.count) seeds passed every audit (verify simulate --seeds \(seedsCI)\(flags))")
    }
}
