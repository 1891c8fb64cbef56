/// The subscription database, a process of its own: subscriptions, charge intents and the
/// highest fencing token it accepted, with conditional (fenced) writes. Pure: the caller passes
/// in each request and the database's time; faults (a write that fails or times out) are the
/// caller's to make, by answering `.unavailable` or dropping the answer.
public struct SubscriptionDatabase: Sendable {
    /// Items one `readDue` returns at most (new and pending each).
    public static let dueItemsPerReadMax = 64

    public let calendar: BillingCalendar
    /// By id; read in id order.
    public private(set) var subscriptions: [String: Subscription]
    public private(set) var intents: [ChargeKey: ChargeIntent] = [:]
    public private(set) var highestToken: Int64 = 0
    public private(set) var writeLog: [AcceptedWrite] = []

    public init(calendar: BillingCalendar, subscriptions: [Subscription]) {
        self.calendar = calendar
        var byID: [String: Subscription] = [:]
        for subscription in subscriptions {
            precondition(byID[subscription.id] == nil, "subscription ids are unique")
            byID[subscription.id] = subscription
        }
        self.subscriptions = byID
    }

    public var sortedSubscriptions: [Subscription] { subscriptions.keys.sorted().map { subscriptions[$0]! } }
    public var sortedIntents: [ChargeIntent] { intents.keys.sorted().map { intents[$0]! } }

    public mutating func handle(_ request: DatabaseRequest, at now: Int64) -> DatabaseResponse {
        switch request.operation {
        case .readDue:
            return readDue(at: now)
        case .recordIntent(let key, let amount):
            if let refusal = fence(request) { return refusal }
            return recordIntent(key, amountCents: amount, request, at: now)
        case .recordOutcome(let key, let chargeID):
            if let refusal = fence(request) { return refusal }
            return recordOutcome(key, chargeID: chargeID, request, at: now)
        }
    }

    /// A fenced write below the highest token accepted is refused; one at or above raises it.
    mutating func fence(_ request: DatabaseRequest) -> DatabaseResponse? {
        guard request.fenced else { return nil }
        if request.token < highestToken { return .fenceRefused(highestToken: highestToken) }
        highestToken = request.token
        return nil
    }

    func readDue(at now: Int64) -> DatabaseResponse {
        let today = calendar.day(at: now)
        var fresh: [ChargeIntent] = []
        for subscription in sortedSubscriptions where subscription.nextDueDay <= today {
            let key = ChargeKey(subscription: subscription.id, period: subscription.nextPeriod)
            guard intents[key] == nil, fresh.count < SubscriptionDatabase.dueItemsPerReadMax else { continue }
            fresh.append(ChargeIntent(key: key, amountCents: subscription.amountCents, token: 0))
        }
        let pending = sortedIntents.filter { $0.state == .pending }.prefix(SubscriptionDatabase.dueItemsPerReadMax)
        return .due(newItems: fresh, pendingIntents: Array(pending))
    }

    mutating func recordIntent(_ key: ChargeKey, amountCents: Int64, _ request: DatabaseRequest, at now: Int64) -> DatabaseResponse {
        if var existing = intents[key] {
            if existing.state == .pending && request.token > existing.token {
                existing.token = request.token
                intents[key] = existing
            }
            log(request, .intent, key, at: now)
            return .written(intents[key]!)
        }
        guard let subscription = subscriptions[key.subscription] else { return .conflict("no subscription \(key.subscription)") }
        guard key.period == subscription.nextPeriod else { return .conflict("\(key) is not the due period") }
        guard subscription.nextDueDay <= calendar.day(at: now) else { return .conflict("\(key) is not yet due") }
        guard amountCents == subscription.amountCents else { return .conflict("\(key): amount is not the plan's") }
        let intent = ChargeIntent(key: key, amountCents: amountCents, token: request.token)
        intents[key] = intent
        log(request, .intent, key, at: now)
        return .written(intent)
    }

    mutating func recordOutcome(_ key: ChargeKey, chargeID: Int64, _ request: DatabaseRequest, at now: Int64) -> DatabaseResponse {
        guard var intent = intents[key] else { return .conflict("no intent for \(key)") }
        if case .charged = intent.state { return .written(intent) }
        intent.state = .charged(chargeID: chargeID)
        intent.token = max(intent.token, request.token)
        intents[key] = intent
        precondition(subscriptions[key.subscription]?.nextPeriod == key.period, "an intent is for its subscription's due period")
        subscriptions[key.subscription]!.nextPeriod += 1
        log(request, .outcome, key, at: now)
        return .written(intent)
    }

    mutating func log(_ request: DatabaseRequest, _ kind: AcceptedWrite.Kind, _ key: ChargeKey, at now: Int64) {
        writeLog.append(AcceptedWrite(time: now, writer: request.writer, token: request.token, fenced: request.fenced, kind: kind, key: key))
    }
}
