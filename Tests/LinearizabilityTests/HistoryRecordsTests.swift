import Linearizability
import Support
import Testing

@Suite("Histories given as values")
struct HistoryRecordsTests {
    @Test("A field is found by its name or its dashed spelling, and by nothing else")
    func fieldSpellings() throws {
        let record = try #require(try RecordedHistory.parse("{:process 0, :type :invoke, :f :put, :create-revision 4, :mod_revision 5, :a-b_c 6}").calls.first?.invocation.record)
        #expect(record[field: "create_revision"] == .integer(4))
        #expect(record[field: "mod_revision"] == .integer(5))
        #expect(record[field: "create-revision"] == .integer(4))
        #expect(record[field: "a_b_c"] == nil, "a mixed spelling is neither the name nor its dashed form")
        #expect(record[field: "create_revisio"] == nil)
        #expect(record[field: "f"] == .keyword("put"))
    }

    static let lines: [JSONValue] = [
        .object([("process", .int(0)), ("type", .string("invoke")), ("f", .string("put")), ("key", .string("a")), ("value", .string("x \"q\" é")), ("time", .int(1))]),
        .object([("process", .int(1)), ("type", .string("invoke")), ("f", .string("range")), ("key", .string("a")), ("time", .int(2))]),
        .object([("process", .int(0)), ("type", .string("ok")), ("f", .string("put")), ("revision", .int(2)), ("time", .int(3))]),
        .object([("process", .int(1)), ("type", .string("ok")), ("f", .string("range")), ("kvs", .array([.object([
            ("key", .string("a")), ("value", .string("x \"q\" é")), ("create_revision", .int(2)), ("mod_revision", .int(2)),
            ("version", .int(1)), ("lease", .int(0))])])), ("revision", .int(2)), ("ratio", .double(0.5)), ("whole", .double(2)), ("time", .int(4))]),
        .object([("process", .string("lease-expiry")), ("type", .string("invoke")), ("f", .string("lease-expire")), ("lease", .int(7)), ("flag", .bool(true)), ("none", .null), ("time", .int(5))]),
    ]

    @Test("The values read as their written text does: every call, field and time")
    func recordsReadAsText() throws {
        let text = Self.lines.map { $0.compactText + "\n" }.joined()
        let fromText = try RecordedHistory.parse(text, format: .json)
        let fromValues = try RecordedHistory.json(records: Self.lines)
        #expect(fromValues.processes == fromText.processes)
        #expect(fromValues.calls.count == fromText.calls.count && fromValues.calls.count == 3)
        for (a, b) in zip(fromValues.calls, fromText.calls) {
            #expect(a.invocation.record == b.invocation.record)
            #expect(a.completion?.record == b.completion?.record)
            #expect(a.line == b.line && a.callTime == b.callTime && a.returnTime == b.returnTime)
        }
        #expect(HistoryValue(json: .double(2)) == .double(2), "a whole double is written 2.0, and so read as a double")
        #expect(HistoryValue(json: .double(0.5)) == .double(0.5))
    }

    @Test("A line that is not an object is named by its position")
    func notAnObject() {
        #expect(throws: HistoryError.self) { try RecordedHistory.json(records: [Self.lines[0], .array([])]) }
        do {
            _ = try RecordedHistory.json(records: [Self.lines[0], .int(3)])
        } catch let error as HistoryError {
            #expect(error.line == 2)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
