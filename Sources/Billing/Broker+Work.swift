import Election

extension Broker {
    mutating func call(_ operation: DatabaseRequest.Operation, at now: Int64) -> [BrokerAction] {
        guard let token = actingToken else { preconditionFailure("only a leader calls the database") }
        // Reads need no fence; every write is fenced on our token.
        let fenced: Bool
        switch operation {
        case .readDue: fenced = false
        case .recordIntent: fenced = true
        case .recordOutcome: fenced = true
        }
        return send(DatabaseRequest(writer: configuration.id, token: token, fenced: fenced, operation: operation), at: now)
    }

    mutating func send(_ request: DatabaseRequest, at now: Int64) -> [BrokerAction] {
        let op = nextOp
        nextOp += 1
        calls[op] = DatabaseCall(request: request, sentAt: now)
        return [.database(op: op, request)]
    }

    /// A database answer; `.unavailable` leaves the call to be retried after its timeout (a call
    /// whose answer never comes is retried the same way).
    public mutating func databaseAnswered(op: UInt64, _ response: DatabaseResponse, at now: Int64) -> [BrokerAction] {
        guard let call = calls[op] else { return [] }
        guard canAct(at: now) else { return stop(.leadershipLost) }
        if case .unavailable = response { return [] } // retried after the timeout
        calls[op] = nil
        if case .fenceRefused(let highest) = response {
            return stop(.fenceRefused(highestToken: highest)) + wrap(election.resign(at: now), at: now)
        }
        switch (call.request.operation, response) {
        case (.readDue, .due(let fresh, let pending)):
            return take(pending + fresh, at: now)
        case (.recordIntent(let key, _), .written(let intent)):
            return intentRecorded(key, intent, at: now)
        case (.recordOutcome(let key, _), .written):
            guard case .recordingOutcome(let chargeID)? = items[key]?.stage else { return [] }
            items[key] = nil
            return [.event(.chargeRecorded(key, chargeID: chargeID))]
        case (.recordIntent(let key, _), .conflict), (.recordOutcome(let key, _), .conflict):
            items[key] = nil
            return []
        default:
            return []
        }
    }

    /// Starts the items not already in progress, predecessors' pending intents first: each
    /// begins with a fenced intent write (which also claims a predecessor's intent).
    mutating func take(_ found: [ChargeIntent], at now: Int64) -> [BrokerAction] {
        var actions: [BrokerAction] = []
        for intent in found where items[intent.key] == nil {
            guard items.count < configuration.itemsInflightMax else { break }
            items[intent.key] = Item(intent: intent, stage: .recordingIntent)
            actions += call(.recordIntent(intent.key, amountCents: intent.amountCents), at: now)
        }
        return actions
    }

    mutating func intentRecorded(_ key: ChargeKey, _ intent: ChargeIntent, at now: Int64) -> [BrokerAction] {
        guard var item = items[key], item.stage == .recordingIntent else { return [] }
        if case .charged = intent.state {
            items[key] = nil
            return []
        }
        item.intent = intent
        item.stage = .charging(lastSentAt: now, attempts: 1)
        items[key] = item
        return [.event(.intentRecorded(key))] + charge(item, attempt: 1)
    }

    func charge(_ item: Item, attempt: Int) -> [BrokerAction] {
        guard let token = actingToken, let lease = election.lease else { preconditionFailure("only a leader charges") }
        let request = ChargeRequest(item: item.intent.key, amountCents: item.intent.amountCents,
                                    idempotencyKey: item.intent.key.idempotencyKey, sender: configuration.id, lease: lease,
                                    fencingToken: token)
        return [.charge(request), .event(.chargeSent(item.intent.key, attempt: attempt))]
    }

    /// The provider's answer: record the outcome under a fenced write.
    public mutating func providerAnswered(_ response: ChargeResponse, at now: Int64) -> [BrokerAction] {
        guard canAct(at: now) else { return stop(.leadershipLost) }
        guard var item = items[response.item], case .charging = item.stage else { return [] }
        item.stage = .recordingOutcome(chargeID: response.chargeID)
        items[response.item] = item
        return call(.recordOutcome(response.item, chargeID: response.chargeID), at: now)
    }

    mutating func retryCharges(at now: Int64) -> [BrokerAction] {
        var actions: [BrokerAction] = []
        for key in items.keys.sorted() {
            guard case .charging(let last, let attempts) = items[key]!.stage, now - last >= configuration.chargeRetryMilliseconds else { continue }
            items[key]!.stage = .charging(lastSentAt: now, attempts: attempts + 1)
            actions += charge(items[key]!, attempt: attempts + 1)
        }
        return actions
    }

    mutating func retryDatabaseCalls(at now: Int64) -> [BrokerAction] {
        var actions: [BrokerAction] = []
        for op in calls.keys.sorted() where now - calls[op]!.sentAt >= configuration.databaseTimeoutMilliseconds {
            let request = calls.removeValue(forKey: op)!.request
            actions += send(request, at: now)
        }
        return actions
    }
}
