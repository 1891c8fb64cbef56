/// Serves watches from one node's store, as a pure state machine: the node passes in each
/// applied entry's events and the hub answers what to send to whom. Watchers are keyed by
/// their owner (a client connection) and the watch id the client chose.
///
/// Guarantees: a watcher gets the events of its range in revision order, each exactly once,
/// the events of one revision in one response; it never sees a revision its node has not
/// applied (the hub only knows the node's store); a watch that starts below the compaction
/// revision is cancelled with that revision, so a client that resumes from the last revision
/// it saw + 1 either loses nothing or is told it must re-read.
public struct WatchHub: Sendable {
    public struct Limits: Hashable, Sendable {
        public var watchersMax: Int
        /// A catch-up response holds whole revisions up to about this many events (one
        /// revision with more still goes whole).
        public var eventsPerResponseMax: Int

        public init(watchersMax: Int = 10_000, eventsPerResponseMax: Int = 1000) {
            precondition(watchersMax > 0 && eventsPerResponseMax > 0, "positive limits")
            self.watchersMax = watchersMax
            self.eventsPerResponseMax = eventsPerResponseMax
        }
    }

    public struct WatcherKey: Hashable, Comparable, Sendable {
        public var owner: UInt64
        public var watchID: Int64
        public init(owner: UInt64, watchID: Int64) {
            self.owner = owner
            self.watchID = watchID
        }
        public static func < (a: WatcherKey, b: WatcherKey) -> Bool { (a.owner, a.watchID) < (b.owner, b.watchID) }
    }

    /// A response for one owner.
    public struct Delivery: Hashable, Sendable {
        public var owner: UInt64
        public var response: WatchResponse
    }

    struct Watcher: Sendable {
        var request: WatchCreateRequest
        /// The next revision whose events it has not been sent.
        var nextRevision: Int64
    }

    public let limits: Limits
    private var watchers: [WatcherKey: Watcher] = [:]
    /// The keys in order, so fan-out is deterministic.
    private var order: [WatcherKey] = []

    public init(limits: Limits = Limits()) { self.limits = limits }

    public var count: Int { watchers.count }

    /// Creates a watch: the creation response, then either the catch-up from the start revision
    /// through the store's revision, or a cancellation when the start is compacted.
    public mutating func create(_ request: WatchCreateRequest, owner: UInt64, store: KeyValueStore) -> [Delivery] {
        let key = WatcherKey(owner: owner, watchID: request.watchID)
        func refuse(_ reason: String) -> [Delivery] {
            [Delivery(owner: owner, response: WatchResponse(watchID: request.watchID, revision: store.revision, created: true,
                                                            canceled: true, cancelReason: reason))]
        }
        if watchers[key] != nil { return refuse("mvcc: duplicate watch ID provided on the WatchStream") }
        if watchers.count >= limits.watchersMax { return refuse("too many watchers (\(limits.watchersMax))") }
        if request.range.key.isEmpty { return refuse("etcdserver: key is not provided") }
        if request.startRevision < 0 { return refuse("a negative start revision") }
        var deliveries = [Delivery(owner: owner, response: WatchResponse(watchID: request.watchID, revision: store.revision, created: true))]
        let start = request.startRevision == 0 ? store.revision + 1 : request.startRevision
        if start < store.compactRevision {
            deliveries.append(Delivery(owner: owner, response: WatchResponse(
                watchID: request.watchID, revision: store.revision, canceled: true, compactRevision: store.compactRevision,
                cancelReason: "mvcc: required revision has been compacted")))
            return deliveries
        }
        var watcher = Watcher(request: request, nextRevision: start)
        deliveries += catchUp(&watcher, owner: owner, store: store)
        watchers[key] = watcher
        let position = order.firstIndex { key < $0 } ?? order.count
        order.insert(key, at: position)
        return deliveries
    }

    /// Cancels a watch at its owner's request (etcd answers with a cancellation).
    public mutating func cancel(watchID: Int64, owner: UInt64, revision: Int64) -> [Delivery] {
        let key = WatcherKey(owner: owner, watchID: watchID)
        guard watchers.removeValue(forKey: key) != nil else { return [] }
        order.removeAll { $0 == key }
        return [Delivery(owner: owner, response: WatchResponse(watchID: watchID, revision: revision, canceled: true))]
    }

    /// Drops every watch of an owner whose connection closed (nothing to send).
    public mutating func removeOwner(_ owner: UInt64) {
        for key in order where key.owner == owner { watchers[key] = nil }
        order.removeAll { $0.owner == owner }
    }

    /// Fans out the events of one applied entry (the store is already at `revision`).
    public mutating func applied(events: [Event], revision: Int64) -> [Delivery] {
        guard !events.isEmpty else { return [] }
        precondition(events.allSatisfy { $0.revision == revision }, "one entry's events are of one revision")
        var deliveries: [Delivery] = []
        for key in order {
            // Found once by its key, then read and advanced in place at its index.
            let index = watchers.index(forKey: key)!
            let next = watchers.values[index].nextRevision
            guard next <= revision else { continue }
            precondition(next == revision, "a watcher is never behind the revisions applied")
            watchers.values[index].nextRevision = revision + 1
            let selected = WatchHub.select(events, for: watchers.values[index].request)
            if selected.isEmpty { continue }
            deliveries.append(Delivery(owner: key.owner, response: WatchResponse(watchID: key.watchID, revision: revision, events: selected)))
        }
        return deliveries
    }

    /// Progress notifications at `revision` for the watches that asked for them (the node
    /// calls this on its progress interval), or for every watch of `owner` (an explicit
    /// progress request).
    public func progress(revision: Int64, owner: UInt64? = nil) -> [Delivery] {
        order.compactMap { key in
            if let owner { guard key.owner == owner else { return nil } } else { guard watchers[key]!.request.progressNotify else { return nil } }
            return Delivery(owner: key.owner, response: WatchResponse(watchID: key.watchID, revision: revision))
        }
    }

    /// After the store was replaced by a snapshot: catch every watcher up from the snapshot's
    /// history, or cancel it with the compaction revision if what it misses was compacted.
    public mutating func restored(store: KeyValueStore) -> [Delivery] {
        var deliveries: [Delivery] = []
        for key in order {
            var watcher = watchers[key]!
            if watcher.nextRevision < store.compactRevision {
                watchers[key] = nil
                deliveries.append(Delivery(owner: key.owner, response: WatchResponse(
                    watchID: key.watchID, revision: store.revision, canceled: true, compactRevision: store.compactRevision,
                    cancelReason: "mvcc: required revision has been compacted")))
                continue
            }
            deliveries += catchUp(&watcher, owner: key.owner, store: store)
            watchers[key] = watcher
        }
        order.removeAll { watchers[$0] == nil }
        return deliveries
    }

    /// The retained events from the watcher's next revision through the store's, in responses
    /// of whole revisions.
    private func catchUp(_ watcher: inout Watcher, owner: UInt64, store: KeyValueStore) -> [Delivery] {
        var deliveries: [Delivery] = []
        var batch: [Event] = []
        let retained = store.retainedRevisions
        while watcher.nextRevision <= store.revision {
            precondition(retained.contains(watcher.nextRevision), "checked: the start is neither compacted nor below 1")
            let selected = WatchHub.select(store.events(at: watcher.nextRevision), for: watcher.request)
            if !batch.isEmpty && batch.count + selected.count > limits.eventsPerResponseMax {
                deliveries.append(Delivery(owner: owner, response: WatchResponse(watchID: watcher.request.watchID, revision: store.revision, events: batch)))
                batch = []
            }
            batch += selected
            watcher.nextRevision += 1
        }
        if !batch.isEmpty {
            deliveries.append(Delivery(owner: owner, response: WatchResponse(watchID: watcher.request.watchID, revision: store.revision, events: batch)))
        }
        return deliveries
    }

    /// The events of the watcher's range that its filters keep, with previous values only if
    /// it asked.
    static func select(_ events: [Event], for request: WatchCreateRequest) -> [Event] {
        var selected: [Event] = []
        for event in events where request.range.contains(event.kv.key) {
            if event.kind == .put && request.filterPuts { continue }
            if event.kind == .delete && request.filterDeletes { continue }
            var kept = event
            if !request.prevKv { kept.prevKv = nil }
            selected.append(kept)
        }
        return selected
    }
}
