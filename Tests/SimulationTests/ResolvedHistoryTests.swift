import KeyValue
@testable import Simulation
import Testing

@Suite("The history the linearizability audit checks: unknown calls the logs prove never happened left out")
struct ResolvedHistoryTests {
    static func finished(seed: UInt64) throws -> Simulator {
        var configuration = SimulationConfiguration(seed: seed)
        configuration.operationsPerClientPerSecond = 50
        var simulator = try Simulator(configuration: configuration)
        simulator.start()
        try simulator.runToEnd()
        return simulator
    }

    static func logged(_ simulator: Simulator) -> Set<[UInt8]> {
        var logged = Set<[UInt8]>()
        for node in simulator.nodes {
            for index in node.raft.log.firstIndex...max(node.raft.log.firstIndex, node.raft.log.lastIndex) {
                if let entry = node.raft.log.entry(at: index) { logged.insert(entry.data) }
            }
        }
        return logged
    }

    @Test("Exactly the unknown calls whose request is in no node's log are dropped, with their lines; the rest stays, in order")
    func dropsExactlyTheUnlogged() throws {
        let simulator = try ResolvedHistoryTests.finished(seed: 3)
        let logged = ResolvedHistoryTests.logged(simulator)
        var expectedDropped = Set<Int>()
        var calls = simulator.unknownCalls
        for state in simulator.clientStates {
            for lane in state.lanes { if let call = lane.open { calls.append((lines: [call.invokeLine], request: call.request)) } }
        }
        for call in calls where !logged.contains(call.request.encoded) { expectedDropped.formUnion(call.lines) }
        let (text, dropped) = simulator.resolvedHistory()
        #expect(dropped > 0, "seed 3 at rate 50 has unknown calls that never reached a log")
        #expect(dropped < calls.count, "and some that did, which stay")
        let kept = simulator.recorder.lines.enumerated().filter { !expectedDropped.contains($0.offset) }.map(\.element)
        #expect(text == kept.map { $0 + "\n" }.joined())
        // Each dropped line is an invoke or its info, never a completed call's line.
        for index in expectedDropped {
            let line = simulator.recorder.lines[index]
            #expect(line.contains("\"type\":\"invoke\"") || line.contains("\"type\":\"info\""), "\(line)")
        }
        #expect(Simulator.checkLinearizability(text).0 == .passed)
    }

    @Test("A run with no unknown call checks the recorded history unchanged")
    func nothingToDrop() throws {
        var configuration = SimulationConfiguration(seed: 1)
        configuration.faults = []
        var simulator = try Simulator(configuration: configuration)
        simulator.start()
        try simulator.runToEnd()
        #expect(simulator.unknownCalls.isEmpty)
        let (text, dropped) = simulator.resolvedHistory()
        #expect(dropped == 0)
        #expect(text == simulator.recorder.text)
    }
}
