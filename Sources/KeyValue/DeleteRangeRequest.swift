/// Deletes the keys of a range (etcd's `DeleteRangeRequest`).
public struct DeleteRangeRequest: Hashable, Sendable {
    public var range: KeyRange
    /// Answer the deleted keys as they were.
    public var prevKv: Bool

    public init(range: KeyRange, prevKv: Bool = false) {
        self.range = range
        self.prevKv = prevKv
    }

    public init(key: String, rangeEnd: String = "", prevKv: Bool = false) {
        self.init(range: KeyRange(key: KeyBytes.of(key), rangeEnd: KeyBytes.of(rangeEnd)), prevKv: prevKv)
    }
}
