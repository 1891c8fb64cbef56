/// CRC-32C (Castagnoli, polynomial 0x1EDC6F41, reflected 0x82F63B78), the checksum iSCSI
/// (RFC 3720, appendix B.4), ext4, LevelDB and RocksDB put on stored records. Computed in
/// software with slicing-by-8 (Kounavis and Berry, "A Systematic Approach to Building High
/// Performance Software-Based CRC Generators", 2005): eight table look-ups per 8 input bytes.
///
/// `checksum(b, continuing: checksum(a)) == checksum(a + b)`, so a record's checksum can be
/// computed over its header and payload without joining them.
public enum CRC32C {
    /// The reflected Castagnoli polynomial.
    static let polynomialReflected: UInt32 = 0x82F6_3B78

    /// Eight tables of 256 entries, table `k` at `k * 256`: entry `k, b` is the register after
    /// byte `b` followed by `k` zero bytes. Built once, on first use (a global `let` is lazily
    /// and thread-safely initialised).
    static let tables: [UInt32] = {
        var tables = [UInt32](repeating: 0, count: 8 * 256)
        for byte in 0..<256 {
            var register = UInt32(byte)
            for _ in 0..<8 { register = (register >> 1) ^ ((register & 1) == 0 ? 0 : polynomialReflected) }
            tables[byte] = register
        }
        for k in 1..<8 {
            for byte in 0..<256 {
                let previous = tables[(k - 1) * 256 + byte]
                tables[k * 256 + byte] = (previous >> 8) ^ tables[Int(previous & 0xFF)]
            }
        }
        return tables
    }()

    /// The CRC-32C of `bytes`; pass an earlier result as `continuing` to extend it.
    /// - Complexity: O(n), one table look-up per input byte.
    public static func checksum(_ bytes: UnsafeRawBufferPointer, continuing previous: UInt32 = 0) -> UInt32 {
        ~update(register: ~previous, bytes)
    }

    /// The CRC-32C of `bytes`; pass an earlier result as `continuing` to extend it.
    public static func checksum(_ bytes: [UInt8], continuing previous: UInt32 = 0) -> UInt32 {
        bytes.withUnsafeBytes { checksum($0, continuing: previous) }
    }

    /// The CRC-32C of `bytes[range]`, without copying the slice.
    public static func checksum(_ bytes: [UInt8], in range: Range<Int>, continuing previous: UInt32 = 0) -> UInt32 {
        precondition(range.lowerBound >= 0 && range.upperBound <= bytes.count, "the range lies inside the buffer")
        return bytes.withUnsafeBytes { checksum(UnsafeRawBufferPointer(rebasing: $0[range]), continuing: previous) }
    }

    /// Advances the raw (not inverted) register over `bytes`: 8 bytes at a time, then the rest
    /// byte by byte.
    private static func update(register start: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var register = start
        tables.withUnsafeBufferPointer { table in
            var index = 0
            let count = bytes.count
            while count - index >= 8 {
                let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                let low = UInt32(truncatingIfNeeded: word) ^ register
                let high = UInt32(truncatingIfNeeded: word >> 32)
                register = table[7 * 256 + Int(low & 0xFF)] ^ table[6 * 256 + Int((low >> 8) & 0xFF)]
                    ^ table[5 * 256 + Int((low >> 16) & 0xFF)] ^ table[4 * 256 + Int(low >> 24)]
                    ^ table[3 * 256 + Int(high & 0xFF)] ^ table[2 * 256 + Int((high >> 8) & 0xFF)]
                    ^ table[1 * 256 + Int((high >> 16) & 0xFF)] ^ table[Int(high >> 24)]
                index += 8
            }
            while index < count {
                register = (register >> 8) ^ table[Int((register ^ UInt32(bytes[index])) & 0xFF)]
                index += 1
            }
        }
        return register
    }
}
