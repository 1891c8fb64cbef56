import Billing
import Election
import KeyValue
import TestSupport

/// Brokers, the store, the database and the provider on one simulated clock stepped in
/// `stepMilliseconds`. Everything one step makes that is due at once is handled in the same
/// step (a zero delay is instantaneous). Faults are scripted: the fates of a broker's next
/// provider calls and database calls (delay, lost answer, lost request), database
/// unavailability, pauses (nothing delivered, no ticks).
struct BillingHarness {
    enum Fate: Equatable {
        case deliver(delayMilliseconds: Int64)
        case loseAnswer
        case loseRequest
    }

    struct Arrival {
        var at: Int64
        var broker: Int
        var what: What
        enum What {
            case store(op: UInt64, RequestOutcome)
            case database(op: UInt64, DatabaseResponse)
            case provider(ChargeResponse)
            /// A request on the wire to the database or the provider (applied when it arrives).
            case toDatabase(op: UInt64, DatabaseRequest)
            case toProvider(ChargeRequest, sentAt: Int64)
        }
    }

    static let stepMilliseconds: Int64 = 10
    static let storeTimeoutMilliseconds: Int64 = 2000
    static let dayMilliseconds: Int64 = 100

    var driver = LoopbackStoreDriver()
    var brokers: [Broker]
    var database: SubscriptionDatabase
    var provider: PaymentProvider
    let plans: [Subscription]
    var now: Int64 = 0
    var arrivals: [Arrival] = []
    var providerFates: [[Fate]]
    var databaseFates: [[Fate]]
    /// Delay of a broker's requests to the provider (the wire, or a pause between check and send).
    var providerRequestDelayMilliseconds: [Int64]
    var events: [(time: Int64, broker: Int, event: BrokerEvent)] = []
    var sentToDatabase: [(time: Int64, broker: Int, request: DatabaseRequest)] = []

    init(brokers count: Int, plans: [Subscription], retentionMilliseconds: Int64 = 60_000,
         broker: (Int) -> BrokerConfiguration = { BrokerConfiguration(id: $0) }) {
        brokers = (0..<count).map { Broker(configuration: broker($0), election: ElectionConfiguration(address: "broker-\($0)")) }
        self.plans = plans
        database = SubscriptionDatabase(calendar: BillingCalendar(dayMilliseconds: BillingHarness.dayMilliseconds), subscriptions: plans)
        provider = PaymentProvider(retentionMilliseconds: retentionMilliseconds)
        providerFates = Array(repeating: [], count: count)
        databaseFates = Array(repeating: [], count: count)
        providerRequestDelayMilliseconds = Array(repeating: 0, count: count)
    }

    var store: LoopbackStore { driver.store }
    var paused: Set<Int> { driver.paused }

    static func fate(_ fates: inout [Fate]) -> Fate { fates.isEmpty ? .deliver(delayMilliseconds: 0) : fates.removeFirst() }

    mutating func start(_ broker: Int) { handle(broker, brokers[broker].start(at: now)) }

    mutating func handle(_ broker: Int, _ actions: [BrokerAction]) {
        for action in actions {
            switch action {
            case .election(let election): handleElection(broker, election)
            case .database(let op, let request):
                sentToDatabase.append((now, broker, request))
                switch BillingHarness.fate(&databaseFates[broker]) {
                case .loseRequest: continue
                case .loseAnswer:
                    // Applied, but the answer never comes back: the broker retries after its timeout.
                    _ = database.handle(request, at: now)
                case .deliver(let delay):
                    arrivals.append(Arrival(at: now + delay, broker: broker, what: .toDatabase(op: op, request)))
                }
            case .charge(let request):
                let at = now + providerRequestDelayMilliseconds[broker]
                arrivals.append(Arrival(at: at, broker: broker, what: .toProvider(request, sentAt: now)))
            case .event(let event): events.append((now, broker, event))
            }
        }
    }

    mutating func handleElection(_ broker: Int, _ action: ElectionAction) {
        switch action {
        case .send(let op, let request):
            let (outcome, deliveries) = driver.apply(request, at: now)
            deliver(deliveries)
            arrivals.append(Arrival(at: now, broker: broker, what: .store(op: op, outcome)))
        case .watch(let id, let range, let start):
            let request = driver.register(broker: broker, watch: id, range, startRevision: start)
            deliver(driver.create(request, broker: broker))
        case .cancelWatch(let id):
            driver.cancelWatch(broker: broker, watch: id)
        case .event:
            return
        }
    }

    mutating func deliver(_ deliveries: [LoopbackStoreDriver.Delivery]) {
        for delivery in deliveries {
            switch delivery.input {
            case .canceled(let reason):
                handle(delivery.broker, brokers[delivery.broker].watchCanceled(watch: delivery.watch, reason: reason, at: now))
            case .events(let events):
                handle(delivery.broker, brokers[delivery.broker].watchEvents(watch: delivery.watch, events, at: now))
            case .none:
                continue
            }
        }
    }

    mutating func deliver(_ arrival: Arrival) {
        let broker = arrival.broker
        switch arrival.what {
        case .store(let op, let outcome): handle(broker, brokers[broker].storeCompleted(op: op, outcome, at: now))
        case .database(let op, let response): handle(broker, brokers[broker].databaseAnswered(op: op, response, at: now))
        case .provider(let response): handle(broker, brokers[broker].providerAnswered(response, at: now))
        case .toDatabase(let op, let request):
            let response = database.handle(request, at: now)
            arrivals.append(Arrival(at: now, broker: broker, what: .database(op: op, response)))
        case .toProvider(let request, let sentAt):
            let response = provider.receive(request, sentAt: sentAt, at: now)
            switch BillingHarness.fate(&providerFates[broker]) {
            case .deliver(let delay): arrivals.append(Arrival(at: now + delay, broker: broker, what: .provider(response)))
            case .loseAnswer, .loseRequest: return
            }
        }
    }

    /// Whether the arrival can be handled now: requests on the wire reach the database and the
    /// provider even while their sender is paused; answers wait for a running broker.
    func ready(_ arrival: Arrival) -> Bool {
        guard arrival.at <= now else { return false }
        switch arrival.what {
        case .toDatabase, .toProvider: return true
        case .store, .database, .provider: return !paused.contains(arrival.broker)
        }
    }

    mutating func step() {
        now += BillingHarness.stepMilliseconds
        deliver(driver.tick(at: now))
        var rounds = 0
        while let index = arrivals.firstIndex(where: ready) {
            rounds += 1
            precondition(rounds < 10_000, "a step settles")
            deliver(arrivals.remove(at: index))
        }
        for broker in brokers.indices where !paused.contains(broker) {
            handle(broker, brokers[broker].tick(at: now))
        }
    }

    mutating func run(forMilliseconds duration: Int64) {
        let end = now + duration
        while now < end { step() }
    }

    mutating func run(until condition: (BillingHarness) -> Bool, limitMilliseconds: Int64 = 30_000) -> Bool {
        let end = now + limitMilliseconds
        while now < end {
            if condition(self) { return true }
            step()
        }
        return condition(self)
    }

    mutating func pause(_ broker: Int) { driver.pause(broker) }

    mutating func resume(_ broker: Int) { deliver(driver.resume(broker)) }

    func leader(at time: Int64) -> Int? { brokers.indices.first { brokers[$0].canAct(at: time) } }

    var audits: [AuditResult] {
        BillingAudits.all(provider: provider, database: database, leases: store.leases, plans: plans)
    }

    func failed(_ name: AuditName) -> Bool { audits.contains { $0.name == name && !$0.passed } }

    func charges(of broker: Int) -> [ProviderLogEntry] { provider.log.filter { $0.request.sender == broker } }
}
