import KeyValue
import Simulation
import Testing

/// A connection that could not be made proves its message never arrived: the client's request
/// goes elsewhere and, when no node takes it, ends `notSent` (it did not happen), while what
/// was sent earlier on the lost connection stays unknown.
@Suite("The client under refused connections")
struct ClientRefusalTests {
    static let put = Request.put(PutRequest(key: "k", value: "v"))

    static func client(redirectsMax: Int = 2) -> StoreClient {
        StoreClient(configuration: StoreClientConfiguration(nodes: [1, 2, 3], requestTimeoutMilliseconds: 1_000, redirectsMax: redirectsMax))
    }

    /// The (node, message) of each send among the effects.
    static func sends(_ effects: [StoreClient.Effect]) -> [(node: Int, message: ClientMessage)] {
        effects.compactMap { if case .send(let node, let message) = $0 { return (node, message) }; return nil }
    }

    static func completions(_ effects: [StoreClient.Effect]) -> [RequestOutcome] {
        effects.compactMap { if case .completed(_, let outcome) = $0 { return outcome }; return nil }
    }

    @Test("A refused write is sent to the next node, not ended unknown")
    func refusedWriteGoesElsewhere() throws {
        var client = ClientRefusalTests.client()
        let (id, effects) = client.submit(ClientRefusalTests.put, at: 0)
        let first = try #require(ClientRefusalTests.sends(effects).first)
        #expect(first.node == 1)
        let again = client.refused(first.message, by: 1, at: 3)
        #expect(ClientRefusalTests.completions(again).isEmpty)
        let resent = ClientRefusalTests.sends(again)
        #expect(resent.count == 1)
        #expect(resent.first?.node == 2)
        #expect(resent.first?.message == .request(id: id, ClientRefusalTests.put))
        #expect(client.inflightCount == 1)
    }

    @Test("Refused by every node within the redirect limit, a write ends not sent (unreachable)")
    func refusedEverywhereEndsNotSent() throws {
        var client = ClientRefusalTests.client(redirectsMax: 2)
        var (_, effects) = client.submit(ClientRefusalTests.put, at: 0)
        var tried: [Int] = []
        for attempt in 0..<3 {
            let send = try #require(ClientRefusalTests.sends(effects).first, "attempt \(attempt) was sent")
            tried.append(send.node)
            effects = client.refused(send.message, by: send.node, at: Int64(attempt + 1))
        }
        #expect(tried == [1, 2, 3])
        #expect(ClientRefusalTests.completions(effects) == [.notSent(.unreachable)])
        #expect(ClientRefusalTests.sends(effects).isEmpty)
        #expect(client.inflightCount == 0)
    }

    @Test("A write sent earlier on the lost connection ends unknown when a later message is refused")
    func earlierWriteStaysUnknown() throws {
        var client = ClientRefusalTests.client()
        let (delivered, _) = client.submit(ClientRefusalTests.put, at: 0)
        let (refused, effects) = client.submit(.put(PutRequest(key: "j", value: "w")), at: 1)
        let send = try #require(ClientRefusalTests.sends(effects).first)
        #expect(send.node == 1)
        let after = client.refused(send.message, by: 1, at: 2)
        #expect(after.contains(.completed(id: delivered, .unknown(.connectionLost))))
        #expect(!after.contains { if case .completed(refused, _) = $0 { return true }; return false })
        #expect(ClientRefusalTests.sends(after).map(\.node) == [2])
    }

    @Test("A refused watch creation is made on another node from the same revision")
    func refusedWatchMoves() throws {
        var client = ClientRefusalTests.client()
        let (_, effects) = client.watch(.prefix(KeyBytes.of("k")), startRevision: 7, at: 0)
        let send = try #require(ClientRefusalTests.sends(effects).first)
        #expect(send.node == 1)
        let moved = try #require(ClientRefusalTests.sends(client.refused(send.message, by: 1, at: 1)).first)
        #expect(moved.node == 2)
        guard case .watchCreate(let request) = moved.message else { Issue.record("sent \(moved.message)"); return }
        #expect(request.startRevision == 7)
    }

    /// Seed 18 of five nodes was undecided while refused connections ended writes unknown
    /// (95 of 355 calls); with them failing definitely it is decided and passes.
    @Test("Five nodes, seed 18: the audit decides, with few unknown calls")
    func fiveNodesSeed18() throws {
        var configuration = SimulationConfiguration(seed: 18)
        configuration.nodeCount = 5
        let result = try Simulator.run(configuration)
        #expect(result.passed, "\(result.textLine)")
        #expect(result.unknownOperations * 10 < result.operations, "\(result.unknownOperations) of \(result.operations) unknown")
    }
}
