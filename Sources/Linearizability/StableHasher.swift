/// A 64-bit hash that is the same in every process and on every run.
///
/// Swift seeds `Hasher` per process, so anything built on `hashValue` (cache layouts, the
/// order in which equal-cost states are found, statistics) would differ between runs. The
/// checker's memoization uses this hasher instead so that a run can be reproduced exactly.
/// The mixing function is the finaliser of SplitMix64, applied after each word.
public struct StableHasher: Sendable {
    @usableFromInline var state: UInt64

    @inlinable public init(seed: UInt64 = 0x9E37_79B9_7F4A_7C15) { state = seed }

    @inlinable public static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

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
