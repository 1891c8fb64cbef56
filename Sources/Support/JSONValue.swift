/// A JSON value that keeps the order of object members, so reports and traces are written
/// byte-for-byte the same on every run (Foundation's serializer either loses the order or
/// sorts keys alphabetically, which scatters related fields). Not `indirect`: arrays already
/// hold their elements out of line, and boxing every case would cost an allocation per value.
public enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.int(a), .int(b)): return a == b
        case let (.double(a), .double(b)): return a == b
        case let (.int(a), .double(b)), let (.double(b), .int(a)): return Double(a) == b
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let value): hasher.combine(value)
        case .int(let value): hasher.combine(Double(value))
        case .double(let value): hasher.combine(value)
        case .string(let value): hasher.combine(value)
        case .array(let values): hasher.combine(values)
        case .object(let members):
            for (key, value) in members {
                hasher.combine(key)
                hasher.combine(value)
            }
        }
    }

    /// The member named `key` of an object, if any.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    public var stringValue: String? { if case .string(let s) = self { return s }; return nil }
    public var intValue: Int? {
        switch self {
        case .int(let value): return value
        case .double(let value) where value == value.rounded() && abs(value) < 9e15: return Int(value)
        default: return nil
        }
    }
    public var doubleValue: Double? {
        switch self {
        case .int(let value): return Double(value)
        case .double(let value): return value
        default: return nil
        }
    }
    public var boolValue: Bool? { if case .bool(let b) = self { return b }; return nil }
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { return a }; return nil }
    public var objectValue: [(String, JSONValue)]? { if case .object(let o) = self { return o }; return nil }
}

// MARK: - Writing

extension JSONValue {
    /// Compact text on one line (JSON-lines, `--format json` for tools).
    public var compactText: String {
        var output = ""
        write(to: &output, indent: nil, level: 0)
        return output
    }

    /// Indented text (two spaces) with a stable layout, for committed files.
    public var prettyText: String {
        var output = ""
        write(to: &output, indent: "  ", level: 0)
        return output
    }

    private func write(to output: inout String, indent: String?, level: Int) {
        switch self {
        case .null: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        case .int(let value): output += String(value)
        case .double(let value): output += JSONValue.format(value)
        case .string(let value): JSONValue.writeString(value, to: &output)
        case .array(let values):
            if values.isEmpty { output += "[]"; return }
            let scalarOnly = values.allSatisfy { !$0.isContainer }
            if indent == nil || scalarOnly {
                output += "["
                for (index, value) in values.enumerated() {
                    if index > 0 { output += indent == nil ? "," : ", " }
                    value.write(to: &output, indent: indent, level: level + 1)
                }
                output += "]"
                return
            }
            output += "[\n"
            for (index, value) in values.enumerated() {
                output += String(repeating: indent!, count: level + 1)
                value.write(to: &output, indent: indent, level: level + 1)
                output += index + 1 < values.count ? ",\n" : "\n"
            }
            output += String(repeating: indent!, count: level) + "]"
        case .object(let members):
            if members.isEmpty { output += "{}"; return }
            guard let indent else {
                output += "{"
                for (index, (key, value)) in members.enumerated() {
                    if index > 0 { output += "," }
                    JSONValue.writeString(key, to: &output)
                    output += ":"
                    value.write(to: &output, indent: nil, level: level + 1)
                }
                output += "}"
                return
            }
            output += "{\n"
            for (index, (key, value)) in members.enumerated() {
                output += String(repeating: indent, count: level + 1)
                JSONValue.writeString(key, to: &output)
                output += ": "
                value.write(to: &output, indent: indent, level: level + 1)
                output += index + 1 < members.count ? ",\n" : "\n"
            }
            output += String(repeating: indent, count: level) + "}"
        }
    }

    private var isContainer: Bool {
        switch self {
        case .array(let values): return !values.isEmpty
        case .object(let members): return !members.isEmpty
        default: return false
        }
    }

    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded() && abs(value) < 1e15 { return String(Int(value)) + ".0" }
        return String(value)
    }

    static func writeString(_ value: String, to output: inout String) {
        output += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }
}

// MARK: - Parsing

extension JSONValue {
    /// Parses one JSON document; trailing text other than whitespace is an error, and so is an
    /// object that names a member twice (which reader's value would win is not defined).
    public static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        var parser = JSONParser(Array(text.utf8), builder: JSONValueBuilder())
        return try parser.parseDocument()
    }
}

/// Builds `JSONValue`s for `JSONParser`.
public struct JSONValueBuilder: JSONBuilder {
    public init() {}
    public func null() -> JSONValue { .null }
    public func bool(_ value: Bool) -> JSONValue { .bool(value) }
    public func integer(_ value: Int64) -> JSONValue { .int(Int(value)) }
    public func double(_ value: Double) -> JSONValue { .double(value) }
    public func string(_ value: String) -> JSONValue { .string(value) }
    public func array(_ values: [JSONValue]) -> JSONValue { .array(values) }
    public func object(_ members: [(String, JSONValue)]) -> JSONValue { .object(members) }
}
