/// The store's answer to a request that it accepted. Every answer carries the store's revision
/// after the request (etcd's response header).
public enum Response: Hashable, Sendable {
    case range(RangeResponse)
    case put(PutResponse)
    case deleteRange(DeleteRangeResponse)
    case txn(TxnResponse)
    case compact(revision: Int64)
    case leaseGrant(revision: Int64, id: Int64, ttlSeconds: Int64)
    case leaseRevoke(revision: Int64)
    /// `ttlSeconds` is 0 when the lease does not exist (etcd answers so, without an error).
    case leaseKeepAlive(revision: Int64, id: Int64, ttlSeconds: Int64)
    case leaseCheckpoint(revision: Int64)
    /// `expired` is false when the lease was gone or kept alive since the leader decided.
    case leaseExpire(revision: Int64, expired: Bool)
    case leaseTimeToLive(LeaseTimeToLiveResponse)
    case leaseLeases(revision: Int64, ids: [Int64])

    public var revision: Int64 {
        switch self {
        case .range(let response): return response.revision
        case .put(let response): return response.revision
        case .deleteRange(let response): return response.revision
        case .txn(let response): return response.revision
        case .compact(let revision), .leaseGrant(let revision, _, _), .leaseRevoke(let revision),
             .leaseKeepAlive(let revision, _, _), .leaseCheckpoint(let revision), .leaseExpire(let revision, _),
             .leaseLeases(let revision, _):
            return revision
        case .leaseTimeToLive(let response): return response.revision
        }
    }
}
