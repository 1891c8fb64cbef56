/// A value with the store's compact binary encoding (Raft entry payloads, client messages,
/// snapshots).
public protocol BinaryCodable {
    func encode(to writer: inout BinaryWriter)
    init(from reader: inout BinaryReader) throws(CodecError)
}

extension BinaryCodable {
    public var encoded: [UInt8] {
        var writer = BinaryWriter()
        encode(to: &writer)
        return writer.bytes
    }

    /// Decodes exactly one value: trailing bytes are an error too.
    public init(decoding bytes: [UInt8]) throws(CodecError) {
        var reader = BinaryReader(bytes)
        self = try Self(from: &reader)
        try reader.expectEnd()
    }
}

extension BinaryReader {
    /// Nested values (transactions inside transactions, responses inside responses) deeper
    /// than this are refused, so hostile input cannot exhaust the stack.
    public static let nestingMax = 32

    mutating func enterNesting() throws(CodecError) {
        nesting += 1
        if nesting > BinaryReader.nestingMax { throw CodecError(offset: offset, "nested deeper than \(BinaryReader.nestingMax)") }
    }

    mutating func leaveNesting() { nesting -= 1 }

    /// Flags in one byte; bits outside `known` are an error.
    mutating func flags(known: UInt8) throws(CodecError) -> UInt8 {
        let start = offset
        let value = try byte()
        guard value & ~known == 0 else { throw CodecError(offset: start, "unknown flag bits \(value & ~known)") }
        return value
    }

    mutating func tag(_ what: String, below count: UInt8) throws(CodecError) -> UInt8 {
        let start = offset
        let value = try byte()
        guard value < count else { throw CodecError(offset: start, "unknown \(what) tag \(value)") }
        return value
    }

    mutating func list<T>(bytesPerItemMin: Int = 1, _ element: (inout BinaryReader) throws(CodecError) -> T) throws(CodecError) -> [T] {
        let count = try count(bytesPerItemMin: bytesPerItemMin)
        var items: [T] = []
        items.reserveCapacity(count)
        for _ in 0..<count { items.append(try element(&self)) }
        return items
    }
}

extension BinaryWriter {
    mutating func list<T>(_ items: [T], _ element: (inout BinaryWriter, T) -> Void) {
        count(items.count)
        for item in items { element(&self, item) }
    }

    mutating func flags(_ bits: [Bool]) {
        precondition(bits.count <= 8, "one byte of flags")
        var value: UInt8 = 0
        for (index, bit) in bits.enumerated() where bit { value |= 1 << UInt8(index) }
        byte(value)
    }
}
