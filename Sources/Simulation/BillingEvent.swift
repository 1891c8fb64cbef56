import Billing
import KeyValue
import Raft

/// Everything that happens in a billing run, in simulated time. Messages to and from a broker
/// carry its incarnation: a restarted broker is a new process and its predecessor's
/// connections are gone.
enum BillingEvent: Sendable {
    case nodeTick(node: Int)
    case peerMessage(RaftMessage)
    case toNode(node: Int, broker: Int, incarnation: Int, ClientMessage)
    case toBroker(broker: Int, incarnation: Int, node: Int, NodeMessage)
    case brokerTick(broker: Int, incarnation: Int)
    /// A request reaches the database or the provider; `sentAt` is when the broker decided to send it.
    case toDatabase(broker: Int, incarnation: Int, op: UInt64, DatabaseRequest)
    case fromDatabase(broker: Int, incarnation: Int, op: UInt64, DatabaseResponse)
    case toProvider(broker: Int, incarnation: Int, ChargeRequest, sentAt: Int64)
    case fromProvider(broker: Int, incarnation: Int, ChargeResponse)
    case fault
    case restartNode(node: Int)
    case restartBroker(broker: Int)
    /// A deploy's graceful restart: the broker shuts down (revoking its lease) and comes back later.
    case gracefulRestart(broker: Int)
    /// The store's leader is isolated now (timed to fall inside a campaign).
    case isolateStoreLeader
    case healPartition
    /// The congestion before a cut ends: the broker loses the store.
    case cutBroker(broker: Int)
    case healBroker(broker: Int)
    /// A seed beyond retention arms the leader's pause (retried until some broker leads).
    case armBeyondRetention
    case healAll
    /// Every 10 ms: which brokers believe they lead (the overlap figure).
    case sample
}
