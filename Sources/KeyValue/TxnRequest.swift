/// A transaction (etcd's `TxnRequest`): if every compare holds, the success branch runs,
/// otherwise the failure branch, all at one revision. Compares of nested transactions are
/// decided on the state before the transaction, as etcd decides them.
public struct TxnRequest: Hashable, Sendable {
    public var compare: [Compare]
    public var success: [RequestOp]
    public var failure: [RequestOp]

    public init(compare: [Compare] = [], success: [RequestOp] = [], failure: [RequestOp] = []) {
        self.compare = compare
        self.success = success
        self.failure = failure
    }
}
