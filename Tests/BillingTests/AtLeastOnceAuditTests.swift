import Billing
import Testing

@Suite("At least once, and the ledger at quiescence, over the periods owed by the end")
struct AtLeastOnceAuditTests {
    static let plans = [Subscription(id: "alice", plan: .monthly, amountCents: 999)]
    static let calendar = BillingCalendar(dayMilliseconds: 100)
    /// alice's period p falls due at p · 30 days = p · 3,000 ms.
    static func charge(_ period: Int, at time: Int64, id: Int64) -> LedgerEntry {
        LedgerEntry(chargeID: id, item: ChargeKey(subscription: "alice", period: period), amountCents: 999, time: time)
    }

    static func audit(_ ledger: [LedgerEntry], healedAt: Int64 = 0, end: Int64 = 4_500) -> (result: AuditResult, decided: Bool) {
        BillingAudits.atLeastOnce(ledger: ledger, plans: plans, calendar: calendar, healedAt: healedAt, boundMilliseconds: 1_000, end: end)
    }

    @Test("Every owed period charged within the bound of its due time passes; the count says two were owed")
    func charged() {
        let (result, decided) = AtLeastOnceAuditTests.audit([Self.charge(0, at: 500, id: 1), Self.charge(1, at: 3_500, id: 2)])
        #expect(result.passed && decided)
        #expect(result.explanation.hasPrefix("2 periods owed"))
    }

    @Test("A period charged after its deadline, or never, fails it")
    func lateOrNever() {
        let late = AtLeastOnceAuditTests.audit([Self.charge(0, at: 500, id: 1), Self.charge(1, at: 4_200, id: 2)])
        #expect(!late.result.passed)
        #expect(late.result.explanation == "alice/1 due at 3000 ms, owed by 4000 ms, charged only at 4200 ms")
        let never = AtLeastOnceAuditTests.audit([Self.charge(0, at: 500, id: 1)])
        #expect(never.result.explanation == "alice/1 due at 3000 ms, owed by 4000 ms, charged never")
    }

    @Test("The deadline counts from the healing when that is later than the due time")
    func fromHealing() {
        // Period 0 (due at 0) is owed by 2,000 + 1,000 when the faults stop at 2,000.
        #expect(AtLeastOnceAuditTests.audit([Self.charge(0, at: 2_900, id: 1)], healedAt: 2_000, end: 3_500).result.passed)
        #expect(!AtLeastOnceAuditTests.audit([Self.charge(0, at: 3_100, id: 1)], healedAt: 2_000, end: 3_500).result.passed)
    }

    @Test("With nothing owed by the end the audit passes undecided")
    func nothingOwed() {
        let (result, decided) = AtLeastOnceAuditTests.audit([], healedAt: 2_000, end: 2_500)
        #expect(result.passed)
        #expect(!decided)
    }

    @Test("At quiescence a pending intent fails the ledger audit only if its period was due by the cut-off")
    func quiescence() {
        let ledger = [Self.charge(0, at: 500, id: 1)]
        let intents = [ChargeIntent(key: ChargeKey(subscription: "alice", period: 0), amountCents: 999, state: .charged(chargeID: 1), token: 2),
                       ChargeIntent(key: ChargeKey(subscription: "alice", period: 1), amountCents: 999, token: 2)]
        let before = BillingAudits.ledgerMatchesDatabase(ledger: ledger, intents: intents, plans: Self.plans, calendar: Self.calendar, dueBy: 2_999)
        #expect(before.passed)
        let after = BillingAudits.ledgerMatchesDatabase(ledger: ledger, intents: intents, plans: Self.plans, calendar: Self.calendar, dueBy: 3_000)
        #expect(!after.passed)
        #expect(after.explanation == "alice/1 still pending in the database")
    }
}
