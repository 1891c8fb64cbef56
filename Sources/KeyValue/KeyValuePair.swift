/// A key at a revision (etcd's `mvccpb.KeyValue`): its value, the revision that created it
/// (since its last deletion), the revision of its last change, its version (1 at creation, one
/// more per change, reset by deletion) and the lease it is attached to (0: none).
///
/// In a DELETE event only `key` and `modRevision` (the deleting revision) are set, as in etcd.
public struct KeyValuePair: Hashable, Sendable {
    public var key: [UInt8]
    public var value: [UInt8]
    public var createRevision: Int64
    public var modRevision: Int64
    public var version: Int64
    public var lease: Int64

    public init(key: [UInt8], value: [UInt8] = [], createRevision: Int64 = 0, modRevision: Int64 = 0,
                version: Int64 = 0, lease: Int64 = 0) {
        self.key = key
        self.value = value
        self.createRevision = createRevision
        self.modRevision = modRevision
        self.version = version
        self.lease = lease
    }
}
