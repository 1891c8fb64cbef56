import KeyValue
import Simulation
import Support
import Testing

/// The open-loop workload `verify bench simulate` runs: each client's requests arrive at an
/// offered rate and go out on up to `callsPerClientMax` lanes, each its own history process.
@Suite("The simulation at an offered rate")
struct OfferedLoadTests {
    static let rate = 50

    static func configuration(seed: UInt64) -> SimulationConfiguration {
        var configuration = SimulationConfiguration(seed: seed)
        configuration.operationsPerClientPerSecond = rate
        return configuration
    }

    /// Invocations of the clients' calls (not the store's expiries) in the history, with their
    /// simulated times.
    static func invocationTimes(_ history: String) throws -> [Int] {
        var times: [Int] = []
        for line in history.split(separator: "\n") {
            let value = try JSONValue.parse(String(line))
            guard value["type"]?.stringValue == "invoke", value["process"]?.intValue != nil else { continue }
            times.append(try #require(value["time"]?.intValue))
        }
        return times
    }

    /// Seed 3 at 50 a second: 1,831 calls over 16 simulated seconds, every audit passed (the
    /// linearizability audit decided). While the cluster is healed and before requests stop,
    /// the clients make about 50 calls a second each (the fault phase has leaderless spells in
    /// which arrivals wait or are shed).
    @Test("Seed 3 at 50 operations per client per second passes every audit, at about that rate, the same twice")
    func seedAtRate() throws {
        let configuration = OfferedLoadTests.configuration(seed: 3)
        let result = try Simulator.run(configuration)
        for (name, text) in result.explanations { print("\(name): \(text.prefix(2_000))") }
        #expect(result.passed, "\(result.textLine)")
        #expect(result.outcome(of: "linearizability") == .passed)
        #expect(result.operations == 1_831, "\(result.textLine)")
        let healed = try OfferedLoadTests.invocationTimes(result.history).filter {
            Int64($0) >= configuration.faultPhaseMilliseconds && Int64($0) < configuration.arrivalsEndMilliseconds
        }
        let seconds = Double(configuration.arrivalsEndMilliseconds - configuration.faultPhaseMilliseconds) / 1_000
        let achieved = Double(healed.count) / Double(configuration.clientCount) / seconds
        #expect(abs(achieved - Double(OfferedLoadTests.rate)) < 5, "achieved \(achieved) operations per client per second")
        // Lanes: some client had several calls open at once (processes beyond one per client).
        let again = try Simulator.run(configuration)
        #expect(Array(again.history.utf8) == Array(result.history.utf8))
        #expect(again.jsonLine == result.jsonLine)
        #expect(again.trace == result.trace)
        #expect(again.events == result.events && result.events > 0)
    }

    @Test("A rate outside its range, or no lane, is refused before the run", arguments: [0, 501])
    func badRate(rate: Int) {
        var configuration = SimulationConfiguration(seed: 1)
        configuration.operationsPerClientPerSecond = rate
        #expect(configuration.problem?.contains("rate \(rate) must be in 1...500") == true)
        #expect(throws: SimulationError.self) { try Simulator.run(configuration) }
        var laneless = OfferedLoadTests.configuration(seed: 1)
        laneless.callsPerClientMax = 0
        #expect(laneless.problem != nil)
    }

    /// With several calls open on one node, the refusal of one says nothing of those sent after
    /// it (the same failed attempt or a later connection): they wait for their own answer.
    @Test("A write sent after a refused one to the same node stays pending; one sent before ends unknown")
    func refusalKeepsLaterCalls() throws {
        var client = StoreClient(configuration: StoreClientConfiguration(nodes: [1, 2, 3], requestTimeoutMilliseconds: 1_000))
        let (before, _) = client.submit(.put(PutRequest(key: "a", value: "1")), at: 0)
        let (refused, sent) = client.submit(.put(PutRequest(key: "b", value: "2")), at: 1)
        let (after, _) = client.submit(.put(PutRequest(key: "c", value: "3")), at: 2)
        guard case .send(1, let message)? = sent.first else { Issue.record("sent \(sent)"); return }
        let effects = client.refused(message, by: 1, at: 3)
        #expect(effects.contains(.completed(id: before, .unknown(.connectionLost))))
        #expect(!effects.contains { if case .completed(after, _) = $0 { return true }; return false })
        #expect(!effects.contains { if case .completed(refused, _) = $0 { return true }; return false })
        #expect(effects.contains(.send(node: 2, .request(id: refused, .put(PutRequest(key: "b", value: "2"))))))
        #expect(client.inflightCount == 2)
    }
}
