/// One line of a Jepsen-style history: a process invoking an operation, or the operation
/// completing (`ok`), failing (`fail`) or ending with an unknown outcome (`info`).
public struct HistoryEvent: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case invoke, ok, fail, info
    }

    /// The process as written: "3", "nemesis", "lease-expiry".
    public var process: String
    public var kind: Kind
    public var f: String
    /// The whole record (a map), so models can read fields beyond `:value`.
    public var record: HistoryValue
    public var time: Int64?
    public var line: Int

    public init(process: String, kind: Kind, f: String, record: HistoryValue, time: Int64?, line: Int) {
        self.process = process
        self.kind = kind
        self.f = f
        self.record = record
        self.time = time
        self.line = line
    }

    /// The `:value` of the record (nil when absent), for fields whose absence means nothing
    /// was given (an invocation's argument, which the decoder then requires by its type).
    public var value: HistoryValue { record[field: "value"] ?? .null }

    /// The `:value` a completion reports, which must be written out: a read of nil says `nil`
    /// (or `null`), so a missing field is a malformed line, never a read of nil.
    public func reportedValue(of what: String) throws(HistoryError) -> HistoryValue {
        guard let value = record[field: "value"] else {
            throw HistoryError(line: line, "\(kind.rawValue) of \(what) without a value (nil or null for a read of nothing)")
        }
        return value
    }

    /// Builds an event from a map read from EDN or JSON, or says what is wrong with it.
    /// Returns nil for the nemesis, whose operations are faults, not calls on the object.
    public static func from(record: HistoryValue, line: Int) throws -> HistoryEvent? {
        guard case .map = record else { throw HistoryError(line: line, "an operation must be a map, got \(record.brief)") }
        guard let processValue = record[field: "process"] else { throw HistoryError(line: line, "operation without a process") }
        let process: String
        switch processValue {
        case .integer(let number) where number >= 0: process = String(number)
        case .keyword(let name) where !name.isEmpty: process = name
        case .string(let name) where !name.isEmpty: process = name
        case .symbol(let name) where !name.isEmpty: process = name
        default: throw HistoryError(line: line, "process must be a non-negative integer or a name, got \(processValue.brief)")
        }
        if process == "nemesis" { return nil }
        guard let typeValue = record[field: "type"], let typeName = typeValue.scalarText else {
            throw HistoryError(line: line, "operation without a type (invoke, ok, fail or info)")
        }
        guard let kind = Kind(rawValue: typeName) else {
            throw HistoryError(line: line, "unknown operation type '\(typeName)' (expected invoke, ok, fail or info)")
        }
        guard let fValue = record[field: "f"], let f = fValue.scalarText, !f.isEmpty else {
            throw HistoryError(line: line, "operation without a function (:f)")
        }
        var time: Int64?
        if let timeValue = record[field: "time"], !timeValue.isNull {
            guard let number = timeValue.integer else {
                throw HistoryError(line: line, "time must be an integer, got \(timeValue.brief)")
            }
            time = number
        }
        return HistoryEvent(process: process, kind: kind, f: f, record: record, time: time, line: line)
    }
}
