import KeyValue

/// Stand-in nodes for the client's tests: one leader that applies writes at once, followers
/// that apply the leader's log when told, each with a watch hub; connections that can drop.
/// (The real node, on Raft, comes with the node issue.) Messages go through the codec.
struct FakeNodes {
    var stores: [KeyValueStore]
    var hubs: [WatchHub]
    var applied: [Int]
    var log: [Request] = []
    var leader: Int?
    var connected: Set<Int>
    /// Requests a node holds without answering (to make the client time out).
    var silent: Set<Int> = []
    var client: StoreClient
    var now: Int64 = 0
    /// What the client reported, in order.
    var reported: [StoreClient.Effect] = []
    var sends: [(node: Int, message: ClientMessage)] = []
    static let owner: UInt64 = 1

    init(count: Int, leader: Int?, timeout: Int64 = 1000, inflightMax: Int = 16) {
        stores = Array(repeating: KeyValueStore(), count: count)
        hubs = Array(repeating: WatchHub(), count: count)
        applied = Array(repeating: 0, count: count)
        self.leader = leader
        connected = Set(0..<count)
        client = StoreClient(configuration: StoreClientConfiguration(nodes: Array(0..<count), requestTimeoutMilliseconds: timeout,
                                                                     inflightRequestsMax: inflightMax, redirectsMax: 3))
    }

    /// Runs the client's effects to quiescence: sends go to nodes (encoded and decoded), their
    /// answers back to the client; everything else is reported.
    mutating func run(_ effects: [StoreClient.Effect]) {
        var queue = effects
        while !queue.isEmpty {
            let effect = queue.removeFirst()
            guard case .send(let node, let message) = effect else { reported.append(effect); continue }
            let decoded = try! ClientMessage(decoding: message.encoded)
            sends.append((node, decoded))
            guard connected.contains(node), !silent.contains(node) else { continue }
            for answer in handle(decoded, at: node) {
                queue += client.receive(try! NodeMessage(decoding: answer.encoded), from: node, at: now)
            }
        }
    }

    mutating func submit(_ request: Request) -> UInt64 {
        let (id, effects) = client.submit(request, at: now)
        run(effects)
        return id
    }

    func outcome(_ id: UInt64) -> RequestOutcome? {
        for case .completed(let done, let outcome) in reported where done == id { return outcome }
        return nil
    }

    var watchEvents: [Event] {
        reported.flatMap { effect -> [Event] in
            if case .watchEvents(_, let events) = effect { return events }
            return []
        }
    }

    mutating func handle(_ message: ClientMessage, at node: Int) -> [NodeMessage] {
        switch message {
        case .request(let id, let request):
            if request.isReadOnly {
                if case .range(let range) = request { return [.reply(id: id, reply(stores[node].read(range).map(Response.range)))] }
            }
            guard node == leader else { return [.reply(id: id, .notLeader(leader: leader))] }
            log.append(request)
            let result = apply(at: node)
            return [.reply(id: id, reply(result.result))] + result.messages
        case .watchCreate(let request):
            return hubs[node].create(request, owner: FakeNodes.owner, store: stores[node]).map { .watch($0.response) }
        case .watchCancel(let id):
            return hubs[node].cancel(watchID: id, owner: FakeNodes.owner, revision: stores[node].revision).map { .watch($0.response) }
        case .progressRequest:
            return hubs[node].progress(revision: stores[node].revision, owner: FakeNodes.owner).map { .watch($0.response) }
        }
    }

    func reply(_ result: Result<Response, StoreError>) -> Reply {
        switch result {
        case .success(let response): return .ok(response)
        case .failure(let error): return .rejected(error)
        }
    }

    /// Applies the next log entry at `node`.
    mutating func apply(at node: Int) -> (result: Result<Response, StoreError>, messages: [NodeMessage]) {
        let result = stores[node].apply(log[applied[node]])
        applied[node] += 1
        let deliveries = hubs[node].applied(events: result.events, revision: result.revision)
        return (result.result, deliveries.map { .watch($0.response) })
    }

    /// A follower applies the log up to `count` entries; its watch events go to the client.
    mutating func replicate(_ node: Int, upTo count: Int? = nil) {
        var messages: [NodeMessage] = []
        while applied[node] < min(count ?? log.count, log.count) { messages += apply(at: node).messages }
        guard connected.contains(node) else { return }
        for message in messages { run(client.receive(message, from: node, at: now)) }
    }

    mutating func disconnect(_ node: Int) {
        connected.remove(node)
        hubs[node].removeOwner(FakeNodes.owner)
        run(client.disconnected(from: node, at: now))
    }

    mutating func tick(_ elapsed: Int64) {
        now += elapsed
        run(client.tick(at: now))
    }
}
