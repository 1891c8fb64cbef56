/// Who stored data belongs to: the cluster, and the data directory within it (one per node).
/// Every file the layer writes carries both, so a segment or snapshot copied from another
/// cluster or another node is refused instead of silently replayed.
public struct StorageIdentity: Equatable, Hashable, Sendable {
    public let clusterID: UInt64
    public let directoryID: UInt64

    public init(clusterID: UInt64, directoryID: UInt64) {
        self.clusterID = clusterID
        self.directoryID = directoryID
    }
}
