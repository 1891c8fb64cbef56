import Foundation
import Linearizability
import Testing

@Suite("Real Jepsen etcd histories (Porcupine's test data)")
struct JepsenHistoryTests {
    /// Porcupine's verdict for each history, from `Fixtures/jepsen/verdicts.txt` (see the
    /// fixtures' README): `etcd_000.log illegal` per line, `#` comments.
    static let verdicts: [(file: String, outcome: Verdict)] = {
        guard let text = try? Fixtures.text("jepsen/verdicts.txt") else { return [] }
        return text.split(separator: "\n").compactMap { line in
            let words = line.split(separator: " ")
            guard !line.hasPrefix("#"), words.count == 2, let outcome = Verdict(rawValue: String(words[1])) else {
                return nil
            }
            return (String(words[0]), outcome)
        }
    }()

    @Test("The fixtures are Porcupine's 102 etcd histories, each with a verdict; 23 are linearizable")
    func fixtureSet() throws {
        let folder = Fixtures.folder.appendingPathComponent("jepsen").path
        let logs = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".log") }.sorted()
        #expect(logs.count == 102)
        #expect(!logs.contains("etcd_095.log"))
        #expect(Self.verdicts.map(\.file) == logs)
        #expect(Self.verdicts.count { $0.outcome == .ok } == 23)
        #expect(Self.verdicts.count { $0.outcome == .illegal } == 79)
    }

    @Test("Every real Jepsen etcd history gets Porcupine's verdict, partitioned and whole", arguments: verdicts)
    func everyVerdict(file: String, expected: Verdict) throws {
        let text = try Fixtures.text("jepsen/" + file)
        #expect(try Fixtures.check(text, model: "cas-register").outcome == expected)
        #expect(try Fixtures.check(text, model: "cas-register", partitioned: false).outcome == expected)
    }
    @Test("etcd_000 is not linearizable and etcd_002 is, as Porcupine's tests expect",
          arguments: [("jepsen/etcd_000.log", Verdict.illegal), ("jepsen/etcd_002.log", Verdict.ok)])
    func porcupineVerdicts(file: String, expected: Verdict) throws {
        let report = try Fixtures.check(try Fixtures.text(file), model: "cas-register")
        #expect(report.outcome == expected)
        // The same verdict checking whole (the register has one object anyway).
        #expect(try Fixtures.check(try Fixtures.text(file), model: "cas-register", partitioned: false).outcome == expected)
    }

    @Test("The explanation of etcd_000 names the read that cannot be placed")
    func explainsEtcd000() throws {
        let report = try Fixtures.check(try Fixtures.text("jepsen/etcd_000.log"), model: "cas-register")
        let impossible = report.partitions[0].blocked.filter(\.impossible)
        #expect(impossible.count == 1)
        #expect(impossible.first?.message.hasPrefix("read by p11 returned 2, but after") == true)
        #expect(report.operations[impossible[0].operationID].line == 85)
    }

    @Test("Jepsen log lines: tabs or spaces, other loggers skipped, :info leaves the call open")
    func parsesLogLines() throws {
        let text = """
            2017-03-01 12:00:00,000{GMT}	INFO	jepsen.core - Running test
            INFO  jepsen.util - 0	:invoke	:write	1
            INFO  jepsen.util - 0 :ok :write 1
            INFO  jepsen.util - 1	:invoke	:cas	[1 4]
            INFO  jepsen.util - :nemesis	:info	:start	nil
            INFO  jepsen.util - 1	:info	:cas	:timed-out
            INFO  jepsen.util - 2	:invoke	:read	nil
            INFO  jepsen.util - 2	:ok	:read	4
            INFO  jepsen.util - 3	:invoke	:read	nil
            INFO  jepsen.util - 3	:fail	:read	:timed-out
            """
        let history = try RecordedHistory.parse(text)
        #expect(history.format == .jepsen)
        #expect(history.calls.count == 4)
        #expect(history.calls[1].returnTime == nil)
        let report = try SpecificationCatalog.check(history, model: "cas-register")
        #expect(report.outcome == .ok)  // the pending cas took effect before the read of 4
    }

    @Test("Lines in the usual shape, read without the EDN reader, read as the EDN reader reads them")
    func fastLinesAgree() throws {
        let text = try Fixtures.text("jepsen/etcd_000.log")
        // A fifth form (Jepsen's error message) sends every line to the EDN reader.
        let slow = text.split(separator: "\n").map { $0.contains("jepsen.util") ? $0 + "\tmessage" : $0 }.joined(separator: "\n")
        let fast = try RecordedHistory.parse(text)
        let general = try RecordedHistory.parse(slow)
        #expect(fast.calls.count == general.calls.count)
        #expect(fast.calls.map(\.invocation.record) == general.calls.map(\.invocation.record))
        #expect(fast.calls.map { $0.completion?.record } == general.calls.map { $0.completion?.record })
    }

    @Test("A malformed Jepsen line is reported with its line number")
    func malformedLine() {
        let text = "INFO  jepsen.util - 0\t:invoke\t:write\t1\nINFO  jepsen.util - 0\t:ok\n"
        let message = "a Jepsen operation needs a process, a type, a function and a value (nil when it has none); this line has 2 of them"
        #expect(throws: HistoryError(line: 2, message)) {
            _ = try RecordedHistory.parse(text)
        }
    }
}
