/// A check's answer with every operation, state and explanation already rendered as text,
/// so that tools can print, serialise or draw it without knowing the specification's types.
public struct HistoryReport: Sendable {
    public struct ReportedOperation: Sendable {
        public var id: Int
        public var process: String
        public var callTime: Int64
        /// Nil for pending operations.
        public var returnTime: Int64?
        /// The call: "write(1)".
        public var call: String
        /// The answer, nil when unknown.
        public var result: String?
        public var line: Int?
    }

    public struct ReportedStep: Sendable {
        public var operationID: Int
        /// The state after the operation: "the register holds 1".
        public var state: String
    }

    public struct ReportedBlock: Sendable {
        public var operationID: Int
        /// The sentence a person can act on.
        public var message: String
        /// True when the output is impossible after the prefix (rather than a dead end later).
        public var impossible: Bool
    }

    public struct ReportedPartition: Sendable {
        public var outcome: Verdict
        public var operationIDs: [Int]
        public var steps: [ReportedStep]
        public var blocked: [ReportedBlock]
        public var unknownReason: String?
        public var statesExplored: Int
        public var cuts: Int
        /// Observations that contradict each other, found before any search (see
        /// `PartitionResult`).
        public var contradiction: Contradiction?
    }

    public var model: String
    public var outcome: Verdict
    public var seconds: Double
    /// How the check reached its answer, and the sentence that says so when it was decided
    /// from the partitions of a whole check.
    public var method: CheckMethod
    public var note: String?
    public var operations: [ReportedOperation]
    public var partitions: [ReportedPartition]
    public var initialState: String
    /// Set when the time limit passed before the history was read to its end: nothing was
    /// checked (no operations, no partitions) and the outcome is unknown.
    public var readingStopped: HistoryReadingStopped?

    public var statesExplored: Int { partitions.reduce(0) { $0 + $1.statesExplored } }
    /// The memoization caches' peak, in bytes (see `LinearizabilityResult.peakMemoBytes`).
    public var peakMemoBytes: Int
    /// Cuts made where no completed call was open, over every partition kept.
    public var cuts: Int { partitions.reduce(0) { $0 + $1.cuts } }

    /// The answer when the time limit passed while the history was being read.
    public init(model: String, stoppedReading: HistoryReadingStopped, seconds: Double) {
        self.model = model
        outcome = .unknown
        self.seconds = seconds
        method = .partitioned
        note = nil
        operations = []
        partitions = []
        initialState = ""
        peakMemoBytes = 0
        readingStopped = stoppedReading
    }

    /// Renders a generic result.
    public init<S: Specification>(spec: S, history: [Operation<S.Input, S.Output>], processes: [String], result: LinearizabilityResult<S>) {
        model = spec.name
        outcome = result.outcome
        seconds = result.seconds
        method = result.method
        note = result.note
        peakMemoBytes = result.peakMemoBytes
        initialState = spec.describe(state: spec.initialState)
        operations = history.map { operation in
            ReportedOperation(
                id: operation.id, process: processes[operation.process], callTime: operation.callTime,
                returnTime: operation.returnTime, call: spec.describe(input: operation.input),
                result: operation.output.map { spec.describe(output: $0) }, line: operation.line)
        }
        var byID: [Int: Operation<S.Input, S.Output>] = [:]
        byID.reserveCapacity(history.count)
        for operation in history { byID[operation.id] = operation }
        partitions = result.partitions.map { partition in
            let steps = partition.linearization.map { step in
                ReportedStep(operationID: step.operationID, state: spec.describe(state: step.state))
            }
            let last = partition.linearization.last
            let lastState = last?.state ?? spec.initialState
            let context: String
            if let last, let operation = byID[last.operationID] {
                context = "after \(spec.describe(input: operation.input)) by p\(processes[operation.process])"
            } else {
                context = "initially"
            }
            let blocked = partition.blocked.map { block -> ReportedBlock in
                let operation = byID[block.operationID]!
                let who = "\(spec.describe(input: operation.input)) by p\(processes[operation.process])"
                let stateText = spec.describe(state: lastState)
                let expected = Array(Set(block.expected.map { spec.describe(output: $0) })).sorted()
                let message: String
                if block.acceptedButDeadEnd {
                    message = "\(who) could go next, but no linearization continues after it"
                } else if let output = operation.output {
                    let would = expected.isEmpty ? "it cannot take effect there" : "so it would return \(expected.joined(separator: " or "))"
                    message = "\(who) returned \(spec.describe(output: output)), but \(context) \(stateText), \(would)"
                } else {
                    message = "\(who) cannot take effect: \(context) \(stateText)"
                }
                return ReportedBlock(operationID: block.operationID, message: message, impossible: !block.acceptedButDeadEnd)
            }
            return ReportedPartition(
                outcome: partition.outcome, operationIDs: partition.operationIDs, steps: steps,
                blocked: blocked.sorted { ($0.impossible ? 0 : 1, $0.operationID) < ($1.impossible ? 0 : 1, $1.operationID) },
                unknownReason: partition.unknownReason, statesExplored: partition.statesExplored, cuts: partition.cuts,
                contradiction: partition.contradiction)
        }
    }

    /// "write(1) by p3 (line 7)".
    public func label(_ id: Int) -> String {
        let operation = operations[id]
        let result = operation.result.map { " → \($0)" } ?? (operation.returnTime == nil ? " (pending)" : "")
        let line = operation.line.map { ", line \($0)" } ?? ""
        return "\(operation.call)\(result) by p\(operation.process)\(line)"
    }

    /// Observations that contradict each other: the reason, then the calls it speaks of.
    private func contradictionLines(_ contradiction: Contradiction, shownMax: Int) -> [String] {
        var lines = ["  \(contradiction.reason):"]
        let ids = contradiction.operationIDs
        let hidden = max(0, ids.count - shownMax)
        for (position, id) in ids.enumerated() {
            if hidden > 0 && position == shownMax / 2 { lines.append("    … \(hidden) more") }
            if hidden > 0 && position >= shownMax / 2 && position < shownMax / 2 + hidden { continue }
            let operation = operations[id]
            let returned = operation.returnTime.map { ", returned at \($0)" } ?? ""
            lines.append("    \(label(id)), called at \(operation.callTime)\(returned)")
        }
        return lines
    }

    /// The explanation of an illegal history, one line per item: how it was decided when that
    /// was by locality, then for each illegal partition the longest linearizable prefix and why
    /// each possible next operation fails.
    public func explanation(prefixShownMax: Int = 12, blockedShownMax: Int = 10) -> [String] {
        var lines: [String] = []
        if outcome == .illegal, method == .wholeLocality, let note { lines.append(note) }
        for (number, partition) in partitions.enumerated() where partition.outcome == .illegal {
            // Decided by locality, the one partition kept is the one the note above names.
            let name = method == .wholeLocality ? "that partition" : "partition \(number + 1) of \(partitions.count)"
            lines.append("\(name) (\(partition.operationIDs.count) operations) is not linearizable")
            if let contradiction = partition.contradiction {
                lines += contradictionLines(contradiction, shownMax: prefixShownMax)
                continue
            }
            let steps = partition.steps
            lines.append("  longest linearizable prefix: \(steps.count) operations")
            let hidden = max(0, steps.count - prefixShownMax)
            if hidden > 0 { lines.append("    … \(hidden) earlier operations") }
            for step in steps.suffix(prefixShownMax) {
                lines.append("    \(label(step.operationID)); then \(step.state)")
            }
            let impossible = partition.blocked.filter(\.impossible)
            lines.append(impossible.isEmpty ? "  no operation can come next:" : "  cannot come next:")
            for block in partition.blocked.prefix(blockedShownMax) {
                lines.append("    \(block.message)\(operations[block.operationID].line.map { " (line \($0))" } ?? "")")
            }
            if partition.blocked.count > blockedShownMax {
                lines.append("    … \(partition.blocked.count - blockedShownMax) more")
            }
        }
        return lines
    }
}
