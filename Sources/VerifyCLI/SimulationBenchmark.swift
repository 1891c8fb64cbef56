import Foundation
import Simulation
import Support

/// `verify bench simulate`: simulated seconds per wall second of the whole simulation (3 nodes,
/// 4 clients, every fault of the default configuration, etcd's timing, the audits included), at
/// one worker and at all workers, then the linearizability audit's time per seed. A benchmark, never a test: the figures depend on the machine.
enum SimulationBenchmark {
    static let seeds: [UInt64] = Array(1...8)

    static func run(console: Console) -> Int32 {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let perSeed = SimulationConfiguration(seed: 0)
        // The simulated time of one seed: the fault phase, then healing.
        let simulatedSeconds = Double(perSeed.faultPhaseMilliseconds + perSeed.healPhaseMilliseconds) / 1000
        var status = ExitStatus.success
        var last: [Result<SeedResult, SimulationError>] = []
        for workers in cores > 1 ? [1, cores] : [1] {
            let started = ContinuousClock.now
            let results = SimulationRunner.run(seeds: seeds, workers: workers)
            let elapsed = started.duration(to: .now)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let passed = results.filter { if case .success(let seed) = $0 { return seed.passed } else { return false } }.count
            if passed != seeds.count { status = ExitStatus.failure }
            last = results
            let simulated = simulatedSeconds * Double(seeds.count)
            console.out(JSONValue.object([
                ("benchmark", .string("simulate")),
                ("seeds", .int(seeds.count)),
                ("workers", .int(workers)),
                ("passed", .int(passed)),
                ("simulatedSeconds", .double(simulated)),
                ("seconds", .double((seconds * 1000).rounded() / 1000)),
                ("simulatedSecondsPerSecond", .double((simulated / max(seconds, 1e-9) * 10).rounded() / 10)),
                ("simulatedSecondsPerSecondPerCore", .double((simulated / max(seconds, 1e-9) / Double(workers) * 10).rounded() / 10)),
            ]).compactText)
        }
        console.out(linearizabilityAuditLine(last))
        return status
    }

    /// The linearizability audit alone, timed again on the histories the runs recorded: seconds
    /// per seed (median and maximum), so the audit's share of a seed is known.
    static func linearizabilityAuditLine(_ results: [Result<SeedResult, SimulationError>]) -> String {
        var seconds: [Double] = []
        for case .success(let seed) in results {
            let started = ContinuousClock.now
            _ = Simulator.checkLinearizability(seed.history)
            let elapsed = started.duration(to: .now)
            seconds.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
        seconds.sort()
        let median = seconds.isEmpty ? 0 : seconds[seconds.count / 2]
        return JSONValue.object([
            ("benchmark", .string("simulate-linearizability-audit")),
            ("seeds", .int(seconds.count)),
            ("medianSecondsPerSeed", .double((median * 10_000).rounded() / 10_000)),
            ("maxSecondsPerSeed", .double(((seconds.last ?? 0) * 10_000).rounded() / 10_000)),
        ]).compactText
    }
}
