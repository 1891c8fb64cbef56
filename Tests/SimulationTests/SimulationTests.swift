import Linearizability
import Simulation
import Testing

@Suite("Deterministic simulation of the store's cluster")
struct SimulationTests {
    static let seeds: [UInt64] = [1, 2, 3]

    @Test("Seeds inject faults and pass every audit", arguments: seeds)
    func seedPasses(seed: UInt64) throws {
        let result = try Simulator.run(SimulationConfiguration(seed: seed))
        for (name, text) in result.explanations { print("\(name): \(text)") }
        #expect(result.passed, "\(result.textLine)")
        #expect(result.audits.map(\.name) == SeedResult.auditNames)
        #expect(result.faults.drops + result.faults.partitions + result.faults.crashes > 0, "a run that injected nothing")
        #expect(result.okOperations > 0)
        #expect(result.watchEvents > 0, "the watch audit checked events")
        #expect(result.leaseExpiries > 0, "leases expired through the log")
    }

    @Test("Five nodes pass every audit")
    func fiveNodes() throws {
        var configuration = SimulationConfiguration(seed: 3)
        configuration.nodeCount = 5
        let result = try Simulator.run(configuration)
        #expect(result.passed, "\(result.textLine)")
        #expect(result.faults.partitions + result.faults.crashes > 0)
    }

    @Test("Leader churn cuts new leaders off, as they are elected or, holding earlier terms' entries, as they first commit, and seeds pass")
    func leaderChurn() throws {
        var atElection = 0, atCommit = 0, holdingEarlier = 0
        for seed in UInt64(1)...5 {
            var configuration = SimulationConfiguration(seed: seed)
            configuration.faults = [.partition]
            let result = try Simulator.run(configuration)
            #expect(result.passed, "\(result.textLine)")
            atElection += result.trace.filter { $0.contains("churn:") && $0.hasSuffix("cut off as it is elected") }.count
            atCommit += result.trace.filter { $0.contains("churn:") && $0.contains("cut off as it commits") }.count
            holdingEarlier += result.trace.filter { $0.contains("churn:") && $0.contains("holds entries of earlier terms") }.count
        }
        #expect(atElection > 0)
        #expect(atCommit > 0)
        // Only a leader holding earlier terms' entries waits for its first commit.
        #expect(atCommit <= holdingEarlier)
    }

    @Test("Pauses and torn writes are injected and counted across the CI seeds' first ten")
    func pausesAndTornWrites() throws {
        var pauses = 0, torn = 0
        for seed in UInt64(1)...10 {
            var configuration = SimulationConfiguration(seed: seed)
            configuration.faults = [.pause, .tornWrite, .crash]
            let result = try Simulator.run(configuration)
            #expect(result.passed, "\(result.textLine)")
            pauses += result.faults.pauses
            torn += result.faults.tornWrites
            #expect(result.faults.drops == 0 && result.faults.duplicates == 0 && result.faults.partitions == 0, "only the kinds asked for")
        }
        #expect(pauses > 0)
        #expect(torn > 0)
    }

    /// Without churn no leader is cut off for being elected, so the fault phase makes progress:
    /// seed 3 ends more calls `ok`, and still passes every audit.
    @Test("--churn 0 cuts no leader off and the fault phase makes progress; every audit passes")
    func noChurn() throws {
        var calm = SimulationConfiguration(seed: 3)
        calm.churnPercent = 0
        let without = try Simulator.run(calm)
        let with = try Simulator.run(SimulationConfiguration(seed: 3))
        #expect(without.passed, "\(without.textLine)")
        #expect(!without.trace.contains { $0.contains("churn: n") })
        #expect(with.trace.contains { $0.contains("churn: n") })
        #expect(without.okOperations > with.okOperations, "\(without.textLine) / \(with.textLine)")
    }

    /// Each client's third watch opens in the heal phase from a revision it has seen, which a
    /// compaction may have passed: the node cancels it, the client reads the range again and
    /// watches on from after the read, and the watch audit checks the re-read against the
    /// revision log. Seeds 1–10 resync 3, 4, 3, 1, 0, 1, 1, 2, 0 and 0 watches.
    @Test("Watches a compaction passed are cancelled, re-read and resumed, and every audit passes")
    func compactedWatchesResync() throws {
        var resyncs: [Int] = []
        for seed in UInt64(1)...10 {
            let result = try Simulator.run(SimulationConfiguration(seed: seed))
            #expect(result.passed, "\(result.textLine)")
            #expect(result.textLine.contains("(resyncs \(result.watchResyncs))"))
            resyncs.append(result.watchResyncs)
        }
        #expect(resyncs == [3, 4, 3, 1, 0, 1, 1, 2, 0, 0])
    }
}

@Suite("Simulation output and audits")
struct SimulationAuditTests {
    @Test("One seed's result is byte for byte the same twice, and with two workers as with one")
    func deterministic() throws {
        let first = try Simulator.run(SimulationConfiguration(seed: 4))
        let second = try Simulator.run(SimulationConfiguration(seed: 4))
        #expect(first.textLine == second.textLine)
        #expect(first.jsonLine == second.jsonLine)
        #expect(Array(first.history.utf8) == Array(second.history.utf8))
        #expect(first.trace == second.trace)
        let parallel = SimulationRunner.run(seeds: [4, 5], workers: 2).map { try? $0.get().jsonLine }
        let serial = SimulationRunner.run(seeds: [4, 5], workers: 1).map { try? $0.get().jsonLine }
        #expect(parallel == serial)
        #expect(parallel.first == first.jsonLine)
        let other = try Simulator.run(SimulationConfiguration(seed: 5))
        #expect(other.history != first.history, "another seed draws another run")
    }

    @Test("A trace with every message (a failing seed's report) is the same run: who sent what to whom, nothing else changed")
    func messageTrace() throws {
        var traced = SimulationConfiguration(seed: 4)
        traced.tracesMessages = true
        let plain = try Simulator.run(SimulationConfiguration(seed: 4))
        let withMessages = try Simulator.run(traced)
        #expect(withMessages.jsonLine == plain.jsonLine)
        #expect(withMessages.history == plain.history)
        #expect(!plain.trace.contains { $0.contains(" -> client ") }, "a plain run traces no message")
        #expect(withMessages.trace.contains { $0.contains("client 0 -> n") }, "a client's request")
        #expect(withMessages.trace.contains { $0.contains(" -> client 0: reply(") }, "a node's answer")
        #expect(withMessages.trace.contains { $0.contains(" appendEntriesRequest prev ") }, "a peer message")
        #expect(withMessages.trace.count > plain.trace.count)
        #expect(withMessages.trace.count <= SimulationConfiguration.messageTraceLinesMax)
        // Every line of the plain trace is in the traced one, in order.
        var position = withMessages.trace.startIndex
        for line in plain.trace {
            guard let found = withMessages.trace[position...].firstIndex(of: line) else {
                Issue.record("missing from the traced run: \(line)")
                return
            }
            position = found + 1
        }
    }

    @Test("A stale read planted in a real history fails the linearizability audit")
    func plantedStaleRead() throws {
        let result = try Simulator.run(SimulationConfiguration(seed: 2))
        #expect(Simulator.checkLinearizability(result.history).0 == .passed)
        // After every call of the run has ended, a read of the whole prefix answers the
        // initial state (revision 1, no keys): the run acknowledged writes, so it is stale.
        let end = SimulationConfiguration(seed: 2).endMilliseconds
        var planted = result.history
        planted += "{\"process\":999,\"type\":\"invoke\",\"f\":\"range\",\"key\":\"k\",\"end\":\"l\",\"time\":\(end + 1)}\n"
        planted += "{\"process\":999,\"type\":\"ok\",\"f\":\"range\",\"key\":\"k\",\"end\":\"l\",\"kvs\":[],\"revision\":1,\"time\":\(end + 2)}\n"
        let (outcome, why) = Simulator.checkLinearizability(planted)
        #expect(outcome == .failed, "\(why ?? "")")
        #expect(result.okOperations > 0)
    }

    @Test("A history that does not parse fails rather than passes")
    func malformedHistory() {
        #expect(Simulator.checkLinearizability("{\"process\":0,\"type\":\"invoke\"\n").0 == .failed)
    }

    @Test("Fault lists parse in declaration order; unknown names are refused")
    func faultLists() throws {
        #expect(try FaultKind.parseList("pause, crash,pause").get() == [.crash, .pause])
        #expect(try FaultKind.parseList("all").get() == FaultKind.allCases)
        #expect(try FaultKind.parseList("none").get().isEmpty)
        #expect(throws: FaultListError.self) { try FaultKind.parseList("crash,,loss").get() }
    }

    @Test("A configuration that cannot run is refused, not crashed on")
    func badConfiguration() {
        var configuration = SimulationConfiguration(seed: 1)
        configuration.clientCount = 0
        #expect(configuration.problem != nil)
        #expect(throws: SimulationError.self) { try Simulator.run(configuration) }
    }
}
