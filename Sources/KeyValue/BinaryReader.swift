/// Reads what `BinaryWriter` wrote, refusing anything malformed with a `CodecError`: truncated
/// input, overlong or oversized varints, lengths past the end, unknown tags, trailing bytes.
public struct BinaryReader: Sendable {
    public let bytes: [UInt8]
    public private(set) var offset = 0
    var nesting = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public var remaining: Int { bytes.count - offset }

    public mutating func unsigned() throws(CodecError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        let start = offset
        while true {
            guard offset < bytes.count else { throw CodecError(offset: start, "truncated integer") }
            let byte = bytes[offset]
            offset += 1
            if shift == 63 && byte > 1 { throw CodecError(offset: start, "integer does not fit in 64 bits") }
            value |= UInt64(byte & 0x7f) << shift
            if byte & 0x80 == 0 {
                // One value, one encoding: a final zero byte after the first is an overlong form.
                if byte == 0 && offset - start > 1 { throw CodecError(offset: start, "overlong integer") }
                return value
            }
            shift += 7
        }
    }

    public mutating func signed() throws(CodecError) -> Int64 {
        let raw = try unsigned()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    /// A count of items that each take at least `bytesPerItemMin` bytes, so a corrupt count
    /// cannot make the reader allocate more than the input could hold.
    public mutating func count(bytesPerItemMin: Int = 1) throws(CodecError) -> Int {
        let start = offset
        let raw = try unsigned()
        guard raw <= UInt64(remaining / max(1, bytesPerItemMin)) else {
            throw CodecError(offset: start, "count \(raw) exceeds the \(remaining) bytes left")
        }
        return Int(raw)
    }

    public mutating func byte() throws(CodecError) -> UInt8 {
        guard offset < bytes.count else { throw CodecError(offset: offset, "truncated input") }
        offset += 1
        return bytes[offset - 1]
    }

    public mutating func bool() throws(CodecError) -> Bool {
        let start = offset
        switch try byte() {
        case 0: return false
        case 1: return true
        case let other: throw CodecError(offset: start, "boolean byte \(other) is neither 0 nor 1")
        }
    }

    public mutating func data() throws(CodecError) -> [UInt8] {
        let length = try count()
        let slice = Array(bytes[offset..<offset + length])
        offset += length
        return slice
    }

    /// A non-negative signed integer (revisions, counts, TTLs).
    public mutating func nonNegative(_ what: String) throws(CodecError) -> Int64 {
        let start = offset
        let value = try signed()
        guard value >= 0 else { throw CodecError(offset: start, "\(what) \(value) is negative") }
        return value
    }

    public func expectEnd() throws(CodecError) {
        guard remaining == 0 else { throw CodecError(offset: offset, "\(remaining) unexpected bytes after the end") }
    }
}
