import KeyValue
@testable import Simulation
import Testing

@Suite("The fresh-reads audit (the ReadIndex contract)")
struct FreshReadsAuditTests {
    static func read(_ id: UInt64) -> ClientMessage { .request(id: id, .range(RangeRequest(key: "k0"))) }

    static func answer(_ id: UInt64, revision: Int64) -> StoreNode.Output {
        var output = StoreNode.Output()
        output.replies.append((0, .reply(id: id, .ok(.range(RangeResponse(revision: revision, kvs: [], count: 0))))))
        return output
    }

    static func applied(_ revision: Int64) -> StoreNode.Output {
        var output = StoreNode.Output()
        output.revisions.append((revision, []))
        return output
    }

    @Test("A read answered below what a node had applied when it arrived fails; one at or above it passes")
    func staleAndFresh() throws {
        var simulator = try Simulator(configuration: SimulationConfiguration(seed: 1))
        #expect(simulator.freshReadProblems() == ["no linearizable read was answered: nothing was checked"])
        simulator.raiseReadFloor(FreshReadsAuditTests.applied(7))
        simulator.receivedRead(FreshReadsAuditTests.read(1), node: 0, client: 0)
        simulator.receivedRead(FreshReadsAuditTests.read(2), node: 1, client: 0)
        // Applied later than read 1 arrived: it does not raise read 1's floor.
        simulator.raiseReadFloor(FreshReadsAuditTests.applied(9))
        simulator.auditReadAnswers(FreshReadsAuditTests.answer(1, revision: 7), from: 0)
        #expect(simulator.freshReadProblems().isEmpty)
        simulator.auditReadAnswers(FreshReadsAuditTests.answer(2, revision: 6), from: 1)
        let problems = simulator.freshReadProblems()
        #expect(problems.count == 1)
        #expect(problems.first?.contains("n2 answered client 0's read 2 at revision 6, below revision 7") == true, "\(problems)")
    }

    @Test("Only the node that received a read is held to it; serializable reads and writes are not held")
    func receiptsAreThePerNodes() throws {
        var simulator = try Simulator(configuration: SimulationConfiguration(seed: 1))
        simulator.raiseReadFloor(FreshReadsAuditTests.applied(5))
        simulator.receivedRead(FreshReadsAuditTests.read(1), node: 0, client: 0)
        simulator.receivedRead(.request(id: 2, .range(RangeRequest(range: KeyRange(key: KeyBytes.of("k0")), serializable: true))), node: 0, client: 0)
        simulator.receivedRead(.request(id: 3, .put(PutRequest(key: "k0", value: "v"))), node: 0, client: 0)
        // Another node's answer under the same id, and answers to unheld requests, are not checked.
        simulator.auditReadAnswers(FreshReadsAuditTests.answer(1, revision: 1), from: 1)
        simulator.auditReadAnswers(FreshReadsAuditTests.answer(2, revision: 1), from: 0)
        simulator.auditReadAnswers(FreshReadsAuditTests.answer(3, revision: 1), from: 0)
        #expect(simulator.freshReadsChecked == 0)
        // A crash forgets what the node received.
        simulator.forgetReads(at: 0)
        simulator.auditReadAnswers(FreshReadsAuditTests.answer(1, revision: 1), from: 0)
        #expect(simulator.freshReadsChecked == 0)
    }
}
