/// A reader for the subset of EDN that Jepsen and Knossos histories use: maps, vectors,
/// lists and sets (all read as vectors), strings, keywords, symbols, integers (with an
/// optional `N` suffix), decimals, `nil`, `true`, `false`, `;` comments, `#_` discards and
/// tagged values (`#jepsen.history.Op{...}` reads as its map). Tracks lines for errors.
public struct EDNReader {
    private let bytes: [UInt8]
    private var position = 0
    /// The current line, 1-based.
    public private(set) var line: Int
    /// Nesting is bounded so that a hostile file cannot exhaust the stack.
    private static let depthMax = 256

    public init<Text: StringProtocol>(_ text: Text, firstLine: Int = 1) {
        bytes = Array(text.utf8)
        line = firstLine
    }

    /// Skips whitespace, commas and comments; true when a form follows.
    public mutating func hasMore() throws -> Bool {
        try skipTrivia()
        return position < bytes.count
    }

    /// The next byte after trivia without consuming it.
    public mutating func peek() throws -> UInt8? {
        try skipTrivia()
        return position < bytes.count ? bytes[position] : nil
    }

    /// Consumes one byte (after trivia); used to walk the top-level vector of a Knossos file.
    public mutating func consume() { position += 1 }

    /// Reads one form and returns it with the line it starts on.
    public mutating func readForm() throws -> (value: HistoryValue, line: Int) {
        try skipTrivia()
        let start = line
        return (try read(depth: 0), start)
    }

    private mutating func skipTrivia() throws {
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\n") {
                line += 1
                position += 1
            } else if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
                || byte == UInt8(ascii: ",")
            {
                position += 1
            } else if byte == UInt8(ascii: ";") {
                while position < bytes.count && bytes[position] != UInt8(ascii: "\n") { position += 1 }
            } else if byte == UInt8(ascii: "#") && position + 1 < bytes.count && bytes[position + 1] == UInt8(ascii: "_") {
                position += 2
                _ = try read(depth: 0)
            } else {
                return
            }
        }
    }

    private func fail(_ message: String) -> HistoryError { HistoryError(line: line, message) }

    private mutating func read(depth: Int) throws -> HistoryValue {
        guard depth < EDNReader.depthMax else { throw fail("EDN nested deeper than \(EDNReader.depthMax) levels") }
        try skipTrivia()
        guard position < bytes.count else { throw fail("unexpected end of input in EDN") }
        let byte = bytes[position]
        switch byte {
        case UInt8(ascii: "{"):
            position += 1
            let items = try readSequence(until: UInt8(ascii: "}"), depth: depth)
            guard items.count % 2 == 0 else { throw fail("EDN map with an odd number of forms") }
            var pairs: [HistoryValue.Pair] = []
            pairs.reserveCapacity(items.count / 2)
            var index = 0
            while index < items.count {
                pairs.append(HistoryValue.Pair(key: items[index], value: items[index + 1]))
                index += 2
            }
            return .map(pairs)
        case UInt8(ascii: "["):
            position += 1
            return .vector(try readSequence(until: UInt8(ascii: "]"), depth: depth))
        case UInt8(ascii: "("):
            position += 1
            return .vector(try readSequence(until: UInt8(ascii: ")"), depth: depth))
        case UInt8(ascii: "}"), UInt8(ascii: "]"), UInt8(ascii: ")"):
            throw fail("unexpected '\(Character(UnicodeScalar(byte)))' in EDN")
        case UInt8(ascii: "\""):
            return .string(try readString())
        case UInt8(ascii: "#"):
            position += 1
            guard position < bytes.count else { throw fail("unexpected end of input after '#'") }
            if bytes[position] == UInt8(ascii: "{") {
                position += 1
                return .vector(try readSequence(until: UInt8(ascii: "}"), depth: depth))
            }
            // A tagged value: the tag is a symbol; the value is what counts.
            _ = readToken()
            return try read(depth: depth + 1)
        case UInt8(ascii: ":"):
            position += 1
            let name = readToken()
            guard !name.isEmpty else { throw fail("empty keyword in EDN") }
            return .keyword(name)
        case UInt8(ascii: "\\"):
            position += 1
            let name = readToken()
            let character: String
            switch name {
            case "newline": character = "\n"
            case "space": character = " "
            case "tab": character = "\t"
            case "": throw fail("empty character literal in EDN")
            default: character = String(name.prefix(1))
            }
            return .string(character)
        default:
            let token = readToken()
            guard !token.isEmpty else {
                position += 1
                throw fail("unexpected character '\(Character(UnicodeScalar(byte)))' in EDN")
            }
            return try atom(token)
        }
    }

    private mutating func readSequence(until close: UInt8, depth: Int) throws -> [HistoryValue] {
        var items: [HistoryValue] = []
        let opened = line
        while true {
            try skipTrivia()
            guard position < bytes.count else {
                throw HistoryError(line: opened, "'\(Character(UnicodeScalar(close)))' expected: unclosed EDN collection")
            }
            if bytes[position] == close {
                position += 1
                return items
            }
            items.append(try read(depth: depth + 1))
        }
    }

    private mutating func readString() throws -> String {
        let opened = line
        position += 1
        var buffer: [UInt8] = []
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            if byte == UInt8(ascii: "\"") { return String(decoding: buffer, as: UTF8.self) }
            if byte == UInt8(ascii: "\n") { line += 1 }
            if byte == UInt8(ascii: "\\") {
                guard position < bytes.count else { break }
                let escaped = bytes[position]
                position += 1
                switch escaped {
                case UInt8(ascii: "n"): buffer.append(UInt8(ascii: "\n"))
                case UInt8(ascii: "t"): buffer.append(UInt8(ascii: "\t"))
                case UInt8(ascii: "r"): buffer.append(UInt8(ascii: "\r"))
                default: buffer.append(escaped)
                }
                continue
            }
            buffer.append(byte)
        }
        throw HistoryError(line: opened, "unterminated string in EDN")
    }

    private static func isDelimiter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: ","),
            UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "("),
            UInt8(ascii: ")"), UInt8(ascii: "\""), UInt8(ascii: ";"):
            return true
        default: return false
        }
    }

    private mutating func readToken() -> String {
        let start = position
        while position < bytes.count && !EDNReader.isDelimiter(bytes[position]) { position += 1 }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    private func atom(_ token: String) throws -> HistoryValue {
        switch token {
        case "nil": return .null
        case "true": return .bool(true)
        case "false": return .bool(false)
        default: break
        }
        let first = token.utf8.first!
        let numeric = (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9"))
            || ((first == UInt8(ascii: "-") || first == UInt8(ascii: "+")) && token.utf8.count > 1
                && token.utf8.dropFirst().first.map { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } == true)
        guard numeric else { return .symbol(token) }
        var digits = Substring(token)
        if digits.hasSuffix("N") || digits.hasSuffix("M") { digits = digits.dropLast() }
        if let number = Int64(digits) { return .integer(number) }
        if let number = Double(digits), number.isFinite { return .double(number) }
        throw fail("malformed number '\(token)' in EDN")
    }
}
