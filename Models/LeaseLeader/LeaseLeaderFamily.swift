import ModelChecker
import Verification

/// `lease-leader` as the tool and the verification plan see it.
public struct LeaseLeaderFamily: ModelDefinition {
    public init() {}
    public let name = "lease-leader"
    public let summary = "billing brokers elected by lease + watch on an etcd-style store, charging a payment provider"

    public var parameters: [ParameterSpec] {
        typealias C = LeaseLeader.Configuration
        let defaults = C()
        return [
            ParameterSpec("brokers", "brokers competing for election/billing", default: defaults.brokers, .integer(C.brokersRange)),
            ParameterSpec("subscriptions", "subscriptions in the database", default: defaults.subscriptions, .integer(C.subscriptionsRange)),
            ParameterSpec("periods", "billing periods per subscription (later ones fall due as the calendar moves on)",
                          default: defaults.periods, .integer(C.periodsRange)),
            ParameterSpec("lease-ttl", "lease TTL in ticks", default: defaults.leaseTTLTicks, .integer(C.leaseTTLRange)),
            ParameterSpec("refresh-interval", "ticks between a leader's lease refreshes (below lease-ttl)",
                          default: defaults.refreshIntervalTicks, .integer(C.refreshIntervalRange)),
            ParameterSpec("max-pauses", "stop-the-world broker pauses in total", default: defaults.maxPauses, .integer(C.pausesRange)),
            ParameterSpec("max-crashes", "permanent broker crashes in total (at most brokers − 1)",
                          default: defaults.maxCrashes, .integer(C.crashesRange)),
            ParameterSpec("max-losses", "lost requests or responses in total", default: defaults.maxLosses, .integer(C.lossesRange)),
            ParameterSpec("max-drift", "ticks each broker's clock may lag the store's over the run",
                          default: defaults.maxDriftTicks, .integer(C.driftRange)),
            ParameterSpec("liveness", "decide allDueChargesRecorded (stores the state graph)", default: 1, .toggle),
        ]
    }

    public func configuration(_ parameters: ParameterValues) -> LeaseLeader.Configuration {
        LeaseLeader.Configuration(
            brokers: parameters["brokers"], subscriptions: parameters["subscriptions"], periods: parameters["periods"],
            leaseTTLTicks: parameters["lease-ttl"], refreshIntervalTicks: parameters["refresh-interval"],
            maxPauses: parameters["max-pauses"], maxCrashes: parameters["max-crashes"], maxLosses: parameters["max-losses"],
            maxDriftTicks: parameters["max-drift"], liveness: parameters["liveness"] != 0)
    }

    /// The parameter values that give `configuration` (the inverse of `configuration(_:)`).
    public func parameters(for configuration: LeaseLeader.Configuration) -> ParameterValues {
        ParameterValues([
            ("brokers", configuration.brokers), ("subscriptions", configuration.subscriptions),
            ("periods", configuration.periods), ("lease-ttl", configuration.leaseTTLTicks),
            ("refresh-interval", configuration.refreshIntervalTicks), ("max-pauses", configuration.maxPauses),
            ("max-crashes", configuration.maxCrashes), ("max-losses", configuration.maxLosses),
            ("max-drift", configuration.maxDriftTicks), ("liveness", configuration.liveness ? 1 : 0),
        ])
    }

    public func validate(_ parameters: ParameterValues) -> String? { configuration(parameters).problem }

    public func makeModel(variant: String, parameters: ParameterValues) -> LeaseLeader {
        guard let chosen = LeaseLeader.Variant(rawValue: variant) else {
            preconditionFailure("lease-leader has no variant \(variant)")
        }
        return LeaseLeader(configuration(parameters), variant: chosen)
    }

    public var variants: [VariantSpec] { LeaseLeaderPlan.variants }

    public var benchmarks: [BenchmarkSpec] { LeaseLeaderPlan.benchmarks }

    public func supplementaryReports(workers: Int) -> [SupplementaryReport] {
        [LeaseLeaderDriftTable.compute(workers: workers).report]
    }
}
