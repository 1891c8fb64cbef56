import KeyValue
import Linearizability
import Raft
import Support

/// A whole cluster in one process and in simulated time: three store nodes on Raft, clients
/// with the store's client library, a network that delays, loses, duplicates and partitions
/// peer messages, and crashes that lose unsynced writes. Every random choice comes from a
/// stream of the run's seed named after its concern, so adding a fault kind leaves the other
/// draws alone, and a seed replays exactly.
///
/// A run injects faults for `faultPhaseMilliseconds`, then heals everything and lets the
/// cluster settle; the audits then judge it (`SeedResult`).
public struct Simulator: Sendable {
    public let configuration: SimulationConfiguration
    var now: Int64 = 0
    var queue: EventQueue<SimulationEvent>
    var nodes: [StoreNode]
    var up: [Bool]
    var clients: [StoreClient]
    var network: SplitMix64
    var faultRandom: SplitMix64
    var disk: SplitMix64
    var workload: SplitMix64
    var clocks: SplitMix64
    /// Directed links (from index, to index) that drop everything, while a partition lasts.
    var blocked: [[Bool]]
    /// (client, node) connections cut while a partition lasts: the client's side of a
    /// partition, so clients end up on both sides of it (as behind a load balancer).
    var clientBlocked: [[Bool]]
    var faults = FaultCounters()
    var healed = false
    /// The history of the clients' calls and their outcomes.
    var recorder = HistoryRecorder()
    var open: [Open?]
    var generation: [Int]
    var nextRequestAt: [Int64]
    var valueCounter = 0
    var operations = 0
    var okOperations = 0
    var unknownOperations = 0
    /// Operations that must complete because they began after the cluster settled.
    var lateIncomplete: [String] = []
    var lateCompleted = 0
    var monitor = RaftSafetyMonitor()
    var trace: [String] = []
    /// Each node's tick interval in simulated milliseconds: clocks drift (a slow leader keeps
    /// believing it leads for longer), and heal back to the nominal rate.
    var tickIntervals: [Int64]
    /// Each node's (role, term) as last traced, so the trace shows every change.
    var tracedRoles: [String] = []

    struct Open: Sendable {
        var id: UInt64
        var process: Int
        var invokedAt: Int64
    }

    public init(configuration: SimulationConfiguration) throws {
        precondition(configuration.nodeCount >= 1 && configuration.clientCount >= 1, "a run needs nodes and clients")
        self.configuration = configuration
        let seed = configuration.seed
        network = SplitMix64.stream(seed, named: "network")
        faultRandom = SplitMix64.stream(seed, named: "faults")
        disk = SplitMix64.stream(seed, named: "disks")
        workload = SplitMix64.stream(seed, named: "workload")
        clocks = SplitMix64.stream(seed, named: "clocks")
        queue = EventQueue(eventsMax: configuration.eventsMax)
        let members = (1...configuration.nodeCount).map { NodeID(UInt64($0)) }
        nodes = []
        for index in 0..<configuration.nodeCount {
            nodes.append(try StoreNode(options: Simulator.options(configuration, id: members[index], members: members),
                                       storage: CrashingMemoryStorage(), random: SplitMix64.stream(seed, index)))
        }
        up = Array(repeating: true, count: configuration.nodeCount)
        blocked = Array(repeating: Array(repeating: false, count: configuration.nodeCount), count: configuration.nodeCount)
        clientBlocked = Array(repeating: Array(repeating: false, count: configuration.nodeCount), count: configuration.clientCount)
        let clientConfiguration = StoreClientConfiguration(nodes: Array(1...configuration.nodeCount),
                                                           requestTimeoutMilliseconds: configuration.requestTimeoutMilliseconds)
        clients = Array(repeating: StoreClient(configuration: clientConfiguration), count: configuration.clientCount)
        open = Array(repeating: nil, count: configuration.clientCount)
        generation = Array(repeating: 0, count: configuration.clientCount)
        nextRequestAt = Array(repeating: 0, count: configuration.clientCount)
        let nominal = configuration.tickMilliseconds
        var drift = clocks
        tickIntervals = (0..<configuration.nodeCount).map { _ in
            max(1, nominal * Int64(drift.inRange(100 - configuration.clockDriftPercentMax..<100 + configuration.clockDriftPercentMax + 1)) / 100)
        }
        clocks = drift
    }

    static func options(_ configuration: SimulationConfiguration, id: NodeID, members: [NodeID]) -> RaftOptions {
        var options = RaftOptions(id: id, members: members)
        options.electionTimeoutTicks = configuration.electionTimeoutTicks
        options.heartbeatIntervalTicks = configuration.heartbeatIntervalTicks
        return options
    }

    /// Runs one seed to the end and audits it.
    public static func run(_ configuration: SimulationConfiguration) throws -> SeedResult {
        var simulator = try Simulator(configuration: configuration)
        simulator.start()
        try simulator.runToEnd()
        return simulator.audit()
    }

    mutating func start() {
        for node in nodes.indices {
            // Clocks: each node's first tick at its own offset (skew), so ticks do not align.
            queue.schedule(.nodeTick(node: node), at: clocks.inRange(1..<configuration.tickMilliseconds + 1))
        }
        for client in clients.indices {
            queue.schedule(.clientTick(client: client), at: workload.inRange(1..<50))
        }
        queue.schedule(.fault, at: faultRandom.inRange(200..<configuration.faultIntervalMilliseconds * 2))
        queue.schedule(.healAll, at: configuration.faultPhaseMilliseconds)
    }

    mutating func runToEnd() throws {
        while let item = queue.pop(), item.time <= configuration.endMilliseconds {
            precondition(item.time >= now, "time goes forward")
            now = item.time
            try handle(item.payload)
        }
    }

    mutating func handle(_ event: SimulationEvent) throws {
        switch event {
        case .nodeTick(let node):
            queue.schedule(.nodeTick(node: node), at: now + (healed ? configuration.tickMilliseconds : tickIntervals[node]))
            guard up[node] else { return }
            let output = nodes[node].tick()
            deliver(output, from: node)
        case .peerMessage(let message):
            let node = Int(message.to.rawValue) - 1
            guard up[node] else { return }
            let (output, error) = nodes[node].step(message)
            if let error { note("n\(node + 1) rejected \(message): \(error)") }
            deliver(output, from: node)
        case .toNode(let node, let client, let message):
            guard up[node] else { return }
            if clientBlocked[client][node] {
                // The connection is refused: the client learns it at once and goes elsewhere.
                handle(clients[client].disconnected(from: node + 1, at: now), client: client)
                return
            }
            let output = nodes[node].receive(message, from: client)
            deliver(output, from: node)
        case .toClient(let client, let node, let message):
            let effects = clients[client].receive(message, from: node + 1, at: now)
            handle(effects, client: client)
        case .clientTick(let client):
            queue.schedule(.clientTick(client: client), at: now + 20)
            handle(clients[client].tick(at: now), client: client)
            startOperationIfDue(client)
        case .fault:
            injectFault()
        case .restart(let node):
            try restart(node)
        case .healPartition:
            healPartition()
        case .healAll:
            try healAll()
        }
    }

    /// The node's effects: audit what it applied and decided, send its messages and replies.
    mutating func deliver(_ output: StoreNode.Output, from node: Int) {
        monitor.observe(nodes[node], index: node, output: output, at: now)
        let role = "\(nodes[node].raft.role.rawValue) term \(nodes[node].raft.currentTerm)"
        while tracedRoles.count <= node { tracedRoles.append("") }
        if tracedRoles[node] != role {
            tracedRoles[node] = role
            note("n\(node + 1) \(role), commit \(nodes[node].raft.commitIndex)")
        }
        for message in output.messages { send(message) }
        for (client, message) in output.replies {
            queue.schedule(.toClient(client: client, node: node, message), at: now + network.inRange(1..<6))
        }
    }

    mutating func note(_ line: String) {
        trace.append("\(now) \(line)")
        if trace.count > configuration.traceLinesMax { trace.removeFirst(trace.count - configuration.traceLinesMax) }
    }
}
