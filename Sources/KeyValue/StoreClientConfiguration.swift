/// The client's nodes, timeouts and bounds.
public struct StoreClientConfiguration: Hashable, Sendable {
    /// The nodes' ids, tried in this order when no leader is known.
    public var nodes: [Int]
    /// A request not answered within this ends unknown.
    public var requestTimeoutMilliseconds: Int64
    public var inflightRequestsMax: Int
    /// "Not the leader" answers followed per request before it ends `notSent(.noLeader)`.
    public var redirectsMax: Int
    public var watchesMax: Int
    /// After a "not the leader" that names no leader, the request waits this long (to the
    /// first `tick` at or after it) before it goes to the next node, as etcd's client backs
    /// off 25 ms between retries; 0 sends it on at once. A named leader is followed at once.
    public var noLeaderBackoffMilliseconds: Int64

    public init(nodes: [Int], requestTimeoutMilliseconds: Int64 = 2000, inflightRequestsMax: Int = 128, redirectsMax: Int = 6,
                watchesMax: Int = 64, noLeaderBackoffMilliseconds: Int64 = 0) {
        precondition(!nodes.isEmpty && Set(nodes).count == nodes.count, "distinct nodes")
        precondition(requestTimeoutMilliseconds > 0 && inflightRequestsMax > 0 && redirectsMax >= 0 && watchesMax > 0, "positive bounds")
        precondition(noLeaderBackoffMilliseconds >= 0, "a backoff is not negative")
        self.noLeaderBackoffMilliseconds = noLeaderBackoffMilliseconds
        self.nodes = nodes
        self.requestTimeoutMilliseconds = requestTimeoutMilliseconds
        self.inflightRequestsMax = inflightRequestsMax
        self.redirectsMax = redirectsMax
        self.watchesMax = watchesMax
    }
}
