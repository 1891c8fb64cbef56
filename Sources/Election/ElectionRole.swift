/// Where the recipe is. The session (lease and deadline) is tracked beside the role.
public enum ElectionRole: Hashable, Sendable {
    /// Not started, or stopped by `shutdown`/`fail`.
    case idle
    /// A lease grant is in flight (or due again at `retryAt`).
    case granting
    /// The create-if-absent transaction is in flight.
    case campaigning
    /// The campaign's outcome is unknown: the key is being read back to learn it.
    case resolving
    /// Someone else holds the key; its DELETE is being watched for.
    case following(createRevision: Int64, holderLease: Int64)
    /// The watch was cancelled: re-reading the key before watching again.
    case rereading
    case leading(fencingToken: Int64)
    /// Deleting the key if its create revision is still ours.
    case resigning(fencingToken: Int64)
}
