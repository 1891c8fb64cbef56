import Billing
import Election
import KeyValue
import Testing

@Suite("The broker's protocol against the store, the database and the provider")
struct BrokerProtocolTests {
    /// Two monthly and one yearly subscription, starting on different days.
    static let plans = [
        Subscription(id: "alice", plan: .monthly, amountCents: 999, startDay: 0),
        Subscription(id: "bob", plan: .monthly, amountCents: 1999, startDay: 7),
        Subscription(id: "carol", plan: .yearly, amountCents: 9900, startDay: 3),
    ]

    static func isQuiet(_ harness: BillingHarness) -> Bool {
        harness.arrivals.isEmpty && harness.brokers.allSatisfy { $0.itemsInProgress.isEmpty }
    }

    static func expectAuditsPass(_ harness: BillingHarness) {
        for audit in harness.audits { #expect(audit.passed, "\(audit)") }
    }

    @Test("Every due period is charged once, at the plan's amount, and the ledger matches the database")
    func chargesEveryDuePeriodOnce() {
        var harness = BillingHarness(brokers: 2, plans: BrokerProtocolTests.plans)
        harness.start(0)
        harness.start(1)
        harness.run(forMilliseconds: 40_000)
        let quiet = harness.run(until: BrokerProtocolTests.isQuiet)
        #expect(quiet)
        BrokerProtocolTests.expectAuditsPass(harness)
        let today = harness.database.calendar.day(at: harness.now)
        // Every period due more than a scan interval ago was charged; none ahead of time.
        let scanDays = BrokerConfiguration(id: 0).scanIntervalMilliseconds / BillingHarness.dayMilliseconds
        for subscription in harness.database.sortedSubscriptions {
            #expect(subscription.nextDueDay > today - scanDays - 1, "\(subscription.id) lags")
        }
        let charged = harness.database.sortedSubscriptions.map(\.nextPeriod).reduce(0, +)
        #expect(harness.provider.ledger.count == charged)
        #expect(charged > 20)
    }

    @Test("The intent is recorded under a fenced write before the charge is sent")
    func intentBeforeCharge() throws {
        var harness = BillingHarness(brokers: 1, plans: BrokerProtocolTests.plans)
        harness.start(0)
        harness.run(forMilliseconds: 5_000)
        #expect(!harness.provider.log.isEmpty)
        for entry in harness.provider.log {
            let intent = harness.database.writeLog.first { $0.kind == .intent && $0.key == entry.request.item && $0.writer == entry.request.sender }
            let recorded = try #require(intent, "no intent for \(entry.request.item)")
            #expect(recorded.fenced && recorded.time <= entry.sentAt && recorded.token == entry.request.fencingToken)
        }
    }

    @Test("An unanswered charge is retried with the same idempotency key, and charged once")
    func retrySameKey() throws {
        var harness = BillingHarness(brokers: 1, plans: [Subscription(id: "alice", plan: .monthly, amountCents: 999)])
        harness.providerFates[0] = [.loseAnswer]
        harness.start(0)
        let recorded = harness.run(until: { $0.database.sortedIntents.first.map { $0.state != .pending } ?? false })
        #expect(recorded)
        let requests = harness.provider.log.filter { $0.request.item == ChargeKey(subscription: "alice", period: 0) }
        #expect(requests.count == 2)
        #expect(Set(requests.map(\.request.idempotencyKey)).count == 1)
        #expect(harness.provider.ledger.count == 1)
        let clean1 = !harness.failed(.atMostOnce)
        #expect(clean1)
    }

    @Test("A successor completes the intent its predecessor left, with the same key")
    func predecessorIntentCompleted() throws {
        var harness = BillingHarness(brokers: 2, plans: [Subscription(id: "alice", plan: .monthly, amountCents: 999)])
        harness.providerFates = [[.loseAnswer], [.deliver(delayMilliseconds: 0)]]
        harness.start(0)
        let sent = harness.run(until: { !$0.charges(of: 0).isEmpty })
        #expect(sent)
        harness.start(1)
        // The leader dies with its charge unanswered and its intent pending.
        harness.pause(0)
        let completed = harness.run(until: { $0.database.sortedIntents.first.map { $0.state != .pending } ?? false })
        #expect(completed)
        let item = ChargeKey(subscription: "alice", period: 0)
        let retried = try #require(harness.charges(of: 1).first { $0.request.item == item })
        #expect(retried.request.idempotencyKey == harness.charges(of: 0)[0].request.idempotencyKey)
        #expect(retried.response.deduplicated)
        #expect(harness.provider.ledger.filter { $0.item == item }.count == 1)
        #expect(harness.database.writeLog.contains { $0.writer == 1 && $0.kind == .intent && $0.key == item && $0.fenced })
        let clean2 = !harness.failed(.atMostOnce) && !harness.failed(.writesInTokenOrder) && !harness.failed(.noChargeAfterLeaseExpired)
        #expect(clean2)
    }

    @Test("A refused fenced write stops the broker: nothing more is sent under its token")
    func stopOnRefusedFence() throws {
        var harness = BillingHarness(brokers: 1, plans: BrokerProtocolTests.plans)
        harness.start(0)
        let leading = harness.run(until: { $0.leader(at: $0.now) == 0 })
        #expect(leading)
        let token = try #require(harness.brokers[0].actingToken)
        // A successor (whose key this broker has not seen yet) claims the first due item.
        let successor = token + 100
        let claim = DatabaseRequest(writer: 9, token: successor, fenced: true,
                                    operation: .recordIntent(ChargeKey(subscription: "alice", period: 0), amountCents: 999))
        #expect(harness.database.handle(claim, at: harness.now) == .written(ChargeIntent(key: ChargeKey(subscription: "alice", period: 0),
                                                                                          amountCents: 999, token: successor)))
        let raisedAt = harness.now
        harness.run(forMilliseconds: 3_000)
        #expect(harness.events.contains { $0.broker == 0 && $0.event == .stopped(.fenceRefused(highestToken: successor)) })
        let stale = harness.provider.log.filter { $0.sentAt >= raisedAt && $0.request.fencingToken < successor }
        #expect(stale.isEmpty, "charges sent under a fenced-out token: \(stale.map(\.request.item))")
        let clean3 = !harness.failed(.writesInTokenOrder)
        #expect(clean3)
    }

    @Test("A broker paused past its lease acts on nothing when it wakes: its deadline has passed")
    func stopOnLostSession() throws {
        var harness = BillingHarness(brokers: 2, plans: BrokerProtocolTests.plans)
        harness.databaseFates[0] = Array(repeating: .deliver(delayMilliseconds: 50), count: 64)
        harness.start(0)
        let writing = harness.run(until: { h in h.sentToDatabase.contains { if case .recordIntent = $0.request.operation { return $0.broker == 0 }; return false } })
        #expect(writing)
        harness.start(1)
        harness.pause(0)
        harness.run(forMilliseconds: 8_000)
        let wokeAt = harness.now
        harness.resume(0)
        harness.run(forMilliseconds: 2_000)
        let token = harness.provider.log.filter { $0.request.sender == 0 }.map(\.request.fencingToken).max() ?? 0
        #expect(!harness.provider.log.contains { $0.request.sender == 0 && $0.sentAt >= wokeAt && $0.request.fencingToken <= token })
        #expect(harness.events.contains { $0.broker == 0 && $0.event == .stopped(.leadershipLost) })
        let clean4 = !harness.failed(.noChargeAfterLeaseExpired)
        #expect(clean4)
        let clean5 = !harness.failed(.noItemUnderTwoRevisionsAtOnce)
        #expect(clean5)
        let clean6 = !harness.failed(.atMostOnce)
        #expect(clean6)
    }
}
