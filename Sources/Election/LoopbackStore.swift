import KeyValue

/// One store node in process, with no network and no Raft: it applies each request at once,
/// serves watches from its hub and expires leases on the time it is given (its lessor leads).
/// The election's and the billing's tests drive the recipe against it; the caller decides
/// when (and whether) answers and watch responses reach their client, which is where faults
/// are scripted. Times are the store's clock in milliseconds.
public struct LoopbackStore: Sendable {
    public private(set) var store: KeyValueStore
    public private(set) var hub = WatchHub()
    public private(set) var lessor = Lessor()
    /// Every lease's life at this store, for the audits.
    public private(set) var leases = LeaseTimeline()
    public private(set) var now: Int64 = 0

    public init(store: KeyValueStore = KeyValueStore()) {
        self.store = store
        lessor.promote()
    }

    /// Applies one request at `time` (never earlier than the last); returns the answer and the
    /// watch responses it caused.
    public mutating func apply(_ request: Request, at time: Int64) -> (result: Result<Response, StoreError>, deliveries: [WatchHub.Delivery]) {
        advance(to: time)
        let applied = store.apply(request)
        lessor.observe(applied.leaseChanges, at: now)
        leases.record(applied.leaseChanges, at: now)
        var result = applied.result
        if case .success(.leaseTimeToLive(let response)) = result { result = .success(.leaseTimeToLive(lessor.timeToLive(response, at: now))) }
        return (result, hub.applied(events: applied.events, revision: applied.revision))
    }

    /// Lets the lessor expire what is due at `time` (and checkpoint); the watch responses the
    /// expiries caused.
    public mutating func tick(at time: Int64) -> [WatchHub.Delivery] {
        advance(to: time)
        var deliveries: [WatchHub.Delivery] = []
        for proposal in lessor.tick(at: now) { deliveries += apply(proposal, at: now).deliveries }
        return deliveries
    }

    public mutating func createWatch(_ request: WatchCreateRequest, owner: UInt64) -> [WatchHub.Delivery] {
        hub.create(request, owner: owner, store: store)
    }

    public mutating func cancelWatch(_ watchID: Int64, owner: UInt64) -> [WatchHub.Delivery] {
        hub.cancel(watchID: watchID, owner: owner, revision: store.revision)
    }

    /// The lease's remaining time at this store (nil once it is gone).
    public func remainingMilliseconds(lease: Int64) -> Int64? { lessor.remainingMilliseconds(lease, at: now) }

    private mutating func advance(to time: Int64) {
        precondition(time >= now, "the store's clock does not go back")
        now = time
    }
}
