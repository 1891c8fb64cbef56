import Dispatch
@testable import Linearizability
import Testing

/// The deadline a time limit sets: the reserved share, and the time the process's resident memory
/// would take to give back at exit, come off it.
@Suite("Search control: the deadline leaves time to answer and exit")
struct SearchControlTests {
    @Test("the resident size is read, and the deadline moves earlier by its release time")
    func releaseReserve() {
        let resident = SearchControl.residentBytes()
        #if os(Linux)
        #expect(resident > 1 << 20, "a test process holds more than a MiB: \(resident)")
        #endif
        let now = DispatchTime.now().uptimeNanoseconds
        // A limit shorter than the release time of what is resident has already passed.
        let release = Double(resident) / SearchControl.releaseBytesPerSecond
        let short = SearchControl(timeLimitSeconds: release / 2, startedAtNanoseconds: now)
        #expect(resident == 0 || short.isPastDeadline)
        #expect(!SearchControl(timeLimitSeconds: 3_600, startedAtNanoseconds: now).isPastDeadline)
        #expect(!SearchControl(timeLimitSeconds: nil).isPastDeadline)
        // A start ten seconds ago with a limit of one: past.
        #expect(SearchControl(timeLimitSeconds: 1, startedAtNanoseconds: now - min(now, 10_000_000_000)).isPastDeadline)
    }
}

/// A time limit bounds reading a history too: every format stops at the first look past the
/// deadline, naming the line, and nothing stops without a limit or before the deadline.
@Suite("Reading deadline: a time limit stops reading a long history")
struct ReadingDeadlineTests {
    /// `count` sequential write calls, two events each, in `format`.
    static func history(_ format: HistoryFormat, calls count: Int) -> String {
        var lines: [String] = []
        for call in 0..<count {
            for type in ["invoke", "ok"] {
                switch format {
                case .jepsen: lines.append("INFO  jepsen.util - 0\t:\(type)\t:write\t\(call % 5)")
                case .json: lines.append("{\"process\":0,\"type\":\"\(type)\",\"f\":\"write\",\"value\":\(call % 5)}")
                case .edn: lines.append("{:process 0, :type :\(type), :f :write, :value \(call % 5)}")
                case .knossos: lines.append((lines.isEmpty ? "[" : " ") + "{:process 0, :type :\(type), :f :write, :value \(call % 5)}")
                }
            }
        }
        if format == .knossos { lines[lines.count - 1] += "]" }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test("past its deadline, each format stops at the 4,096th line; without one it reads to the end", arguments: HistoryFormat.allCases)
    func stops(format: HistoryFormat) throws {
        let text = Self.history(format, calls: 5_000)
        let now = DispatchTime.now().uptimeNanoseconds
        let past = ReadingDeadline(timeLimitSeconds: 1, startedAtNanoseconds: now - min(now, 10_000_000_000))
        #expect(ReadingDeadline(timeLimitSeconds: nil) == nil)
        do {
            _ = try RecordedHistory.parse(text, format: format, deadline: past)
            Issue.record("a deadline ten seconds past did not stop reading")
        } catch let stopped as HistoryReadingStopped {
            #expect(stopped.line == ReadingDeadline.interval)
            #expect(stopped.reason == "time limit reached while reading the history, at line \(ReadingDeadline.interval)")
        }
        let far = ReadingDeadline(timeLimitSeconds: 3_600, startedAtNanoseconds: now)
        #expect(try RecordedHistory.parse(text, format: format, deadline: far).calls.count == 5_000)
        #expect(try RecordedHistory.parse(text, format: format).calls.count == 5_000)
    }

    @Test("events read before the deadline and paired after it stop with no line")
    func pairing() throws {
        let events = try HistoryFormat.json.events(in: Self.history(.json, calls: 3_000))
        let now = DispatchTime.now().uptimeNanoseconds
        let past = ReadingDeadline(timeLimitSeconds: 1, startedAtNanoseconds: now - min(now, 10_000_000_000))
        let stopped = #expect(throws: HistoryReadingStopped.self) { try RecordedHistory.assemble(events, format: .json, deadline: past) }
        #expect(stopped?.line == nil)
        #expect(stopped?.reason == "time limit reached while pairing the history's invocations with their completions")
    }
}
