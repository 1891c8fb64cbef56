/// How a client request ended, as the client can know it.
public enum RequestOutcome: Hashable, Sendable {
    case ok(Response)
    /// The store refused it: it did not happen.
    case failed(StoreError)
    /// It may or may not have happened (timed out, connection lost, the node lost track). A
    /// write that ends so is never retried as if it had failed.
    case unknown(UnknownReason)
    /// It was never accepted by a leader: it did not happen.
    case notSent(NotSentReason)

    public enum UnknownReason: Hashable, Sendable {
        case timeout, connectionLost, nodeLostTrack
    }

    public enum NotSentReason: Hashable, Sendable {
        /// `noLeader`: no node took it within the redirect limit; `unreachable`: the last node
        /// tried could not be connected to (the connection refused), so it never arrived.
        case tooManyInflight, noLeader, unreachable
    }
}
