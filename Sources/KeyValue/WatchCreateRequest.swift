/// Starts a watch (etcd's `WatchCreateRequest`) on a key or range from a revision.
public struct WatchCreateRequest: Hashable, Sendable {
    public var range: KeyRange
    /// The first revision to report (0: the revision after the store's current one). Below the
    /// compaction revision the watch is cancelled with it.
    public var startRevision: Int64
    /// Ask for progress notifications (empty responses with the current revision).
    public var progressNotify: Bool
    /// Report each event's previous key-value.
    public var prevKv: Bool
    /// etcd's NOPUT and NODELETE filters.
    public var filterPuts: Bool
    public var filterDeletes: Bool
    /// Chosen by the client, unique among its watches on one node.
    public var watchID: Int64

    public init(range: KeyRange, startRevision: Int64 = 0, progressNotify: Bool = false, prevKv: Bool = false,
                filterPuts: Bool = false, filterDeletes: Bool = false, watchID: Int64) {
        self.range = range
        self.startRevision = startRevision
        self.progressNotify = progressNotify
        self.prevKv = prevKv
        self.filterPuts = filterPuts
        self.filterDeletes = filterDeletes
        self.watchID = watchID
    }
}
