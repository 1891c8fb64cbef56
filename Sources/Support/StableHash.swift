/// The project's one stable hash: 64-bit hashes of bytes and of words that are the same in every
/// process and on every machine (Swift seeds `Hasher` per process, so nothing reproducible may use
/// `hashValue`).
///
/// `of(_:)` hashes a byte sequence (the model checker's fingerprints of state encodings, the
/// implementation's digests); `mix(_:)` is SplitMix64's finaliser, which `SplitMix64` draws with and
/// `StableHasher` combines words with.
///
/// The byte function is fixed here (not Swift's per-process seeded `Hasher`), reads words as
/// little-endian, and so gives the same fingerprint for the same bytes in every process and on
/// every machine. It mixes with 64×64→128-bit multiplies in the manner of wyhash; zero is
/// reserved as the empty-slot marker of the fingerprint table and is never returned.
public enum StableHash {
    @usableFromInline static let p0: UInt64 = 0xa076_1d64_78bd_642f
    @usableFromInline static let p1: UInt64 = 0xe703_7ed1_a0b4_28db
    @usableFromInline static let p2: UInt64 = 0x8ebc_6af0_9c88_c6e3
    @usableFromInline static let p3: UInt64 = 0x5899_65cc_7537_4cc3

    @inlinable @inline(__always)
    static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let product = a.multipliedFullWidth(by: b)
        return product.high ^ product.low
    }

    @inlinable @inline(__always)
    static func load(_ base: UnsafeRawPointer, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// The fingerprint of a byte sequence; never zero.
    @inlinable
    public static func of(_ buffer: UnsafeRawBufferPointer) -> UInt64 {
        let count = buffer.count
        var seed: UInt64 = p0 ^ mix(UInt64(count) ^ p1, p2)
        guard let base = buffer.baseAddress, count > 0 else { return finish(seed, count) }
        var offset = 0
        while offset + 16 <= count {
            seed = mix(load(base, offset) ^ p1, load(base, offset + 8) ^ seed)
            offset += 16
        }
        var a: UInt64 = 0
        var b: UInt64 = 0
        let remaining = count - offset
        if remaining >= 8 {
            a = load(base, offset)
            var shift: UInt64 = 0
            for index in (offset + 8)..<count {
                b |= UInt64(base.load(fromByteOffset: index, as: UInt8.self)) << shift
                shift += 8
            }
        } else {
            var shift: UInt64 = 0
            for index in offset..<count {
                a |= UInt64(base.load(fromByteOffset: index, as: UInt8.self)) << shift
                shift += 8
            }
        }
        seed = mix(a ^ p1, b ^ seed ^ p3)
        return finish(seed, count)
    }

    @inlinable @inline(__always)
    static func finish(_ seed: UInt64, _ count: Int) -> UInt64 {
        let value = mix(seed ^ p0, UInt64(count) ^ p3)
        return value == 0 ? 1 : value
    }

    @inlinable
    public static func of(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { of($0) }
    }

    /// SplitMix64's output function (Steele, Lea & Flood): a bijection on 64-bit words with good
    /// avalanche, used to finish a word hash and to draw from `SplitMix64`.
    @inlinable @inline(__always)
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// An incremental form of the stable hash (`StableHash`): words, integers, strings and
/// `StableHashable` values combined in sequence, the same in every process and on every run.
///
/// Swift seeds `Hasher` per process, so anything built on `hashValue` (cache layouts, the
/// order in which equal-cost states are found, statistics) would differ between runs. The
/// checker's memoization uses this hasher instead so that a run can be reproduced exactly.
/// The mixing function is `StableHash.mix`, applied after each word.
public struct StableHasher: Sendable {
    @usableFromInline var state: UInt64

    @inlinable public init(seed: UInt64 = 0x9E37_79B9_7F4A_7C15) { state = seed }

    @inlinable public static func mix(_ value: UInt64) -> UInt64 { StableHash.mix(value) }

    @inlinable public mutating func combine(_ word: UInt64) {
        state = StableHasher.mix(state ^ word) &+ 0x632B_E59B_D9B4_E019
    }

    @inlinable public mutating func combine(_ value: Int) { combine(UInt64(bitPattern: Int64(value))) }

    @inlinable public mutating func combine(_ value: Bool) { combine(value ? 1 as UInt64 : 2) }

    /// Strings are hashed by their UTF-8 bytes, eight at a time, then by their length so that
    /// "ab" + "c" and "a" + "bc" differ when combined in sequence.
    @inlinable public mutating func combine(_ text: String) {
        var word: UInt64 = 0
        var shift: UInt64 = 0
        var count = 0
        for byte in text.utf8 {
            word |= UInt64(byte) << shift
            shift += 8
            count += 1
            if shift == 64 {
                combine(word)
                word = 0
                shift = 0
            }
        }
        combine(word)
        combine(count)
    }

    @inlinable public mutating func combine(_ value: String?) {
        if let value { combine(value) } else { combine(0xDEAD_BEEF as UInt64) }
    }

    @inlinable public var finalized: UInt64 { StableHasher.mix(state) }
}

/// A value with a hash that is stable across processes (see `StableHasher`).
public protocol StableHashable {
    func stableHash(into hasher: inout StableHasher)
}

extension StableHashable {
    @inlinable public var stableHashValue: UInt64 {
        var hasher = StableHasher()
        stableHash(into: &hasher)
        return hasher.finalized
    }
}

extension Int: StableHashable {
    @inlinable public func stableHash(into hasher: inout StableHasher) { hasher.combine(self) }
}

extension Int64: StableHashable {
    @inlinable public func stableHash(into hasher: inout StableHasher) { hasher.combine(UInt64(bitPattern: self)) }
}

extension Bool: StableHashable {
    @inlinable public func stableHash(into hasher: inout StableHasher) { hasher.combine(self) }
}

extension String: StableHashable {
    @inlinable public func stableHash(into hasher: inout StableHasher) { hasher.combine(self) }
}

extension Optional: StableHashable where Wrapped: StableHashable {
    @inlinable public func stableHash(into hasher: inout StableHasher) {
        switch self {
        case .none: hasher.combine(0x5EED_0000_0000_0001 as UInt64)
        case .some(let value):
            hasher.combine(0x5EED_0000_0000_0002 as UInt64)
            value.stableHash(into: &hasher)
        }
    }
}

extension Array: StableHashable where Element: StableHashable {
    @inlinable public func stableHash(into hasher: inout StableHasher) {
        hasher.combine(count)
        for element in self { element.stableHash(into: &hasher) }
    }
}
