import Linearizability
import Simulation
import Testing

@Suite("Deterministic simulation of the store's cluster")
struct SimulationTests {
    static let seeds: [UInt64] = [1, 2, 3]

    @Test("Seeds inject faults and pass every audit", arguments: seeds)
    func seedPasses(seed: UInt64) throws {
        let result = try Simulator.run(SimulationConfiguration(seed: seed))
        print(result.textLine)
        for (name, text) in result.explanations { print("\(name): \(text)") }
        #expect(result.passed, "\(result.textLine)")
        #expect(result.audits.map(\.name) == SeedResult.auditNames)
        #expect(result.faults.drops + result.faults.partitions + result.faults.crashes > 0, "a run that injected nothing")
        #expect(result.okOperations > 0)
    }
}
