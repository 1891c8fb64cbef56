import Foundation
import ModelChecker
import Testing
@testable import VerifyCLI
import Support

/// Runs `verify` in-process and keeps what it printed.
struct Invocation {
    let status: Int32
    let output: String
    let errors: String

    init(_ arguments: [String]) {
        let capture = CapturingConsole()
        status = Verify.run(arguments, console: capture.console)
        output = capture.standardOutput
        errors = capture.standardError
    }
}

func temporaryDirectory() -> String {
    let path = NSTemporaryDirectory() + "verify-tests-" + UUID().uuidString
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

@Suite("The verify command line")
struct CommandLineTests {
    @Test("a correct design is verified: exit 0")
    func verified() {
        let run = Invocation(["check", "two-phase-commit", "--out", temporaryDirectory()])
        #expect(run.status == 0)
        #expect(run.output.contains("288 distinct states"))
        #expect(run.output.contains("VERIFIED"))
    }

    @Test("a known-bad design is refuted: exit 1, with a trace file")
    func refuted() throws {
        let out = temporaryDirectory()
        let run = Invocation(["check", "two-phase-commit", "--variant", "commitWithoutAllPrepared", "--out", out])
        #expect(run.status == 1)
        #expect(run.output.contains("REFUTED: consistent"))
        let file = out + "/two-phase-commit-commitWithoutAllPrepared-consistent.json"
        #expect(FileManager.default.fileExists(atPath: file))
        #expect(FileManager.default.fileExists(atPath: out + "/two-phase-commit-commitWithoutAllPrepared-consistent.md"))
        #expect(FileManager.default.fileExists(atPath: out + "/two-phase-commit-commitWithoutAllPrepared-consistent.txt"))
    }

    @Test("a bound makes the run incomplete: exit 3, never 'verified'")
    func incomplete() {
        let run = Invocation(["check", "two-phase-commit", "--max-depth", "3", "--out", temporaryDirectory()])
        #expect(run.status == 3)
        #expect(run.output.contains("INCOMPLETE"))
        #expect(!run.output.contains("VERIFIED"))
    }

    @Test("--format json prints exactly one JSON document with the documented keys")
    func jsonOutput() throws {
        let run = Invocation(["check", "two-phase-commit", "--variant", "commitWithoutAllPrepared", "--format", "json",
                              "--out", temporaryDirectory(), "--workers", "2"])
        #expect(run.status == 1)
        let document = try JSONValue.parse(run.output)
        for key in ["model", "variant", "parameters", "complete", "distinctStates", "generatedStates", "depth", "seconds",
                    "workers", "bytesPerState", "properties"] {
            #expect(document[key] != nil, "missing \(key)")
        }
        #expect(document["parameters"]?["resource-managers"]?.intValue == 3)
        #expect(document["workers"]?.intValue == 2)
        let consistent = try #require(document["properties"]?.arrayValue?.first { $0["name"]?.stringValue == "consistent" })
        #expect(consistent["outcome"]?.stringValue == "violated")
        #expect(consistent["kind"]?.stringValue == "always")
        #expect(consistent["traceLength"]?.intValue == 5)
        #expect(consistent["traceFile"]?.stringValue?.hasSuffix(".json") == true)
    }

    @Test("bad usage gets one line naming the problem and exit 2", arguments: [
        (["frobnicate"], "unknown command 'frobnicate'"),
        (["check"], "check needs a model name"),
        (["check", "no-such-model"], "unknown model 'no-such-model'"),
        (["check", "two-phase-commit", "--variant", "nope"], "unknown variant 'nope'"),
        (["check", "two-phase-commit", "--resource-managers", "99"], "--resource-managers expects 1...12, got '99'"),
        (["check", "two-phase-commit", "--resource-managers", "three"], "--resource-managers expects 1...12, got 'three'"),
        (["check", "two-phase-commit", "--max-depth", "0"], "--max-depth 0 is out of range"),
        (["check", "two-phase-commit", "--bogus"], "unknown flag --bogus for 'check'"),
        (["check", "two-phase-commit", "--format", "xml"], "--format expects one of text|json, got 'xml'"),
        (["check", "two-phase-commit", "--time-limit"], "--time-limit needs a value"),
        (["list", "--verbose"], "unknown flag --verbose for 'list'"),
        (["check", "two-phase-commit", "--resource-managers", "7", "--symmetry"],
         "symmetry reduction supports up to 6 interchangeable identifiers; two-phase-commit has 7 here"),
        (["replay"], "replay needs a trace file"),
        (["bench", "no-such-benchmark"], "unknown benchmark 'no-such-benchmark'"),
    ])
    func badUsage(arguments: [String], message: String) {
        let run = Invocation(arguments)
        #expect(run.status == 2)
        #expect(run.errors.contains(message), "stderr was: \(run.errors)")
        #expect(!run.errors.contains("\n"), "one line only")
    }

    @Test("--help works for every command", arguments: ["all", "list", "check", "replay", "bench", "lincheck"])
    func help(command: String) {
        let run = Invocation([command, "--help"])
        #expect(run.status == 0)
        #expect(run.output.contains("usage: verify"))
    }

    @Test("the plan for one model meets its expectations and writes a deterministic summary")
    func planForOneModel() throws {
        let out = temporaryDirectory()
        let first = Invocation(["all", "--model", "two-phase-commit", "--out", out])
        #expect(first.status == 0, "\(first.output)")
        #expect(first.output.contains("4 of 4 expectations met"))
        let summary = try String(contentsOfFile: out + "/summary.md", encoding: .utf8)
        #expect(summary.contains("| correct | plan | `resource-managers=3` | bfs | yes | 288 | 11 |"))
        let json = try JSONValue.parse(try String(contentsOfFile: out + "/summary.json", encoding: .utf8))
        #expect(json["allExpectationsMet"]?.boolValue == true)
        #expect(FileManager.default.fileExists(atPath: out + "/counterexamples/two-phase-commit-commitWithoutAllPrepared-consistent.md"))
        // Run again with one worker: byte-for-byte the same reports.
        let again = temporaryDirectory()
        _ = Invocation(["all", "--model", "two-phase-commit", "--out", again, "--workers", "1"])
        #expect(try String(contentsOfFile: again + "/summary.md", encoding: .utf8) == summary)
        #expect(try String(contentsOfFile: again + "/summary.json", encoding: .utf8)
                == String(contentsOfFile: out + "/summary.json", encoding: .utf8))
    }

    @Test("list shows models, parameters, variants and plan bounds")
    func list() throws {
        let run = Invocation(["list"])
        #expect(run.status == 0)
        #expect(run.output.contains("two-phase-commit"))
        #expect(run.output.contains("--resource-managers 1...12 (default 3)"))
        #expect(run.output.contains("commitWithoutAllPrepared [bug]"))
        #expect(run.output.contains("expect: consistent violated"))
        let json = Invocation(["list", "--format", "json"])
        #expect(try JSONValue.parse(json.output).arrayValue?.isEmpty == false)
    }
}

@Suite("Replaying counterexamples")
struct ReplayTests {
    static func refutedTrace() -> String {
        let out = temporaryDirectory()
        _ = Invocation(["check", "two-phase-commit", "--variant", "commitWithoutAllPrepared", "--out", out])
        return out + "/two-phase-commit-commitWithoutAllPrepared-consistent.json"
    }

    @Test("a trace the checker wrote reproduces and its violation is confirmed")
    func reproduces() {
        let run = Invocation(["replay", Self.refutedTrace()])
        #expect(run.status == 0)
        #expect(run.output.contains("reproduced 5 steps"))
        #expect(run.output.contains("confirmed: consistent is violated in the last state"))
    }

    @Test("a trace whose recorded state was altered fails, naming the step and the field")
    func divergence() throws {
        let file = Self.refutedTrace()
        let text = try String(contentsOfFile: file, encoding: .utf8)
        // Step 3's state says the manager committed; pretend it aborted.
        let altered = text.replacingOccurrences(of: "\"tmState\": \"committed\"", with: "\"tmState\": \"aborted\"")
        #expect(altered != text)
        let path = temporaryDirectory() + "/altered.json"
        try altered.write(toFile: path, atomically: true, encoding: .utf8)
        let run = Invocation(["replay", path])
        #expect(run.status == 1)
        #expect(run.output.contains("does NOT reproduce at step 3"))
        #expect(run.output.contains("tmState: expected \"aborted\", found \"committed\""))
    }

    @Test("a step whose action is not enabled fails, naming the step (by action identity, or by text in older files)")
    func disabledAction() throws {
        let file = Self.refutedTrace()
        let text = try String(contentsOfFile: file, encoding: .utf8)
        // Replay matches on the action's identity: change it (and the sentence with it).
        let altered = text.replacingOccurrences(of: "tm receives Prepared from rm1", with: "tm receives Prepared from rm3")
            .replacingOccurrences(of: "\"actionId\": \"managerReceivesPrepared(0)\"", with: "\"actionId\": \"managerReceivesPrepared(2)\"")
        #expect(altered.contains("managerReceivesPrepared(2)"))
        let path = temporaryDirectory() + "/disabled.json"
        try altered.write(toFile: path, atomically: true, encoding: .utf8)
        let run = Invocation(["replay", path])
        #expect(run.status == 1)
        #expect(run.output.contains("does NOT reproduce at step 2: action 'tm receives Prepared from rm3' (managerReceivesPrepared(2)) is not enabled"))

        // A file written before identities were recorded is matched on the text.
        let older = text.replacingOccurrences(of: "tm receives Prepared from rm1", with: "tm receives Prepared from rm3")
            .split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains("\"actionId\"") }.joined(separator: "\n")
        let olderPath = temporaryDirectory() + "/disabled-older.json"
        try older.write(toFile: olderPath, atomically: true, encoding: .utf8)
        let olderRun = Invocation(["replay", olderPath])
        #expect(olderRun.status == 1)
        #expect(olderRun.output.contains("does NOT reproduce at step 2: action 'tm receives Prepared from rm3' is not enabled"))
    }

    @Test("a reworded action sentence is no error: replay matches the recorded action identity")
    func rewordedSentence() throws {
        let file = Self.refutedTrace()
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let altered = text.replacingOccurrences(of: "tm receives Prepared from rm1", with: "the manager hears rm1 is prepared")
        #expect(altered != text)
        let path = temporaryDirectory() + "/reworded.json"
        try altered.write(toFile: path, atomically: true, encoding: .utf8)
        let run = Invocation(["replay", path])
        #expect(run.status == 0)
        #expect(run.output.contains("reproduced 5 steps"))
    }

    @Test("a random walk's counterexample names its seed and replays")
    func randomWalkReplays() throws {
        let out = temporaryDirectory()
        let run = Invocation(["check", "two-phase-commit", "--variant", "commitWithoutAllPrepared", "--strategy", "random",
                              "--seed", "7", "--walks", "50", "--out", out])
        #expect(run.status == 1)
        #expect(run.output.contains("of seed 7"))
        let file = out + "/two-phase-commit-commitWithoutAllPrepared-random-consistent.json"
        let replay = Invocation(["replay", file])
        #expect(replay.status == 0)
        #expect(replay.output.contains("confirmed: consistent is violated"))
        // The same seed finds the same walk, whatever the number of workers.
        let again = temporaryDirectory()
        _ = Invocation(["check", "two-phase-commit", "--variant", "commitWithoutAllPrepared", "--strategy", "random",
                        "--seed", "7", "--walks", "50", "--workers", "1", "--out", again])
        let first = try String(contentsOfFile: file, encoding: .utf8)
        let second = try String(contentsOfFile: again + "/two-phase-commit-commitWithoutAllPrepared-random-consistent.json", encoding: .utf8)
        #expect(first == second)
    }

    @Test("a corrupted trace file is bad input: exit 2 with file and line")
    func corrupted() throws {
        let file = Self.refutedTrace()
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let path = temporaryDirectory() + "/truncated.json"
        try String(text.prefix(text.count / 2)).write(toFile: path, atomically: true, encoding: .utf8)
        let run = Invocation(["replay", path])
        #expect(run.status == 2)
        #expect(run.errors.contains("\(path):"))
        #expect(run.errors.contains("not a trace file"))

        let missing = Invocation(["replay", "/nonexistent/trace.json"])
        #expect(missing.status == 2)
        #expect(missing.errors.contains("/nonexistent/trace.json: cannot read the file"))

        let wrongShape = temporaryDirectory() + "/shape.json"
        try "{\"model\": \"two-phase-commit\"}".write(toFile: wrongShape, atomically: true, encoding: .utf8)
        let shape = Invocation(["replay", wrongShape])
        #expect(shape.status == 2)
        #expect(shape.errors.contains("missing field 'variant'"))
    }
}
