/// Everything the store applies: one Raft entry's payload. Clients send the key-value and
/// lease requests; the leader's lessor proposes checkpoints and expiries.
public enum Request: Hashable, Sendable {
    case range(RangeRequest)
    case put(PutRequest)
    case deleteRange(DeleteRangeRequest)
    case txn(TxnRequest)
    /// Discard history below the revision.
    case compact(revision: Int64)
    /// A lease with a TTL in seconds; id 0 lets the store assign one.
    case leaseGrant(id: Int64, ttlSeconds: Int64)
    case leaseRevoke(id: Int64)
    /// Goes through the log (unlike etcd's leader-local renewal) so that every replica's
    /// lessor anchors the lease's deadline on the same committed keep-alive.
    case leaseKeepAlive(id: Int64)
    case leaseCheckpoint([LeaseCheckpoint])
    /// Proposed by the leader's lessor when a lease's deadline passed; a no-op when the lease
    /// was kept alive since (its keep-alive count moved past `epoch`) or is gone.
    case leaseExpire(id: Int64, epoch: UInt64)
    case leaseTimeToLive(id: Int64, keys: Bool)
    case leaseLeases

    /// Whether applying it can change the store (a node may serve the others locally).
    public var isReadOnly: Bool {
        switch self {
        case .range, .leaseTimeToLive, .leaseLeases: return true
        case .txn(let txn): return txn.isReadOnly
        case .put, .deleteRange, .compact, .leaseGrant, .leaseRevoke, .leaseKeepAlive, .leaseCheckpoint, .leaseExpire:
            return false
        }
    }
}

extension TxnRequest {
    /// No branch writes (etcd's `IsTxnReadonly`, which looks one level deep: a nested
    /// transaction counts as a write).
    public var isReadOnly: Bool {
        (success + failure).allSatisfy { op in
            if case .range = op { return true }
            return false
        }
    }
}
