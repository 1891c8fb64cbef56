import Support
/// A reusable byte buffer into which a model writes the stable encoding of a state.
///
/// The encoding must be injective (two different states never encode to the same bytes) and
/// stable: it depends only on the state's value, never on `hashValue`, memory addresses or
/// `Set`/`Dictionary` iteration order, so fingerprints are identical across processes and
/// machines. Variable-length parts must be length-prefixed (`appendCount`) to stay injective.
///
/// The buffer is raw memory that only grows, and the type is non-copyable so that exactly one
/// owner writes it: once warm, encoding a state allocates nothing and checks nothing but the
/// capacity (this is the checker's hot path).
public struct StateEncoder: ~Copyable, @unchecked Sendable {
    @usableFromInline var base: UnsafeMutablePointer<UInt8>
    @usableFromInline var capacity: Int
    @usableFromInline var written: Int

    /// The number of bytes written since the last `reset()`.
    @inlinable public var count: Int { written }

    public init(capacity: Int = 256) {
        self.capacity = max(16, capacity)
        base = .allocate(capacity: self.capacity)
        written = 0
    }

    deinit { base.deallocate() }

    /// A copy of the bytes written (allocates; off the hot path).
    public var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// Calls `body` with the bytes written, without copying them.
    @inlinable @inline(__always)
    public func withBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try body(UnsafeRawBufferPointer(start: base, count: count))
    }

    /// The fingerprint of the bytes written.
    @inlinable @inline(__always)
    public var fingerprint: UInt64 { StableHash.of(UnsafeRawBufferPointer(start: base, count: count)) }

    /// Whether these bytes order before `other`'s (lexicographically, shorter first on a tie).
    @inlinable
    public func precedes(_ other: borrowing StateEncoder) -> Bool {
        let shared = min(count, other.count)
        for index in 0..<shared where base[index] != other.base[index] {
            return base[index] < other.base[index]
        }
        return count < other.count
    }

    @inlinable @inline(__always) public mutating func reset() { written = 0 }

    @inlinable @inline(__always)
    mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(count + extra) }
    }

    @usableFromInline mutating func grow(_ needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    @inlinable @inline(__always) public mutating func append(_ value: UInt8) {
        reserve(1)
        base[count] = value
        written += 1
    }

    @inlinable @inline(__always) public mutating func append(_ value: Bool) { append(value ? UInt8(1) : 0) }

    @inlinable @inline(__always) public mutating func append(_ value: UInt16) {
        reserve(2)
        (UnsafeMutableRawPointer(base) + count).storeBytes(of: value.littleEndian, as: UInt16.self)
        written += 2
    }

    @inlinable @inline(__always) public mutating func append(_ value: UInt32) {
        reserve(4)
        (UnsafeMutableRawPointer(base) + count).storeBytes(of: value.littleEndian, as: UInt32.self)
        written += 4
    }

    @inlinable @inline(__always) public mutating func append(_ value: UInt64) {
        reserve(8)
        (UnsafeMutableRawPointer(base) + count).storeBytes(of: value.littleEndian, as: UInt64.self)
        written += 8
    }

    /// The low `byteCount` bytes (0...8) of `value`, little-endian, for packed fields narrower
    /// than a word: one store of the whole word, of which only `byteCount` bytes count as
    /// written (the rest are overwritten by what follows, or never read). The caller
    /// guarantees that the bytes left out are zero, or the encoding would not be injective.
    @inlinable @inline(__always) public mutating func append(low byteCount: Int, of value: UInt64) {
        assert(byteCount >= 0 && byteCount <= 8, "a word has eight bytes")
        assert(byteCount == 8 || value >> UInt64(8 * byteCount) == 0, "an encoded field lost bits")
        reserve(8)
        (UnsafeMutableRawPointer(base) + count).storeBytes(of: value.littleEndian, as: UInt64.self)
        written += byteCount
    }

    /// A small non-negative integer (a term, an index, a count) in one byte when below 255,
    /// otherwise an escape byte and eight bytes. Injective for every `Int`.
    @inlinable @inline(__always) public mutating func append(_ value: Int) {
        if value >= 0 && value < 255 {
            append(UInt8(truncatingIfNeeded: value))
        } else {
            append(UInt8(255))
            append(UInt64(bitPattern: Int64(value)))
        }
    }

    /// A length prefix for a variable-length part that follows.
    @inlinable @inline(__always) public mutating func appendCount(_ count: Int) { append(count) }

    public mutating func append(_ text: String) {
        appendCount(text.utf8.count)
        for byte in text.utf8 { append(byte) }
    }

    /// Appends raw bytes (for models that pack their state themselves).
    @inlinable public mutating func append(contentsOf bytes: UnsafeRawBufferPointer) {
        reserve(bytes.count)
        if let source = bytes.baseAddress { (UnsafeMutableRawPointer(base) + count).copyMemory(from: source, byteCount: bytes.count) }
        written += bytes.count
    }
}
