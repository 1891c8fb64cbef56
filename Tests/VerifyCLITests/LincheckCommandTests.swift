import Foundation
import Testing
@testable import VerifyCLI

/// `verify lincheck` run in-process against temporary history files.
@Suite("verify lincheck")
struct LincheckCommandTests {
    static let linearizable = """
        {"process":0,"type":"invoke","f":"write","value":1,"time":1}
        {"process":0,"type":"ok","f":"write","value":1,"time":2}
        {"process":1,"type":"invoke","f":"read","time":3}
        {"process":1,"type":"ok","f":"read","value":1,"time":4}

        """
    static let illegal = """
        {:process 1, :type :invoke, :f :write, :value 1}
        {:process 1, :type :ok, :f :write, :value 1}
        {:process 3, :type :invoke, :f :read, :value nil}
        {:process 3, :type :ok, :f :read, :value 4}

        """

    /// Writes `text` to a fresh temporary file and returns its path.
    static func file(_ text: String, _ suffix: String = ".jsonl") throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("lincheck-\(UUID().uuidString)\(suffix)").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func run(_ arguments: [String]) -> (status: Int32, out: String, err: String) {
        let capture = CapturingConsole()
        let status = Verify.run(["lincheck"] + arguments, console: capture.console)
        return (status, capture.standardOutput, capture.standardError)
    }

    @Test("A linearizable history exits 0 with one result line")
    func ok() throws {
        let path = try Self.file(Self.linearizable)
        let result = Self.run([path, "--model", "register"])
        #expect(result.status == 0)
        #expect(result.out.hasPrefix("\(path): ok (register, 2 operations, 1 partition, "))
        #expect(result.out.split(separator: "\n").count == 1)
    }

    @Test("An illegal history exits 1 and is explained; files keep their argument order")
    func illegalAndOrder() throws {
        let bad = try Self.file(Self.illegal, ".edn")
        let good = try Self.file(Self.linearizable)
        let result = Self.run([bad, good, "--model", "register"])
        #expect(result.status == 1)
        let lines = result.out.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("\(bad): illegal") == true)
        #expect(lines.contains("      read by p3 returned 4, but after write(1) by p1 the register holds 1, so it would return 1 (line 3)"))
        #expect(lines.last?.hasPrefix("\(good): ok") == true)
    }

    @Test("JSON output is one object per file")
    func json() throws {
        let bad = try Self.file(Self.illegal, ".edn")
        let good = try Self.file(Self.linearizable)
        let result = Self.run([good, bad, "--model", "cas-register", "--format", "json"])
        #expect(result.status == 1)
        let objects = try result.out.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        #expect(objects.count == 2)
        #expect(objects[0]["outcome"] as? String == "ok")
        #expect(objects[0]["linearization"] as? [[Int]] == [[0, 1]])
        #expect(objects[1]["outcome"] as? String == "illegal")
        #expect((objects[1]["explanation"] as? [String])?.isEmpty == false)
        #expect(objects[1]["seconds"] is Double)
        #expect((objects[0]["peakMemoBytes"] as? Int).map { $0 > 0 } == true)
        #expect(objects[0]["cuts"] as? Int == 0)
    }

    /// Key a is fine; the read of key b returns a value nobody wrote.
    static let kvIllegalB = """
        {"process":0,"type":"invoke","f":"put","key":"a","value":"x","time":1}
        {"process":0,"type":"ok","f":"put","key":"a","time":2}
        {"process":1,"type":"invoke","f":"put","key":"b","value":"y","time":3}
        {"process":1,"type":"ok","f":"put","key":"b","time":4}
        {"process":2,"type":"invoke","f":"get","key":"b","time":5}
        {"process":2,"type":"ok","f":"get","key":"b","value":"z","time":6}

        """

    @Test("--no-partition says when locality decided; --no-locality runs the plain whole search")
    func wholeChecks() throws {
        let path = try Self.file(Self.kvIllegalB)
        let byLocality = Self.run([path, "--model", "kv", "--no-partition"])
        #expect(byLocality.status == 1)
        let lines = byLocality.out.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("\(path): illegal (kv, 3 operations, checked whole, decided by locality, ") == true)
        #expect(lines.dropFirst().first?.hasPrefix("  checked whole, decided by locality (Herlihy and Wing): partition 2 of 2") == true)
        let plain = Self.run([path, "--model", "kv", "--no-partition", "--no-locality"])
        #expect(plain.status == 1)
        #expect(plain.out.hasPrefix("\(path): illegal (kv, 3 operations, checked whole, "))
        #expect(!plain.out.contains("locality"))
        let json = Self.run([path, "--model", "kv", "--no-partition", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        #expect(object["method"] as? String == "whole-locality")
        #expect((object["note"] as? String)?.contains("decided by locality") == true)
    }

    @Test("--benchmark checks every real Jepsen history in one pass, each with Porcupine's verdict")
    func benchmarkJepsenPass() throws {
        let result = Self.run(["--benchmark", "--only", "jepsen-etcd-pass"])
        #expect(result.status == 0)
        let lines = result.out.split(separator: "\n")
        #expect(lines.count == 1)
        let line = try #require(lines.first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["files"] as? Int == 102)
        #expect(object["ok"] as? Int == 23)
        #expect(object["illegal"] as? Int == 79)
        #expect(object["verdicts_expected"] as? Int == 102)
        #expect(object["verdict_mismatches"] as? [String] == [])
        #expect(object["slowest_file"] as? String != "")
    }

    @Test("--benchmark runs a generated kv history whole and reports how it was decided")
    func benchmarkGenerated() throws {
        let result = Self.run(["--benchmark", "--quick", "--only", "kv-c5-whole-bad"])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
        #expect(object["name"] as? String == "kv-c5-whole-bad")
        #expect(object["outcome"] as? String == "illegal")
        #expect(object["method"] as? String == "whole-locality")
    }

    @Test("A time limit that runs out gives unknown and exit 3")
    func unknown() throws {
        let path = try Self.file(Self.linearizable)
        let result = Self.run([path, "--model", "register", "--time-limit", "0"])
        #expect(result.status == 3)
        #expect(result.out.contains(": unknown (register"))
        #expect(result.out.contains("time limit reached"))
    }

    @Test("A time limit that runs out while the file is read stops reading: unknown, the line it stopped at, exit 3")
    func unknownWhileReading() throws {
        // 3,000 calls, 6,000 lines: a limit of 0 has passed at the first look, the 4,096th line.
        var text = ""
        for call in 0..<3_000 {
            text += "{\"process\":0,\"type\":\"invoke\",\"f\":\"write\",\"value\":\(call)}\n"
            text += "{\"process\":0,\"type\":\"ok\",\"f\":\"write\",\"value\":\(call)}\n"
        }
        let path = try Self.file(text)
        let result = Self.run([path, "--model", "register", "--time-limit", "0"])
        #expect(result.status == 3)
        #expect(result.out.hasPrefix("\(path): unknown (register, not read to the end, "))
        #expect(result.out.hasSuffix(" s): time limit reached while reading the history, at line 4096"))
        let json = Self.run([path, "--model", "register", "--time-limit", "0", "--format", "json"])
        #expect(json.status == 3)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        #expect(object["outcome"] as? String == "unknown")
        #expect(object["operations"] as? Int == 0)
        #expect(object["reason"] as? String == "time limit reached while reading the history, at line 4096")
        // A model that does not exist is still bad usage (refused before any file is read).
        let unknownModel = Self.run([path, "--model", "nosuch", "--time-limit", "0"])
        #expect(unknownModel.status == 2)
    }

    @Test("Malformed input is one line naming the file and line, exit 2")
    func malformed() throws {
        let path = try Self.file("{\"process\":0,\"type\":\"invoke\",\"f\":\"read\"}\n{\"process\":0,\"type\":\"ok\",\"f\":\"write\"}\n")
        let result = Self.run([path, "--model", "register"])
        #expect(result.status == 2)
        #expect(result.err == "verify: error: \(path):2: ok of write completes process 0's read from line 1")
        #expect(result.out.isEmpty)
    }

    @Test("A Jepsen line cut short is bad input naming its line, not a read of nil")
    func truncatedJepsenLine() throws {
        let path = try Self.file("INFO  jepsen.util - 3\t:invoke\t:read\tnil\nINFO  jepsen.util - 3\t:ok\t:read\n", ".log")
        let result = Self.run([path, "--model", "cas-register"])
        #expect(result.status == 2)
        #expect(result.err.hasPrefix("verify: error: \(path):2: a Jepsen operation needs a process, a type, a function and a value"))
        #expect(result.out.isEmpty)
    }

    @Test("Usage mistakes exit 2", arguments: [
        ["x.jsonl"], ["--model", "register"], ["x.jsonl", "--model", "queue"], ["x.jsonl", "--model", "kv", "--bogus"],
        ["a", "b", "--model", "kv", "--html", "out.html"], ["x.jsonl", "--model", "kv", "--no-locality"],
        ["--benchmark", "--bogus"],
    ])
    func usage(arguments: [String]) {
        let result = Self.run(arguments)
        #expect(result.status == 2)
        #expect(result.err.hasPrefix("verify: error: "))
    }

    @Test("A missing file is bad input")
    func missingFile() {
        let result = Self.run(["/nonexistent/history.jsonl", "--model", "kv"])
        #expect(result.status == 2)
        #expect(result.err == "verify: error: /nonexistent/history.jsonl: cannot read the file")
    }

    @Test("--html writes a self-contained timeline")
    func html() throws {
        let path = try Self.file(Self.illegal, ".edn")
        let output = path + ".html"
        let result = Self.run([path, "--model", "register", "--html", output])
        #expect(result.status == 1)
        let page = try String(contentsOfFile: output, encoding: .utf8)
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(page.contains("read by p3 returned 4"))
        #expect(!page.contains("https://"))
    }

    @Test("--help prints the usage")
    func help() {
        let result = Self.run(["--help"])
        #expect(result.status == 0)
        #expect(result.out.hasPrefix("usage: verify lincheck FILE..."))
    }
}
