/// Which branch a transaction and each transaction nested in its chosen branch take, decided
/// on the state before the transaction (etcd's `compareToPath`).
struct TxnPath {
    var succeeded: Bool
    /// One per nested transaction of the chosen branch, in order.
    var nested: [TxnPath]
}
