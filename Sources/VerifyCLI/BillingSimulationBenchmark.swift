import Foundation
import Simulation
import Support

/// `verify bench simulate --scenario billing`: simulated seconds per wall second of the billing
/// scenario (3 store nodes, 2 or 3 brokers, the database and the provider, every fault, the
/// audits included) at one worker and at all workers, with the plan seeds' dead-leader
/// failover distribution against the TTL. A benchmark, never a test.
enum BillingSimulationBenchmark {
    static let seeds: [UInt64] = Array(1...8)

    static func run(console: Console) -> Int32 {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let simulatedSeconds = Double(BillingConfiguration(seed: 0).endMilliseconds) / 1000
        var status = ExitStatus.success
        for workers in cores > 1 ? [1, cores] : [1] {
            let started = ContinuousClock.now
            let results = BillingRunner.run(seeds: seeds, workers: workers)
            let elapsed = started.duration(to: .now)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let done = results.compactMap { try? $0.get() }
            if done.count != seeds.count || done.contains(where: \.failed) { status = ExitStatus.failure }
            let summary = BillingSummary(done)
            let simulated = simulatedSeconds * Double(seeds.count)
            console.out(JSONValue.object([
                ("benchmark", .string("simulate-billing")),
                ("seeds", .int(seeds.count)),
                ("workers", .int(workers)),
                ("passed", .int(summary.passed)),
                ("outsideAssumption", .int(summary.outside)),
                ("simulatedSeconds", .double(simulated)),
                ("seconds", .double((seconds * 1000).rounded() / 1000)),
                ("simulatedSecondsPerSecond", .double((simulated / max(seconds, 1e-9) * 10).rounded() / 10)),
                ("simulatedSecondsPerSecondPerCore", .double((simulated / max(seconds, 1e-9) / Double(workers) * 10).rounded() / 10)),
                ("ttlMilliseconds", .int(Int(summary.ttlMilliseconds))),
                ("failoverToCampaignMilliseconds", summary.json(summary.toCampaign)),
                ("failoverToFirstChargeMilliseconds", summary.json(summary.toCharge)),
            ]).compactText)
        }
        return status
    }
}
