/// A value read from a history file: the common ground of EDN and JSON. Maps keep their
/// entries in file order (never a Dictionary, whose order changes between runs).
public enum HistoryValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case integer(Int64)
    case double(Double)
    case string(String)
    case keyword(String)
    case symbol(String)
    case vector([HistoryValue])
    case map([Pair])

    public struct Pair: Sendable, Hashable {
        public var key: HistoryValue
        public var value: HistoryValue
        public init(key: HistoryValue, value: HistoryValue) {
            self.key = key
            self.value = value
        }
    }

    /// The value of a map entry whose key is the keyword or string `name` (either spelling
    /// of a compound name: `create_revision` also finds `:create-revision`).
    public subscript(field name: String) -> HistoryValue? {
        guard case .map(let pairs) = self else { return nil }
        // The name first, then its dashed spelling, compared in place rather than built:
        // reading a history looks up a few fields per event. A record that spells a name both
        // ways gets its exact spelling. The keys are read through a pointer: iterating the
        // pairs would copy each one, its value included (a retain and a release per pair).
        let count = name.utf8.count
        return pairs.withUnsafeBufferPointer { buffer -> HistoryValue? in
            guard let base = buffer.baseAddress else { return nil }
            for index in 0..<buffer.count {
                switch (base + index).pointee.key {
                case .keyword(let key), .string(let key), .symbol(let key):
                    // Lengths first: most keys differ in length, and comparing those is cheap.
                    if key.utf8.count == count && key == name { return (base + index).pointee.value }
                default: continue
                }
            }
            // A name without `_` is its own dashed spelling, already not found.
            var bytes = name
            guard bytes.withUTF8({ $0.contains(UInt8(ascii: "_")) }) else { return nil }
            for index in 0..<buffer.count {
                switch (base + index).pointee.key {
                case .keyword(let key), .string(let key), .symbol(let key):
                    if HistoryValue.isDashed(key, of: name) { return (base + index).pointee.value }
                default: continue
                }
            }
            return nil
        }
    }

    /// Whether `key` is `name` with every `_` written `-`.
    static func isDashed(_ key: String, of name: String) -> Bool {
        guard key.utf8.count == name.utf8.count else { return false }
        var key = key, name = name
        return key.withUTF8 { keyBytes in
            name.withUTF8 { nameBytes in
                for (k, n) in zip(keyBytes, nameBytes) where k != (n == UInt8(ascii: "_") ? UInt8(ascii: "-") : n) { return false }
                return true
            }
        }
    }

    public var isNull: Bool { if case .null = self { return true } else { return false } }

    /// A scalar as text: strings and keywords by name, numbers in decimal; nil otherwise.
    public var scalarText: String? {
        switch self {
        case .string(let text), .keyword(let text), .symbol(let text): return text
        case .integer(let number): return String(number)
        case .double(let number): return String(number)
        case .bool(let flag): return flag ? "true" : "false"
        case .null, .vector, .map: return nil
        }
    }

    public var integer: Int64? {
        switch self {
        case .integer(let number): return number
        case .double(let number) where number == number.rounded() && abs(number) < 9e18: return Int64(number)
        default: return nil
        }
    }

    public var elements: [HistoryValue]? {
        if case .vector(let items) = self { return items }
        return nil
    }

    /// A short rendering for error messages, in EDN-like syntax.
    public var brief: String {
        let text: String
        switch self {
        case .null: text = "nil"
        case .bool(let flag): text = flag ? "true" : "false"
        case .integer(let number): text = String(number)
        case .double(let number): text = String(number)
        case .string(let string): text = "\"" + string + "\""
        case .keyword(let name): text = ":" + name
        case .symbol(let name): text = name
        case .vector(let items): text = "[" + items.map(\.brief).joined(separator: " ") + "]"
        case .map(let pairs): text = "{" + pairs.map { $0.key.brief + " " + $0.value.brief }.joined(separator: ", ") + "}"
        }
        return text.count > 60 ? String(text.prefix(57)) + "..." : text
    }
}
