extension BillingAudits {
    /// Every period that fell due is in the ledger by its deadline: the later of its due time
    /// and `healedAt`, plus `boundMilliseconds` (a failover, a scan, the calls). Periods whose
    /// deadline falls after `end` are not yet owed. With no period owed the audit cannot
    /// decide, and says so (`decided == false`).
    public static func atLeastOnce(ledger: [LedgerEntry], plans: [Subscription], calendar: BillingCalendar, healedAt: Int64,
                                   boundMilliseconds: Int64, end: Int64) -> (result: AuditResult, decided: Bool) {
        precondition(boundMilliseconds > 0 && healedAt <= end, "a positive bound within the run")
        var chargedAt: [ChargeKey: Int64] = [:]
        for entry in ledger where chargedAt[entry.item] == nil { chargedAt[entry.item] = entry.time }
        var owed = 0
        for plan in plans.sorted(by: { $0.id < $1.id }) {
            var period = 0
            while true {
                let due = calendar.start(ofDay: plan.dueDay(ofPeriod: period))
                let deadline = max(due, healedAt) + boundMilliseconds
                if deadline > end { break }
                owed += 1
                let key = ChargeKey(subscription: plan.id, period: period)
                guard let time = chargedAt[key], time <= deadline else {
                    let when = chargedAt[key].map { "only at \($0) ms" } ?? "never"
                    return (AuditResult(name: .atLeastOnce, passed: false,
                                        explanation: "\(key) due at \(due) ms, owed by \(deadline) ms, charged \(when)"), true)
                }
                period += 1
            }
        }
        return (AuditResult(name: .atLeastOnce, passed: true,
                            explanation: "\(owed) periods owed, each charged within \(boundMilliseconds) ms of its due time or the healing"),
                owed > 0)
    }

    /// The ledger matches the database over the items due by `dueBy` (later ones may still be
    /// in progress when the run ends).
    public static func ledgerMatchesDatabase(ledger: [LedgerEntry], intents: [ChargeIntent], plans: [Subscription],
                                             calendar: BillingCalendar, dueBy: Int64) -> AuditResult {
        var byID: [String: Subscription] = [:]
        for plan in plans { byID[plan.id] = plan }
        func settled(_ key: ChargeKey) -> Bool {
            guard let plan = byID[key.subscription] else { return true } // an unknown item is always judged
            return calendar.start(ofDay: plan.dueDay(ofPeriod: key.period)) <= dueBy
        }
        return ledgerMatchesDatabase(ledger: ledger.filter { settled($0.item) }, intents: intents.filter { settled($0.key) })
    }
}
