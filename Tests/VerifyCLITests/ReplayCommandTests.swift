import Foundation
import Support
import Testing

/// `verify replay` exits 1 ("not confirmed") for a trace whose verdict it cannot re-establish,
/// and says why: it never vouches for what it did not check.
@Suite("Replay confirms verdicts or exits 1")
struct ReplayCommandTests {
    /// The committed dead end of lease-leader's watchFromNow (a DELETE missed, no broker leads
    /// again): running that check takes over a minute in a debug build, replaying it does not.
    static let committedDeadEnd = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Reports/counterexamples/lease-leader-watchFromNow-allDueChargesRecorded.json").path

    /// `document` with its top-level member `name` replaced.
    static func replacing(_ name: String, with value: JSONValue, in document: JSONValue) -> JSONValue {
        guard case .object(let members) = document else { return document }
        return .object(members.map { $0.0 == name ? ($0.0, value) : $0 })
    }

    static func write(_ document: JSONValue, named name: String) throws -> String {
        let path = temporaryDirectory() + "/" + name
        try (document.prettyText + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("a trace whose property the model does not declare is not confirmed: exit 1, saying why")
    func unknownProperty() throws {
        let document = try JSONValue.parse(try String(contentsOfFile: ReplayTests.refutedTrace(), encoding: .utf8))
        let path = try Self.write(Self.replacing("property", with: .string("noSuchProperty"), in: document), named: "unknown.json")
        let run = Invocation(["replay", path])
        #expect(run.status == 1)
        #expect(run.output.contains("reproduced 5 steps"))
        #expect(run.output.contains("NOT confirmed: the model has no property 'noSuchProperty' to re-check"))
    }

    @Test("a trace whose outcome carries no verdict to re-check is not confirmed: exit 1")
    func outcomeWithoutVerdict() throws {
        let document = try JSONValue.parse(try String(contentsOfFile: ReplayTests.refutedTrace(), encoding: .utf8))
        let path = try Self.write(Self.replacing("outcome", with: .string("unknown"), in: document), named: "unknown-outcome.json")
        let run = Invocation(["replay", path])
        #expect(run.status == 1)
        #expect(run.output.contains("NOT confirmed: nothing to re-check for consistent (always) with outcome 'unknown'"))
    }

    @Test("one unconfirmed file among confirmed ones fails the whole replay")
    func oneOfSeveral() throws {
        let good = ReplayTests.refutedTrace()
        let document = try JSONValue.parse(try String(contentsOfFile: good, encoding: .utf8))
        let bad = try Self.write(Self.replacing("kind", with: .string("transition"), in: document), named: "kind.json")
        let run = Invocation(["replay", good, bad])
        #expect(run.status == 1)
        #expect(run.output.contains("confirmed: consistent is violated in the last state"))
        #expect(run.output.contains("NOT confirmed: the trace says consistent is a transition property; the model's is always"))
    }

    @Test("an alwaysPossibly dead end is re-decided: confirmed when nothing reachable reaches the goal, not one step earlier")
    func deadEnd() throws {
        let path = Self.committedDeadEnd
        try #require(FileManager.default.fileExists(atPath: path), "the committed reports hold \(path)")
        let run = Invocation(["replay", path])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("confirmed: none of the"))
        #expect(run.output.contains("reachable from the last state reaches the goal of allDueChargesRecorded"))

        // The state before the dead end is no dead end (breadth-first search reports the first).
        let document = try JSONValue.parse(try String(contentsOfFile: path, encoding: .utf8))
        let steps = try #require(document["steps"]?.arrayValue)
        var shorter = Self.replacing("steps", with: .array(Array(steps.dropLast())), in: document)
        shorter = Self.replacing("traceLength", with: .int(steps.count - 1), in: shorter)
        let early = Invocation(["replay", try Self.write(shorter, named: "one-step-early.json")])
        #expect(early.status == 1)
        #expect(early.output.contains("NOT confirmed: from the last state the goal of allDueChargesRecorded"))
    }
}
