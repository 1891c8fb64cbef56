/// The lessor's timing and bounds, in milliseconds of the node's own clock.
public struct LessorConfiguration: Hashable, Sendable {
    /// The checkpoint interval c is the TTL divided by this: a lease that has gone c without a
    /// keep-alive or checkpoint committed gets a checkpoint of its remaining time.
    public var checkpointDivisor: Int64
    /// ... but never shorter than this, so short leases do not flood the log.
    public var checkpointIntervalMillisecondsMin: Int64
    /// An expiry or checkpoint proposed but not applied within this is proposed again (the
    /// entry may have been lost with a leader; etcd's `expiredLeaseRetryInterval`).
    public var retryMilliseconds: Int64
    /// Expiries proposed per tick (etcd's revoke rate limit, per tick).
    public var expiriesPerTickMax: Int
    /// Checkpoints proposed per tick, in one request.
    public var checkpointsPerTickMax: Int

    public init(checkpointDivisor: Int64 = 4, checkpointIntervalMillisecondsMin: Int64 = 100, retryMilliseconds: Int64 = 1000,
                expiriesPerTickMax: Int = 500, checkpointsPerTickMax: Int = 1000) {
        precondition(checkpointDivisor >= 1 && checkpointIntervalMillisecondsMin >= 1 && retryMilliseconds >= 1, "positive timings")
        precondition(expiriesPerTickMax >= 1 && checkpointsPerTickMax >= 1, "positive rates")
        self.checkpointDivisor = checkpointDivisor
        self.checkpointIntervalMillisecondsMin = checkpointIntervalMillisecondsMin
        self.retryMilliseconds = retryMilliseconds
        self.expiriesPerTickMax = expiriesPerTickMax
        self.checkpointsPerTickMax = checkpointsPerTickMax
    }

    /// c for a lease of this TTL.
    public func checkpointIntervalMilliseconds(ttlSeconds: Int64) -> Int64 {
        max(ttlSeconds * 1000 / checkpointDivisor, checkpointIntervalMillisecondsMin)
    }
}
