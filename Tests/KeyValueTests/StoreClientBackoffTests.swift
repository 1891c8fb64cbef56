import KeyValue
import Testing

/// The backoff after "not the leader" with no leader named (`noLeaderBackoffMilliseconds`),
/// driven message by message.
@Suite("The client backs off while no leader is known")
struct StoreClientBackoffTests {
    static let put = Request.put(PutRequest(key: "k", value: "v"))

    static func client(backoff: Int64, redirects: Int = 6) -> StoreClient {
        StoreClient(configuration: StoreClientConfiguration(nodes: [1, 2, 3], requestTimeoutMilliseconds: 1_000, redirectsMax: redirects,
                                                            noLeaderBackoffMilliseconds: backoff))
    }

    static func sends(_ effects: [StoreClient.Effect]) -> [Int] {
        effects.compactMap { if case .send(let node, .request) = $0 { return node } else { return nil } }
    }

    @Test("Held until the backoff is over, then sent to the next node at a tick")
    func heldThenSent() {
        var client = StoreClientBackoffTests.client(backoff: 25)
        let (id, first) = client.submit(StoreClientBackoffTests.put, at: 0)
        #expect(StoreClientBackoffTests.sends(first) == [1])
        #expect(client.receive(.reply(id: id, .notLeader(leader: nil)), from: 1, at: 5).isEmpty, "held, not sent at once")
        #expect(client.tick(at: 29).isEmpty, "not before the backoff is over")
        #expect(StoreClientBackoffTests.sends(client.tick(at: 30)) == [2])
        #expect(client.tick(at: 60).isEmpty, "sent once")
        let done = client.receive(.reply(id: id, .ok(.put(PutResponse(revision: 2)))), from: 2, at: 61)
        #expect(done == [.completed(id: id, .ok(.put(PutResponse(revision: 2))))])
    }

    @Test("Without a backoff it goes to the next node at once; a named leader is followed at once")
    func noBackoffOrNamedLeader() {
        var plain = StoreClientBackoffTests.client(backoff: 0)
        let (id, _) = plain.submit(StoreClientBackoffTests.put, at: 0)
        #expect(StoreClientBackoffTests.sends(plain.receive(.reply(id: id, .notLeader(leader: nil)), from: 1, at: 5)) == [2])
        var named = StoreClientBackoffTests.client(backoff: 25)
        let (other, _) = named.submit(StoreClientBackoffTests.put, at: 0)
        #expect(StoreClientBackoffTests.sends(named.receive(.reply(id: other, .notLeader(leader: 3)), from: 1, at: 5)) == [3])
    }

    @Test("A held request is in flight nowhere: a lost connection or a stray answer leaves it alone")
    func heldIsNotInFlight() {
        var client = StoreClientBackoffTests.client(backoff: 25)
        let (id, _) = client.submit(StoreClientBackoffTests.put, at: 0)
        _ = client.receive(.reply(id: id, .notLeader(leader: nil)), from: 1, at: 5)
        // It will go to node 2: that connection breaking now says nothing of it.
        #expect(!client.disconnected(from: 2, at: 10).contains { if case .completed = $0 { return true } else { return false } })
        #expect(client.receive(.reply(id: id, .ok(.put(PutResponse(revision: 9)))), from: 2, at: 11).isEmpty)
        #expect(client.inflightCount == 1)
        #expect(StoreClientBackoffTests.sends(client.tick(at: 40)) == [3], "node 2 is avoided after its disconnection")
    }

    @Test("Held past its deadline it ends not sent: it was never proposed")
    func deadlineWhileHeld() {
        var client = StoreClientBackoffTests.client(backoff: 5_000)
        let (id, _) = client.submit(StoreClientBackoffTests.put, at: 0)
        _ = client.receive(.reply(id: id, .notLeader(leader: nil)), from: 1, at: 5)
        #expect(client.tick(at: 999).isEmpty)
        #expect(client.tick(at: 1_000) == [.completed(id: id, .notSent(.noLeader))])
    }

    @Test("The redirect limit still ends it not sent")
    func redirectLimit() {
        var client = StoreClientBackoffTests.client(backoff: 25, redirects: 2)
        let (id, _) = client.submit(StoreClientBackoffTests.put, at: 0)
        var now: Int64 = 0
        var sent = 1
        for _ in 0..<2 {
            let node = [1, 2, 3][(sent - 1) % 3]
            #expect(client.receive(.reply(id: id, .notLeader(leader: nil)), from: node, at: now).isEmpty)
            now += 25
            sent += StoreClientBackoffTests.sends(client.tick(at: now)).count
        }
        #expect(sent == 3)
        #expect(client.receive(.reply(id: id, .notLeader(leader: nil)), from: 3, at: now) == [.completed(id: id, .notSent(.noLeader))])
    }
}
