/// The store's bounds. They are part of the replicated state machine's definition: every
/// replica must use the same ones, so a request is accepted or refused the same way everywhere.
public struct StoreLimits: Hashable, Sendable {
    /// etcd's `--max-txn-ops` default.
    public var txnOperationsMax: Int
    /// Nested transactions deeper than this are refused (etcd bounds them only by the request
    /// size; a bound keeps the recursive checks and the codec's stack small).
    public var txnDepthMax: Int
    /// A shorter TTL is raised to it (etcd's minimum lease TTL, from the election timeout).
    public var leaseTTLSecondsMin: Int64
    /// etcd's `MaxLeaseTTL`.
    public var leaseTTLSecondsMax: Int64
    /// Checkpoints in one request.
    public var checkpointsPerRequestMax: Int

    public init(txnOperationsMax: Int = 128, txnDepthMax: Int = 8, leaseTTLSecondsMin: Int64 = 1,
                leaseTTLSecondsMax: Int64 = 9_000_000_000, checkpointsPerRequestMax: Int = 1000) {
        precondition(txnOperationsMax > 0 && txnDepthMax > 0 && checkpointsPerRequestMax > 0, "limits are positive")
        precondition(leaseTTLSecondsMin >= 1 && leaseTTLSecondsMin <= leaseTTLSecondsMax, "a TTL range that is not empty")
        self.txnOperationsMax = txnOperationsMax
        self.txnDepthMax = txnDepthMax
        self.leaseTTLSecondsMin = leaseTTLSecondsMin
        self.leaseTTLSecondsMax = leaseTTLSecondsMax
        self.checkpointsPerRequestMax = checkpointsPerRequestMax
    }
}
