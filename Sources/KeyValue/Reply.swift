/// A node's answer to one client request.
public enum Reply: Hashable, Sendable {
    /// Applied (a write) or read: the store's answer.
    case ok(Response)
    /// The store refused it; nothing changed.
    case rejected(StoreError)
    /// This node is not the leader and did not propose it; the leader, if it knows one.
    case notLeader(leader: Int?)
    /// The node lost track of it (leadership lost with the entry in flight): it may or may not
    /// have been applied.
    case unknown
}
