/// What an applied entry did to a lease, for the lessor of every replica: each replica's lessor
/// anchors a lease's deadline on its own clock at the moment it applies these.
public enum LeaseChange: Hashable, Sendable {
    case granted(id: Int64, ttlSeconds: Int64)
    /// A keep-alive was applied: the lease has its whole TTL again; `epoch` counts keep-alives.
    case refreshed(id: Int64, ttlSeconds: Int64, epoch: UInt64)
    /// A checkpoint was applied: at most `remainingMilliseconds` are left.
    case checkpointed(id: Int64, remainingMilliseconds: Int64, epoch: UInt64)
    /// Revoked or expired: the lease and its keys are gone.
    case removed(id: Int64)
}
