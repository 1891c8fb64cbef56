/// A strict reader of one JSON value per call, for the project's JSON-lines histories.
/// Objects keep their keys in order (as `HistoryValue.map` with string keys); numbers
/// without a fraction or exponent are integers.
public struct JSONLineReader {
    private let bytes: [UInt8]
    private var position = 0
    private let line: Int
    private static let depthMax = 256

    public init(_ text: Substring, line: Int) {
        bytes = Array(text.utf8)
        self.line = line
    }

    /// Parses the whole line as one JSON value; trailing non-space text is an error.
    public static func parse(_ text: Substring, line: Int) throws -> HistoryValue {
        var reader = JSONLineReader(text, line: line)
        let value = try reader.value(depth: 0)
        reader.skipSpace()
        guard reader.position == reader.bytes.count else { throw reader.fail("unexpected text after the JSON value") }
        return value
    }

    private func fail(_ message: String) -> HistoryError {
        HistoryError(line: line, "\(message) (column \(position + 1))")
    }

    private mutating func skipSpace() {
        while position < bytes.count,
            bytes[position] == UInt8(ascii: " ") || bytes[position] == UInt8(ascii: "\t") || bytes[position] == UInt8(ascii: "\r")
        {
            position += 1
        }
    }

    private mutating func value(depth: Int) throws -> HistoryValue {
        guard depth < JSONLineReader.depthMax else { throw fail("JSON nested too deeply") }
        skipSpace()
        guard position < bytes.count else { throw fail("a JSON value was expected") }
        switch bytes[position] {
        case UInt8(ascii: "{"):
            position += 1
            var pairs: [HistoryValue.Pair] = []
            skipSpace()
            if position < bytes.count && bytes[position] == UInt8(ascii: "}") {
                position += 1
                return .map(pairs)
            }
            while true {
                skipSpace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
                    throw fail("a quoted object key was expected")
                }
                let key = try string()
                skipSpace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw fail("':' was expected") }
                position += 1
                let item = try value(depth: depth + 1)
                if pairs.contains(where: { $0.key == .string(key) }) { throw fail("duplicate key \"\(key)\"") }
                pairs.append(HistoryValue.Pair(key: .string(key), value: item))
                skipSpace()
                guard position < bytes.count else { throw fail("'}' was expected") }
                if bytes[position] == UInt8(ascii: ",") {
                    position += 1
                    continue
                }
                guard bytes[position] == UInt8(ascii: "}") else { throw fail("',' or '}' was expected") }
                position += 1
                return .map(pairs)
            }
        case UInt8(ascii: "["):
            position += 1
            var items: [HistoryValue] = []
            skipSpace()
            if position < bytes.count && bytes[position] == UInt8(ascii: "]") {
                position += 1
                return .vector(items)
            }
            while true {
                items.append(try value(depth: depth + 1))
                skipSpace()
                guard position < bytes.count else { throw fail("']' was expected") }
                if bytes[position] == UInt8(ascii: ",") {
                    position += 1
                    continue
                }
                guard bytes[position] == UInt8(ascii: "]") else { throw fail("',' or ']' was expected") }
                position += 1
                return .vector(items)
            }
        case UInt8(ascii: "\""):
            return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        default:
            return try number()
        }
    }

    private mutating func literal(_ word: String, _ result: HistoryValue) throws -> HistoryValue {
        let expected = Array(word.utf8)
        guard position + expected.count <= bytes.count, Array(bytes[position..<position + expected.count]) == expected else {
            throw fail("unexpected character in JSON")
        }
        position += expected.count
        return result
    }

    private mutating func number() throws -> HistoryValue {
        let start = position
        var integral = true
        while position < bytes.count {
            let byte = bytes[position]
            if (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") {
                position += 1
            } else if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                integral = false
                position += 1
            } else {
                break
            }
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        guard !text.isEmpty else { throw fail("unexpected character in JSON") }
        if integral, let number = Int64(text) { return .integer(number) }
        if let number = Double(text), number.isFinite { return .double(number) }
        throw fail("malformed number '\(text)'")
    }

    private mutating func string() throws -> String {
        position += 1
        var buffer: [UInt8] = []
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""): return String(decoding: buffer, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard position < bytes.count else { throw fail("unterminated string") }
                let escaped = bytes[position]
                position += 1
                switch escaped {
                case UInt8(ascii: "n"): buffer.append(0x0A)
                case UInt8(ascii: "t"): buffer.append(0x09)
                case UInt8(ascii: "r"): buffer.append(0x0D)
                case UInt8(ascii: "b"): buffer.append(0x08)
                case UInt8(ascii: "f"): buffer.append(0x0C)
                case UInt8(ascii: "u"):
                    guard position + 4 <= bytes.count,
                        let code = UInt32(String(decoding: bytes[position..<position + 4], as: UTF8.self), radix: 16)
                    else { throw fail("malformed \\u escape") }
                    position += 4
                    var scalar = code
                    // A surrogate pair encodes one scalar above U+FFFF.
                    if (0xD800..<0xDC00).contains(code), position + 6 <= bytes.count, bytes[position] == UInt8(ascii: "\\"),
                        bytes[position + 1] == UInt8(ascii: "u"),
                        let low = UInt32(String(decoding: bytes[position + 2..<position + 6], as: UTF8.self), radix: 16),
                        (0xDC00..<0xE000).contains(low)
                    {
                        position += 6
                        scalar = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { throw fail("invalid \\u escape") }
                    buffer.append(contentsOf: Array(String(Character(unicode)).utf8))
                default: buffer.append(escaped)
                }
            default:
                guard byte >= 0x20 else { throw fail("control character in a string") }
                buffer.append(byte)
            }
        }
        throw fail("unterminated string")
    }
}
