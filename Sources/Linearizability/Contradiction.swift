/// Observations of completed operations that no linearization can reconcile, found before any
/// search: the proof that a history is not linearizable, as the operations involved and a
/// sentence that says why.
public struct Contradiction: Sendable, Equatable {
    /// The operations involved (history ids), in the order `reason` speaks of them.
    public var operationIDs: [Int]
    /// Why they cannot all take effect, as a sentence about the operations listed below it.
    public var reason: String

    public init(operationIDs: [Int], reason: String) {
        precondition(!operationIDs.isEmpty, "a contradiction names the operations it is about")
        self.operationIDs = operationIDs
        self.reason = reason
    }
}
