/// Why the store refused a request. A refused request changed nothing. Messages are etcd's.
public enum StoreError: Error, Hashable, Sendable, CustomStringConvertible {
    case compacted(compactRevision: Int64)
    case futureRevision
    case emptyKey
    case keyNotFound
    case valueProvided
    case leaseProvided
    case duplicateKey
    case tooManyOperations(max: Int)
    case leaseNotFound
    case leaseExists
    case leaseTTLTooLarge
    /// A request this store does not accept for a reason of its own (nesting too deep).
    case invalid(String)

    public var description: String {
        switch self {
        case .compacted: return "mvcc: required revision has been compacted"
        case .futureRevision: return "mvcc: required revision is a future revision"
        case .emptyKey: return "etcdserver: key is not provided"
        case .keyNotFound: return "etcdserver: key not found"
        case .valueProvided: return "etcdserver: value is provided"
        case .leaseProvided: return "etcdserver: lease is provided"
        case .duplicateKey: return "etcdserver: duplicate key given in txn request"
        case .tooManyOperations: return "etcdserver: too many operations in txn request"
        case .leaseNotFound: return "etcdserver: requested lease not found"
        case .leaseExists: return "etcdserver: lease already exists"
        case .leaseTTLTooLarge: return "etcdserver: too large lease TTL"
        case .invalid(let reason): return "etcdserver: invalid request: \(reason)"
        }
    }
}
