/// A read the leader is confirming: the commit index when it arrived, whose it is, and its context.
struct ReadRequest: Sendable {
    var index: UInt64
    var requester: NodeID
    var context: [UInt8]
}
