import KeyValue
import Linearizability
import Raft
import Support

/// A whole cluster in one process and in simulated time: store nodes on Raft, clients with the
/// store's client library (requests, leases, watches), a network that delays, loses,
/// duplicates and partitions peer messages, clocks that drift, processes that pause, and
/// crashes that lose unsynced writes (some in the middle of a write). Every random choice comes
/// from a stream of the run's seed named after its concern, so adding a fault kind leaves the
/// other draws alone, and a seed replays exactly.
///
/// A run injects faults for `faultPhaseMilliseconds`, then heals everything and lets the
/// cluster settle; the audits then judge it (`SeedResult`).
public struct Simulator: Sendable {
    public let configuration: SimulationConfiguration
    var now: Int64 = 0
    /// Events handled (the benchmark's events per second).
    var events = 0
    var queue: EventQueue<SimulationEvent>
    var nodes: [StoreNode]
    var up: [Bool]
    /// A paused process handles nothing; what reaches it waits in its inbox until it resumes.
    var paused: [Bool]
    /// Armed by a fault: the process dies right after the next input in which it grants a vote.
    var crashAfterVote: [Bool]
    var pausedInbox: [[SimulationEvent]]
    var clients: [StoreClient]
    var clientStates: [ClientState]
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
    /// The time the last message on each client connection (node, client) arrives, each way:
    /// a connection is TCP, in order, so a later message never overtakes an earlier one.
    var toClientArrival: [[Int64]]
    var toNodeArrival: [[Int64]]
    /// The time the last unspiked message on each peer link (from, to) arrives: a link is a
    /// stream, so a later message does not overtake it.
    var peerArrival: [[Int64]]
    /// The time the last refusal of a send on each (node, client) connection reaches the
    /// client: refusals keep the order of the sends.
    var refusalArrival: [[Int64]]
    var faults = FaultCounters()
    var healed = false
    /// Leader churn's draws, and per node the (term, commit index) of a leader to cut off as soon
    /// as its commit index rises in that term.
    var churn: SplitMix64
    /// When each client opens its third watch and from where (a stream of its own, so that
    /// watch leaves the workload's other draws as they were).
    var lateWatches: SplitMix64
    var cutAtFirstCommit: [(term: UInt64, commit: UInt64)?]
    /// The history of the clients' calls and their outcomes.
    var recorder = HistoryRecorder()
    /// Calls that ended unknown: their history lines (invoke, info) and request.
    var unknownCalls: [(lines: [Int], request: Request, process: Int)] = []
    /// Calls made with each request's bytes (a put's unique value makes it one; a delete of a
    /// key may repeat).
    var callsPerRequest: [[UInt8]: Int] = [:]
    /// What each log index did where it was first applied, with the entry's bytes: what a call
    /// of unknown outcome did, when its request is among them.
    var firstApplied: [UInt64: (data: [UInt8], result: ApplyResult)] = [:]
    var valueCounter = 0
    var operations = 0
    var okOperations = 0
    var unknownOperations = 0
    /// Operations that must complete because they began after the cluster settled.
    var lateIncomplete: [String] = []
    var lateCompleted = 0
    var monitor: RaftSafetyMonitor
    /// The fresh-reads audit (`Simulator+Reads`): the highest store revision any node applied,
    /// that revision as each linearizable read arrived at a node, and what it found.
    var appliedRevisionMax: Int64 = 1
    /// The highest compaction revision any node applied (the watch audit's account of what a
    /// cancelled watch could no longer be served).
    var compactRevisionMax: Int64 = 0
    var readFloors: [ReadReceipt: Int64] = [:]
    var freshReadsChecked = 0
    var staleReads: [String] = []
    var watchAudit = WatchAudit()
    /// Leases whose expiry some node applied (recorded once, at the first).
    var expiredLeases: Set<Int64> = []
    var storeProblems: [String] = []
    var trace: [String] = []
    var clockOf: [NodeClock]
    /// Each node's (role, term) as last traced, so the trace shows every change.
    var tracedRoles: [RoleInTerm?]

    public init(configuration: SimulationConfiguration) throws {
        if let problem = configuration.problem { throw SimulationError(seed: configuration.seed, message: problem) }
        self.configuration = configuration
        let seed = configuration.seed, count = configuration.nodeCount
        network = SplitMix64.stream(seed, named: "network")
        faultRandom = SplitMix64.stream(seed, named: "faults")
        disk = SplitMix64.stream(seed, named: "disks")
        workload = SplitMix64.stream(seed, named: "workload")
        clocks = SplitMix64.stream(seed, named: "clocks")
        churn = SplitMix64.stream(seed, named: "churn")
        lateWatches = SplitMix64.stream(seed, named: "late-watches")
        queue = EventQueue(eventsMax: configuration.eventsMax)
        let members = (1...count).map { NodeID(UInt64($0)) }
        nodes = []
        for index in 0..<count {
            nodes.append(try StoreNode(options: Simulator.options(configuration, id: members[index], members: members),
                                       storage: CrashingMemoryStorage(), random: SplitMix64.stream(seed, index)))
        }
        up = Array(repeating: true, count: count)
        paused = Array(repeating: false, count: count)
        crashAfterVote = paused
        cutAtFirstCommit = Array(repeating: nil, count: count)
        pausedInbox = Array(repeating: [], count: count)
        blocked = Array(repeating: Array(repeating: false, count: count), count: count)
        peerArrival = Array(repeating: Array(repeating: 0, count: count), count: count)
        clientBlocked = Array(repeating: Array(repeating: false, count: count), count: configuration.clientCount)
        toClientArrival = Array(repeating: Array(repeating: 0, count: configuration.clientCount), count: count)
        toNodeArrival = toClientArrival
        refusalArrival = toClientArrival
        let clientConfiguration = StoreClientConfiguration(nodes: Array(1...count),
                                                           requestTimeoutMilliseconds: configuration.requestTimeoutMilliseconds,
                                                           noLeaderBackoffMilliseconds: configuration.noLeaderBackoffMilliseconds)
        clients = Array(repeating: StoreClient(configuration: clientConfiguration), count: configuration.clientCount)
        clientStates = Array(repeating: ClientState(), count: configuration.clientCount)
        monitor = RaftSafetyMonitor(nodeCount: count)
        tracedRoles = Array(repeating: nil, count: count)
        let nominal = configuration.tickMilliseconds
        let driftMax = configuration.injects(.clockDrift) ? configuration.clockDriftPercentMax : 0
        var draw = clocks
        clockOf = (0..<count).map { _ in
            let interval = max(1, nominal * Int64(draw.inRange(100 - driftMax..<100 + driftMax + 1)) / 100)
            // Skew: each process's clock reads its own time (the lessor only measures spans).
            return NodeClock(offset: draw.inRange(0..<1_000_000), tickMilliseconds: nominal, intervalMilliseconds: interval)
        }
        clocks = draw
    }

    static func options(_ configuration: SimulationConfiguration, id: NodeID, members: [NodeID]) -> RaftOptions {
        var options = RaftOptions(id: id, members: members)
        options.electionTimeoutTicks = configuration.electionTimeoutTicks
        options.heartbeatIntervalTicks = configuration.heartbeatIntervalTicks
        options.entriesPerAppendMax = configuration.entriesPerAppendMax
        options.inflightMessagesMax = configuration.inflightAppendsMax
        return options
    }

    /// Runs one seed to the end and audits it.
    public static func run(_ configuration: SimulationConfiguration) throws -> SeedResult {
        var simulator = try Simulator(configuration: configuration)
        simulator.start()
        try simulator.runToEnd()
        var result = simulator.audit()
        result.events = simulator.events
        return result
    }

    mutating func start() {
        for node in nodes.indices {
            // Clocks: each node's first tick at its own offset, so ticks do not align.
            queue.schedule(.nodeTick(node: node), at: clocks.inRange(1..<configuration.tickMilliseconds + 1))
        }
        for client in clients.indices {
            queue.schedule(.clientTick(client: client), at: workload.inRange(1..<50))
        }
        // An offered rate: each client's arrivals begin after its first tick's spread.
        if configuration.operationsPerClientPerSecond != nil {
            for client in clients.indices { scheduleArrival(client) }
        }
        queue.schedule(.fault, at: faultRandom.inRange(200..<configuration.faultIntervalMilliseconds * 2))
        queue.schedule(.healAll, at: configuration.faultPhaseMilliseconds)
    }

    mutating func runToEnd() throws {
        while let item = queue.pop(), item.time <= configuration.endMilliseconds {
            precondition(item.time >= now, "time goes forward")
            now = item.time
            events += 1
            try handle(item.payload)
        }
    }

    mutating func handle(_ event: consuming SimulationEvent) throws {
        switch event {
        case .nodeTick(let node):
            queue.schedule(.nodeTick(node: node), at: now + clockOf[node].intervalMilliseconds)
            // A paused process misses its ticks (a ticker drops them), as a down one does.
            guard up[node], !paused[node] else { return }
            nodes[node].clockMilliseconds = clockOf[node].reading(at: now)
            deliver(nodes[node].tick(), from: node)
        case .peerMessage(let message):
            let node = Int(message.to.rawValue) - 1
            guard up[node] else { return }
            if blocked[Int(message.from.rawValue) - 1][node] {
                // A partition drops what was in flight when it began, not only what is sent later.
                faults.drops += 1
                return
            }
            guard hold(event, at: node) else { return }
            nodes[node].clockMilliseconds = clockOf[node].reading(at: now)
            let (output, error) = nodes[node].step(message)
            if let error { note("n\(node + 1) rejected \(message): \(error)") }
            deliver(output, from: node)
        case .toNode(let node, let client, let message):
            if !up[node] || clientBlocked[client][node] {
                // The connection broke with the message in flight (the process went down, or a
                // partition cut the client off, after it was sent): it may or may not have been
                // read, so the client ends what it sent there as unknown and goes elsewhere.
                handle(clients[client].disconnected(from: node + 1, at: now), client: client)
                return
            }
            guard hold(event, at: node) else { return }
            nodes[node].clockMilliseconds = clockOf[node].reading(at: now)
            receivedRead(message, node: node, client: client)
            deliver(nodes[node].receive(message, from: client), from: node)
        case .refused(let client, let node, let message):
            handle(clients[client].refused(message, by: node + 1, at: now), client: client)
        case .toClient(let client, let node, let message):
            observeAnswer(message, client: client)
            handle(clients[client].receive(message, from: node + 1, at: now), client: client)
        case .clientTick(let client):
            queue.schedule(.clientTick(client: client), at: now + 20)
            handle(clients[client].tick(at: now), client: client)
            startOperationIfDue(client)
        case .clientArrival(let client):
            arrive(client)
        case .fault:
            injectFault()
        case .restart(let node):
            try restart(node)
        case .resume(let node):
            resume(node)
        case .healPartition(let partition):
            if partition == faults.partitions { healPartition() }
        case .healAll:
            try healAll()
        }
    }

    /// Whether the node handles the event now; a paused one keeps it for later (its socket
    /// buffers fill, up to a bound past which messages are dropped).
    mutating func hold(_ event: SimulationEvent, at node: Int) -> Bool {
        guard paused[node] else { return true }
        if pausedInbox[node].count < configuration.pausedInboxMessagesMax {
            pausedInbox[node].append(event)
        } else {
            faults.drops += 1
        }
        return false
    }

    /// The node's effects: audit what it applied and decided, send its messages and replies.
    mutating func deliver(_ output: StoreNode.Output, from node: Int) {
        let committedBefore = monitor.committedTerms.count
        monitor.observe(nodes, slot: node, index: node, output: output, at: now)
        if monitor.committedTerms.count != committedBefore {
            for other in nodes.indices where up[other] { monitor.checkLeaderHoldsCommitted(nodes, slot: other, at: now) }
        }
        raiseReadFloor(output)
        for (index, result) in output.results where firstApplied[index] == nil {
            if let entry = nodes[node].raft.log.entry(at: index) { firstApplied[index] = (entry.data, result) }
        }
        compactRevisionMax = max(compactRevisionMax, nodes[node].store.compactRevision)
        for (revision, events) in output.revisions {
            watchAudit.applied(revision: revision, events: events, by: "n\(node + 1)", at: now)
        }
        for lease in output.expired where expiredLeases.insert(lease).inserted {
            recorder.leaseExpired(lease, at: now)
            note("lease \(lease) expired (applied by n\(node + 1))")
        }
        for problem in output.problems where storeProblems.count < WatchAudit.problemsMax { storeProblems.append("at \(now): \(problem)") }
        // Compared as values, not as text: a string built per event would cost an allocation.
        let role = RoleInTerm(role: nodes[node].raft.role, term: nodes[node].raft.currentTerm)
        let elected = tracedRoles[node] != role && role.role == .leader
        if tracedRoles[node] != role {
            tracedRoles[node] = role
            note("n\(node + 1) \(role.role.rawValue) term \(role.term), commit \(nodes[node].raft.commitIndex)")
        }
        if nodes[node].crashedMidWrite {
            // The process died during the write: nothing of this Ready leaves it.
            note("n\(node + 1) crashed in the middle of a write")
            crash(node)
            scheduleRestart(node)
            return
        }
        // A synced Ready's messages leave once the sync returns.
        let latency = output.synced ? disk.inRange(0..<configuration.syncLatencyMillisecondsMax + 1) : 0
        auditReadAnswers(output, from: node)
        for message in output.messages { send(message, after: latency) }
        for (client, message) in output.replies {
            if configuration.tracesMessages { note("n\(node + 1) -> client \(client): \(message)") }
            let arrival = max(now + latency + network.inRange(1..<6), toClientArrival[node][client])
            toClientArrival[node][client] = arrival
            queue.schedule(.toClient(client: client, node: node, message), at: arrival)
        }
        if crashAfterVote[node] && output.messages.contains(where: Simulator.grantsVote) {
            note("n\(node + 1) crashed right after granting a vote")
            crash(node)
            scheduleRestart(node)
            return
        }
        churn(node, elected: elected, role: role, commit: nodes[node].raft.commitIndex)
    }

    static func grantsVote(_ message: RaftMessage) -> Bool {
        if case .requestVoteResponse(let response) = message.content { return response.voteGranted }
        return false
    }

    mutating func note(_ line: String) {
        trace.append("\(now) \(line)")
        // Trimmed in batches (a quarter of the bound at a time), so a long trace costs no copy
        // per line; the bound holds at the end (`keptTrace`).
        let kept = traceLinesKept
        if trace.count > kept + kept / 4 { trace.removeFirst(trace.count - kept) }
    }

    var traceLinesKept: Int {
        configuration.tracesMessages ? max(configuration.traceLinesMax, SimulationConfiguration.messageTraceLinesMax) : configuration.traceLinesMax
    }

    /// The trace's last lines, within the bound.
    var keptTrace: [String] { Array(trace.suffix(traceLinesKept)) }
}
