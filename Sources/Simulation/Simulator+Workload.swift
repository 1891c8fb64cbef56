import KeyValue

extension Simulator {
    /// Each client watches the workload's prefix from revision 1 as it starts, and opens a
    /// second watch later from a revision drawn among those it has seen (a watch resumes from
    /// any revision). A third opens in the first half of the heal phase, from a revision drawn
    /// the same way: compactions pass only what open watches still need, so this one may start
    /// below the compaction revision, be cancelled, and be resumed by its client after it reads
    /// its range again (a resync, which the watch audit checks).
    mutating func openWatchIfDue(_ client: Int) {
        let state = clientStates[client]
        let start: Int64
        switch state.watches {
        case 0:
            clientStates[client].secondWatchAt = workload.inRange(500..<configuration.faultPhaseMilliseconds)
            clientStates[client].thirdWatchAt = configuration.faultPhaseMilliseconds
                + lateWatches.inRange(0..<max(1, configuration.healPhaseMilliseconds / 2))
            start = 1
        case 1 where now >= state.secondWatchAt:
            start = workload.inRange(1..<state.revisionSeen + 1)
        case 2 where now >= state.thirdWatchAt:
            start = lateWatches.inRange(1..<state.revisionSeen + 1)
        default:
            return
        }
        clientStates[client].watches += 1
        let range = KeyRange.prefix(KeyBytes.of("k"))
        let (watch, effects) = clients[client].watch(range, startRevision: start, at: now)
        watchAudit.opened(client: client, watch: watch, range: range, start: start)
        note("client \(client) watches k* from revision \(start) (watch \(watch))")
        handle(effects, client: client)
    }

    /// An idle client whose think time has passed sends its next request: puts (some on a
    /// lease, some asking for the previous key-value), linearizable ranges (one key, some at a
    /// past revision, the whole prefix, an interval or every key from one on, some with a
    /// limit), deletes (some asking
    /// for what they deleted), compare-and-put transactions, compactions below what every watch
    /// still needs, and lease grants, keep-alives and revocations, on a few keys, each value
    /// unique so the history says which write a read saw.
    ///
    /// With an offered rate requests come from arrivals instead (`arrive`); the tick still opens
    /// the watches.
    mutating func startOperationIfDue(_ client: Int) {
        openWatchIfDue(client)
        guard configuration.operationsPerClientPerSecond == nil else { return }
        guard clientStates[client].open == nil, now >= clientStates[client].nextRequestAt else { return }
        // The last request must end before the run does: its timeout bounds it.
        guard now + configuration.requestTimeoutMilliseconds + 500 < configuration.endMilliseconds else { return }
        guard let lane = clientStates[client].freeLane(lanesMax: 1, client: client, clientCount: configuration.clientCount) else {
            preconditionFailure("an idle closed-loop client has its lane free")
        }
        startCall(client, lane: lane)
    }

    /// Draws the client's next request and sends it on `lane`, an idle one, under the lane's
    /// history process.
    mutating func startCall(_ client: Int, lane: Int) {
        precondition(clientStates[client].lanes[lane].open == nil, "a lane has one call open at a time")
        let request = nextRequest(client)
        let process = clientStates[client].lanes[lane].process
        let invokeLine = recorder.records.count
        do {
            try recorder.invoke(process: process, request, at: now)
        } catch {
            preconditionFailure("the workload made a request the history cannot state: \(error)")
        }
        operations += 1
        callsPerRequest[request.encoded, default: 0] += 1
        let (id, effects) = clients[client].submit(request, at: now)
        clientStates[client].lanes[lane].open = ClientState.Open(id: id, process: process, invokedAt: now, request: request, invokeLine: invokeLine)
        if case .leaseGrant(let lease, _) = request { clientStates[client].leases.append(lease) }
        handle(effects, client: client)
    }

    mutating func nextRequest(_ client: Int) -> Request {
        let key = "k\(workload.below(configuration.keyCount))"
        valueCounter += 1
        let value = "c\(client)v\(valueCounter)"
        let leases = clientStates[client].leases
        switch workload.below(100) {
        case 0..<30:
            let lease = !leases.isEmpty && workload.chance(40) ? leases[workload.below(leases.count)] : 0
            return .put(PutRequest(key: key, value: value, lease: lease, prevKv: workload.chance(30)))
        case 30..<45:
            return .range(RangeRequest(key: key))
        case 45..<48:
            // At a revision the client has seen or a little before: from history, or refused
            // as compacted when a compaction passed it.
            let revision = max(1, clientStates[client].revisionSeen - Int64(workload.below(12)))
            return .range(RangeRequest(key: key, revision: revision))
        case 48..<52:
            return .range(RangeRequest(range: KeyRange.prefix(KeyBytes.of("k")), limit: workload.chance(50) ? 1 : 0))
        case 52..<56:
            return .range(RangeRequest(range: rangeOfKeys(), limit: workload.chance(30) ? 1 : 0))
        case 56..<64:
            return .deleteRange(DeleteRangeRequest(key: key, prevKv: workload.chance(40)))
        case 64..<78:
            // Create-if-absent or compare-and-swap on the value: the election recipe's shapes.
            let compare = workload.chance(50)
                ? Compare(key: key, .createRevision(0), .equal)
                : Compare(key: key, .version(Int64(workload.below(3))), .greater)
            return .txn(TxnRequest(compare: [compare], success: [.put(PutRequest(key: key, value: value))],
                                   failure: [.range(RangeRequest(key: key))]))
        case 78..<81:
            guard let bound = compactionBound(client) else { return .range(RangeRequest(key: key)) }
            return .compact(revision: bound - Int64(workload.below(3)))
        default:
            return leaseRequest(client)
        }
    }

    /// An interval of the workload's keys, or every key from one on.
    mutating func rangeOfKeys() -> KeyRange {
        let from = workload.below(configuration.keyCount)
        let start = KeyBytes.of("k\(from)")
        if workload.chance(50) { return KeyRange(key: start, rangeEnd: [0]) }
        return KeyRange(key: start, rangeEnd: KeyBytes.of("k\(from + 1 + workload.below(configuration.keyCount - from))"))
    }

    /// The highest revision a compaction may discard history below without cancelling an open
    /// watch (a third watch, opened later from the past, may start below it): once every client
    /// opened its first two watches, the lowest revision an open stream still needs, by the
    /// audit's account (the last it reported + 1) and by its client's (where it resumes),
    /// and at most the revision the client has seen. Nil when that is not past revision 1.
    func compactionBound(_ client: Int) -> Int64? {
        guard clientStates.allSatisfy({ $0.watches >= 2 }),
              watchAudit.streams.count == clientStates.reduce(0, { $0 + $1.watches }) else { return nil }
        var bound = clientStates[client].revisionSeen
        for stream in watchAudit.streams {
            bound = min(bound, stream.last + 1, clients[stream.client].resumeRevision(of: stream.watch) ?? stream.last + 1)
        }
        return bound > 3 ? bound : nil
    }

    /// A grant (a fresh id: the history names it on the invocation) while the client holds
    /// few leases; otherwise a keep-alive, or now and then a revocation, of one it holds.
    mutating func leaseRequest(_ client: Int) -> Request {
        let leases = clientStates[client].leases
        if leases.isEmpty || (leases.count < configuration.leasesPerClientMax && workload.chance(30)) {
            clientStates[client].leasesGranted += 1
            let id = Int64(client + 1) * 1_000_000 + Int64(clientStates[client].leasesGranted)
            return .leaseGrant(id: id, ttlSeconds: configuration.leaseTTLSeconds)
        }
        let lease = leases[workload.below(leases.count)]
        return workload.chance(75) ? .leaseKeepAlive(id: lease) : .leaseRevoke(id: lease)
    }

    /// What a client learns from a node's answer: the store's revision it has reached.
    mutating func observeAnswer(_ message: NodeMessage, client: Int) {
        if case .reply(_, .ok(let response)) = message {
            clientStates[client].revisionSeen = max(clientStates[client].revisionSeen, response.revision)
        }
    }

    /// A request's outcome: recorded; after an unknown one the lane continues as a new
    /// process (the unknown call stays open forever in the history). The closed loop draws its
    /// think time; with an offered rate the lane takes an arrival that waited for it.
    mutating func complete(client: Int, id: UInt64, _ outcome: RequestOutcome) {
        guard let lane = clientStates[client].lane(ofCall: id), let call = clientStates[client].lanes[lane].open else { return }
        if case .unknown = outcome { unknownCalls.append((lines: [call.invokeLine, recorder.records.count], request: call.request, process: call.process)) }
        recorder.complete(process: call.process, outcome, at: now)
        clientStates[client].lanes[lane].open = nil
        if configuration.operationsPerClientPerSecond == nil {
            clientStates[client].nextRequestAt = now + workload.inRange(1..<configuration.thinkMillisecondsMax + 1)
        }
        forgetEndedLease(client, call.request, outcome)
        let late = call.invokedAt >= configuration.faultPhaseMilliseconds + configuration.settleMilliseconds
        switch outcome {
        case .ok:
            okOperations += 1
            if late { lateCompleted += 1 }
        case .failed:
            if late { lateCompleted += 1 }
        case .unknown, .notSent:
            if case .unknown = outcome {
                unknownOperations += 1
                clientStates[client].lanes[lane].process = clientStates[client].newProcess(client: client, clientCount: configuration.clientCount)
            }
            if late { lateIncomplete.append("client \(client) request \(id) invoked at \(call.invokedAt) ended \(outcome)") }
        }
        if configuration.operationsPerClientPerSecond != nil { serveWaiting(client, lane: lane) }
    }

    /// The client stops using a lease it revoked, one it learns is gone, and one whose grant
    /// did not happen.
    mutating func forgetEndedLease(_ client: Int, _ request: Request, _ outcome: RequestOutcome) {
        let ended: Int64?
        switch (request, outcome) {
        case (.leaseRevoke(let lease), _): ended = lease
        case (.leaseGrant(let lease, _), .failed), (.leaseGrant(let lease, _), .notSent): ended = lease
        case (.leaseKeepAlive(let lease), .ok(.leaseKeepAlive(_, _, let ttl))) where ttl == 0: ended = lease
        case (.leaseKeepAlive(let lease), .failed(.leaseNotFound)): ended = lease
        case (.put(let put), .failed(.leaseNotFound)): ended = put.lease
        default: ended = nil
        }
        if let ended { clientStates[client].leases.removeAll { $0 == ended } }
    }
}
