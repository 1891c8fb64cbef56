/// 64-bit fingerprints of stable state encodings.
///
/// The function is fixed here (not Swift's per-process seeded `Hasher`), reads words as
/// little-endian, and so gives the same fingerprint for the same bytes in every process and on
/// every machine. It mixes with 64×64→128-bit multiplies in the manner of wyhash; zero is
/// reserved as the empty-slot marker of the fingerprint table and is never returned.
public enum Fingerprint {
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

    /// TLC's optimistic estimate of the probability that two distinct states shared a
    /// fingerprint in a run: distinct × (generated − distinct) / 2^64.
    public static func collisionProbability(distinct: Int, generated: Int) -> Double {
        let n = Double(distinct)
        let m = Double(max(generated, distinct))
        return n * (m - n) / 18_446_744_073_709_551_616.0
    }
}
