extension StoreClient {
    /// Watches a range from `startRevision` (0: from now on). Events, progress and resyncs come
    /// as effects naming the returned watch.
    public mutating func watch(_ range: KeyRange, startRevision: Int64 = 0, prevKv: Bool = false, progressNotify: Bool = false,
                               at now: Int64) -> (watch: UInt64, effects: [Effect]) {
        let id = nextWatchID
        nextWatchID += 1
        guard watches.count < configuration.watchesMax else {
            return (id, [.watchCanceled(watch: id, reason: "too many watches (\(configuration.watchesMax))")])
        }
        let request = WatchCreateRequest(range: range, startRevision: startRevision, progressNotify: progressNotify, prevKv: prevKv,
                                         watchID: 0)
        watches[id] = Watch(request: request, nextRevision: startRevision, node: nil, incarnation: 0)
        return (id, create(id))
    }

    public mutating func cancelWatch(_ id: UInt64) -> [Effect] {
        guard let watch = watches.removeValue(forKey: id) else { return [] }
        watchOfIncarnation[watch.incarnation] = nil
        if let read = watch.resyncRead { pending[read] = nil }
        guard let node = watch.node else { return [] }
        return [.send(node: node, .watchCancel(watchID: watch.incarnation))]
    }

    /// (Re)creates the watch on the target node from the first revision it has not reported.
    mutating func create(_ id: UInt64) -> [Effect] {
        guard var watch = watches[id] else { return [] }
        watchOfIncarnation[watch.incarnation] = nil
        let incarnation = nextIncarnation
        nextIncarnation += 1
        watch.incarnation = incarnation
        watch.node = target
        watch.request.watchID = incarnation
        watch.request.startRevision = watch.nextRevision
        watches[id] = watch
        watchOfIncarnation[incarnation] = id
        return [.send(node: watch.node!, .watchCreate(watch.request))]
    }

    mutating func watchResponse(_ response: WatchResponse, from node: Int, at now: Int64) -> [Effect] {
        guard let id = watchOfIncarnation[response.watchID], var watch = watches[id], watch.node == node else { return [] }
        if response.canceled {
            watch.node = nil
            watchOfIncarnation[response.watchID] = nil
            watches[id] = watch
            if response.compactRevision > 0 { return startResync(id, at: now) }
            watches[id] = nil
            return [.watchCanceled(watch: id, reason: response.cancelReason)]
        }
        if response.created {
            if watch.nextRevision == 0 { watches[id]!.nextRevision = response.revision + 1 }
            return []
        }
        if response.events.isEmpty {
            watches[id]!.nextRevision = max(watch.nextRevision, response.revision + 1)
            return [.watchProgress(watch: id, revision: response.revision)]
        }
        // A node serves whole revisions in order; what was already reported (before a resume)
        // is dropped, so each event is reported once.
        // (Usually all of them are fresh: then the response's own array, not a filtered copy.)
        let next = watch.nextRevision
        let fresh = response.events.contains(where: { $0.revision < next }) ? response.events.filter { $0.revision >= next } : response.events
        guard let last = fresh.last else { return [] }
        precondition(zip(fresh, fresh.dropFirst()).allSatisfy { $0.revision <= $1.revision }, "events come in revision order")
        watches[id]!.nextRevision = last.revision + 1
        return [.watchEvents(watch: id, events: fresh)]
    }

    /// Re-reads the watch's range (linearizably) before watching again.
    mutating func startResync(_ id: UInt64, at now: Int64) -> [Effect] {
        guard var watch = watches[id], watch.resyncRead == nil else { return [] }
        let read = nextRequestID
        nextRequestID += 1
        watch.resyncRead = read
        watch.resyncDue = false
        watches[id] = watch
        let request = Request.range(RangeRequest(range: watch.request.range))
        return send(read, Pending(request: request, node: target, deadline: now + configuration.requestTimeoutMilliseconds,
                                  redirects: 0, purpose: .resync(watch: id)))
    }

    /// The re-read ended: report the state and watch from after it, or try again next tick.
    mutating func resynced(_ id: UInt64, read: UInt64, _ outcome: RequestOutcome, at now: Int64) -> [Effect] {
        guard var watch = watches[id], watch.resyncRead == read else { return [] }
        watch.resyncRead = nil
        guard case .ok(.range(let state)) = outcome else {
            watch.resyncDue = true
            watches[id] = watch
            return []
        }
        watch.nextRevision = state.revision + 1
        watches[id] = watch
        return [.watchResynced(watch: id, state: state)] + create(id)
    }
}
