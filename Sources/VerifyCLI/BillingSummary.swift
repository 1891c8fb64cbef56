import Simulation
import Support

/// The figures of a set of billing seeds: how many passed, how many were outside the
/// assumption, and the dead-leader failover distribution (median, p99, max) against the TTL.
struct BillingSummary {
    var seeds: Int
    var passed: Int
    var outside: Int
    var toCampaign: [Int64]
    var toCharge: [Int64]
    var overlapMilliseconds: Int64
    var ttlMilliseconds: Int64

    init(_ results: [BillingSeedResult], ttlMilliseconds: Int64 = BillingConfiguration(seed: 0).ttlSeconds * 1000) {
        seeds = results.count
        passed = results.filter(\.passed).count
        outside = results.filter { $0.outsideAssumption != nil }.count
        let failovers = results.flatMap(\.deadLeaderFailovers)
        toCampaign = failovers.map(\.toCampaignMilliseconds).sorted()
        toCharge = failovers.compactMap(\.toFirstChargeMilliseconds).sorted()
        overlapMilliseconds = results.map(\.overlapMilliseconds).reduce(0, +)
        self.ttlMilliseconds = ttlMilliseconds
    }

    /// The value at quantile `q` (nearest rank); nil for no values.
    static func quantile(_ sorted: [Int64], _ q: Double) -> Int64? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((q * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    static func describe(_ sorted: [Int64]) -> String {
        guard let median = quantile(sorted, 0.5), let p99 = quantile(sorted, 0.99), let max = sorted.last else { return "none" }
        return "\(sorted.count) handovers, median \(median) ms, p99 \(p99) ms, max \(max) ms"
    }

    var text: String {
        "billing: \(passed) of \(seeds - outside) seeds inside the assumption passed, \(outside) outside it; "
            + "dead-leader failover (TTL \(ttlMilliseconds) ms) to campaign: \(BillingSummary.describe(toCampaign)); "
            + "to first charge: \(BillingSummary.describe(toCharge)); two believers for \(overlapMilliseconds) ms in all"
    }

    func json(_ sorted: [Int64]) -> JSONValue {
        .object([("count", .int(sorted.count)), ("median", BillingSummary.quantile(sorted, 0.5).map { .int(Int($0)) } ?? .null),
                 ("p99", BillingSummary.quantile(sorted, 0.99).map { .int(Int($0)) } ?? .null),
                 ("max", sorted.last.map { .int(Int($0)) } ?? .null)])
    }
}
