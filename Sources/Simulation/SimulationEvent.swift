import KeyValue
import Raft

/// Everything that happens in a run, in simulated time.
enum SimulationEvent: Sendable {
    case nodeTick(node: Int)
    case peerMessage(RaftMessage)
    case toNode(node: Int, client: Int, ClientMessage)
    case toClient(client: Int, node: Int, NodeMessage)
    case clientTick(client: Int)
    case fault
    case restart(node: Int)
    case resume(node: Int)
    case healPartition
    case healAll
}
