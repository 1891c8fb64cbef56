/// One billing run's shape: the store's cluster (etcd's timing), the brokers, the database and
/// the provider, the billing calendar, the phases and the fault rates. Times are simulated
/// milliseconds. A run injects faults for `faultPhaseMilliseconds`, heals, and runs on for
/// `healPhaseMilliseconds` so the at-least-once audit can demand every due period charged.
public struct BillingConfiguration: Hashable, Sendable {
    public var seed: UInt64
    public var nodeCount = 3
    public var brokerCount = 3
    public var faultPhaseMilliseconds: Int64 = 30_000
    public var healPhaseMilliseconds: Int64 = 25_000
    public var tickMilliseconds: Int64 = 10
    public var electionTimeoutTicks = 100
    public var heartbeatIntervalTicks = 10
    /// Raft's tick interval drifts by up to this much during the fault phase (percent); the
    /// lessor's clock does not (the brokers' margin covers their own drift, not the store's).
    public var raftTickDriftPercentMax = 30
    /// The election's lease and the brokers' drift bound ρ (parts per million) and margin ε.
    public var ttlSeconds: Int64 = 5
    public var driftPartsPerMillion: Int64 = 20_000
    public var marginMilliseconds: Int64 = 100
    /// One billing day in simulated milliseconds (a monthly period is 30 days: 3 s).
    public var dayMilliseconds: Int64 = 100
    public var monthlySubscriptions = 6
    public var yearlySubscriptions = 3
    /// The provider's idempotency retention, counted from a key's first use.
    public var retentionMilliseconds: Int64 = 20_000
    /// Broker pauses (a GC or a VM freeze) last longer than the TTL, up to this.
    public var pauseMillisecondsMax: Int64 = 9_000
    /// Seeds "beyond retention" pause a broker between its check and its send for longer than
    /// the retention window: outside the design's assumption (max pause + delay < retention).
    public var pausesBeyondRetention = false
    public var storeRequestTimeoutMilliseconds: Int64 = 1_000
    /// Peer and client message delay, uniform in 1...this, with occasional spikes up to the next.
    public var messageDelayMillisecondsMax: Int64 = 10
    public var delaySpikeMillisecondsMax: Int64 = 200
    public var lossPercent = 2
    public var duplicatePercent = 1
    /// Provider requests and answers lost (each way), and database calls that time out
    /// (the request lost, the answer lost, or "unavailable"), during the fault phase.
    public var providerLossPercent = 10
    public var databaseFaultPercent = 10
    /// A new fault every this many milliseconds on average during the fault phase.
    public var faultIntervalMilliseconds: Int64 = 1_500
    /// After healing, a period due is charged within this (failover, a scan, the calls).
    public var atLeastOnceBoundMilliseconds: Int64 = 15_000
    /// A deletion of the key with a broker ready to take over (running, connected, its lease
    /// live) and no fault around it is followed by a new key within this.
    public var takeoverBoundMilliseconds: Int64 = 2_000
    /// ... where "around" is this long before the deletion through the bound after it.
    public var takeoverQuietMilliseconds: Int64 = 2_500
    /// Under a healthy holder of the key no item stays due and uncharged for this long.
    public var stallBoundMilliseconds: Int64 = 8_000
    public var eventsMax = 1 << 20
    public var traceLinesMax = 4_000

    public init(seed: UInt64) { self.seed = seed }

    /// The plan's seeds: odd seeds run 3 brokers, even ones 2; every tenth pauses beyond the
    /// retention window (reported as outside the assumption, never as passing).
    public static func plan(seed: UInt64) -> BillingConfiguration {
        var configuration = BillingConfiguration(seed: seed)
        configuration.brokerCount = seed % 2 == 1 ? 3 : 2
        configuration.pausesBeyondRetention = seed % 10 == 0
        return configuration
    }

    public var endMilliseconds: Int64 { faultPhaseMilliseconds + healPhaseMilliseconds }

    /// The longest a broker's sends can be held by a pause, plus the longest network delay:
    /// the model's relation says at-most-once needs this below the retention.
    public var longestHoldMilliseconds: Int64 { pauseMillisecondsMax + delaySpikeMillisecondsMax }
}
