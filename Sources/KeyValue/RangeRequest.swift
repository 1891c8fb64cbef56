/// Reads the keys of a range (etcd's `RangeRequest`), sorted by key.
public struct RangeRequest: Hashable, Sendable {
    public var range: KeyRange
    /// At most this many keys (0: no limit); `more` then says whether keys were left out.
    public var limit: Int64
    /// The revision to read at (0: the latest). Below the compaction revision it fails with
    /// `compacted`, above the store's revision with `futureRevision`.
    public var revision: Int64
    /// Answer from the local state without a linearizable read (a node's concern; the store
    /// answers the same either way).
    public var serializable: Bool
    /// Return the keys without their values.
    public var keysOnly: Bool
    /// Return only the count.
    public var countOnly: Bool

    public init(range: KeyRange, limit: Int64 = 0, revision: Int64 = 0, serializable: Bool = false,
                keysOnly: Bool = false, countOnly: Bool = false) {
        self.range = range
        self.limit = limit
        self.revision = revision
        self.serializable = serializable
        self.keysOnly = keysOnly
        self.countOnly = countOnly
    }

    public init(key: String, rangeEnd: String = "", limit: Int64 = 0, revision: Int64 = 0) {
        self.init(range: KeyRange(key: KeyBytes.of(key), rangeEnd: KeyBytes.of(rangeEnd)), limit: limit, revision: revision)
    }
}
