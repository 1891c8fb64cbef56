/// Reads a record payload written by `ByteWriter`. Every read checks that the bytes are there:
/// a short or overlong payload is a malformed record, reported as a reason string, never a crash.
struct ByteReader {
    struct Malformed: Error {
        let reason: String
    }

    private let bytes: [UInt8]
    private(set) var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var remaining: Int { bytes.count - offset }

    private mutating func take(_ count: Int, _ what: String) throws(Malformed) -> ArraySlice<UInt8> {
        guard count >= 0, remaining >= count else {
            throw Malformed(reason: "\(what) needs \(count) bytes at payload offset \(offset), \(remaining) left")
        }
        defer { offset += count }
        return bytes[offset..<offset + count]
    }

    mutating func u8(_ what: String) throws(Malformed) -> UInt8 { try take(1, what).first! }

    mutating func u32(_ what: String) throws(Malformed) -> UInt32 {
        try take(4, what).reversed().reduce(0) { ($0 << 8) | UInt32($1) }
    }

    mutating func u64(_ what: String) throws(Malformed) -> UInt64 {
        try take(8, what).reversed().reduce(0) { ($0 << 8) | UInt64($1) }
    }

    mutating func blob(_ what: String) throws(Malformed) -> [UInt8] {
        let count = try u32(what + " length")
        return Array(try take(Int(count), what))
    }

    /// The payload must end here: trailing bytes mean it is not what its kind says.
    func finish(_ what: String) throws(Malformed) {
        guard remaining == 0 else { throw Malformed(reason: "\(remaining) trailing bytes after the \(what)") }
    }
}
