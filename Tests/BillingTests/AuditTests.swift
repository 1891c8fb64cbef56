import Billing
import Election
import KeyValue
import Testing

@Suite("The audits catch planted violations and pass clean histories")
struct AuditTests {
    static let plans = [Subscription(id: "alice", plan: .monthly, amountCents: 999)]
    static let calendar = BillingCalendar(dayMilliseconds: 100)
    static let key0 = ChargeKey(subscription: "alice", period: 0)
    static let key1 = ChargeKey(subscription: "alice", period: 1)

    static func entry(_ key: ChargeKey, sender: Int = 0, lease: Int64 = 1, token: Int64 = 2, sentAt: Int64, chargeID: Int64 = 1) -> ProviderLogEntry {
        ProviderLogEntry(request: ChargeRequest(item: key, amountCents: 999, idempotencyKey: key.idempotencyKey, sender: sender, lease: lease,
                                                fencingToken: token),
                         sentAt: sentAt, receivedAt: sentAt, response: ChargeResponse(item: key, idempotencyKey: key.idempotencyKey,
                                                                                      chargeID: chargeID, deduplicated: false))
    }

    @Test("at most once: a double charge, an early charge and a wrong amount each fail it")
    func atMostOnce() {
        let clean = [LedgerEntry(chargeID: 1, item: AuditTests.key0, amountCents: 999, time: 0),
                     LedgerEntry(chargeID: 2, item: AuditTests.key1, amountCents: 999, time: 3000)]
        #expect(BillingAudits.atMostOnce(ledger: clean, plans: AuditTests.plans, calendar: AuditTests.calendar).passed)
        let twice = clean + [LedgerEntry(chargeID: 3, item: AuditTests.key1, amountCents: 999, time: 3100)]
        let verdict = BillingAudits.atMostOnce(ledger: twice, plans: AuditTests.plans, calendar: AuditTests.calendar)
        #expect(!verdict.passed && verdict.explanation == "alice/1 charged twice: charges 2 and 3 at 3100 ms")
        let early = [LedgerEntry(chargeID: 1, item: AuditTests.key1, amountCents: 999, time: 2999)]
        #expect(BillingAudits.atMostOnce(ledger: early, plans: AuditTests.plans, calendar: AuditTests.calendar).explanation
                == "alice/1 charged on day 29, due on day 30")
        let wrong = [LedgerEntry(chargeID: 1, item: AuditTests.key0, amountCents: 1000, time: 0)]
        #expect(!BillingAudits.atMostOnce(ledger: wrong, plans: AuditTests.plans, calendar: AuditTests.calendar).passed)
    }

    @Test("no charge after the lease expired: a send after the store removed the lease fails it")
    func leaseExpired() {
        var leases = LeaseTimeline()
        leases.record([.granted(id: 1, ttlSeconds: 5)], at: 0)
        leases.record([.removed(id: 1)], at: 5000)
        #expect(BillingAudits.noChargeAfterLeaseExpired(log: [AuditTests.entry(AuditTests.key0, sentAt: 4999)], leases: leases).passed)
        let late = BillingAudits.noChargeAfterLeaseExpired(log: [AuditTests.entry(AuditTests.key0, sentAt: 5000)], leases: leases)
        #expect(!late.passed && late.explanation == "broker 0 sent alice/0 at 5000 ms on lease 1 (gone at 5000 ms)")
    }

    @Test("no item under two revisions at once: an older revision sending after a newer one fails it")
    func twoRevisions() {
        let handover = [AuditTests.entry(AuditTests.key0, token: 2, sentAt: 0), AuditTests.entry(AuditTests.key0, sender: 1, token: 9, sentAt: 10)]
        #expect(BillingAudits.noItemUnderTwoRevisionsAtOnce(log: handover).passed)
        let overlap = handover + [AuditTests.entry(AuditTests.key0, token: 2, sentAt: 20)]
        #expect(!BillingAudits.noItemUnderTwoRevisionsAtOnce(log: overlap).passed)
    }

    @Test("writes in token order: a lower token accepted after a higher one fails it")
    func tokenOrder() {
        let writes = [AcceptedWrite(time: 0, writer: 0, token: 2, fenced: true, kind: .intent, key: AuditTests.key0),
                      AcceptedWrite(time: 1, writer: 1, token: 9, fenced: true, kind: .intent, key: AuditTests.key0)]
        #expect(BillingAudits.writesInTokenOrder(writes).passed)
        let stale = writes + [AcceptedWrite(time: 2, writer: 0, token: 2, fenced: false, kind: .outcome, key: AuditTests.key0)]
        #expect(!BillingAudits.writesInTokenOrder(stale).passed)
    }

    @Test("ledger matches database: a pending intent, an unrecorded charge or another charge id fails it")
    func ledgerMatches() {
        let ledger = [LedgerEntry(chargeID: 1, item: AuditTests.key0, amountCents: 999, time: 0)]
        let charged = [ChargeIntent(key: AuditTests.key0, amountCents: 999, state: .charged(chargeID: 1), token: 2)]
        #expect(BillingAudits.ledgerMatchesDatabase(ledger: ledger, intents: charged).passed)
        #expect(!BillingAudits.ledgerMatchesDatabase(ledger: ledger, intents: [ChargeIntent(key: AuditTests.key0, amountCents: 999, token: 2)]).passed)
        #expect(!BillingAudits.ledgerMatchesDatabase(ledger: ledger, intents: []).passed)
        let other = [ChargeIntent(key: AuditTests.key0, amountCents: 999, state: .charged(chargeID: 7), token: 2)]
        #expect(!BillingAudits.ledgerMatchesDatabase(ledger: ledger, intents: other).passed)
    }
}
