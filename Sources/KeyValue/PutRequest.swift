/// Writes one key (etcd's `PutRequest`).
public struct PutRequest: Hashable, Sendable {
    public var key: [UInt8]
    public var value: [UInt8]
    /// The lease to attach the key to (0: none). A lease that does not exist fails the put.
    public var lease: Int64
    /// Answer the key as it was before.
    public var prevKv: Bool
    /// Keep the key's value (the key must exist; `value` must be empty).
    public var ignoreValue: Bool
    /// Keep the key's lease (the key must exist; `lease` must be 0).
    public var ignoreLease: Bool

    public init(key: [UInt8], value: [UInt8], lease: Int64 = 0, prevKv: Bool = false,
                ignoreValue: Bool = false, ignoreLease: Bool = false) {
        self.key = key
        self.value = value
        self.lease = lease
        self.prevKv = prevKv
        self.ignoreValue = ignoreValue
        self.ignoreLease = ignoreLease
    }

    public init(key: String, value: String, lease: Int64 = 0, prevKv: Bool = false) {
        self.init(key: KeyBytes.of(key), value: KeyBytes.of(value), lease: lease, prevKv: prevKv)
    }
}
