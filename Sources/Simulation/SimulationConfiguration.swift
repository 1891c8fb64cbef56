/// One run's shape: cluster size, workload, phases, timing and fault rates. Times are
/// simulated milliseconds; Raft timing is etcd's default (10 ms tick, 100 ms heartbeat, 1 s
/// election timeout).
public struct SimulationConfiguration: Hashable, Sendable {
    /// The cluster sizes `verify simulate --nodes` accepts.
    public static let nodeCounts = [3, 5]
    /// Clients at most (each holds a history process, a watch and its leases).
    public static let clientsMax = 64
    /// The shortest run: an election timeout and settling after healing need room.
    public static let durationSecondsMin = 6
    public static let durationSecondsMax = 3_600
    /// Healing and settling past this adds nothing a run audits: a longer run spends the rest
    /// injecting faults.
    public static let healPhaseMillisecondsMax: Int64 = 6_000
    /// The offered rates `verify simulate --rate` accepts (operations per client per simulated
    /// second): up to a mean interval of 2 ms, past which `callsPerClientMax` lanes of 20-40 ms
    /// commits shed most arrivals anyway.
    public static let operationsPerClientPerSecondRange = 1...500

    public var seed: UInt64
    public var nodeCount = 3
    public var clientCount = 4
    /// The kinds of fault injected (every kind by default).
    public var faults: [FaultKind] = FaultKind.allCases
    /// Faults are injected during this phase. Ten seconds hold the five or six elections
    /// (each an election timeout of 1-2 s) that a Figure 8 sequence needs with room to spare:
    /// in six, the old-term-commit mutant was caught in none of seeds 1-20.
    public var faultPhaseMilliseconds: Int64 = 10_000
    /// Then every fault heals and the cluster settles for this long.
    public var healPhaseMilliseconds: Int64 = 6_000
    /// After healing, operations invoked later than this must all complete (liveness).
    public var settleMilliseconds: Int64 = 3_000
    public var tickMilliseconds: Int64 = 10
    /// During the fault phase a node's tick interval is off by up to this much (percent).
    public var clockDriftPercentMax = 50
    public var electionTimeoutTicks = 100
    public var heartbeatIntervalTicks = 10
    /// Entries in one AppendEntries, and AppendEntries in flight to one follower: small, so a
    /// follower that lags catches up over several round trips and can hold part of a leader's
    /// suffix when leadership changes (Figure 8's states), as under etcd's byte limits with
    /// large entries.
    public var entriesPerAppendMax = 1
    public var inflightAppendsMax = 4
    public var requestTimeoutMilliseconds: Int64 = 1_000
    /// A client told "not the leader" with no leader named waits this long (to its next tick)
    /// before it tries the next node, as etcd's client backs off 25 ms between retries: without
    /// it, a leaderless spell is a storm of requests refused at once.
    public var noLeaderBackoffMilliseconds: Int64 = 25
    /// A client waits this long, at most, between one outcome and its next request.
    public var thinkMillisecondsMax: Int64 = 150
    /// Offered load: each client's requests arrive at this mean rate (operations per simulated
    /// second, exponential inter-arrival times: an open loop, as the benchmark asks),
    /// each sent at once on an idle lane. Nil: the closed loop, one call open per client, the
    /// next after a think time of up to `thinkMillisecondsMax`.
    public var operationsPerClientPerSecond: Int?
    /// With an offered rate, calls one client has open at once, at most (its lanes; each its own
    /// history process, as concurrent calls on one etcd connection are). A commit takes 20-40 ms
    /// of simulated time, so one lane cannot carry 50 calls a second; four carry bursts of an
    /// exponential arrival process at 50 a second, and bound the writes a stalled leader turns
    /// into unknown outcomes (each stays open in the history and widens the checker's search).
    public var callsPerClientMax = 4
    /// With an offered rate, arrivals waiting for a free lane, at most per client; more are shed
    /// (a client's queue in front of its connection, bounded while the cluster has no leader).
    public var arrivalsWaitingMax = 32
    /// Keys the workload touches.
    public var keyCount = 3
    /// Peer message delay, uniform in 1...this, with an occasional spike (reordering).
    public var messageDelayMillisecondsMax: Int64 = 15
    public var delaySpikeMillisecondsMax: Int64 = 200
    public var lossPercent = 3
    public var duplicatePercent = 2
    /// A new fault every this many milliseconds on average during the fault phase.
    public var faultIntervalMilliseconds: Int64 = 800
    /// Leader churn: a leader elected during the fault phase is cut off from the others with
    /// this chance (percent): the moment its commit index first rises in its term when its log
    /// holds entries of earlier terms above its commit index, at once otherwise (its first
    /// appends, its own term's no-op among them, lost in flight).
    public var churnPercent = 100
    /// A paused process stays frozen for a duration drawn up to this (past an election
    /// timeout, so the others elect a new leader while it still believes it leads).
    public var pauseMillisecondsMax: Int64 = 2_500
    /// Messages a paused process's socket buffers hold, at most; more are dropped (counted).
    public var pausedInboxMessagesMax = 4_096
    /// A sync takes up to this long: the messages of a synced Ready leave after it.
    public var syncLatencyMillisecondsMax: Int64 = 3
    /// A client's leases are granted with this TTL (seconds; the store's minimum is 1).
    public var leaseTTLSeconds: Int64 = 2
    /// Leases one client holds at once, at most.
    public var leasesPerClientMax = 2
    /// Events pending at once, at most.
    public var eventsMax = 1 << 20
    /// Trace lines kept for the failure report (the last ones).
    public var traceLinesMax = 4_000
    /// The trace also holds every message: who sent what to whom, peers and clients (off for a
    /// plain run: a string per message; a failing seed's report runs its seed again with it on,
    /// which changes no draw, so the run is the same one).
    public var tracesMessages = false
    /// Trace lines kept when the trace holds messages.
    public static let messageTraceLinesMax = 40_000

    public init(seed: UInt64) { self.seed = seed }

    public var endMilliseconds: Int64 { faultPhaseMilliseconds + healPhaseMilliseconds }

    /// No request starts at or after this: the last one's timeout ends it before the run does.
    public var arrivalsEndMilliseconds: Int64 { endMilliseconds - requestTimeoutMilliseconds - 500 }

    public func injects(_ kind: FaultKind) -> Bool { faults.contains(kind) }

    /// A run of `seconds` simulated seconds: healed for half of it, 6 s at most, injecting
    /// faults for the rest; liveness audited over the heal phase's second half (or less in a
    /// short run: operations that must complete need a request timeout and a second more
    /// before the end).
    public mutating func setDuration(seconds: Int) {
        precondition(seconds >= SimulationConfiguration.durationSecondsMin, "a run of at least \(SimulationConfiguration.durationSecondsMin) s")
        let total = Int64(seconds) * 1_000
        healPhaseMilliseconds = min(total / 2, SimulationConfiguration.healPhaseMillisecondsMax)
        faultPhaseMilliseconds = total - healPhaseMilliseconds
        settleMilliseconds = min(healPhaseMilliseconds / 2, healPhaseMilliseconds - requestTimeoutMilliseconds - 1_000)
    }

    /// Why the configuration cannot run, or nil.
    public var problem: String? {
        if nodeCount < 1 { return "a run needs at least one node" }
        if clientCount < 1 || clientCount > SimulationConfiguration.clientsMax {
            return "clients \(clientCount) must be in 1...\(SimulationConfiguration.clientsMax)"
        }
        if healPhaseMilliseconds < 3_000 { return "the heal phase (\(healPhaseMilliseconds) ms) must leave 3 s to settle" }
        if settleMilliseconds < 0 || settleMilliseconds > healPhaseMilliseconds - requestTimeoutMilliseconds - 1_000 {
            return "settling (\(settleMilliseconds) ms) must leave a request timeout and a second of the heal phase"
        }
        if let rate = operationsPerClientPerSecond, !SimulationConfiguration.operationsPerClientPerSecondRange.contains(rate) {
            let range = SimulationConfiguration.operationsPerClientPerSecondRange
            return "rate \(rate) must be in \(range.lowerBound)...\(range.upperBound) operations per client per second"
        }
        if callsPerClientMax < 1 { return "a client needs at least one lane (callsPerClientMax \(callsPerClientMax))" }
        if arrivalsWaitingMax < 0 { return "arrivalsWaitingMax \(arrivalsWaitingMax) must not be negative" }
        return nil
    }
}
