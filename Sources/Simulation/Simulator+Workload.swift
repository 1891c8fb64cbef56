import KeyValue

extension Simulator {
    /// An idle client whose think time has passed sends its next request: puts, linearizable
    /// ranges (one key or the whole prefix), deletes and compare-and-put transactions on a few
    /// keys, each value unique so the history says which write a read saw.
    mutating func startOperationIfDue(_ client: Int) {
        guard open[client] == nil, now >= nextRequestAt[client] else { return }
        // The last request must end before the run does: its timeout bounds it.
        guard now + configuration.requestTimeoutMilliseconds + 500 < configuration.endMilliseconds else { return }
        let request = nextRequest(client)
        let process = client + configuration.clientCount * generation[client]
        do {
            try recorder.invoke(process: process, request, at: now)
        } catch {
            preconditionFailure("the workload made a request the history cannot state: \(error)")
        }
        operations += 1
        let (id, effects) = clients[client].submit(request, at: now)
        open[client] = Open(id: id, process: process, invokedAt: now)
        handle(effects, client: client)
    }

    mutating func nextRequest(_ client: Int) -> Request {
        let key = "k\(workload.below(configuration.keyCount))"
        valueCounter += 1
        let value = "c\(client)v\(valueCounter)"
        switch workload.below(100) {
        case 0..<35:
            return .put(PutRequest(key: key, value: value))
        case 35..<55:
            return .range(RangeRequest(key: key))
        case 55..<65:
            return .range(RangeRequest(range: KeyRange.prefix(KeyBytes.of("k"))))
        case 65..<75:
            return .deleteRange(DeleteRangeRequest(key: key))
        default:
            // Create-if-absent or compare-and-swap on the value: the election recipe's shapes.
            let compare = workload.chance(50)
                ? Compare(key: key, .createRevision(0), .equal)
                : Compare(key: key, .version(Int64(workload.below(3))), .greater)
            return .txn(TxnRequest(compare: [compare], success: [.put(PutRequest(key: key, value: value))],
                                   failure: [.range(RangeRequest(key: key))]))
        }
    }

    /// A request's outcome: recorded; after an unknown one the client continues as a new
    /// process (the unknown call stays open forever in the history).
    mutating func complete(client: Int, id: UInt64, _ outcome: RequestOutcome) {
        guard let call = open[client], call.id == id else { return }
        recorder.complete(process: call.process, outcome, at: now)
        open[client] = nil
        nextRequestAt[client] = now + workload.inRange(1..<configuration.thinkMillisecondsMax + 1)
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
                generation[client] += 1
            }
            if late { lateIncomplete.append("client \(client) request \(id) invoked at \(call.invokedAt) ended \(outcome)") }
        }
    }
}
