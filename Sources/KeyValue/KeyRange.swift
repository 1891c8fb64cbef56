/// The keys a request selects, from etcd's `key` and `range_end` pair: an empty end selects
/// the key alone, the end `[0]` every key at or after the key, any other end the half-open
/// interval `[key, end)` (empty when the end does not sort after the key).
public struct KeyRange: Hashable, Sendable {
    public var key: [UInt8]
    /// etcd's `range_end`, as given.
    public var rangeEnd: [UInt8]

    public init(key: [UInt8], rangeEnd: [UInt8] = []) {
        self.key = key
        self.rangeEnd = rangeEnd
    }

    /// Every key that starts with `prefix`.
    public static func prefix(_ prefix: [UInt8]) -> KeyRange {
        KeyRange(key: prefix, rangeEnd: KeyBytes.prefixEnd(prefix))
    }

    public var isSingleKey: Bool { rangeEnd.isEmpty }

    /// The exclusive upper bound; nil when unbounded.
    public var upperBound: [UInt8]? {
        if rangeEnd == [0] { return nil }
        return rangeEnd
    }

    @inlinable
    public func contains(_ candidate: [UInt8]) -> Bool {
        if rangeEnd.isEmpty { return candidate == key }
        if KeyBytes.compare(candidate, key) < 0 { return false }
        if rangeEnd == [0] { return true }
        return KeyBytes.compare(candidate, rangeEnd) < 0
    }

    /// Whether the two ranges share a key (etcd's interval tree `Intersects`, for the duplicate
    /// key check of transactions).
    public func intersects(_ other: KeyRange) -> Bool {
        if isSingleKey { return other.contains(key) }
        if other.isSingleKey { return contains(other.key) }
        // Two intervals [a, b) and [c, d) meet when a < d and c < b (nil = unbounded).
        func below(_ start: [UInt8], _ end: [UInt8]?) -> Bool {
            guard let end else { return true }
            return KeyBytes.compare(start, end) < 0
        }
        return below(key, other.upperBound) && below(other.key, upperBound)
            && below(key, upperBound) && below(other.key, other.upperBound)
    }
}
