import KeyValue
import Testing

@Suite("The client: leaders, unknown outcomes, resuming watches")
struct StoreClientTests {
    static func put(_ key: String, _ value: String) -> Request { .put(PutRequest(key: key, value: value)) }

    @Test("A request to a follower is redirected to the leader it names and answered there")
    func redirect() throws {
        var nodes = FakeNodes(count: 3, leader: 2)
        let id = nodes.submit(StoreClientTests.put("k", "v"))
        guard case .ok(.put(let put))? = nodes.outcome(id) else { Issue.record("answered: \(String(describing: nodes.outcome(id)))"); return }
        #expect(put.revision == 2)
        #expect(nodes.sends.map(\.node) == [0, 2] && nodes.client.leader == 2)
        // The next request goes to the leader directly.
        _ = nodes.submit(StoreClientTests.put("k", "w"))
        #expect(nodes.sends.map(\.node) == [0, 2, 2])
    }

    @Test("Without a leader a request ends not sent after the redirect limit: it did not happen")
    func noLeader() {
        var nodes = FakeNodes(count: 3, leader: nil)
        let id = nodes.submit(StoreClientTests.put("k", "v"))
        #expect(nodes.outcome(id) == .notSent(.noLeader))
        #expect(nodes.sends.count == 4 && nodes.stores.allSatisfy { $0.revision == 1 })
    }

    @Test("A write that times out ends unknown and is never sent again")
    func timeout() {
        var nodes = FakeNodes(count: 3, leader: 0)
        nodes.silent = [0]
        let id = nodes.submit(StoreClientTests.put("k", "v"))
        nodes.tick(999)
        #expect(nodes.outcome(id) == nil)
        nodes.tick(1)
        #expect(nodes.outcome(id) == .unknown(.timeout))
        nodes.tick(5000)
        #expect(nodes.sends.count == 1 && nodes.client.inflightCount == 0)
        // A late answer changes nothing.
        #expect(nodes.client.receive(.reply(id: id, .ok(.put(PutResponse(revision: 2)))), from: 0, at: nodes.now).isEmpty)
    }

    @Test("A lost connection makes a write unknown; a read is retried on another node")
    func connectionLost() throws {
        var nodes = FakeNodes(count: 3, leader: 0)
        _ = nodes.submit(StoreClientTests.put("k", "v"))
        nodes.replicate(1)
        nodes.silent = [0]
        let write = nodes.submit(StoreClientTests.put("k", "w"))
        let read = nodes.submit(.range(RangeRequest(key: "k")))
        nodes.silent = []
        nodes.disconnect(0)
        #expect(nodes.outcome(write) == .unknown(.connectionLost))
        guard case .ok(.range(let found))? = nodes.outcome(read) else { Issue.record("the read was retried"); return }
        #expect(texts(found.kvs) == ["k=v"])
        #expect(nodes.sends.filter { if case .request(write, _) = $0.message { return true }; return false }.count == 1)
    }

    @Test("A node that lost track answers unknown; refusals end failed; too many in flight end not sent")
    func otherOutcomes() {
        var nodes = FakeNodes(count: 1, leader: 0, inflightMax: 1)
        let refused = nodes.submit(.put(PutRequest(key: "k", value: "v", lease: 5)))
        #expect(nodes.outcome(refused) == .failed(.leaseNotFound))
        nodes.silent = [0]
        let first = nodes.submit(StoreClientTests.put("a", "1"))
        let second = nodes.submit(StoreClientTests.put("b", "1"))
        #expect(nodes.outcome(second) == .notSent(.tooManyInflight))
        nodes.run(nodes.client.receive(.reply(id: first, .unknown), from: 0, at: nodes.now))
        #expect(nodes.outcome(first) == .unknown(.nodeLostTrack))
    }

    @Test("A watch resumes on another node from the last revision it saw + 1: nothing lost, nothing twice")
    func watchResumes() {
        var nodes = FakeNodes(count: 3, leader: 0)
        let (watch, effects) = nodes.client.watch(.prefix(bytes("e/")), at: nodes.now)
        nodes.run(effects)
        for index in 0..<10 { _ = nodes.submit(StoreClientTests.put("e/\(index % 3)", "\(index)")) }
        #expect(nodes.watchEvents.count == 10)
        // Node 1 lags behind; the watch moves there and sees only what it applied, then the rest.
        nodes.replicate(1, upTo: 6)
        nodes.disconnect(0)
        #expect(nodes.client.resumeRevision(of: watch) == 12)
        nodes.leader = 1
        nodes.replicate(1)
        for index in 10..<15 { _ = nodes.submit(StoreClientTests.put("e/\(index % 3)", "\(index)")) }
        let revisions = nodes.watchEvents.map(\.revision)
        #expect(revisions == Array(2...16))
        #expect(Set(revisions).count == revisions.count)
    }

    @Test("A watch whose history was compacted re-reads its range and watches from after the read")
    func watchResyncsAfterCompaction() throws {
        var nodes = FakeNodes(count: 2, leader: 0)
        let (watch, effects) = nodes.client.watch(.prefix(bytes("e/")), startRevision: 1, at: nodes.now)
        nodes.run(effects)
        _ = nodes.submit(StoreClientTests.put("e/1", "a"))      // 2
        #expect(nodes.watchEvents.map(\.revision) == [2])
        // Node 0 drops the watch (its connection broke) before the client notices; meanwhile
        // the store changes and compacts, and node 1 applies all of it.
        nodes.hubs[0].removeOwner(FakeNodes.owner)
        nodes.log += [StoreClientTests.put("e/2", "b"), .deleteRange(DeleteRangeRequest(key: "e/1")), .compact(revision: 4)]
        for _ in 0..<3 { _ = nodes.apply(at: 0) }
        nodes.replicate(1)
        // The watch moves to node 1 from revision 3, which is compacted there.
        nodes.connected.remove(0)
        nodes.run(nodes.client.disconnected(from: 0, at: nodes.now))
        nodes.connected.insert(0)
        let resynced = nodes.reported.compactMap { effect -> RangeResponse? in
            if case .watchResynced(watch, let state) = effect { return state }
            return nil
        }
        #expect(resynced.map { texts($0.kvs) } == [["e/2=b"]] && resynced.first?.revision == 4)
        #expect(nodes.client.resumeRevision(of: watch) == 5)
        _ = nodes.submit(StoreClientTests.put("e/3", "c"))
        nodes.replicate(1)
        #expect(nodes.watchEvents.map(\.revision) == [2, 5])
    }

    @Test("Progress notifications move the resume point; cancelling stops the watch")
    func progressAndCancel() {
        var nodes = FakeNodes(count: 1, leader: 0)
        let (watch, effects) = nodes.client.watch(KeyRange(key: bytes("quiet")), at: nodes.now)
        nodes.run(effects)
        #expect(nodes.client.resumeRevision(of: watch) == 2)
        for index in 0..<3 { _ = nodes.submit(StoreClientTests.put("busy", "\(index)")) }
        nodes.run([.send(node: 0, .progressRequest)])
        #expect(nodes.reported.contains(.watchProgress(watch: watch, revision: 4)))
        #expect(nodes.client.resumeRevision(of: watch) == 5)
        nodes.run(nodes.client.cancelWatch(watch))
        #expect(nodes.hubs[0].count == 0 && nodes.client.resumeRevision(of: watch) == nil)
    }
}
