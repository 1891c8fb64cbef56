/// What the recipe reports about itself, for observers. Times are the broker's clock.
public enum ElectionEvent: Hashable, Sendable {
    /// A lease was granted: the session's deadline is `deadline`.
    case sessionStarted(lease: Int64, deadline: Int64)
    /// The session ended: its deadline passed, the store no longer knows the lease, or it was revoked.
    case sessionLost(lease: Int64, reason: SessionLossReason)
    case campaignStarted(lease: Int64)
    /// The key is ours; `fencingToken` is its create revision.
    case elected(fencingToken: Int64, lease: Int64)
    /// The key is someone else's: its value (the holder's address), create revision and lease.
    case observedLeader(address: String, createRevision: Int64, lease: Int64)
    /// The recipe stopped believing it leads.
    case deposed(fencingToken: Int64)
    case resigned(fencingToken: Int64)
    /// The store refused a request for a reason the recipe cannot recover from by retrying.
    case storeError(String)
}

public enum SessionLossReason: Hashable, Sendable {
    case deadlinePassed
    case leaseNotFound
    case revoked
}
