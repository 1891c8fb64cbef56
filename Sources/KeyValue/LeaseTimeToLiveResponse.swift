/// A lease's remaining time (etcd's `LeaseTimeToLiveResponse`): `ttlSeconds` is -1 when the
/// lease does not exist. The store answers from the replicated state (the last checkpoint or
/// the whole TTL); the leader's `Lessor.timeToLive` refines it from its clock.
public struct LeaseTimeToLiveResponse: Hashable, Sendable {
    public var revision: Int64
    public var id: Int64
    public var ttlSeconds: Int64
    public var grantedTTLSeconds: Int64
    /// The attached keys, sorted, when asked for.
    public var keys: [[UInt8]]

    public init(revision: Int64, id: Int64, ttlSeconds: Int64, grantedTTLSeconds: Int64, keys: [[UInt8]]) {
        self.revision = revision
        self.id = id
        self.ttlSeconds = ttlSeconds
        self.grantedTTLSeconds = grantedTTLSeconds
        self.keys = keys
    }
}
