import KeyValue
import Raft
import Support

/// A store node as the billing scenario drives it: `StoreNode` (which runs the lessor that
/// expires leases on the leader's clock through the log, and the watch hub) with the
/// scenario's simulated time handed in at every input, as the process's clock.
///
/// It adds nothing to the node's behaviour: lessor and hub are the node's own, so expiries are
/// proposed once, by the leader's lessor. Its API is the scenario's: inputs take `at now`, and
/// watch responses come apart from request replies in `Output`.
public struct ServingStoreNode: Sendable {
    /// What one input produced: the node's output, and the watch responses for their clients.
    public struct Output: Sendable {
        public var node: StoreNode.Output
        public var watchReplies: [(client: Int, NodeMessage)] = []

        init(_ output: StoreNode.Output) {
            var node = output
            for (client, message) in output.replies {
                if case .watch = message { watchReplies.append((client, message)) }
            }
            node.replies.removeAll { if case .watch = $0.1 { return true } else { return false } }
            self.node = node
        }
    }

    public private(set) var node: StoreNode

    /// `node` with a lessor of `configuration` (a new node's lessor has no leases yet).
    public init(node: StoreNode, lessor configuration: LessorConfiguration) {
        var node = node
        precondition(node.store.revision <= 1, "a serving node starts from a new node")
        node.lessor = Lessor(configuration: configuration)
        self.node = node
    }

    public var isLeader: Bool { node.isLeader }
    public var lessor: Lessor { node.lessor }

    public mutating func tick(at now: Int64) -> Output {
        node.clockMilliseconds = now
        return Output(node.tick())
    }

    public mutating func step(_ message: RaftMessage, at now: Int64) -> (Output, RaftError?) {
        node.clockMilliseconds = now
        let (output, error) = node.step(message)
        return (Output(output), error)
    }

    /// A client's message: a request, or a watch message the node's hub answers.
    public mutating func receive(_ message: ClientMessage, from client: Int, at now: Int64) -> Output {
        precondition(client >= 0, "client indices are not negative")
        node.clockMilliseconds = now
        return Output(node.receive(message, from: client))
    }

    /// The client's connection closed: its watches go.
    public mutating func disconnected(client: Int) {
        precondition(client >= 0, "client indices are not negative")
        node.disconnect(client: client)
    }

    /// A crash and a new process: the disk's state only; no watches, a new lessor.
    public mutating func crashAndRestart(crashRandom: inout SplitMix64, raftRandom: SplitMix64) throws -> Bool {
        try node.crashAndRestart(crashRandom: &crashRandom, raftRandom: raftRandom)
    }
}
