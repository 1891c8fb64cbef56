/// One change of one key at one revision, as watchers see it (etcd's `mvccpb.Event`). A
/// revision's events are kept in the order the revision made them.
public struct Event: Hashable, Sendable {
    public enum Kind: UInt8, Hashable, Sendable {
        case put = 0
        case delete = 1
    }

    public var kind: Kind
    /// After a put, the key as written; after a delete, the key and the deleting revision.
    public var kv: KeyValuePair
    /// The key before the change, nil when it did not exist (or the watcher did not ask).
    public var prevKv: KeyValuePair?

    public init(kind: Kind, kv: KeyValuePair, prevKv: KeyValuePair? = nil) {
        self.kind = kind
        self.kv = kv
        self.prevKv = prevKv
    }

    public var revision: Int64 { kv.modRevision }
}
