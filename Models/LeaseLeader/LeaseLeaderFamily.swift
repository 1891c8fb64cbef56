import ModelChecker
import Verification

/// `lease-leader` as the tool and the verification plan see it.
public struct LeaseLeaderFamily: ModelDefinition {
    public init() {}
    public let name = "lease-leader"
    public let summary = "billing brokers elected by lease + watch on an etcd-style store, charging a payment provider"

    public typealias Configuration = LeaseLeader.Configuration
    public typealias Variant = LeaseLeader.Variant

    public var defaultConfiguration: Configuration { Configuration() }

    public var parameterDeclarations: [Parameter<Configuration>] {
        typealias C = Configuration
        return [
            .integer("brokers", \.brokers, C.brokersRange, "brokers competing for election/billing"),
            .integer("subscriptions", \.subscriptions, C.subscriptionsRange, "subscriptions in the database"),
            .integer("periods", \.periods, C.periodsRange,
                     "billing periods per subscription (later ones fall due as the calendar moves on)"),
            .integer("lease-ttl", \.leaseTTLTicks, C.leaseTTLRange, "lease TTL in ticks"),
            .integer("refresh-interval", \.refreshIntervalTicks, C.refreshIntervalRange,
                     "ticks between a leader's lease refreshes (below lease-ttl)"),
            .integer("max-pauses", \.maxPauses, C.pausesRange, "stop-the-world broker pauses in total"),
            .integer("max-crashes", \.maxCrashes, C.crashesRange, "permanent broker crashes in total (at most brokers − 1)"),
            .integer("max-losses", \.maxLosses, C.lossesRange, "lost requests or responses in total"),
            .integer("max-drift", \.maxDriftTicks, C.driftRange, "ticks each broker's clock may lag the store's over the run"),
            .integer("max-pause-ticks", \.maxPauseTicks, C.pauseTicksRange, "ticks one pause may last at most"),
            .integer("key-retention", \.keyRetentionTicks, C.keyRetentionRange,
                     "ticks the provider remembers an idempotency key (idealProvider: forever)"),
            .integer("max-delay", \.maxMessageDelayTicks, C.delayRange,
                     "ticks a message may stay in flight (0: delivered within the tick it is sent in)"),
            .integer("max-delayed", \.maxDelayedMessages, C.delayedRange,
                     "messages the network may slow in total (each by up to max-delay ticks; 0 with max-delay 0)"),
            .integer("max-compactions", \.maxCompactions, C.compactionsRange,
                     "compactions of the store's history, each cancelling the watches that had events left"),
            .integer("max-store-leader-changes", \.maxStoreLeaderChanges, C.storeLeaderChangesRange,
                     "leader changes of the store's Raft group, each extending every lease"),
            .integer("election-timeout", \.electionTimeoutTicks, C.electionTimeoutRange,
                     "ticks a promoted store leader extends every lease by"),
            .toggle("liveness", \.liveness, "decide allDueChargesRecorded (stores the state graph)"),
        ]
    }

    public func problem(with configuration: Configuration) -> String? { configuration.problem }

    public func makeModel(variant: Variant, configuration: Configuration) -> LeaseLeader {
        LeaseLeader(configuration, variant: variant)
    }

    public var variants: [VariantSpec] { LeaseLeaderPlan.variants(self) }

    public var benchmarks: [BenchmarkSpec] { LeaseLeaderPlan.benchmarks(self) }

    public func supplementaryReports(workers: Int) -> [SupplementaryReport] {
        [LeaseLeaderDriftTable.compute(workers: workers).report]
    }

    /// The drift table with delay 2 as well: whether the closed form read off delays 0 and 1
    /// still holds where a message may cross two ticks.
    public func thoroughSupplementaryReports(workers: Int) -> [SupplementaryReport] {
        [LeaseLeaderDriftTable.compute(workers: workers, delays: LeaseLeaderDriftTable.thoroughDelays).report]
    }
}
