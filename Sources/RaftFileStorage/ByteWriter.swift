/// Builds a record payload: fixed-width little-endian fields and length-prefixed bytes.
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    mutating func u8(_ value: UInt8) { bytes.append(value) }

    mutating func u32(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    mutating func u64(_ value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    /// A 32-bit length, then the bytes.
    mutating func blob(_ data: [UInt8]) {
        precondition(data.count <= Int(UInt32.max), "a blob's length fits in 32 bits")
        u32(UInt32(data.count))
        bytes.append(contentsOf: data)
    }
}
