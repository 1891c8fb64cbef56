import Foundation
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

    @Test("Unknown calls in no node's log are dropped with their lines; applied ones complete at the end with what they did; the rest stays, in order")
    func dropsAndResolves() throws {
        let simulator = try ResolvedHistoryTests.finished(seed: 3)
        let logged = ResolvedHistoryTests.logged(simulator)
        var calls = simulator.unknownCalls
        for state in simulator.clientStates {
            for lane in state.lanes { if let call = lane.open { calls.append((lines: [call.invokeLine], request: call.request, process: call.process)) } }
        }
        var appliedCount: [[UInt8]: Int] = [:]
        for (_, entry) in simulator.firstApplied { appliedCount[entry.data, default: 0] += 1 }
        var removed = Set<Int>()
        var resolvedProcesses: [Int] = []
        for call in calls {
            let bytes = call.request.encoded
            if !logged.contains(bytes) {
                removed.formUnion(call.lines)
            } else if appliedCount[bytes] == 1 && simulator.callsPerRequest[bytes] == 1 {
                if call.lines.count > 1 { removed.insert(call.lines[1]) }
                resolvedProcesses.append(call.process)
            }
        }
        let (records, dropped, resolved) = simulator.resolvedHistory()
        let text = HistoryRecorder.text(of: records)
        #expect(Simulator.checkLinearizability(records: records) == Simulator.checkLinearizability(text), "the values and their text get one verdict")
        #expect(dropped > 0, "seed 3 at rate 50 has unknown calls that never reached a log")
        #expect(resolved == resolvedProcesses.count && resolved > 0, "and some that were applied")
        #expect(dropped + resolved < calls.count, "and some that stay unknown (logged, not applied, or not unique)")
        let lines = text.split(separator: "\n").map(String.init)
        let kept = simulator.recorder.lines.enumerated().filter { !removed.contains($0.offset) }.map(\.element)
        #expect(Array(lines.prefix(kept.count)) == kept, "what stays keeps its order")
        // What is appended: one completion per resolved call, on its process, at the end of the run.
        let tail = lines.dropFirst(kept.count)
        #expect(tail.count == resolved)
        for (line, process) in zip(tail, resolvedProcesses) {
            #expect(line.hasPrefix("{\"process\":\(process),\"type\":\"ok\"") || line.hasPrefix("{\"process\":\(process),\"type\":\"fail\""), "\(line)")
            #expect(line.hasSuffix("\"time\":\(simulator.configuration.endMilliseconds)}"), "\(line)")
        }
        // Each removed line is an invoke or its info, never a completed call's line.
        for index in removed {
            let line = simulator.recorder.lines[index]
            #expect(line.contains("\"type\":\"invoke\"") || line.contains("\"type\":\"info\""), "\(line)")
        }
        #expect(Simulator.checkLinearizability(text).0 == .passed)
    }

    @Test("A resolved call's completion says what the store did: planting another result fails the audit")
    func resolvedResultIsChecked() throws {
        let simulator = try ResolvedHistoryTests.finished(seed: 3)
        let (records, _, resolved) = simulator.resolvedHistory()
        try #require(resolved > 0)
        var lines = HistoryRecorder.text(of: records).split(separator: "\n").map(String.init)
        // The last resolved completion that reports a revision: claim one far past the store's.
        let index = try #require(lines.lastIndex { $0.contains("\"type\":\"ok\"") && $0.contains("\"revision\":") && $0.hasSuffix("\"time\":\(simulator.configuration.endMilliseconds)}") })
        lines[index] = lines[index].replacingOccurrences(of: #""revision":"#, with: #""revision":9999"#)
        #expect(Simulator.checkLinearizability(lines.joined(separator: "\n") + "\n").0 == .failed)
    }

    @Test("A run with no unknown call checks the recorded history unchanged")
    func nothingToDrop() throws {
        var configuration = SimulationConfiguration(seed: 1)
        configuration.faults = []
        var simulator = try Simulator(configuration: configuration)
        simulator.start()
        try simulator.runToEnd()
        #expect(simulator.unknownCalls.isEmpty)
        let (records, dropped, resolved) = simulator.resolvedHistory()
        #expect(dropped == 0 && resolved == 0)
        #expect(records == simulator.recorder.records)
    }
}
