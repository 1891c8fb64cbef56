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
