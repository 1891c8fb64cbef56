/// A key as a dictionary key: `[UInt8]`'s own hashing feeds the hasher one byte at a time,
/// which made key lookups the store's hottest path; this hashes the bytes in one call.
/// (Used only for lookups, never iterated: the ordered index gives the order.)
struct HashedKey: Hashable, Sendable {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    static func == (a: HashedKey, b: HashedKey) -> Bool { a.bytes == b.bytes }
}
