import Election
import KeyValue

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

    var store = LoopbackStore()
    var elections: [Election]
    var now: Int64 = 0
    var arrivals: [Arrival] = []
    var fates: [[Fate]]
    var paused: Set<Int> = []
    var watchCreateDelayMilliseconds: [Int64]
    /// Store watch id -> (broker, the recipe's watch id).
    var watchOwners: [Int64: (broker: Int, watch: UInt64)] = [:]
    var storeWatchOf: [Int: [UInt64: Int64]] = [:]
    var nextStoreWatch: Int64 = 1
    var events: [(time: Int64, broker: Int, event: ElectionEvent)] = []
    var sent: [(time: Int64, broker: Int, request: Request)] = []

    init(brokers: Int, configuration: (Int) -> ElectionConfiguration = { ElectionConfiguration(address: "broker-\($0)") }) {
        elections = (0..<brokers).map { Election(configuration: configuration($0)) }
        fates = Array(repeating: [], count: brokers)
        watchCreateDelayMilliseconds = Array(repeating: 0, count: brokers)
    }

    mutating func start(_ broker: Int) { handle(broker, elections[broker].start(at: now)) }

    mutating func handle(_ broker: Int, _ actions: [ElectionAction]) {
        for action in actions {
            switch action {
            case .send(let op, let request): send(broker, op, request)
            case .watch(let id, let range, let start):
                let storeID = nextStoreWatch
                nextStoreWatch += 1
                watchOwners[storeID] = (broker, id)
                storeWatchOf[broker, default: [:]][id] = storeID
                let request = WatchCreateRequest(range: range, startRevision: start, watchID: storeID)
                arrivals.append(Arrival(at: now + watchCreateDelayMilliseconds[broker], broker: broker, what: .createWatch(request)))
            case .cancelWatch(let id):
                guard let storeID = storeWatchOf[broker]?[id] else { continue }
                storeWatchOf[broker]![id] = nil
                watchOwners[storeID] = nil
                _ = store.cancelWatch(storeID, owner: UInt64(broker))
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
            let (result, deliveries) = store.apply(request, at: now)
            route(deliveries)
            let outcome: RequestOutcome
            switch result {
            case .success(let response): outcome = .ok(response)
            case .failure(let error): outcome = .failed(error)
            }
            if case .deliver(let delay) = fate {
                arrivals.append(Arrival(at: now + delay, broker: broker, what: .outcome(op: op, outcome)))
            } else {
                arrivals.append(Arrival(at: timeout, broker: broker, what: .outcome(op: op, .unknown(.timeout))))
            }
        }
    }

    /// Watch responses go straight to their recipe (a paused one gets them when it wakes:
    /// they are queued like answers).
    mutating func route(_ deliveries: [WatchHub.Delivery]) {
        for delivery in deliveries {
            guard let (broker, watch) = watchOwners[delivery.response.watchID] else { continue }
            let response = delivery.response
            if paused.contains(broker) {
                // Hold it: replay when resumed through the same path.
                heldWatch.append((broker, watch, response))
                continue
            }
            deliverWatch(broker, watch, response)
        }
    }

    var heldWatch: [(Int, UInt64, WatchResponse)] = []

    mutating func deliverWatch(_ broker: Int, _ watch: UInt64, _ response: WatchResponse) {
        if response.canceled {
            handle(broker, elections[broker].watchCanceled(watch: watch, reason: response.cancelReason, at: now))
        } else if !response.events.isEmpty {
            handle(broker, elections[broker].watchEvents(watch: watch, response.events, at: now))
        }
    }

    /// One step: the store expires what is due, due arrivals reach running brokers, brokers tick.
    mutating func step() {
        now += ElectionHarness.stepMilliseconds
        route(store.tick(at: now))
        let due = arrivals.filter { $0.at <= now && !paused.contains($0.broker) }
        arrivals.removeAll { $0.at <= now && !paused.contains($0.broker) }
        for arrival in due {
            switch arrival.what {
            case .outcome(let op, let outcome):
                handle(arrival.broker, elections[arrival.broker].completed(op: op, outcome, at: now))
            case .createWatch(let request):
                guard watchOwners[request.watchID] != nil else { continue }
                route(store.createWatch(request, owner: UInt64(arrival.broker)))
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

    mutating func pause(_ broker: Int) { paused.insert(broker) }

    mutating func resume(_ broker: Int) {
        paused.remove(broker)
        let held = heldWatch.filter { $0.0 == broker }
        heldWatch.removeAll { $0.0 == broker }
        for (_, watch, response) in held { deliverWatch(broker, watch, response) }
    }

    /// The key as the store has it now.
    var holder: KeyValuePair? {
        try? store.store.read(RangeRequest(key: "election/billing")).get().kvs.first
    }

    func leaders(at time: Int64) -> [Int] { elections.indices.filter { elections[$0].isLeader(at: time) } }

    func events(of broker: Int) -> [ElectionEvent] { events.filter { $0.broker == broker }.map(\.event) }
}
