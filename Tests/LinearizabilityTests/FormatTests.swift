import Foundation
import Linearizability
import Testing

@Suite("History formats")
struct FormatTests {
    @Test("Formats are detected from content", arguments: [
        ("INFO  jepsen.util - 0\t:invoke\t:read\tnil", HistoryFormat.jepsen),
        ("{:process 0, :type :invoke, :f :read}", .edn),
        ("; a comment\n[{:process 0, :type :invoke, :f :read}]", .knossos),
        ("({:process 0, :type :invoke, :f :read})", .knossos),
        ("{\"process\":0,\"type\":\"invoke\",\"f\":\"read\"}", .json),
    ])
    func detection(text: String, format: HistoryFormat) {
        #expect(HistoryFormat.detect(text) == format)
    }

    @Test("An empty file is an empty history, and an empty history is linearizable", arguments: ["", "\n\n", "[]", "; only a comment\n"])
    func empty(text: String) throws {
        let report = try Fixtures.check(text, model: "cas-register")
        #expect(report.outcome == .ok)
        #expect(report.operations.isEmpty)
    }

    static let knossos = """
        ; A Knossos history: a vector over several lines, with comments,
        ; extra keys and nemesis operations, which are skipped.
        [{:type :invoke, :f :write, :value 1, :process 0, :time 10, :index 0}
         {:type :info, :f :start, :value nil, :process :nemesis, :time 11}
         {:type :ok, :f :write, :value 1, :process 0, :time 12, :index 1} ; done
         {:type :invoke, :f :cas, :value [1 2], :process 1, :time 13}
         {:type :fail, :f :cas, :value [1 2], :process 1, :time 14, :error :timeout}
         #_{:type :invoke, :f :read, :process 9}
         {:type :invoke, :f :read, :value nil, :process 2, :time 15}
         {:type :ok, :f :read, :value 1, :process 2, :time 16}]
        """

    @Test("Knossos vectors: multi-line, comments, extra keys, discards and :nemesis")
    func knossosVector() throws {
        let history = try RecordedHistory.parse(Self.knossos)
        #expect(history.format == .knossos)
        #expect(history.calls.map(\.f) == ["write", "cas", "read"])
        #expect(history.calls.map(\.line) == [3, 6, 9])
        #expect(history.calls[0].callTime == 10 && history.calls[0].returnTime == 12)
        // Knossos semantics: the failed cas did not happen, so the read of 1 is fine.
        #expect(try SpecificationCatalog.check(history, model: "cas-register", initial: "0").outcome == .ok)
        // Jepsen semantics: the failed cas returned false although the register held 1.
        #expect(try SpecificationCatalog.check(history, model: "cas-register", semantics: .jepsen).outcome == .illegal)
    }

    @Test("Knossos lists and a nil read, which Knossos semantics leaves unconstrained")
    func knossosList() throws {
        let text = """
            ({:process 0 :type :invoke :f :write :value 3}
             {:process 0 :type :ok :f :write :value 3}
             {:process 1 :type :invoke :f :read :value nil}
             {:process 1 :type :ok :f :read :value nil})
            """
        #expect(try Fixtures.check(text, model: "register").outcome == .ok)
        #expect(try Fixtures.check(text, model: "register", semantics: .jepsen).outcome == .illegal)
    }

    @Test("Multi-register transactions in Knossos's encoding")
    func multiRegister() throws {
        let good = """
            [{:process 0, :type :invoke, :f :txn, :value [[:write :x 1] [:write :y 2]]}
             {:process 0, :type :ok, :f :txn, :value [[:write :x 1] [:write :y 2]]}
             {:process 1, :type :invoke, :f :txn, :value [[:read :x nil] [:read :y nil]]}
             {:process 1, :type :ok, :f :txn, :value [[:read :x 1] [:read :y 2]]}]
            """
        #expect(try Fixtures.check(good, model: "multi-register").outcome == .ok)
        let torn = good.replacingOccurrences(of: "[:read :y 2]]}]", with: "[:read :y 5]]}]")
        #expect(try Fixtures.check(torn, model: "multi-register").outcome == .illegal)
    }

    @Test("EDN maps, one per line, with the kv model (Porcupine's kv format)")
    func ednMaps() throws {
        let text = """
            {:process 0, :type :invoke, :f :append, :key "0", :value "x 0 0 y"}
            {:process 1, :type :invoke, :f :get, :key "0", :value nil}
            {:process 0, :type :ok, :f :append, :key "0", :value "x 0 0 y"}
            {:process 1, :type :ok, :f :get, :key "0", :value "x 0 0 y"}
            {:process 1, :type :invoke, :f :get, :key "1", :value nil}
            {:process 1, :type :ok, :f :get, :key "1", :value ""}
            """
        let report = try Fixtures.check(text, model: "kv")
        #expect(report.outcome == .ok)
        #expect(report.partitions.count == 2)
    }

    @Test("Malformed input names the line", arguments: [
        ("{\"process\":0,\"type\":\"invoke\",\"f\":\"read\",\"time\":1}\n{\"process\":0,\"type\":\"ok\",\"f\":\"read\",\"time\":2,}", 2,
         "expected a member name (column 46)"),
        ("{\"process\":0,\"type\":\"begin\",\"f\":\"read\"}", 1, "unknown operation type 'begin' (expected invoke, ok, fail or info)"),
        ("{\"process\":0,\"type\":\"ok\",\"f\":\"read\"}", 1, "ok of read by process 0 without an invocation"),
        ("{\"process\":0,\"type\":\"invoke\",\"f\":\"read\",\"time\":1}\n{\"process\":0,\"type\":\"invoke\",\"f\":\"read\",\"time\":2}", 2,
         "process 0 invokes read while its read from line 1 is still open"),
        ("{\"process\":0,\"type\":\"invoke\",\"f\":\"read\",\"time\":5}\n{\"process\":0,\"type\":\"ok\",\"f\":\"read\",\"time\":4}", 2,
         "completion at time 4 precedes its invocation at time 5"),
        ("[{:process 0, :type :invoke, :f :read}\n{:process 0, :type :ok", 2, "'}' expected: unclosed EDN collection"),
        ("{:process 0, :type :invoke, :f :read, :value \"abc}", 1, "unterminated string in EDN"),
    ])
    func malformed(text: String, line: Int, message: String) {
        #expect(throws: HistoryError(line: line, message)) { _ = try RecordedHistory.parse(text) }
    }

    @Test("A model rejects an operation it does not know, naming the line")
    func unknownFunction() {
        let text = "{\"process\":0,\"type\":\"invoke\",\"f\":\"cas\",\"value\":[1,2]}\n"
        #expect(throws: HistoryError(line: 1, "cas is not an operation of the register model (use --model cas-register)")) {
            _ = try Fixtures.check(text, model: "register")
        }
    }

    @Test("Generated JSON-lines histories parse and check as built", arguments: [
        (HistoryGenerator.Workload.casRegister, "cas-register"), (.kv, "kv"), (.etcd, "etcd"),
    ])
    func generated(workload: HistoryGenerator.Workload, model: String) throws {
        let generator = HistoryGenerator(workload: workload, clients: 4, operations: 120, keys: 3, pendingPercent: 10, seed: 7)
        #expect(try Fixtures.check(generator.jsonLines(), model: model).outcome == .ok)
        #expect(try Fixtures.check(generator.jsonLines(corrupt: true), model: model).outcome == .illegal)
    }
}
