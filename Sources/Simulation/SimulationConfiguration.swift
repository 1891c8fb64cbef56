/// One run's shape: cluster size, workload, phases, timing and fault rates. Times are
/// simulated milliseconds; Raft timing is etcd's default (10 ms tick, 100 ms heartbeat, 1 s
/// election timeout).
public struct SimulationConfiguration: Hashable, Sendable {
    public var seed: UInt64
    public var nodeCount = 3
    public var clientCount = 4
    /// Faults are injected during this phase.
    public var faultPhaseMilliseconds: Int64 = 6_000
    /// Then every fault heals and the cluster settles for this long.
    public var healPhaseMilliseconds: Int64 = 6_000
    /// After healing, operations invoked later than this must all complete (liveness).
    public var settleMilliseconds: Int64 = 3_000
    public var tickMilliseconds: Int64 = 10
    /// During the fault phase a node's tick interval is off by up to this much (percent).
    public var clockDriftPercentMax = 50
    public var electionTimeoutTicks = 100
    public var heartbeatIntervalTicks = 10
    public var requestTimeoutMilliseconds: Int64 = 1_000
    /// A client waits this long, at most, between one outcome and its next request.
    public var thinkMillisecondsMax: Int64 = 150
    /// Keys the workload touches.
    public var keyCount = 3
    /// Peer message delay, uniform in 1...this, with an occasional spike (reordering).
    public var messageDelayMillisecondsMax: Int64 = 15
    public var delaySpikeMillisecondsMax: Int64 = 200
    public var lossPercent = 3
    public var duplicatePercent = 2
    /// A new fault every this many milliseconds on average during the fault phase.
    public var faultIntervalMilliseconds: Int64 = 800
    /// Events pending at once, at most.
    public var eventsMax = 1 << 20
    /// Trace lines kept for the failure report (the last ones).
    public var traceLinesMax = 4_000

    public init(seed: UInt64) { self.seed = seed }

    public var endMilliseconds: Int64 { faultPhaseMilliseconds + healPhaseMilliseconds }
}
