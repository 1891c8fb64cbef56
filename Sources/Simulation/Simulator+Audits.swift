import KeyValue
import Linearizability
import Support

extension Simulator {
    /// Judges the finished run.
    func audit() -> SeedResult {
        var result = SeedResult(seed: configuration.seed, faults: faults)
        result.operations = operations
        result.okOperations = okOperations
        result.unknownOperations = unknownOperations
        let (history, dropped, resolved) = resolvedHistory()
        result.historyRecords = history
        result.trace = keptTrace
        result.trace.append("\(now) history: of the calls of unknown outcome, \(dropped) dropped (their requests in no node's log at the end), \(resolved) completed with what they did where first applied")
        let (linearizable, why) = Simulator.checkLinearizability(records: history)
        result.audits.append(("linearizability", linearizable))
        if let why { result.explanations.append(("linearizability", why)) }
        add(&result, "electionSafety", monitor.electionViolations)
        add(&result, "logMatching", monitor.logMatchingViolations)
        add(&result, "leaderCompleteness", monitor.leaderCompletenessViolations)
        add(&result, "stateMachineSafety", monitor.stateMachineViolations)
        add(&result, "promisesKept", monitor.promiseViolations)
        add(&result, "acknowledgedWrites", monitor.lostAcknowledgedWrites())
        add(&result, "freshReads", freshReadProblems())
        add(&result, "watches", watchProblems())
        add(&result, "liveness", livenessProblems())
        result.watchEvents = watchAudit.eventsChecked
        result.watchResyncs = watchAudit.resyncs
        result.leaseExpiries = expiredLeases.count
        return result
    }

    /// The clients' history with what the cluster's logs tell of the calls of unknown outcome
    /// (timed out, connection lost, still open at the end), as etcd's robustness tests patch
    /// theirs with the requests the WAL holds:
    /// - a call whose request is in no node's log at the end was never committed, and no later
    ///   leader can commit it: it is left out;
    /// - a call whose request some node applied, the only applied entry and the only call with
    ///   those bytes, took effect with the result it had there: it completes with that result
    ///   at the end of the run (its effect lies between its invocation and then).
    /// Sound against a Raft that loses or repeats committed entries too: what a dropped call did
    /// anyway, or a resolved one did again, is left for nothing in the history to explain, a
    /// violation rather than a hidden one. Calls with identical bytes (a delete of one key, a
    /// keep-alive) stay unknown unless none of them is in a log.
    func resolvedHistory() -> (records: [JSONValue], dropped: Int, resolved: Int) {
        var unknown = unknownCalls
        for state in clientStates {
            for lane in state.lanes {
                if let call = lane.open { unknown.append((lines: [call.invokeLine], request: call.request, process: call.process)) }
            }
        }
        // Only the unknown calls' bytes are looked for: the logs and the applied entries are
        // scanned, not copied into sets of their own.
        let wanted = Set(unknown.map { $0.request.encoded })
        var logged = Set<[UInt8]>()
        for node in nodes {
            let log = node.raft.log
            var index = log.firstIndex
            while index <= log.lastIndex {
                if let entry = log.entry(at: index), wanted.contains(entry.data) { logged.insert(entry.data) }
                index += 1
            }
        }
        var applied: [[UInt8]: [ApplyResult]] = [:]
        for (_, entry) in firstApplied where wanted.contains(entry.data) { applied[entry.data, default: []].append(entry.result) }
        var droppedLines = Set<Int>()
        var appended: [JSONValue] = []
        var dropped = 0, resolved = 0
        for call in unknown {
            let bytes = call.request.encoded
            if !logged.contains(bytes) {
                dropped += 1
                droppedLines.formUnion(call.lines)
            } else if let results = applied[bytes], results.count == 1, callsPerRequest[bytes] == 1 {
                // The info line (if any) goes; the call completes at the end with what it did.
                if call.lines.count > 1 { droppedLines.insert(call.lines[1]) }
                let outcome: RequestOutcome
                switch results[0].result {
                case .success(let response): outcome = .ok(response)
                case .failure(let error): outcome = .failed(error)
                }
                appended.append(HistoryRecorder.completionRecord(process: call.process, call.request, outcome, at: configuration.endMilliseconds))
                resolved += 1
            }
        }
        guard dropped + resolved > 0 else { return (recorder.records, 0, 0) }
        var records: [JSONValue] = []
        records.reserveCapacity(recorder.records.count + appended.count)
        for (index, record) in recorder.records.enumerated() where !droppedLines.contains(index) { records.append(record) }
        return (records + appended, dropped, resolved)
    }

    func add(_ result: inout SeedResult, _ name: String, _ problems: [String]) {
        result.audits.append((name, problems.isEmpty ? .passed : .failed))
        if !problems.isEmpty { result.explanations.append((name, problems.joined(separator: "\n"))) }
    }

    /// After healing: a leader exists whose term every node has reached, every operation
    /// invoked after the settling time completed, and some did (an idle cluster proves nothing).
    func livenessProblems() -> [String] {
        var problems: [String] = []
        let leaders = nodes.indices.filter { up[$0] && nodes[$0].isLeader }
        if let leader = leaders.last {
            let term = nodes[leader].raft.currentTerm
            for node in nodes.indices where nodes[node].raft.currentTerm != term || nodes[node].raft.leader != nodes[leader].id {
                problems.append("n\(node + 1) does not follow the leader n\(leader + 1) of term \(term)")
            }
        } else {
            problems.append("no leader at the end")
        }
        problems += lateIncomplete.prefix(8)
        for client in clientStates.indices {
            if let call = clientStates[client].open { problems.append("client \(client) request \(call.id) invoked at \(call.invokedAt) never ended") }
        }
        if lateCompleted == 0 { problems.append("no operation completed after the cluster settled") }
        return problems
    }

    /// The watch guarantees at the end (streams caught up), the lease deletions the nodes saw
    /// go wrong, and a run whose watches saw nothing fails: it checked nothing.
    func watchProblems() -> [String] {
        var audit = watchAudit
        audit.finish(end: configuration.endMilliseconds, lagMilliseconds: 500)
        var problems = audit.problems + storeProblems
        if audit.eventsChecked == 0 { problems.append("no watch event reached a client: nothing was checked") }
        return problems
    }

    /// The history against the `etcd` specification; the checker's `unknown` is `undecided`.
    /// Checked on one thread: seeds already run in parallel.
    public static func checkLinearizability(_ history: String) -> (AuditOutcome, String?) {
        checkLinearizability { try RecordedHistory.parse(history, format: .json) }
    }

    /// The same audit of the history's lines as values (what a run checks: no text written
    /// and read again).
    public static func checkLinearizability(records: [JSONValue]) -> (AuditOutcome, String?) {
        checkLinearizability { try RecordedHistory.json(records: records) }
    }

    static func checkLinearizability(_ read: () throws -> RecordedHistory) -> (AuditOutcome, String?) {
        do {
            let recorded = try read()
            // What `verify lincheck --model etcd` checks, without rendering its report (the audit
            // needs the verdict and its note; a failure's history is written for the command).
            let result = try SpecificationCatalog.storeVerdict(recorded, options: LinearizabilityOptions(cacheBytesMax: 256 << 20, parallel: false))
            switch result.outcome {
            case .ok: return (.passed, nil)
            case .illegal: return (.failed, result.note ?? "no linearization of the history exists")
            case .unknown: return (.undecided, result.note ?? "the checker could not decide")
            }
        } catch {
            return (.failed, "the history does not parse: \(error)")
        }
    }
}
