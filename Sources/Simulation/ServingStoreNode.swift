import KeyValue
import Raft
import Support

/// A store node as the election sees it: the Raft node and store of `StoreNode`, plus the
/// parts an election depends on, which `StoreNode` leaves out: a lessor that expires leases on
/// the leader's clock through the log (and checkpoints them), and a watch hub that serves
/// watches from this node's applied state. Its clock is the simulated time it is handed.
///
/// The lessor's proposals enter the node as requests of a pseudo-client (`lessorClient`) whose
/// answers nobody reads; they commit like any write, so every replica applies the same expiry.
public struct ServingStoreNode: Sendable {
    /// The client index of the lessor's own proposals (no real client has it).
    public static let lessorClient = -1

    /// What one input produced: the node's output, watch responses for their clients, and the
    /// lease changes of each applied entry (for the store's lease timeline).
    public struct Output: Sendable {
        public var node: StoreNode.Output
        public var watchReplies: [(client: Int, NodeMessage)] = []
    }

    public private(set) var node: StoreNode
    public private(set) var lessor: Lessor
    public private(set) var hub = WatchHub()
    let lessorConfiguration: LessorConfiguration
    var nextLessorRequest: UInt64 = 1

    public init(node: StoreNode, lessor configuration: LessorConfiguration) {
        self.node = node
        lessorConfiguration = configuration
        lessor = Lessor(configuration: configuration)
    }

    public var isLeader: Bool { node.isLeader }

    public mutating func tick(at now: Int64) -> Output {
        var out = Output(node: node.tick())
        follow(&out, at: now)
        proposeLeaseChanges(into: &out, at: now)
        return out
    }

    public mutating func step(_ message: RaftMessage, at now: Int64) -> (Output, RaftError?) {
        let (output, error) = node.step(message)
        var out = Output(node: output)
        follow(&out, at: now)
        return (out, error)
    }

    /// A client's message: requests go to the node, watches to the hub.
    public mutating func receive(_ message: ClientMessage, from client: Int, at now: Int64) -> Output {
        precondition(client >= 0, "client indices are not negative")
        let owner = UInt64(client)
        switch message {
        case .request:
            var out = Output(node: node.receive(message, from: client))
            follow(&out, at: now)
            return out
        case .watchCreate(let request):
            return watchOutput(hub.create(request, owner: owner, store: node.store))
        case .watchCancel(let id):
            return watchOutput(hub.cancel(watchID: id, owner: owner, revision: node.store.revision))
        case .progressRequest:
            return watchOutput(hub.progress(revision: node.store.revision, owner: owner))
        }
    }

    /// The client's connection closed: its watches go.
    public mutating func disconnected(client: Int) {
        precondition(client >= 0, "client indices are not negative")
        hub.removeOwner(UInt64(client))
    }

    /// A crash and a new process: the disk's state only; no watches, a lessor that anchors
    /// what the replayed entries grant at the time it replays them.
    public mutating func crashAndRestart(crashRandom: inout SplitMix64, raftRandom: SplitMix64) throws -> Bool {
        let torn = try node.crashAndRestart(crashRandom: &crashRandom, raftRandom: raftRandom)
        hub = WatchHub()
        lessor = Lessor(configuration: lessorConfiguration)
        return torn
    }

    // MARK: Helpers

    func watchOutput(_ deliveries: [WatchHub.Delivery]) -> Output {
        Output(node: StoreNode.Output(), watchReplies: deliveries.map { (Int($0.owner), NodeMessage.watch($0.response)) })
    }

    /// Feeds what the node applied to the lessor and the hub; answers to the lessor's own
    /// proposals are dropped; leadership moves the lessor.
    mutating func follow(_ out: inout Output, at now: Int64) {
        for (_, result) in out.node.results {
            lessor.observe(result.leaseChanges, at: now)
            for delivery in hub.applied(events: result.events, revision: result.revision) {
                out.watchReplies.append((Int(delivery.owner), .watch(delivery.response)))
            }
        }
        out.node.replies.removeAll { $0.client == ServingStoreNode.lessorClient }
        if node.isLeader && !lessor.isLeader { lessor.promote() }
        if !node.isLeader && lessor.isLeader { lessor.demote() }
    }

    /// The leader's lessor proposes due expiries and checkpoints through the log.
    mutating func proposeLeaseChanges(into out: inout Output, at now: Int64) {
        guard node.isLeader else { return }
        for request in lessor.tick(at: now) {
            let id = nextLessorRequest
            nextLessorRequest += 1
            var more = Output(node: node.receive(.request(id: id, request), from: ServingStoreNode.lessorClient))
            follow(&more, at: now)
            out.node.messages += more.node.messages
            out.node.replies += more.node.replies
            out.node.applied += more.node.applied
            out.node.acknowledged += more.node.acknowledged
            out.node.results += more.node.results
            out.watchReplies += more.watchReplies
        }
    }
}
