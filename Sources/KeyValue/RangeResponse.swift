/// The keys a range found (etcd's `RangeResponse`): `revision` is the store's revision when it
/// was read (not the revision read at), `count` the number of keys in the range at the revision
/// read, whatever the limit.
public struct RangeResponse: Hashable, Sendable {
    public var revision: Int64
    public var kvs: [KeyValuePair]
    public var more: Bool
    public var count: Int64

    public init(revision: Int64, kvs: [KeyValuePair], more: Bool = false, count: Int64) {
        self.revision = revision
        self.kvs = kvs
        self.more = more
        self.count = count
    }
}
