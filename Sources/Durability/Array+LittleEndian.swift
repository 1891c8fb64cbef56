/// Little-endian fixed-width fields, the byte order of every header the layer writes.
extension Array where Element == UInt8 {
    mutating func appendLittleEndian(_ value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    mutating func appendLittleEndian(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    /// The `UInt64` stored at `offset`; the caller has checked that 8 bytes are there.
    func littleEndianUInt64(at offset: Int) -> UInt64 {
        precondition(offset >= 0 && offset + 8 <= count, "an 8-byte field lies inside the buffer")
        return withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }
    }

    /// The `UInt32` stored at `offset`; the caller has checked that 4 bytes are there.
    func littleEndianUInt32(at offset: Int) -> UInt32 {
        precondition(offset >= 0 && offset + 4 <= count, "a 4-byte field lies inside the buffer")
        return withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: UInt32.self)) }
    }

    /// Whether every byte in `range` is zero (preallocated space reads as zeros).
    func isZero(in range: Range<Int>) -> Bool {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "the range lies inside the buffer")
        return withUnsafeBytes { raw in
            var index = range.lowerBound
            // Eight bytes at a time: a 64 MiB segment's preallocated tail is checked in milliseconds.
            while range.upperBound - index >= 8 {
                if raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) != 0 { return false }
                index += 8
            }
            while index < range.upperBound {
                if raw[index] != 0 { return false }
                index += 1
            }
            return true
        }
    }
}
