/// A lease as every replica stores it: its TTL, the keys attached to it, how many keep-alives
/// it has had, and the remaining time of the last checkpoint since (nil: the whole TTL).
struct LeaseRecord: Hashable, Sendable {
    var id: Int64
    var ttlSeconds: Int64
    var keys: Set<[UInt8]>
    var epoch: UInt64
    var checkpointMilliseconds: Int64?

    /// The attached keys in key order (a set's order is per process, never used).
    var sortedKeys: [[UInt8]] { keys.sorted(by: KeyBytes.less) }

    var remainingMilliseconds: Int64 { checkpointMilliseconds ?? ttlSeconds * 1000 }
}
