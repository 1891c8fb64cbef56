/// A reusable byte buffer into which a model writes the stable encoding of a state.
///
/// The encoding must be injective (two different states never encode to the same bytes) and
/// stable: it depends only on the state's value, never on `hashValue`, memory addresses or
/// `Set`/`Dictionary` iteration order, so fingerprints are identical across processes and
/// machines. Variable-length parts must be length-prefixed (`appendCount`) to stay injective.
///
/// Once warm the buffer does not allocate: `reset()` keeps its capacity.
public struct StateEncoder: Sendable {
    @usableFromInline var storage: [UInt8]

    /// The bytes written since the last `reset()`.
    @inlinable public var bytes: [UInt8] { storage }

    public init(capacity: Int = 256) {
        storage = []
        storage.reserveCapacity(capacity)
    }

    @inlinable public var count: Int { storage.count }

    @inlinable public mutating func reset() { storage.removeAll(keepingCapacity: true) }

    @inlinable public mutating func append(_ value: UInt8) { storage.append(value) }

    @inlinable public mutating func append(_ value: Bool) { storage.append(value ? 1 : 0) }

    @inlinable public mutating func append(_ value: UInt16) {
        storage.append(UInt8(truncatingIfNeeded: value))
        storage.append(UInt8(truncatingIfNeeded: value >> 8))
    }

    @inlinable public mutating func append(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { storage.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    @inlinable public mutating func append(_ value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { storage.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    /// A small non-negative integer (a term, an index, a count) in one byte when below 255,
    /// otherwise an escape byte and eight bytes. Injective for every `Int`.
    @inlinable public mutating func append(_ value: Int) {
        if value >= 0 && value < 255 {
            storage.append(UInt8(value))
        } else {
            storage.append(255)
            append(UInt64(bitPattern: Int64(value)))
        }
    }

    /// A length prefix for a variable-length part that follows.
    @inlinable public mutating func appendCount(_ count: Int) { append(count) }

    @inlinable public mutating func append(_ text: String) {
        appendCount(text.utf8.count)
        storage.append(contentsOf: text.utf8)
    }
}
