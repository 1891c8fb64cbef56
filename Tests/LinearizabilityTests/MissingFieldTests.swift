import Linearizability
import Testing

/// A field left out of a line is never read as nil, zero or false: every reader and every
/// model's decoding either requires the field (a `file:line` error) or documents that a missing
/// result is not checked. Each case is one line short of a well-formed history, and the same
/// history with the field written out decodes.
@Suite("A missing field is an error, never a nil or a zero")
struct MissingFieldTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var model: String
        var text: String
        var line: Int
        var message: String
        /// The same history with the field written out, which must decode and check.
        var fixed: String
        var testDescription: String { name }
    }

    static let jepsenHead = "INFO  jepsen.util - 3\t:invoke\t:write\t1\nINFO  jepsen.util - 3\t:ok\t:write\t1\nINFO  jepsen.util - 3\t:invoke\t:read\tnil\n"

    static let cases: [Case] = [
        Case(name: "Jepsen: a line cut short after the function (a truncated log's last line)", model: "cas-register",
             text: jepsenHead + "INFO  jepsen.util - 3\t:ok\t:read\n", line: 4,
             message: "a Jepsen operation needs a process, a type, a function and a value (nil when it has none); this line has 3 of them",
             fixed: jepsenHead + "INFO  jepsen.util - 3\t:ok\t:read\t1\n"),
        Case(name: "EDN maps: an ok read without :value", model: "register",
             text: "{:process 0, :type :invoke, :f :read, :value nil}\n{:process 0, :type :ok, :f :read}\n", line: 2,
             message: "ok of read without a value (nil or null for a read of nothing)",
             fixed: "{:process 0, :type :invoke, :f :read, :value nil}\n{:process 0, :type :ok, :f :read, :value nil}\n"),
        Case(name: "Knossos vector: an ok read without :value", model: "cas-register",
             text: "[{:process 0, :type :invoke, :f :read, :value nil}\n {:process 0, :type :ok, :f :read}]\n", line: 2,
             message: "ok of read without a value (nil or null for a read of nothing)",
             fixed: "[{:process 0, :type :invoke, :f :read, :value nil}\n {:process 0, :type :ok, :f :read, :value nil}]\n"),
        Case(name: "JSON lines: an ok read without value", model: "register",
             text: #"{"process":0,"type":"invoke","f":"read"}"# + "\n" + #"{"process":0,"type":"ok","f":"read"}"#, line: 2,
             message: "ok of read without a value (nil or null for a read of nothing)",
             fixed: #"{"process":0,"type":"invoke","f":"read"}"# + "\n" + #"{"process":0,"type":"ok","f":"read","value":null}"#),
        Case(name: "kv: an ok get without value", model: "kv",
             text: "{:process 0, :type :invoke, :f :get, :key \"a\", :value nil}\n{:process 0, :type :ok, :f :get, :key \"a\"}\n", line: 2,
             message: "ok of get without a value (nil or null for a read of nothing)",
             fixed: "{:process 0, :type :invoke, :f :get, :key \"a\", :value nil}\n{:process 0, :type :ok, :f :get, :key \"a\", :value \"\"}\n"),
        Case(name: "multi-register: an ok txn with reads without :value", model: "multi-register",
             text: "[{:process 0, :type :invoke, :f :txn, :value [[:read :x nil]]}\n {:process 0, :type :ok, :f :txn}]\n", line: 2,
             message: "ok of txn with reads without a value (the values read)",
             fixed: "[{:process 0, :type :invoke, :f :txn, :value [[:read :x nil]]}\n {:process 0, :type :ok, :f :txn, :value [[:read :x nil]]}]\n"),
        Case(name: "etcd: a txn without its compare list", model: "etcd",
             text: #"{"process":0,"type":"invoke","f":"txn","success":[{"f":"put","key":"k","value":"v"}],"failure":[]}"#, line: 1,
             message: "txn needs compare (a list, [] when empty)",
             fixed: #"{"process":0,"type":"invoke","f":"txn","compare":[],"success":[{"f":"put","key":"k","value":"v"}],"failure":[]}"#),
        Case(name: "etcd: a txn whose failure branch is not a list", model: "etcd",
             text: #"{"process":0,"type":"invoke","f":"txn","compare":[],"success":[],"failure":{"f":"range","key":"k"}}"#, line: 1,
             message: #"txn failure must be a list, got {"f" "range", "key" "k"}"#,
             fixed: #"{"process":0,"type":"invoke","f":"txn","compare":[],"success":[],"failure":[{"f":"range","key":"k"}]}"#),
        Case(name: "etcd: a delete count that is not a number", model: "etcd",
             text: #"{"process":0,"type":"invoke","f":"delete","key":"k"}"# + "\n" + #"{"process":0,"type":"ok","f":"delete","deleted":"one"}"#,
             line: 2, message: #"deleted must be a non-negative integer, got "one""#,
             fixed: #"{"process":0,"type":"invoke","f":"delete","key":"k"}"# + "\n" + #"{"process":0,"type":"ok","f":"delete","deleted":0}"#),
        Case(name: "etcd: a keep-alive's found that is not a boolean", model: "etcd",
             text: #"{"process":0,"type":"invoke","f":"lease-keepalive","lease":3}"# + "\n"
                + #"{"process":0,"type":"ok","f":"lease-keepalive","found":"no"}"#,
             line: 2, message: #"found must be true or false, got "no""#,
             fixed: #"{"process":0,"type":"invoke","f":"lease-keepalive","lease":3}"# + "\n"
                + #"{"process":0,"type":"ok","f":"lease-keepalive","found":false}"#),
    ]

    @Test("Each reader and decoder names the line of a missing or mistyped field", arguments: cases)
    func missing(_ item: Case) throws {
        #expect(throws: HistoryError(line: item.line, item.message)) { _ = try Fixtures.check(item.text, model: item.model) }
        #expect(try Fixtures.check(item.fixed, model: item.model).outcome == .ok)
    }

    @Test("The truncated Jepsen line is the only thing wrong: without it Porcupine's verdict (ok) stands")
    func truncatedJepsenLine() throws {
        let history = Self.jepsenHead + "INFO  jepsen.util - 3\t:ok\t:read\t1\nINFO  jepsen.util - 4\t:invoke\t:read\tnil\n"
        #expect(try Fixtures.check(history, model: "cas-register").outcome == .ok)
        #expect(throws: HistoryError.self) { _ = try Fixtures.check(history + "INFO  jepsen.util - 4\t:ok\t:read\n", model: "cas-register") }
        // A fifth form is Jepsen's error message, free text that is not read.
        let withError = history + "INFO  jepsen.util - 4\t:fail\t:read\t:timed-out\tindeterminate: read timed out\n"
        #expect(try Fixtures.check(withError, model: "cas-register").outcome == .ok)
    }
}
