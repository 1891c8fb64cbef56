import Simulation
import Support
import Verification

/// `verify all`'s billing stage: seeds 1 through `seedsCI` of `verify simulate --scenario
/// billing`. It counts as one expectation: every seed inside the design's assumption passes
/// every audit, and every seed planned beyond the provider's retention is reported outside it
/// (so the stage shows the assumption is needed). The reports hold no timings.
enum BillingSimulationStage {
    static let seedsCI = 20

    static func report(workers: Int, progress: @escaping @Sendable (String) -> Void) -> SupplementaryReport {
        let seeds = (1...seedsCI).map { UInt64($0) }
        let results = BillingRunner.run(seeds: seeds, workers: workers, progress: progress)
        var lines: [String] = []
        var json: [JSONValue] = []
        var done: [BillingSeedResult] = []
        var errors = 0
        for result in results {
            switch result {
            case .success(let seed):
                lines.append(seed.textLine)
                json.append(seed.json)
                done.append(seed)
            case .failure(let error):
                errors += 1
                lines.append("seed \(error.seed): ERROR \(error.message)")
                json.append(.object([("seed", .int(Int(error.seed))), ("error", .string(error.message)), ("passed", .bool(false))]))
            }
        }
        let summary = BillingSummary(done)
        let planned = seeds.filter { BillingConfiguration.plan(seed: $0).pausesBeyondRetention }
        let outsideAsPlanned = done.filter { $0.outsideAssumption != nil }.map(\.seed) == planned
        let met = errors == 0 && !done.contains(where: \.failed) && outsideAsPlanned
        let markdown = """
        # Simulation of the billing service

        `verify all` runs seeds 1…\(seedsCI) of `verify simulate --scenario billing`: 3 store nodes on the real
        Raft and store (lessor, watches), 3 brokers in odd seeds and 2 in even ones running the election recipe
        over the store's client and charging the payment provider, the subscription database; the store's
        faults, broker crashes, rolling restarts, pauses longer than the TTL (between events, and between a
        check and its send), a broker cut from the store, clock drift within the margin, lost and delayed
        provider answers, database calls that time out, slow watch streams; then healing. The audits read the
        provider's log and ledger, the database's accepted writes and the store's history. Seeds
        \(planned.map(String.init).joined(separator: ", ")) pause a broker beyond the provider's retention: outside the
        design's assumption (max pause + delay < retention), reported as such and never as passing.

        \(summary.text)

        ```
        \(lines.joined(separator: "\n"))
        ```

        """
        return SupplementaryReport(
            fileName: "simulation-billing", title: "simulation of the billing service",
            markdown: markdown,
            json: .object([("seeds", .int(seeds.count)), ("passed", .int(summary.passed)), ("outsideAssumption", .int(summary.outside)),
                           ("ttlMilliseconds", .int(Int(summary.ttlMilliseconds))),
                           ("failoverToCampaignMilliseconds", summary.json(summary.toCampaign)),
                           ("failoverToFirstChargeMilliseconds", summary.json(summary.toCharge)),
                           ("results", .array(json))]),
            expectationsMet: met,
            summaryLine: "\(summary.passed) of \(seeds.count - summary.outside) seeds inside the assumption passed, "
                + "\(summary.outside) outside it (verify simulate --scenario billing --seeds \(seedsCI))")
    }
}
