import Election
import KeyValue

/// The one store driver of the election's and the billing's test harnesses: a `LoopbackStore`
/// with the plumbing between it and the brokers' recipes. It maps each recipe watch
/// (broker, recipe watch id) to a store watch id, turns the store's watch responses into
/// `Delivery` values for their broker, and holds those of a paused broker until it resumes
/// (a frozen process reads its socket when it wakes). Requests are applied at once; when (and
/// whether) an answer reaches its broker is the harness's script.
public struct LoopbackStoreDriver: Sendable {
    /// A watch response for a broker's recipe watch.
    public struct Delivery: Sendable {
        public var broker: Int
        public var watch: UInt64
        public var response: WatchResponse
    }

    /// Held watch responses, at most (a paused broker's backlog; beyond it is a runaway test).
    public static let heldDeliveriesMax = 10_000

    public var store = LoopbackStore()
    public private(set) var paused: Set<Int> = []
    var owners: [Int64: (broker: Int, watch: UInt64)] = [:]
    var storeWatchOf: [Int: [UInt64: Int64]] = [:]
    var nextStoreWatch: Int64 = 1
    var held: [Delivery] = []

    public init() {}

    /// Applies a broker's request now: its outcome, and the watch responses it caused that can
    /// be delivered now.
    public mutating func apply(_ request: Request, at now: Int64) -> (outcome: RequestOutcome, deliveries: [Delivery]) {
        let (result, responses) = store.apply(request, at: now)
        let outcome: RequestOutcome
        switch result {
        case .success(let response): outcome = .ok(response)
        case .failure(let error): outcome = .failed(error)
        }
        return (outcome, route(responses))
    }

    /// The store's clock moves to `now` (leases expire); the watch responses that caused.
    public mutating func tick(at now: Int64) -> [Delivery] { route(store.tick(at: now)) }

    /// Registers a recipe watch and returns the store's creation request for it (send it
    /// with `create` now or later: a watch cancelled in between is never created).
    public mutating func register(broker: Int, watch: UInt64, _ range: KeyRange, startRevision: Int64) -> WatchCreateRequest {
        let storeID = nextStoreWatch
        nextStoreWatch += 1
        owners[storeID] = (broker, watch)
        storeWatchOf[broker, default: [:]][watch] = storeID
        return WatchCreateRequest(range: range, startRevision: startRevision, watchID: storeID)
    }

    public mutating func create(_ request: WatchCreateRequest, broker: Int) -> [Delivery] {
        guard owners[request.watchID] != nil else { return [] }
        return route(store.createWatch(request, owner: UInt64(broker)))
    }

    public mutating func cancelWatch(broker: Int, watch: UInt64) {
        guard let storeID = storeWatchOf[broker]?[watch] else { return }
        storeWatchOf[broker]![watch] = nil
        owners[storeID] = nil
        _ = store.cancelWatch(storeID, owner: UInt64(broker))
    }

    /// The store's responses for their brokers; a paused broker's are held.
    mutating func route(_ responses: [WatchHub.Delivery]) -> [Delivery] {
        var ready: [Delivery] = []
        for response in responses {
            guard let (broker, watch) = owners[response.response.watchID] else { continue }
            let delivery = Delivery(broker: broker, watch: watch, response: response.response)
            if paused.contains(broker) {
                precondition(held.count < LoopbackStoreDriver.heldDeliveriesMax, "a paused broker's backlog is bounded")
                held.append(delivery)
            } else {
                ready.append(delivery)
            }
        }
        return ready
    }

    public mutating func pause(_ broker: Int) { paused.insert(broker) }

    /// The broker runs again: what was held for it, in order.
    public mutating func resume(_ broker: Int) -> [Delivery] {
        paused.remove(broker)
        let mine = held.filter { $0.broker == broker }
        held.removeAll { $0.broker == broker }
        return mine
    }

    /// The election key as the store has it now.
    public func holder(key: String = "election/billing") -> KeyValuePair? {
        try? store.store.read(RangeRequest(key: key)).get().kvs.first
    }
}

extension LoopbackStoreDriver.Delivery {
    /// The recipe input this response is: a cancellation, events, or nothing (a creation or
    /// progress notification).
    public enum Input {
        case canceled(reason: String)
        case events([Event])
        case none
    }

    public var input: Input {
        if response.canceled { return .canceled(reason: response.cancelReason) }
        if !response.events.isEmpty { return .events(response.events) }
        return .none
    }
}
