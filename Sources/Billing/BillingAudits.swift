import Election

/// The billing audits as pure functions over ground truth.
public enum BillingAudits {
    /// Every audit, in `AuditName` order.
    public static func all(provider: PaymentProvider, database: SubscriptionDatabase, leases: LeaseTimeline,
                           plans: [Subscription]) -> [AuditResult] {
        [atMostOnce(ledger: provider.ledger, plans: plans, calendar: database.calendar),
         noChargeAfterLeaseExpired(log: provider.log, leases: leases),
         noItemUnderTwoRevisionsAtOnce(log: provider.log),
         writesInTokenOrder(database.writeLog),
         ledgerMatchesDatabase(ledger: provider.ledger, intents: database.sortedIntents)]
    }

    /// `plans`: the subscriptions as they were set up (id, plan, amount, start day).
    public static func atMostOnce(ledger: [LedgerEntry], plans: [Subscription], calendar: BillingCalendar) -> AuditResult {
        var byID: [String: Subscription] = [:]
        for plan in plans { byID[plan.id] = plan }
        var seen: [ChargeKey: Int64] = [:]
        for entry in ledger {
            if let first = seen[entry.item] {
                return AuditResult(name: .atMostOnce, passed: false,
                                   explanation: "\(entry.item) charged twice: charges \(first) and \(entry.chargeID) at \(entry.time) ms")
            }
            seen[entry.item] = entry.chargeID
            guard let plan = byID[entry.item.subscription] else {
                return AuditResult(name: .atMostOnce, passed: false, explanation: "charge \(entry.chargeID) for unknown subscription \(entry.item.subscription)")
            }
            let due = plan.dueDay(ofPeriod: entry.item.period)
            if calendar.day(at: entry.time) < due {
                return AuditResult(name: .atMostOnce, passed: false,
                                   explanation: "\(entry.item) charged on day \(calendar.day(at: entry.time)), due on day \(due)")
            }
            if entry.amountCents != plan.amountCents {
                return AuditResult(name: .atMostOnce, passed: false,
                                   explanation: "\(entry.item) charged \(entry.amountCents), the plan's amount is \(plan.amountCents)")
            }
        }
        return AuditResult(name: .atMostOnce, passed: true, explanation: "\(ledger.count) charges, each item once, due, at the plan's amount")
    }

    public static func noChargeAfterLeaseExpired(log: [ProviderLogEntry], leases: LeaseTimeline) -> AuditResult {
        for entry in log where !leases.isLive(entry.request.lease, at: entry.sentAt) {
            let removed = leases.lives[entry.request.lease]?.removedAt.map { "gone at \($0) ms" } ?? "unknown"
            return AuditResult(name: .noChargeAfterLeaseExpired, passed: false,
                               explanation: "broker \(entry.request.sender) sent \(entry.request.item) at \(entry.sentAt) ms on lease \(entry.request.lease) (\(removed))")
        }
        return AuditResult(name: .noChargeAfterLeaseExpired, passed: true,
                           explanation: "\(log.count) requests, each sent while its sender's lease was live at the store")
    }

    public static func noItemUnderTwoRevisionsAtOnce(log: [ProviderLogEntry]) -> AuditResult {
        var newest: [ChargeKey: ProviderLogEntry] = [:]
        for entry in log.sorted(by: { ($0.sentAt, $0.receivedAt) < ($1.sentAt, $1.receivedAt) }) {
            let item = entry.request.item
            if let previous = newest[item], previous.request.fencingToken > entry.request.fencingToken {
                return AuditResult(name: .noItemUnderTwoRevisionsAtOnce, passed: false,
                                   explanation: "\(item) sent under revision \(entry.request.fencingToken) by broker \(entry.request.sender) at \(entry.sentAt) ms, after revision \(previous.request.fencingToken) by broker \(previous.request.sender) at \(previous.sentAt) ms")
            }
            if newest[item].map({ $0.request.fencingToken < entry.request.fencingToken }) ?? true { newest[item] = entry }
        }
        return AuditResult(name: .noItemUnderTwoRevisionsAtOnce, passed: true,
                           explanation: "\(newest.count) items, each sent under non-decreasing election revisions")
    }

    public static func writesInTokenOrder(_ writes: [AcceptedWrite]) -> AuditResult {
        for (before, after) in zip(writes, writes.dropFirst()) where after.token < before.token {
            return AuditResult(name: .writesInTokenOrder, passed: false,
                               explanation: "write of \(after.key) by broker \(after.writer) with token \(after.token) accepted at \(after.time) ms after token \(before.token)")
        }
        return AuditResult(name: .writesInTokenOrder, passed: true, explanation: "\(writes.count) accepted writes in token order")
    }

    public static func ledgerMatchesDatabase(ledger: [LedgerEntry], intents: [ChargeIntent]) -> AuditResult {
        var charged: [ChargeKey: [Int64]] = [:]
        for entry in ledger { charged[entry.item, default: []].append(entry.chargeID) }
        var recorded: Set<ChargeKey> = []
        for intent in intents {
            recorded.insert(intent.key)
            guard case .charged(let id) = intent.state else {
                return AuditResult(name: .ledgerMatchesDatabase, passed: false, explanation: "\(intent.key) still pending in the database")
            }
            if charged[intent.key] != [id] {
                return AuditResult(name: .ledgerMatchesDatabase, passed: false,
                                   explanation: "\(intent.key) recorded as charge \(id), the ledger has \(charged[intent.key] ?? [])")
            }
        }
        if let missing = charged.keys.sorted().first(where: { !recorded.contains($0) }) {
            return AuditResult(name: .ledgerMatchesDatabase, passed: false, explanation: "\(missing) charged but not recorded in the database")
        }
        return AuditResult(name: .ledgerMatchesDatabase, passed: true, explanation: "\(intents.count) items agree")
    }
}
