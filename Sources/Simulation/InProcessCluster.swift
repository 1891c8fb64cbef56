import KeyValue
import Raft
import Support

/// A store cluster and one client in one process on a millisecond clock, without faults of its
/// own: every message takes `linkMilliseconds`, nodes tick every `tickMilliseconds`, storage is
/// in memory (no fsync), and nodes crash and restart when told. The three-node crash test and
/// `verify bench kv`'s cluster part drive it.
public struct InProcessCluster: Sendable {
    enum Payload: Sendable {
        case peer(RaftMessage)
        case toNode(ClientMessage)
        case toClient(node: Int, NodeMessage)
    }

    /// Messages in flight, at most (a runaway feedback loop stops here).
    public static let inflightMessagesMax = 1 << 20

    public let linkMilliseconds: Int64
    public let tickMilliseconds: Int64
    public let electionTimeoutTicks: Int
    public private(set) var nodes: [ServingStoreNode] = []
    public private(set) var up: [Bool]
    public private(set) var now: Int64 = 0
    public private(set) var client: StoreClient
    /// What the client reported, in order (sends excepted).
    public private(set) var reported: [StoreClient.Effect] = []
    var inflight: [(at: Int64, to: Int, payload: Payload)] = []
    var restarts = 0

    public init(nodeCount: Int = 3, seed: UInt64 = 7, linkMilliseconds: Int64 = 2, tickMilliseconds: Int64 = 10,
                electionTimeoutTicks: Int = 100, inflightRequestsMax: Int = 128) throws {
        precondition(nodeCount >= 1 && linkMilliseconds >= 1 && tickMilliseconds >= 1, "a cluster with positive timings")
        self.linkMilliseconds = linkMilliseconds
        self.tickMilliseconds = tickMilliseconds
        self.electionTimeoutTicks = electionTimeoutTicks
        up = Array(repeating: true, count: nodeCount)
        client = StoreClient(configuration: StoreClientConfiguration(nodes: Array(1...nodeCount), requestTimeoutMilliseconds: 1_000,
                                                                     inflightRequestsMax: inflightRequestsMax))
        let members = (1...nodeCount).map { NodeID(UInt64($0)) }
        for index in 0..<nodeCount {
            var options = RaftOptions(id: members[index], members: members)
            options.electionTimeoutTicks = electionTimeoutTicks
            options.heartbeatIntervalTicks = max(1, electionTimeoutTicks / 10)
            let node = try StoreNode(options: options, storage: CrashingMemoryStorage(), random: SplitMix64.stream(seed, index))
            nodes.append(ServingStoreNode(node: node, lessor: LessorConfiguration()))
        }
    }

    public var leader: Int? { nodes.indices.first { up[$0] && nodes[$0].isLeader } }

    /// One millisecond: due messages arrive, nodes tick on their interval, the client ticks.
    public mutating func step() {
        now += 1
        let time = now
        let due = inflight.filter { $0.at <= time }
        inflight.removeAll { $0.at <= time }
        for message in due { deliver(message.to, message.payload) }
        if now % tickMilliseconds == 0 {
            for node in nodes.indices where up[node] { route(nodes[node].tick(at: now), from: node) }
        }
        handle(client.tick(at: now))
    }

    mutating func deliver(_ to: Int, _ payload: Payload) {
        switch payload {
        case .peer(let message):
            guard up[to] else { return }
            route(nodes[to].step(message, at: now).0, from: to)
        case .toNode(let message):
            guard up[to] else { return handle(client.disconnected(from: to + 1, at: now)) }
            route(nodes[to].receive(message, from: 0, at: now), from: to)
        case .toClient(let node, let message):
            handle(client.receive(message, from: node + 1, at: now))
        }
    }

    mutating func schedule(_ to: Int, _ payload: Payload) {
        precondition(inflight.count < InProcessCluster.inflightMessagesMax, "messages in flight are bounded")
        inflight.append((now + linkMilliseconds, to, payload))
    }

    mutating func route(_ output: ServingStoreNode.Output, from node: Int) {
        for message in output.node.messages { schedule(Int(message.to.rawValue) - 1, .peer(message)) }
        for (_, message) in output.node.replies + output.watchReplies { schedule(0, .toClient(node: node, message)) }
    }

    /// The client's effects: sends go on the wire, the rest is reported.
    public mutating func handle(_ effects: [StoreClient.Effect]) {
        for effect in effects {
            if case .send(let node, let message) = effect { schedule(node - 1, .toNode(message)) } else { reported.append(effect) }
        }
    }

    public mutating func run(milliseconds: Int64) { for _ in 0..<milliseconds { step() } }

    /// Steps until `condition` holds or `limitMilliseconds` passed; whether it holds.
    public mutating func run(until condition: (InProcessCluster) -> Bool, limitMilliseconds: Int64 = 20_000) -> Bool {
        for _ in 0..<limitMilliseconds {
            if condition(self) { return true }
            step()
        }
        return condition(self)
    }

    /// Submits a request (its outcome is reported later); its id.
    public mutating func submit(_ request: Request) -> UInt64 {
        let (id, effects) = client.submit(request, at: now)
        handle(effects)
        return id
    }

    /// Submits a request and runs until its outcome (nil: none within five seconds).
    public mutating func call(_ request: Request) -> RequestOutcome? {
        let id = submit(request)
        _ = run(until: { $0.outcome(id) != nil }, limitMilliseconds: 5_000)
        return outcome(id)
    }

    public func outcome(_ id: UInt64) -> RequestOutcome? {
        for case .completed(let done, let outcome) in reported.reversed() where done == id { return outcome }
        return nil
    }

    /// Forgets what the client reported (a long benchmark would otherwise keep it all).
    public mutating func clearReported() { reported.removeAll(keepingCapacity: true) }

    public mutating func watch(_ range: KeyRange, startRevision: Int64) -> UInt64 {
        let (watch, effects) = client.watch(range, startRevision: startRevision, at: now)
        handle(effects)
        return watch
    }

    /// The events the watch reported, in order.
    public func watchEvents(_ watch: UInt64) -> [Event] {
        reported.flatMap { effect -> [Event] in
            if case .watchEvents(watch, let events) = effect { return events }
            return []
        }
    }

    /// The node stops; the client's connection to it breaks.
    public mutating func crash(_ node: Int) {
        up[node] = false
        nodes[node].disconnected(client: 0)
        handle(client.disconnected(from: node + 1, at: now))
    }

    /// A new process from what the disk kept (unsynced writes lost as the seed picks).
    public mutating func restart(_ node: Int) throws {
        restarts += 1
        var disk = SplitMix64(seed: UInt64(restarts))
        _ = try nodes[node].crashAndRestart(crashRandom: &disk, raftRandom: SplitMix64.stream(70 + UInt64(restarts), node))
        up[node] = true
    }
}
