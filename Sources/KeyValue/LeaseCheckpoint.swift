/// The remaining time of a lease as the leader's clock measured it, committed through the log
/// so that a later leader does not give a lease its whole TTL again (etcd #9888). It applies
/// only while the lease has not been kept alive since (`epoch` is the lease's keep-alive count
/// the leader measured from): a keep-alive committed in between supersedes it.
public struct LeaseCheckpoint: Hashable, Sendable {
    public var id: Int64
    public var remainingMilliseconds: Int64
    public var epoch: UInt64

    public init(id: Int64, remainingMilliseconds: Int64, epoch: UInt64) {
        self.id = id
        self.remainingMilliseconds = remainingMilliseconds
        self.epoch = epoch
    }
}
