import KeyValue
import Raft

/// Everything that happens in a run, in simulated time.
enum SimulationEvent: Sendable {
    case nodeTick(node: Int)
    case peerMessage(RaftMessage)
    case toNode(node: Int, client: Int, ClientMessage)
    case toClient(client: Int, node: Int, NodeMessage)
    /// The client could not connect to the node to send the message (the node was down, or the
    /// client cut off from it, when it was sent): the client learns it a moment later.
    case refused(client: Int, node: Int, ClientMessage)
    case clientTick(client: Int)
    /// With an offered rate: the client's next request arrives.
    case clientArrival(client: Int)
    case fault
    case restart(node: Int)
    case resume(node: Int)
    /// Ends the partition of this number, if it is still the one on (a partition replaced by a
    /// later one keeps the later one's end).
    case healPartition(partition: Int)
    case healAll
}
