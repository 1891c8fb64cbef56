/// A delete's answer: how many keys it deleted and, when asked, what they were.
public struct DeleteRangeResponse: Hashable, Sendable {
    public var revision: Int64
    public var deleted: Int64
    public var prevKvs: [KeyValuePair]

    public init(revision: Int64, deleted: Int64, prevKvs: [KeyValuePair] = []) {
        self.revision = revision
        self.deleted = deleted
        self.prevKvs = prevKvs
    }
}
