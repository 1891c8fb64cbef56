/// The history file formats `verify lincheck` reads, detected from content.
public enum HistoryFormat: String, Sendable, CaseIterable {
    /// `INFO  jepsen.util - 3	:invoke	:cas	[1 4]`, as the Jepsen etcd test logs them.
    case jepsen
    /// One EDN map per line (or per top-level form): `{:process 0, :type :invoke, ...}`.
    case edn
    /// A Knossos history: one EDN vector or list of operation maps, possibly multi-line.
    case knossos
    /// The project's own format: one JSON object per line (see the README).
    case json

    /// Guesses the format from the first meaningful character or line. A file with nothing
    /// but blank lines and `;` comments is read as EDN, which makes it an empty history.
    public static func detect(_ text: String) -> HistoryFormat {
        for rawLine in lines(of: text).lazy.filter({ !$0.isEmpty }).prefix(200) {
            let line = rawLine.drop { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "," }
            if line.isEmpty || line.hasPrefix(";") { continue }
            if HistoryFormat.end(of: "jepsen.util", in: line) != nil { return .jepsen }
            if line.hasPrefix("[") || line.hasPrefix("(") { return .knossos }
            if line.hasPrefix("{") {
                let rest = line.dropFirst().drop { $0 == " " || $0 == "\t" }
                return rest.hasPrefix("\"") || rest.hasPrefix("}") ? .json : .edn
            }
            if line.hasPrefix("#") { return .edn }
            return .jepsen
        }
        return .edn
    }

    /// The lines of a text, lazily, without their newlines (a final newline ends the last line
    /// rather than starting an empty one). Split on the UTF-8 bytes: splitting on `Character`s
    /// costs more than all the rest of reading a Jepsen log, and it would keep `\r\n` whole.
    struct Lines: Sequence, IteratorProtocol {
        let text: String
        var start: String.Index

        init(_ text: String) {
            self.text = text
            start = text.utf8.startIndex
        }

        mutating func next() -> Substring? {
            let bytes = text.utf8
            guard start != bytes.endIndex else { return nil }
            var index = start
            while index != bytes.endIndex && bytes[index] != UInt8(ascii: "\n") { index = bytes.index(after: index) }
            let line = text[start..<index]
            start = index == bytes.endIndex ? index : bytes.index(after: index)
            return line
        }
    }

    static func lines(of text: String) -> Lines { Lines(text) }

    /// The events of a file in this format, in file order.
    /// With a deadline, reading stops with `HistoryReadingStopped` once it has passed.
    public func events(in text: String, deadline: ReadingDeadline? = nil) throws -> [HistoryEvent] {
        switch self {
        case .jepsen: return try HistoryFormat.jepsenEvents(text, deadline: deadline)
        case .json: return try HistoryFormat.jsonEvents(text, deadline: deadline)
        case .edn: return try HistoryFormat.ednEvents(text, requireVector: false, deadline: deadline)
        case .knossos: return try HistoryFormat.ednEvents(text, requireVector: true, deadline: deadline)
        }
    }

    private static func jsonEvents(_ text: String, deadline: ReadingDeadline?) throws -> [HistoryEvent] {
        var deadline = deadline
        var events: [HistoryEvent] = []
        var lineNumber = 0
        for line in lines(of: text) {
            lineNumber += 1
            try deadline?.check(line: lineNumber, holding: &events)
            if line.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) { continue }
            let record = try HistoryValue.parseJSONLine(line, line: lineNumber)
            guard case .map = record else {
                throw HistoryError(line: lineNumber, "each line must hold one JSON object, got \(record.brief)")
            }
            if let event = try HistoryEvent.from(record: record, line: lineNumber) { events.append(event) }
        }
        return events
    }

    private static func ednEvents(_ text: String, requireVector: Bool, deadline: ReadingDeadline?) throws -> [HistoryEvent] {
        var deadline = deadline
        var reader = EDNReader(text)
        var events: [HistoryEvent] = []
        var sawVector = false
        while try reader.hasMore() {
            let opener = try reader.peek()
            if opener == UInt8(ascii: "[") || opener == UInt8(ascii: "(") {
                // A Knossos history: walk the elements one by one to keep each one's line.
                let close = opener == UInt8(ascii: "[") ? UInt8(ascii: "]") : UInt8(ascii: ")")
                let openedAt = reader.line
                reader.consume()
                sawVector = true
                while true {
                    guard let next = try reader.peek() else {
                        throw HistoryError(line: openedAt, "unclosed history vector: '\(Character(UnicodeScalar(close)))' expected")
                    }
                    if next == close {
                        reader.consume()
                        break
                    }
                    try deadline?.check(line: reader.line, holding: &events)
                    let (record, line) = try reader.readForm()
                    if let event = try HistoryEvent.from(record: record, line: line) { events.append(event) }
                }
                continue
            }
            if requireVector && !sawVector {
                throw HistoryError(line: reader.line, "a Knossos history must be an EDN vector or list of operations")
            }
            try deadline?.check(line: reader.line, holding: &events)
            let (record, line) = try reader.readForm()
            if let event = try HistoryEvent.from(record: record, line: line) { events.append(event) }
        }
        return events
    }

    /// The index just past the first occurrence of `word` in `line`.
    static func end(of word: String, in line: Substring) -> Substring.Index? {
        word == "jepsen.util" ? end(of: jepsenMarker, in: line) : end(of: Array(word.utf8), in: line)
    }

    /// `jepsen.util`, looked for on every line of a Jepsen log.
    private static let jepsenMarker = Array("jepsen.util".utf8)

    private static func end(of target: [UInt8], in line: Substring) -> Substring.Index? {
        let bytes = line.utf8
        var start = bytes.startIndex
        while start != bytes.endIndex {
            var cursor = start
            var matched = 0
            while matched < target.count, cursor != bytes.endIndex, bytes[cursor] == target[matched] {
                matched += 1
                cursor = bytes.index(after: cursor)
            }
            if matched == target.count { return cursor }
            start = bytes.index(after: start)
        }
        return nil
    }

    /// Reads Jepsen log lines. Lines of other loggers (anything without `jepsen.util`, such
    /// as `INFO jepsen.core - ...`, stack traces, blank lines) are skipped, but a line that
    /// names `jepsen.util` must hold a well-formed operation.
    private static func jepsenEvents(_ text: String, deadline: ReadingDeadline?) throws -> [HistoryEvent] {
        var deadline = deadline
        var events: [HistoryEvent] = []
        var lineNumber = 0
        for line in lines(of: text) {
            lineNumber += 1
            try deadline?.check(line: lineNumber, holding: &events)
            guard let markerEnd = HistoryFormat.end(of: "jepsen.util", in: line) else {
                let trimmed = line.drop { $0 == " " || $0 == "\t" }
                if trimmed.isEmpty || trimmed.hasPrefix(";") || line.hasPrefix(" ") || line.hasPrefix("\t") { continue }
                let levels = ["INFO", "WARN", "ERROR", "DEBUG", "TRACE", "FATAL"]
                if levels.contains(where: { trimmed.contains($0) }) { continue }
                throw HistoryError(line: lineNumber, "not a Jepsen log line: '\(String(trimmed.prefix(40)))'")
            }
            var rest = line[markerEnd...].drop { $0 == " " || $0 == "\t" }
            guard rest.hasPrefix("-") else { throw HistoryError(line: lineNumber, "'-' expected after jepsen.util") }
            rest = rest.dropFirst()
            if let forms = jepsenForms(rest) {
                if let event = try HistoryEvent.from(record: jepsenRecord(forms), line: lineNumber) { events.append(event) }
                continue
            }
            var reader = EDNReader(rest, firstLine: lineNumber)
            var forms: [HistoryValue] = []
            // Jepsen logs `process type f value`, then possibly an error message, which is free
            // text and not read. All four forms are required: Jepsen writes `nil` for a value it
            // does not have, so a line with three is cut short (a truncated log's last line),
            // and reading its missing value as nil would invent a read of nil.
            while try reader.hasMore() && forms.count < 4 { forms.append(try reader.readForm().value) }
            guard forms.count == 4 else {
                throw HistoryError(
                    line: lineNumber,
                    "a Jepsen operation needs a process, a type, a function and a value (nil when it has none); "
                        + "this line has \(forms.count) of them")
            }
            if let event = try HistoryEvent.from(record: jepsenRecord(forms), line: lineNumber) { events.append(event) }
        }
        return events
    }

    private static func jepsenRecord(_ forms: [HistoryValue]) -> HistoryValue {
        HistoryValue.map([
            .init(key: .keyword("process"), value: forms[0]),
            .init(key: .keyword("type"), value: forms[1]),
            .init(key: .keyword("f"), value: forms[2]),
            .init(key: .keyword("value"), value: forms[3]),
        ])
    }

    /// The four forms of a Jepsen line in its usual shape, read without the EDN reader (which
    /// costs most of reading a long log): `3 :ok :cas [1 4]`, tokens separated by spaces or
    /// tabs, a process number or keyword, two keywords, and `nil`, an integer, a keyword or a
    /// vector of integers. Nil for anything else, which the EDN reader then reads or refuses.
    static func jepsenForms(_ text: Substring) -> [HistoryValue]? {
        let bytes = text.utf8
        var index = bytes.startIndex
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D }
        func skipSpaces() { while index != bytes.endIndex && isSpace(bytes[index]) { index = bytes.index(after: index) } }
        /// The bytes up to the next space (or `]`, inside a vector).
        func token(inVector: Bool = false) -> Substring.UTF8View.SubSequence? {
            skipSpaces()
            let start = index
            while index != bytes.endIndex && !isSpace(bytes[index]) && !(inVector && bytes[index] == UInt8(ascii: "]")) {
                index = bytes.index(after: index)
            }
            return start == index ? nil : bytes[start..<index]
        }
        func integer(_ token: Substring.UTF8View.SubSequence) -> HistoryValue? {
            var digits = token[...]
            let negative = digits.first == UInt8(ascii: "-")
            if negative { digits = digits.dropFirst() }
            guard !digits.isEmpty, digits.count <= 18, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            let magnitude = digits.reduce(Int64(0)) { $0 * 10 + Int64($1 - 0x30) }
            return .integer(negative ? -magnitude : magnitude)
        }
        func keyword(_ token: Substring.UTF8View.SubSequence) -> HistoryValue? {
            guard token.count > 1, token.first == UInt8(ascii: ":"),
                token.dropFirst().allSatisfy({ $0 > 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: ";") && $0 < 0x7F })
            else { return nil }
            return .keyword(String(decoding: token.dropFirst(), as: UTF8.self))
        }
        guard let first = token(), let process = integer(first) ?? keyword(first),
            let second = token(), let type = keyword(second), let third = token(), let f = keyword(third)
        else { return nil }
        skipSpaces()
        guard index != bytes.endIndex else { return nil }
        var value: HistoryValue
        if bytes[index] == UInt8(ascii: "[") {
            index = bytes.index(after: index)
            var items: [HistoryValue] = []
            while true {
                skipSpaces()
                guard index != bytes.endIndex else { return nil }
                if bytes[index] == UInt8(ascii: "]") {
                    index = bytes.index(after: index)
                    break
                }
                guard items.count < 8, let item = token(inVector: true).flatMap(integer) else { return nil }
                items.append(item)
            }
            value = .vector(items)
        } else {
            guard let last = token() else { return nil }
            if last.elementsEqual("nil".utf8) {
                value = .null
            } else if let number = integer(last) {
                value = number
            } else if let name = keyword(last) {
                value = name
            } else {
                return nil
            }
        }
        skipSpaces()
        // More after the value (Jepsen's error message) is left to the general reader.
        guard index == bytes.endIndex else { return nil }
        return [process, type, f, value]
    }
}
