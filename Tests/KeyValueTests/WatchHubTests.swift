import KeyValue
import Testing

@Suite("Watches: order, exactly once, whole revisions, compaction, progress, followers")
struct WatchHubTests {
    /// A store with a hub that follows it.
    struct Replica {
        var store = KeyValueStore()
        var hub = WatchHub()
        var delivered: [WatchHub.Delivery] = []

        @discardableResult
        mutating func apply(_ request: Request) -> ApplyResult {
            let result = store.apply(request)
            delivered += hub.applied(events: result.events, revision: result.revision)
            return result
        }

        mutating func watch(_ range: KeyRange, from start: Int64 = 0, id: Int64 = 1, prevKv: Bool = false, owner: UInt64 = 1) {
            delivered += hub.create(WatchCreateRequest(range: range, startRevision: start, progressNotify: true, prevKv: prevKv, watchID: id),
                                    owner: owner, store: store)
        }

        func events(of id: Int64) -> [Event] {
            delivered.filter { $0.response.watchID == id }.flatMap(\.response.events)
        }
    }

    static func workload(_ replica: inout Replica) {
        _ = replica.apply(.leaseGrant(id: 1, ttlSeconds: 5))
        replica.apply(.put(PutRequest(key: "a/1", value: "x", lease: 1)))     // 2
        replica.apply(.put(PutRequest(key: "b", value: "y")))                 // 3
        replica.apply(.txn(TxnRequest(success: [.put(PutRequest(key: "a/2", value: "z")), .put(PutRequest(key: "a/3", value: "w")),
                                                .deleteRange(DeleteRangeRequest(key: "b"))])))  // 4
        replica.apply(.put(PutRequest(key: "a/2", value: "z2")))              // 5
        replica.apply(.leaseExpire(id: 1, epoch: 0))                          // 6: a/1 deleted
        replica.apply(.deleteRange(DeleteRangeRequest(range: .prefix(bytes("a/")))))  // 7
    }

    @Test("A watch from the start sees every event of its range in revision order, once; a transaction's together")
    func liveEvents() throws {
        var replica = Replica()
        replica.watch(.prefix(bytes("a/")), from: 1, prevKv: true)
        WatchHubTests.workload(&replica)
        let events = replica.events(of: 1)
        #expect(events.map { "\($0.kind) \(KeyBytes.text($0.kv.key))@\($0.revision)" } == [
            "put a/1@2", "put a/2@4", "put a/3@4", "put a/2@5", "delete a/1@6", "delete a/2@7", "delete a/3@7",
        ])
        let responses = replica.delivered.filter { $0.response.watchID == 1 && !$0.response.events.isEmpty }
        #expect(responses.map { $0.response.events.map(\.revision) } == [[2], [4, 4], [5], [6], [7, 7]])
        #expect(events[3].prevKv.map { KeyBytes.text($0.value) } == "z" && events[4].prevKv?.lease == 1)
        #expect(replica.delivered.first?.response.created == true)
    }

    @Test("Catching up from an old revision gives exactly what watching live gave")
    func catchUpEqualsLive() {
        var live = Replica()
        live.watch(KeyRange(key: bytes("a"), rangeEnd: [0]), from: 1)
        WatchHubTests.workload(&live)
        for start: Int64 in 1...8 {
            var late = live
            late.delivered = []
            late.watch(KeyRange(key: bytes("a"), rangeEnd: [0]), from: start, id: 2)
            #expect(late.events(of: 2) == live.events(of: 1).filter { $0.revision >= start }, "from \(start)")
        }
    }

    @Test("Without prevKv events carry none; filters drop puts or deletes")
    func optionsAndFilters() {
        var replica = Replica()
        replica.delivered += replica.hub.create(WatchCreateRequest(range: .prefix(bytes("a/")), startRevision: 1, filterPuts: true, watchID: 5),
                                                owner: 1, store: replica.store)
        replica.delivered += replica.hub.create(WatchCreateRequest(range: .prefix(bytes("a/")), startRevision: 1, filterDeletes: true, watchID: 6),
                                                owner: 1, store: replica.store)
        WatchHubTests.workload(&replica)
        #expect(replica.events(of: 5).allSatisfy { $0.kind == .delete && $0.prevKv == nil } && replica.events(of: 5).count == 3)
        #expect(replica.events(of: 6).allSatisfy { $0.kind == .put } && replica.events(of: 6).count == 4)
    }

    @Test("A watch from a compacted revision is created, then cancelled with the compaction revision")
    func compactedStart() throws {
        var replica = Replica()
        WatchHubTests.workload(&replica)
        replica.apply(.compact(revision: 5))
        replica.watch(.prefix(bytes("a/")), from: 4, id: 3)
        let responses = replica.delivered.filter { $0.response.watchID == 3 }.map(\.response)
        #expect(responses.count == 2 && responses[0].created && !responses[0].canceled)
        #expect(responses[1].canceled && responses[1].compactRevision == 5 && responses[1].events.isEmpty)
        #expect(replica.hub.count == 0)
        // At the compaction revision itself, nothing is lost.
        replica.watch(.prefix(bytes("a/")), from: 5, id: 4)
        #expect(replica.events(of: 4).map(\.revision) == [5, 6, 7, 7])
    }

    @Test("Progress notifications carry the current revision; cancelling answers a cancellation")
    func progressAndCancel() {
        var replica = Replica()
        replica.watch(KeyRange(key: bytes("q")))
        WatchHubTests.workload(&replica)
        let progress = replica.hub.progress(revision: replica.store.revision)
        #expect(progress.map(\.response) == [WatchResponse(watchID: 1, revision: 7)] && progress[0].response.isProgressNotification)
        #expect(replica.hub.cancel(watchID: 1, owner: 1, revision: 7).map(\.response.canceled) == [true])
        #expect(replica.hub.progress(revision: 7).isEmpty)
    }

    @Test("Duplicate ids and too many watchers are refused")
    func refusals() {
        var replica = Replica()
        replica.hub = WatchHub(limits: WatchHub.Limits(watchersMax: 2))
        replica.watch(KeyRange(key: bytes("a")), id: 1)
        replica.watch(KeyRange(key: bytes("a")), id: 1)
        replica.watch(KeyRange(key: bytes("a")), id: 1, owner: 2)
        replica.watch(KeyRange(key: bytes("a")), id: 2, owner: 2)
        let refused = replica.delivered.filter(\.response.canceled).map(\.response.cancelReason)
        #expect(refused == ["mvcc: duplicate watch ID provided on the WatchStream", "too many watchers (2)"])
        replica.hub.removeOwner(2)
        #expect(replica.hub.count == 1)
    }

    @Test("Catch-up responses hold whole revisions, about eventsPerResponseMax events each")
    func batching() {
        var replica = Replica()
        replica.hub = WatchHub(limits: WatchHub.Limits(eventsPerResponseMax: 2))
        WatchHubTests.workload(&replica)
        replica.watch(KeyRange(key: bytes("a"), rangeEnd: [0]), from: 1, id: 9)
        let batches = replica.delivered.filter { !$0.response.events.isEmpty }.map { $0.response.events.map(\.revision) }
        #expect(batches == [[2, 3], [4, 4, 4], [5, 6], [7, 7]])
    }

    @Test("A follower's watch shows only what it applied, and resuming from the last seen revision + 1 elsewhere loses nothing")
    func followerAndResume() {
        var leader = Replica()
        var log: [Request] = []
        func commit(_ request: Request) {
            log.append(request)
            leader.apply(request)
        }
        var follower = Replica()
        follower.watch(.prefix(bytes("k/")), from: 1, id: 1)
        for index in 0..<30 {
            commit(.put(PutRequest(key: "k/\(index % 4)", value: "\(index)")))
            if index % 7 == 0 { commit(.deleteRange(DeleteRangeRequest(range: .prefix(bytes("k/"))))) }
        }
        // The follower applies a prefix of the log and never reports past it.
        for request in log.prefix(12) { follower.apply(request) }
        let seen = follower.events(of: 1)
        #expect(seen.allSatisfy { $0.revision <= follower.store.revision } && seen.last?.revision == follower.store.revision)
        // Resume on the leader from the last seen revision + 1.
        leader.watch(.prefix(bytes("k/")), from: seen.last!.revision + 1, id: 2)
        var whole = Replica()
        whole.watch(.prefix(bytes("k/")), from: 1, id: 3)
        for request in log { whole.apply(request) }
        #expect(seen + leader.events(of: 2) == whole.events(of: 3))
    }

    @Test("After a snapshot is installed, watchers catch up from it, or are cancelled when it compacted their revisions")
    func restoredFromSnapshot() throws {
        var source = Replica()
        WatchHubTests.workload(&source)
        var follower = Replica()
        follower.watch(.prefix(bytes("a/")), from: 1, id: 1)
        follower.apply(.leaseGrant(id: 1, ttlSeconds: 5))
        follower.apply(.put(PutRequest(key: "a/1", value: "x", lease: 1)))
        follower.watch(.prefix(bytes("b")), from: 2, id: 2)
        var compacted = source.store
        _ = compacted.apply(.compact(revision: 3))
        follower.store = try KeyValueStore(snapshot: compacted.snapshot())
        follower.delivered += follower.hub.restored(store: follower.store)
        #expect(follower.events(of: 1).map(\.revision) == [2, 4, 4, 5, 6, 7, 7])
        let cancelled = follower.delivered.filter { $0.response.watchID == 2 && $0.response.canceled }
        #expect(cancelled.isEmpty)
        #expect(follower.events(of: 2).map(\.kind) == [.put, .delete])
        var behind = Replica()
        behind.watch(.prefix(bytes("a/")), from: 1, id: 7)
        var further = source.store
        _ = further.apply(.compact(revision: 6))
        behind.store = try KeyValueStore(snapshot: further.snapshot())
        let answers = behind.hub.restored(store: behind.store)
        #expect(answers.map(\.response.compactRevision) == [6] && behind.hub.count == 0)
    }
}
