/// A history as recorded: invocations paired with their completions per process, before any
/// model gives them meaning. Times are the events' `time` when every event has one, and
/// their position in the file otherwise (file order is real-time order in Jepsen histories).
public struct RecordedHistory: Sendable {
    /// An invocation and what became of it.
    public struct Call: Sendable {
        public var process: String
        public var f: String
        public var invocation: HistoryEvent
        /// Nil when the history ended before the call completed (treated like `info`).
        public var completion: HistoryEvent?
        public var callTime: Int64
        /// Nil for `info` and unfinished calls: they may take effect any time after the call.
        public var returnTime: Int64?

        /// How the call ended: `info` when it never completed.
        public var ending: HistoryEvent.Kind { completion?.kind == .info ? .info : completion?.kind ?? .info }
        public var line: Int { invocation.line }
    }

    public var calls: [Call]
    /// Process names in order of first appearance.
    public var processes: [String]
    public var format: HistoryFormat

    public init(calls: [Call], processes: [String], format: HistoryFormat) {
        self.calls = calls
        self.processes = processes
        self.format = format
    }

    /// Each process's position in `processes`, by name: decoders look a call's process up
    /// here rather than searching the list (a long history has hundreds of processes).
    public var processNumbers: [String: Int] {
        var numbers: [String: Int] = [:]
        numbers.reserveCapacity(processes.count)
        for (number, process) in processes.enumerated() where numbers[process] == nil { numbers[process] = number }
        return numbers
    }

    /// Reads a file's text in the given (or detected) format.
    /// With a deadline, reading stops with `HistoryReadingStopped` once it has passed.
    public static func parse(_ text: String, format: HistoryFormat? = nil, deadline: ReadingDeadline? = nil) throws -> RecordedHistory {
        let chosen = format ?? HistoryFormat.detect(text)
        var events = try chosen.events(in: text, deadline: deadline)
        do {
            return try assemble(events, format: chosen, deadline: deadline)
        } catch let stopped as HistoryReadingStopped {
            ReadingDeadline.release(&events)
            throw stopped
        }
    }

    /// Pairs each completion with the open invocation of its process.
    public static func assemble(_ events: [HistoryEvent], format: HistoryFormat, deadline: ReadingDeadline? = nil) throws -> RecordedHistory {
        var deadline = deadline
        let timed = events.contains { $0.time != nil }
        if timed, let untimed = events.first(where: { $0.time == nil }) {
            throw HistoryError(line: untimed.line, "this event has no time but others have one")
        }
        var calls: [Call] = []
        var open: [String: Int] = [:]
        var processes: [String] = []
        var seen: Set<String> = []
        for (position, event) in events.enumerated() {
            try deadline?.check(line: nil, holding: &calls)
            let time = timed ? event.time! : Int64(position)
            if !seen.contains(event.process) {
                seen.insert(event.process)
                processes.append(event.process)
            }
            switch event.kind {
            case .invoke:
                if let previous = open[event.process] {
                    throw HistoryError(
                        line: event.line,
                        "process \(event.process) invokes \(event.f) while its \(calls[previous].f) from line \(calls[previous].line) is still open")
                }
                open[event.process] = calls.count
                calls.append(Call(process: event.process, f: event.f, invocation: event, completion: nil, callTime: time, returnTime: nil))
            case .ok, .fail, .info:
                guard let index = open.removeValue(forKey: event.process) else {
                    throw HistoryError(line: event.line, "\(event.kind.rawValue) of \(event.f) by process \(event.process) without an invocation")
                }
                guard calls[index].f == event.f else {
                    throw HistoryError(
                        line: event.line,
                        "\(event.kind.rawValue) of \(event.f) completes process \(event.process)'s \(calls[index].f) from line \(calls[index].line)")
                }
                guard time >= calls[index].callTime else {
                    throw HistoryError(line: event.line, "completion at time \(time) precedes its invocation at time \(calls[index].callTime)")
                }
                calls[index].completion = event
                if event.kind != .info { calls[index].returnTime = time }
            }
        }
        return RecordedHistory(calls: calls, processes: processes, format: format)
    }
}
