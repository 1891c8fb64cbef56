import Support

/// Builds history values from JSON with the project's one reader (`Support.JSONParser`): objects
/// become maps with string keys in the order written, integers stay integers.
struct HistoryValueJSONBuilder: JSONBuilder {
    func null() -> HistoryValue { .null }
    func bool(_ value: Bool) -> HistoryValue { .bool(value) }
    func integer(_ value: Int64) -> HistoryValue { .integer(value) }
    func double(_ value: Double) -> HistoryValue { .double(value) }
    func string(_ value: String) -> HistoryValue { .string(value) }
    func array(_ values: [HistoryValue]) -> HistoryValue { .vector(values) }
    func object(_ members: [(String, HistoryValue)]) -> HistoryValue {
        .map(members.map { HistoryValue.Pair(key: .string($0.0), value: $0.1) })
    }
}

extension HistoryValue {
    /// Parses one line of a JSON-lines history as one JSON value; errors name the file's line
    /// and the column within it.
    static func parseJSONLine(_ text: Substring, line: Int) throws(HistoryError) -> HistoryValue {
        var parser = JSONParser(Array(text.utf8), builder: HistoryValueJSONBuilder())
        do {
            return try parser.parseDocument()
        } catch {
            throw HistoryError(line: line + error.line - 1, "\(error.message) (column \(error.column))")
        }
    }
}

extension HistoryValue {
    /// The value that reading `json`'s compact text gives: objects become maps with string keys
    /// in order, integers stay integers. A double is read from its text, as a file's would be
    /// (a non-finite one is written, and so read, as null).
    public init(json: JSONValue) {
        switch json {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .int(let number): self = .integer(Int64(number))
        case .double:
            self = (try? HistoryValue.parseJSONLine(Substring(json.compactText), line: 1)) ?? .null
        case .string(let text): self = .string(text)
        case .array(let values): self = .vector(values.map(HistoryValue.init(json:)))
        case .object(let members): self = .map(members.map { Pair(key: .string($0.0), value: HistoryValue(json: $0.1)) })
        }
    }
}

extension RecordedHistory {
    /// A JSON-lines history given as its lines' values (one object each, line n at position
    /// n − 1): the history that `parse(text, format: .json)` reads from their text, without
    /// writing and reading it (a simulator's history, checked at the end of every run).
    public static func json(records: [JSONValue]) throws -> RecordedHistory {
        var events: [HistoryEvent] = []
        events.reserveCapacity(records.count)
        for (position, json) in records.enumerated() {
            let record = HistoryValue(json: json)
            guard case .map = record else {
                throw HistoryError(line: position + 1, "each line must hold one JSON object, got \(record.brief)")
            }
            if let event = try HistoryEvent.from(record: record, line: position + 1) { events.append(event) }
        }
        return try assemble(events, format: .json)
    }
}
