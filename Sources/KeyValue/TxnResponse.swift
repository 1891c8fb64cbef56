/// A transaction's answer: which branch ran and its answers. `revision` is the store's
/// revision after it (one more than before if it changed anything).
public struct TxnResponse: Hashable, Sendable {
    public var revision: Int64
    public var succeeded: Bool
    public var responses: [ResponseOp]

    public init(revision: Int64, succeeded: Bool, responses: [ResponseOp]) {
        self.revision = revision
        self.succeeded = succeeded
        self.responses = responses
    }
}
