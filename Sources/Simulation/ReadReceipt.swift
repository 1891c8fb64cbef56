/// A linearizable read as one node received it: the client, the node and the client's request
/// id (a redirected read is received again, by another node, under the same id).
struct ReadReceipt: Hashable, Sendable {
    var client: Int
    var node: Int
    var id: UInt64
}
