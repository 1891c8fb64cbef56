/// One request of a transaction's branch (etcd's `RequestOp`).
public enum RequestOp: Hashable, Sendable {
    case range(RangeRequest)
    case put(PutRequest)
    case deleteRange(DeleteRangeRequest)
    case txn(TxnRequest)
}
