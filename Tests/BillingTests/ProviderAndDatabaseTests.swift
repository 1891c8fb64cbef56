import Billing
import Testing

@Suite("The provider's retention window and the database's fence")
struct ProviderAndDatabaseTests {
    static func request(_ key: ChargeKey, idempotencyKey: String? = nil) -> ChargeRequest {
        ChargeRequest(item: key, amountCents: 999, idempotencyKey: idempotencyKey ?? key.idempotencyKey, sender: 0, lease: 1, fencingToken: 2)
    }

    @Test("A key retried within the retention window gets the first answer; after it, it is a new charge")
    func retentionWindow() {
        var provider = PaymentProvider(retentionMilliseconds: 1000)
        let key = ChargeKey(subscription: "alice", period: 0)
        let first = provider.receive(ProviderAndDatabaseTests.request(key), sentAt: 0, at: 0)
        let inside = provider.receive(ProviderAndDatabaseTests.request(key), sentAt: 999, at: 999)
        #expect(!first.deduplicated && inside.deduplicated && inside.chargeID == first.chargeID)
        #expect(provider.ledger.count == 1)
        let after = provider.receive(ProviderAndDatabaseTests.request(key), sentAt: 1000, at: 1000)
        #expect(!after.deduplicated && after.chargeID != first.chargeID)
        #expect(provider.ledger.count == 2)
        #expect(provider.log.count == 3)
        #expect(provider.log.map(\.request.sender) == [0, 0, 0])
    }

    @Test("Fenced writes below the highest token are refused; at or above it they are accepted and raise it")
    func fence() {
        let calendar = BillingCalendar(dayMilliseconds: 100)
        var database = SubscriptionDatabase(calendar: calendar, subscriptions: [Subscription(id: "alice", plan: .monthly, amountCents: 999)])
        let key = ChargeKey(subscription: "alice", period: 0)
        func intent(_ token: Int64, fenced: Bool = true) -> DatabaseRequest {
            DatabaseRequest(writer: 0, token: token, fenced: fenced, operation: .recordIntent(key, amountCents: 999))
        }
        #expect(database.handle(intent(5), at: 0) == .written(ChargeIntent(key: key, amountCents: 999, token: 5)))
        #expect(database.handle(intent(4), at: 0) == .fenceRefused(highestToken: 5))
        #expect(database.handle(intent(5), at: 0) == .written(ChargeIntent(key: key, amountCents: 999, token: 5)))
        #expect(database.handle(intent(7), at: 0) == .written(ChargeIntent(key: key, amountCents: 999, token: 7)))
        #expect(database.highestToken == 7)
        let outcome = DatabaseRequest(writer: 0, token: 7, fenced: true, operation: .recordOutcome(key, chargeID: 1))
        #expect(database.handle(outcome, at: 0) == .written(ChargeIntent(key: key, amountCents: 999, state: .charged(chargeID: 1), token: 7)))
        #expect(database.subscriptions["alice"]?.nextPeriod == 1)
        // Period 1 falls due on day 30, by the database's clock.
        let next = ChargeKey(subscription: "alice", period: 1)
        let early = DatabaseRequest(writer: 0, token: 7, fenced: true, operation: .recordIntent(next, amountCents: 999))
        #expect(database.handle(early, at: 2999) == .conflict("alice/1 is not yet due"))
        #expect(database.handle(.init(writer: 0, token: 0, fenced: false, operation: .readDue), at: 3000)
                == .due(newItems: [ChargeIntent(key: next, amountCents: 999, token: 0)], pendingIntents: []))
    }
}
