import Billing
import Election
import KeyValue
import Raft
import Support

/// The billing scenario (`verify simulate --scenario billing`): three store nodes on Raft
/// with the lessor and watches, brokers running the election recipe over the real store client
/// and charging through the provider, the subscription database, all in simulated time. The
/// store's faults (loss, duplication, delay, partitions, crashes, leader changes in the middle
/// of a campaign) plus the brokers' (crashes and restarts, pauses longer than the TTL, between
/// events or between a check and its send, a broker cut off from the store but not from the
/// provider, clock drift within ρ) and the services' (lost and delayed provider answers,
/// database calls that time out). Every random choice comes from a stream of the seed named
/// after its concern.
///
/// The audits read the provider's log and ledger, the database's accepted writes and the
/// store's history as its nodes applied it, never a broker's beliefs.
public struct BillingSimulator: Sendable {
    /// Brokers tick this often (simulated milliseconds); belief is sampled this often too.
    static let brokerTickMilliseconds: Int64 = 50
    static let sampleMilliseconds: Int64 = 10

    public let configuration: BillingConfiguration
    var now: Int64 = 0
    var queue: EventQueue<BillingEvent>
    var nodes: [ServingStoreNode]
    var up: [Bool]
    var tickIntervals: [Int64]
    /// Directed peer links that drop everything while a partition lasts.
    var blocked: [[Bool]]
    var brokers: [BrokerProcess]
    var database: SubscriptionDatabase
    var provider: PaymentProvider
    let plans: [Subscription]
    var network: SplitMix64
    var faultRandom: SplitMix64
    var disk: SplitMix64
    var services: SplitMix64
    var clocks: SplitMix64
    /// Draws for slow watch streams (their own stream, so this fault leaves the others' draws alone).
    var watchStreams: SplitMix64
    /// Draws for congested links from the store to a broker.
    var congestion: SplitMix64
    /// The brokers a rolling restart has yet to restart, in order (the leader last).
    var rollout: [Int] = []
    var restartingInRollout: Int?
    var healed = false
    var faults = BillingFaultCounters()
    var monitor: RaftSafetyMonitor
    var history = StoreHistory()
    var overlapMilliseconds: Int64 = 0
    var watchStartViolations: [String] = []
    /// Lease id -> the broker its grant was delivered to (the wire's record).
    var leaseOwner: [Int64: Int] = [:]
    /// Items the provider charged (its ledger, as a set).
    var charged: Set<ChargeKey> = []
    /// Since when the key has been held by a healthy broker (nil: not now).
    var healthyHolderSince: Int64?
    var stalls: [String] = []
    var beyondRetention: [String] = []
    /// When the store's cluster was faulted (crash, restart, partition, healing), and each
    /// broker (crash, restart, pause, cut, reconnection): the takeover audit judges only quiet windows.
    var storeFaultTimes: [Int64] = []
    var brokerFaultTimes: [[Int64]]
    /// Each broker's slow watch creations: sent, and when they reach the node.
    var slowWatches: [[ClosedRange<Int64>]]
    /// Key deletions (the holder's token) -> the brokers ready to take over at that moment: up,
    /// running, connected, with a lease live at the store.
    var takeoverCandidates: [(token: Int64, deletedAt: Int64, brokers: [Int])] = []
    var trace: [String] = []
    /// Each node's (role, term) as last traced, so the trace shows every change.
    var tracedRoles: [String]

    public init(configuration: BillingConfiguration) throws {
        precondition(configuration.nodeCount >= 1 && configuration.brokerCount >= 1, "a run needs nodes and brokers")
        self.configuration = configuration
        let seed = configuration.seed
        network = SplitMix64.stream(seed, named: "network")
        faultRandom = SplitMix64.stream(seed, named: "faults")
        disk = SplitMix64.stream(seed, named: "disks")
        services = SplitMix64.stream(seed, named: "services")
        clocks = SplitMix64.stream(seed, named: "clocks")
        watchStreams = SplitMix64.stream(seed, named: "watch-streams")
        congestion = SplitMix64.stream(seed, named: "congestion")
        queue = EventQueue(eventsMax: configuration.eventsMax)
        let members = (1...configuration.nodeCount).map { NodeID(UInt64($0)) }
        nodes = []
        for index in 0..<configuration.nodeCount {
            var options = RaftOptions(id: members[index], members: members)
            options.electionTimeoutTicks = configuration.electionTimeoutTicks
            options.heartbeatIntervalTicks = configuration.heartbeatIntervalTicks
            let node = try StoreNode(options: options, storage: CrashingMemoryStorage(), random: SplitMix64.stream(seed, index))
            nodes.append(ServingStoreNode(node: node, lessor: LessorConfiguration()))
        }
        monitor = RaftSafetyMonitor(nodeCount: configuration.nodeCount)
        up = Array(repeating: true, count: configuration.nodeCount)
        tracedRoles = Array(repeating: "", count: configuration.nodeCount)
        blocked = Array(repeating: Array(repeating: false, count: configuration.nodeCount), count: configuration.nodeCount)
        var drift = clocks
        let spread = configuration.raftTickDriftPercentMax
        tickIntervals = (0..<configuration.nodeCount).map { _ in
            max(1, configuration.tickMilliseconds * Int64(drift.inRange(100 - spread..<100 + spread + 1)) / 100)
        }
        plans = BillingSimulator.subscriptions(configuration, &drift)
        database = SubscriptionDatabase(calendar: BillingCalendar(dayMilliseconds: configuration.dayMilliseconds), subscriptions: plans)
        provider = PaymentProvider(retentionMilliseconds: configuration.retentionMilliseconds)
        brokerFaultTimes = Array(repeating: [], count: configuration.brokerCount)
        slowWatches = Array(repeating: [], count: configuration.brokerCount)
        brokers = []
        for index in 0..<configuration.brokerCount {
            let ppm = configuration.driftPartsPerMillion
            var process = BillingSimulator.process(configuration, broker: index, incarnation: 0,
                                                   drift: Int64(drift.inRange(Int(-ppm)..<Int(ppm) + 1)))
            // Not started: `start` schedules each broker's first process.
            process.up = false
            brokers.append(process)
        }
        clocks = drift
    }

    /// The subscriptions: monthly ones starting on days 0…29, yearly ones on days 0…199 (so a
    /// yearly second period falls due within a run of a minute at 100 ms a day).
    static func subscriptions(_ configuration: BillingConfiguration, _ random: inout SplitMix64) -> [Subscription] {
        let monthly = (0..<configuration.monthlySubscriptions).map { index in
            Subscription(id: "m\(index)", plan: .monthly, amountCents: Int64(500 + 100 * index), startDay: Int64(random.below(30)))
        }
        let yearly = (0..<configuration.yearlySubscriptions).map { index in
            Subscription(id: "y\(index)", plan: .yearly, amountCents: Int64(5_000 + 1_000 * index), startDay: Int64(random.below(200)))
        }
        return monthly + yearly
    }

    static func process(_ configuration: BillingConfiguration, broker: Int, incarnation: Int, drift: Int64) -> BrokerProcess {
        let election = ElectionConfiguration(address: "broker-\(broker)", ttlSeconds: configuration.ttlSeconds,
                                             driftPartsPerMillion: configuration.driftPartsPerMillion,
                                             marginMilliseconds: configuration.marginMilliseconds)
        let client = StoreClient(configuration: StoreClientConfiguration(
            nodes: Array(1...configuration.nodeCount), requestTimeoutMilliseconds: configuration.storeRequestTimeoutMilliseconds))
        return BrokerProcess(broker: Broker(configuration: BrokerConfiguration(id: broker), election: election), client: client,
                             incarnation: incarnation, driftPartsPerMillion: drift)
    }

    /// Runs one seed to the end and audits it.
    public static func run(_ configuration: BillingConfiguration) throws -> BillingSeedResult {
        var simulator = try BillingSimulator(configuration: configuration)
        simulator.start()
        try simulator.runToEnd()
        return simulator.audit()
    }

    mutating func start() {
        for node in nodes.indices {
            queue.schedule(.nodeTick(node: node), at: clocks.inRange(1..<configuration.tickMilliseconds + 1))
        }
        for broker in brokers.indices {
            // Brokers start once the store had time to elect a leader, at staggered times.
            queue.schedule(.restartBroker(broker: broker), at: 1_500 + clocks.inRange(0..<1_000))
        }
        queue.schedule(.fault, at: 4_000 + faultRandom.inRange(0..<configuration.faultIntervalMilliseconds))
        queue.schedule(.healAll, at: configuration.faultPhaseMilliseconds)
        queue.schedule(.sample, at: BillingSimulator.sampleMilliseconds)
        if configuration.pausesBeyondRetention { queue.schedule(.armBeyondRetention, at: 8_000) }
    }

    mutating func runToEnd() throws {
        while let item = queue.pop(), item.time <= configuration.endMilliseconds {
            precondition(item.time >= now, "time goes forward")
            now = item.time
            try handle(item.payload)
        }
    }

    mutating func handle(_ event: BillingEvent) throws {
        switch event {
        case .nodeTick(let node):
            queue.schedule(.nodeTick(node: node), at: now + (healed ? configuration.tickMilliseconds : tickIntervals[node]))
            guard up[node] else { return }
            deliver(nodes[node].tick(at: now), from: node)
        case .peerMessage(let message):
            let node = Int(message.to.rawValue) - 1
            guard up[node] else { return }
            let (output, error) = nodes[node].step(message, at: now)
            if let error { note("n\(node + 1) rejected a message: \(error)") }
            deliver(output, from: node)
        case .toNode(let node, let broker, let incarnation, let message):
            // What a process sent before it crashed or exited is on the wire and still arrives
            // (a graceful shutdown's revoke must); the answers go to a closed connection.
            guard up[node], !(brokers[broker].cutFromStore && brokers[broker].incarnation == incarnation) else { return }
            deliver(nodes[node].receive(message, from: connection(broker, incarnation: incarnation), at: now), from: node)
        case .toBroker, .brokerTick, .fromDatabase, .fromProvider:
            brokerEvent(event)
        case .toDatabase(let broker, let incarnation, let op, let request):
            databaseReceived(broker: broker, incarnation: incarnation, op: op, request)
        case .toProvider(let broker, let incarnation, let request, let sentAt):
            providerReceived(broker: broker, incarnation: incarnation, request, sentAt: sentAt)
        case .fault:
            injectFault()
        case .restartNode(let node):
            try restart(node)
        case .restartBroker(let broker):
            restartBroker(broker)
        case .gracefulRestart(let broker):
            gracefulRestart(broker)
        case .isolateStoreLeader:
            if let leader = storeLeader, !healed {
                faults.campaignLeaderChanges += 1
                isolate(leader, bothWays: true)
            }
        case .healPartition:
            healPartition()
        case .cutBroker(let broker):
            cutFromStore(broker)
        case .healBroker(let broker):
            reconnect(broker)
        case .armBeyondRetention:
            armBeyondRetention()
        case .healAll:
            try healAll()
        case .sample:
            sample()
        }
    }

    /// Two brokers or more believing they lead (by their own clocks) at once.
    mutating func sample() {
        queue.schedule(.sample, at: now + BillingSimulator.sampleMilliseconds)
        let believers = brokers.filter { $0.up && $0.broker.election.isLeader(at: $0.local(now)) }.count
        if believers >= 2 { overlapMilliseconds += BillingSimulator.sampleMilliseconds }
        checkHolderCharges()
    }

    mutating func note(_ line: String) {
        trace.append("\(now) \(line)")
        if trace.count > configuration.traceLinesMax { trace.removeFirst(trace.count - configuration.traceLinesMax) }
    }
}
