/// One answer of a transaction's branch, in the order of its requests.
public enum ResponseOp: Hashable, Sendable {
    case range(RangeResponse)
    case put(PutResponse)
    case deleteRange(DeleteRangeResponse)
    case txn(TxnResponse)
}
