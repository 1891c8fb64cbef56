import Election
import KeyValue
import TestSupport

/// Brokers' election recipes against one in-process store, on one simulated clock stepped in
/// `stepMilliseconds`. Faults are scripted per broker: the fate of its next requests (answer
/// delayed, answer lost, request lost), pauses (no ticks, nothing delivered), a delay before
/// its watches are created, and compaction.
struct ElectionHarness {
    enum Fate: Equatable {
        case deliver(delayMilliseconds: Int64)
        /// Applied, but the answer never arrives: the client times out (unknown).
        case loseAnswer
        /// Never reaches the store: the client times out (unknown).
        case loseRequest
    }

    struct Arrival {
        var at: Int64
        var broker: Int
        var what: What
        enum What {
            case outcome(op: UInt64, RequestOutcome)
            case createWatch(WatchCreateRequest)
        }
    }

    static let stepMilliseconds: Int64 = 10
    static let requestTimeoutMilliseconds: Int64 = 2000

    var driver = LoopbackStoreDriver()
    var elections: [Election]
    var now: Int64 = 0
    var arrivals: [Arrival] = []
    var fates: [[Fate]]
    var watchCreateDelayMilliseconds: [Int64]
    var events: [(time: Int64, broker: Int, event: ElectionEvent)] = []
    var sent: [(time: Int64, broker: Int, request: Request)] = []

    init(brokers: Int, configuration: (Int) -> ElectionConfiguration = { ElectionConfiguration(address: "broker-\($0)") }) {
        elections = (0..<brokers).map { Election(configuration: configuration($0)) }
        fates = Array(repeating: [], count: brokers)
        watchCreateDelayMilliseconds = Array(repeating: 0, count: brokers)
    }

    /// The store itself (the tests read its leases and apply requests behind the brokers' backs).
    var store: LoopbackStore {
        get { driver.store }
        _modify { yield &driver.store }
    }

    var paused: Set<Int> { driver.paused }

    mutating func start(_ broker: Int) { handle(broker, elections[broker].start(at: now)) }

    mutating func handle(_ broker: Int, _ actions: [ElectionAction]) {
        for action in actions {
            switch action {
            case .send(let op, let request): send(broker, op, request)
            case .watch(let id, let range, let start):
                let request = driver.register(broker: broker, watch: id, range, startRevision: start)
                arrivals.append(Arrival(at: now + watchCreateDelayMilliseconds[broker], broker: broker, what: .createWatch(request)))
            case .cancelWatch(let id): driver.cancelWatch(broker: broker, watch: id)
            case .event(let event): events.append((now, broker, event))
            }
        }
    }

    mutating func send(_ broker: Int, _ op: UInt64, _ request: Request) {
        sent.append((now, broker, request))
        let fate = fates[broker].isEmpty ? .deliver(delayMilliseconds: 0) : fates[broker].removeFirst()
        let timeout = now + ElectionHarness.requestTimeoutMilliseconds
        switch fate {
        case .loseRequest:
            arrivals.append(Arrival(at: timeout, broker: broker, what: .outcome(op: op, .unknown(.timeout))))
        case .loseAnswer, .deliver:
            let (outcome, deliveries) = driver.apply(request, at: now)
            deliver(deliveries)
            if case .deliver(let delay) = fate {
                arrivals.append(Arrival(at: now + delay, broker: broker, what: .outcome(op: op, outcome)))
            } else {
                arrivals.append(Arrival(at: timeout, broker: broker, what: .outcome(op: op, .unknown(.timeout))))
            }
        }
    }

    /// Watch responses go straight to their recipe (the driver holds a paused one's).
    mutating func deliver(_ deliveries: [LoopbackStoreDriver.Delivery]) {
        for delivery in deliveries {
            switch delivery.input {
            case .canceled(let reason):
                handle(delivery.broker, elections[delivery.broker].watchCanceled(watch: delivery.watch, reason: reason, at: now))
            case .events(let events):
                handle(delivery.broker, elections[delivery.broker].watchEvents(watch: delivery.watch, events, at: now))
            case .none:
                continue
            }
        }
    }

    /// One step: the store expires what is due, due arrivals reach running brokers, brokers tick.
    mutating func step() {
        now += ElectionHarness.stepMilliseconds
        deliver(driver.tick(at: now))
        let (time, held) = (now, driver.paused)
        let due = arrivals.filter { $0.at <= time && !held.contains($0.broker) }
        arrivals.removeAll { $0.at <= time && !held.contains($0.broker) }
        for arrival in due {
            switch arrival.what {
            case .outcome(let op, let outcome):
                handle(arrival.broker, elections[arrival.broker].completed(op: op, outcome, at: now))
            case .createWatch(let request):
                deliver(driver.create(request, broker: arrival.broker))
            }
        }
        for broker in elections.indices where !paused.contains(broker) {
            handle(broker, elections[broker].tick(at: now))
        }
    }

    mutating func run(forMilliseconds duration: Int64) {
        let end = now + duration
        while now < end { step() }
    }

    mutating func run(until condition: (ElectionHarness) -> Bool, limitMilliseconds: Int64 = 60_000) -> Bool {
        let end = now + limitMilliseconds
        while now < end {
            if condition(self) { return true }
            step()
        }
        return condition(self)
    }

    mutating func pause(_ broker: Int) { driver.pause(broker) }

    mutating func resume(_ broker: Int) { deliver(driver.resume(broker)) }

    /// The key as the store has it now.
    var holder: KeyValuePair? { driver.holder() }

    func leaders(at time: Int64) -> [Int] { elections.indices.filter { elections[$0].isLeader(at: time) } }

    func events(of broker: Int) -> [ElectionEvent] { events.filter { $0.broker == broker }.map(\.event) }
}
