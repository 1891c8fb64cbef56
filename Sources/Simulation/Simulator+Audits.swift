import Linearizability

extension Simulator {
    /// Judges the finished run.
    func audit() -> SeedResult {
        var result = SeedResult(seed: configuration.seed, faults: faults)
        result.operations = operations
        result.okOperations = okOperations
        result.unknownOperations = unknownOperations
        let (history, dropped) = resolvedHistory()
        result.history = history
        result.trace = trace
        result.trace.append("\(now) history: \(dropped) calls of unknown outcome dropped, their requests in no node's log at the end")
        let (linearizable, why) = Simulator.checkLinearizability(history)
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
        result.leaseExpiries = expiredLeases.count
        return result
    }

    /// The clients' history with what the cluster's logs prove never happened left out, as
    /// etcd's robustness tests patch theirs with the requests the WAL holds: a call of unknown
    /// outcome (timed out, its connection lost, or still open at the end) whose request is in
    /// no node's log at the end was never committed, and no later leader can commit it. Sound
    /// even against a Raft that loses committed entries: a call dropped that did take effect
    /// leaves effects that nothing in the history explains, a violation, not a hidden one.
    /// Identical requests (a delete of one key, a keep-alive) count as logged if any is.
    func resolvedHistory() -> (text: String, dropped: Int) {
        var logged = Set<[UInt8]>()
        for node in nodes {
            let log = node.raft.log
            var index = log.firstIndex
            while index <= log.lastIndex {
                if let entry = log.entry(at: index) { logged.insert(entry.data) }
                index += 1
            }
        }
        var unknown = unknownCalls
        for state in clientStates {
            for lane in state.lanes { if let call = lane.open { unknown.append((lines: [call.invokeLine], request: call.request)) } }
        }
        var droppedLines = Set<Int>()
        var dropped = 0
        for call in unknown where !logged.contains(call.request.encoded) {
            dropped += 1
            droppedLines.formUnion(call.lines)
        }
        guard dropped > 0 else { return (recorder.text, 0) }
        var text = ""
        for (index, line) in recorder.lines.enumerated() where !droppedLines.contains(index) {
            text += line
            text += "\n"
        }
        return (text, dropped)
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
        do {
            let recorded = try RecordedHistory.parse(history, format: .json)
            let report = try SpecificationCatalog.check(recorded, model: "etcd", options: LinearizabilityOptions(cacheBytesMax: 256 << 20, parallel: false))
            switch report.outcome {
            case .ok: return (.passed, nil)
            case .illegal: return (.failed, report.note ?? "no linearization of the history exists")
            case .unknown: return (.undecided, report.note ?? "the checker could not decide")
            }
        } catch {
            return (.failed, "the history does not parse: \(error)")
        }
    }
}
