/// A JSON syntax error with the line and column (both from 1) where it was found.
public struct JSONParseError: Error, CustomStringConvertible, Sendable, Equatable {
    public let line: Int
    public let column: Int
    public let message: String
    public init(line: Int, column: Int, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }
    public var description: String { "line \(line), column \(column): \(message)" }
}

/// What `JSONParser` makes of each value it reads: the project's one JSON reader builds both
/// `JSONValue`s (reports, traces, configuration) and the linearizability checker's history values.
public protocol JSONBuilder {
    associatedtype Value
    func null() -> Value
    func bool(_ value: Bool) -> Value
    /// A number written without a fraction or an exponent that fits 64 bits.
    func integer(_ value: Int64) -> Value
    func double(_ value: Double) -> Value
    func string(_ value: String) -> Value
    func array(_ values: [Value]) -> Value
    /// Members in the order written; names are distinct (the parser rejects a repeated one).
    func object(_ members: [(String, Value)]) -> Value
}

/// A strict RFC 8259 reader over UTF-8 bytes. Errors carry the line and column; nesting is
/// bounded (`depthMax`) so that hostile input cannot exhaust the stack.
public struct JSONParser<Builder: JSONBuilder> {
    let bytes: [UInt8]
    let builder: Builder
    var position = 0
    var depth = 0
    /// Deepest nesting of arrays and objects accepted.
    public static var depthMax: Int { 512 }

    public init(_ bytes: [UInt8], builder: Builder) {
        self.bytes = bytes
        self.builder = builder
    }

    /// Parses the whole input as one value; trailing text other than whitespace is an error.
    public mutating func parseDocument() throws(JSONParseError) -> Builder.Value {
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        if position != bytes.count { throw error("unexpected text after the JSON value") }
        return value
    }

    func error(_ message: String) -> JSONParseError {
        var line = 1
        var column = 1
        for index in 0..<min(position, bytes.count) {
            if bytes[index] == UInt8(ascii: "\n") { line += 1; column = 1 } else { column += 1 }
        }
        return JSONParseError(line: line, column: column, message: message)
    }

    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    mutating func parseValue() throws(JSONParseError) -> Builder.Value {
        skipWhitespace()
        guard position < bytes.count else { throw error("unexpected end of input: a JSON value was expected") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return builder.string(try parseString())
        case UInt8(ascii: "t"): try expectWord("true"); return builder.bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return builder.bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); return builder.null()
        default: return try parseNumber()
        }
    }

    mutating func expectWord(_ word: StaticString) throws(JSONParseError) {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count else { throw error("invalid literal (expected \(word))") }
        let matches = word.withUTF8Buffer { expected in
            (0..<count).allSatisfy { bytes[position + $0] == expected[$0] }
        }
        guard matches else { throw error("invalid literal (expected \(word))") }
        position += count
    }

    mutating func enter() throws(JSONParseError) {
        depth += 1
        if depth > Self.depthMax { throw error("nesting too deep (more than \(Self.depthMax) levels)") }
    }

    mutating func parseObject() throws(JSONParseError) -> Builder.Value {
        try enter()
        defer { depth -= 1 }
        position += 1
        var members: [(String, Builder.Value)] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") { position += 1; return builder.object(members) }
        while true {
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw error("expected a member name") }
            let nameStart = position
            let key = try parseString()
            if members.contains(where: { $0.0 == key }) {
                position = nameStart
                throw error("duplicate member \"\(key)\"")
            }
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw error("expected ':'") }
            position += 1
            let value = try parseValue()
            members.append((key, value))
            skipWhitespace()
            guard position < bytes.count else { throw error("unexpected end of input in an object: '}' was expected") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "}") { position += 1; return builder.object(members) }
            throw error("expected ',' or '}'")
        }
    }

    mutating func parseArray() throws(JSONParseError) -> Builder.Value {
        try enter()
        defer { depth -= 1 }
        position += 1
        var values: [Builder.Value] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") { position += 1; return builder.array(values) }
        while true {
            values.append(try parseValue())
            skipWhitespace()
            guard position < bytes.count else { throw error("unexpected end of input in an array: ']' was expected") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "]") { position += 1; return builder.array(values) }
            throw error("expected ',' or ']'")
        }
    }

    mutating func parseString() throws(JSONParseError) -> String {
        position += 1
        let start = position
        // Fast path: no escapes.
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: bytes[start..<position], as: UTF8.self)
                position += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw error("control character in a string") }
            position += 1
        }
        var buffer = Array(bytes[start..<position])
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                position += 1
                return String(decoding: buffer, as: UTF8.self)
            }
            if byte < 0x20 { throw error("control character in a string") }
            guard byte == UInt8(ascii: "\\") else {
                buffer.append(byte)
                position += 1
                continue
            }
            position += 1
            guard position < bytes.count else { break }
            let escape = bytes[position]
            position += 1
            switch escape {
            case UInt8(ascii: "\""): buffer.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): buffer.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "/"): buffer.append(UInt8(ascii: "/"))
            case UInt8(ascii: "b"): buffer.append(0x08)
            case UInt8(ascii: "f"): buffer.append(0x0C)
            case UInt8(ascii: "n"): buffer.append(0x0A)
            case UInt8(ascii: "r"): buffer.append(0x0D)
            case UInt8(ascii: "t"): buffer.append(0x09)
            case UInt8(ascii: "u"):
                var code = try parseHex4()
                if (0xD800..<0xDC00).contains(code) {
                    guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                          bytes[position + 1] == UInt8(ascii: "u") else { throw error("unpaired surrogate in a \\u escape") }
                    position += 2
                    let low = try parseHex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw error("invalid surrogate pair in a \\u escape") }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let scalar = Unicode.Scalar(code) else { throw error("invalid \\u escape") }
                buffer.append(contentsOf: Array(String(Character(scalar)).utf8))
            default: throw error("invalid escape '\\\(Character(Unicode.Scalar(escape)))'")
            }
        }
        throw error("unterminated string")
    }

    mutating func parseHex4() throws(JSONParseError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw error("short \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            position += 1
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw error("invalid hex digit in a \\u escape")
            }
            value = value * 16 + digit
        }
        return value
    }

    /// RFC 8259's number grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    mutating func parseNumber() throws(JSONParseError) -> Builder.Value {
        let start = position
        func digit(_ index: Int) -> Bool {
            index < bytes.count && bytes[index] >= UInt8(ascii: "0") && bytes[index] <= UInt8(ascii: "9")
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "-") { position += 1 }
        guard digit(position) else {
            position = start
            throw error("unexpected character '\(String(decoding: [bytes[start]], as: UTF8.self))'")
        }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
            if digit(position) { throw error("a number may not have a leading zero") }
        } else {
            while digit(position) { position += 1 }
        }
        var isInteger = true
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            isInteger = false
            position += 1
            guard digit(position) else { throw error("a digit was expected after '.'") }
            while digit(position) { position += 1 }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            isInteger = false
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
            guard digit(position) else { throw error("a digit was expected in the exponent") }
            while digit(position) { position += 1 }
        }
        if isInteger, let value = Self.integer(bytes[start..<position]) { return builder.integer(value) }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            position = start
            throw error("number out of range '\(text)'")
        }
        return builder.double(value)
    }

    /// The value of an optionally signed run of digits, or nil when it does not fit 64 bits.
    static func integer(_ digits: ArraySlice<UInt8>) -> Int64? {
        var index = digits.startIndex
        let negative = digits[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        var magnitude: UInt64 = 0
        while index < digits.endIndex {
            let (times, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (plus, overflow2) = times.addingReportingOverflow(UInt64(digits[index] - UInt8(ascii: "0")))
            if overflow1 || overflow2 { return nil }
            magnitude = plus
            index += 1
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }
}
