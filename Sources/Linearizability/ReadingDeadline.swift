/// Stops reading a history once a check's time limit has passed: `verify lincheck --time-limit`
/// counts reading the file, and reading a long log takes longer than searching it (a 52 MB
/// Jepsen log: about 4 s to read and parse, 0.25 s to check). Looked at every
/// `ReadingDeadline.interval` lines, events or calls, so reading costs no more.
public struct ReadingDeadline: Sendable {
    static let interval = 4_096

    let control: SearchControl
    var countdown = ReadingDeadline.interval

    /// Nil without a time limit. The deadline is the search's (`SearchControl`): the limit after
    /// `startedAtNanoseconds` (now by default), less the share kept for the answer and the exit.
    public init?(timeLimitSeconds: Double?, startedAtNanoseconds: UInt64? = nil) {
        guard timeLimitSeconds != nil else { return nil }
        control = SearchControl(timeLimitSeconds: timeLimitSeconds, startedAtNanoseconds: startedAtNanoseconds)
    }

    /// Throws `HistoryReadingStopped` when the deadline has passed, reading `line` (or, with
    /// `line` nil, after the file was read, while pairing its invocations and completions).
    mutating func check(line: Int?) throws {
        countdown -= 1
        guard countdown <= 0 else { return }
        countdown = ReadingDeadline.interval
        if control.isPastDeadline { throw HistoryReadingStopped(line: line) }
    }

    /// `check`, handing what was read so far (`held`, emptied) to a background thread to free
    /// when it stops: a million events took 0.1–0.2 s to free, past the deadline.
    mutating func check<Element>(line: Int?, holding held: inout [Element]) throws {
        do {
            try check(line: line)
        } catch {
            ReadingDeadline.release(&held)
            throw error
        }
    }

    /// Empties `held`, freeing its elements on a background thread.
    static func release<Element>(_ held: inout [Element]) {
        let count = held.count
        var box: [Element]? = held
        held = []
        DeferredRelease.drop(&box, bytes: count < 50_000 ? 0 : .max)
    }
}

/// The time limit passed before the history was read to its end: the check's outcome is
/// unknown, and nothing after `line` was looked at (a malformed line there is not reported).
public struct HistoryReadingStopped: Error, Sendable {
    /// The line being read, or nil when the file had been read and its invocations were being
    /// paired with their completions.
    public var line: Int?

    public init(line: Int?) { self.line = line }

    public var reason: String {
        if let line { return "time limit reached while reading the history, at line \(line)" }
        return "time limit reached while pairing the history's invocations with their completions"
    }
}
