import Testing
@testable import VerifyCLI

@Suite("verify simulate --scenario billing")
struct BillingSimulateCommandTests {
    @Test("One seed: a passing line with its faults, audits and figures, then the summary; the same bytes twice")
    func oneSeed() {
        let first = Invocation(["simulate", "--scenario", "billing", "--seed", "3", "--workers", "1"])
        let second = Invocation(["simulate", "--scenario", "billing", "--seed", "3", "--workers", "1"])
        #expect(first.status == 0, "\(first.output)")
        #expect(first.output == second.output)
        let lines = first.output.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("seed 3: passed; charges ") == true)
        #expect(lines.first?.contains("audits: atMostOnce passed, noChargeAfterLeaseExpired passed") == true)
        #expect(lines.last?.hasPrefix("billing: 1 of 1 seeds inside the assumption passed, 0 outside it") == true)
    }

    @Test("JSON per seed carries the scenario, faults, audits and failovers")
    func json() {
        let run = Invocation(["simulate", "--scenario", "billing", "--seed", "3", "--format", "json"])
        #expect(run.status == 0)
        #expect(run.output.hasPrefix("{\"seed\":3,\"scenario\":\"billing\",\"faults\":{\"drops\":"))
        #expect(run.output.contains("\"failovers\":[{\"fencingToken\":"))
        #expect(run.output.contains("\"passed\":true}"))
    }

    @Test("A seed beyond the provider's retention is reported outside the assumption and does not fail the run")
    func outside() {
        let run = Invocation(["simulate", "--scenario", "billing", "--seed", "10"])
        #expect(run.status == 0)
        #expect(run.output.hasPrefix("seed 10: outside the assumption;"))
        #expect(run.output.contains("0 of 0 seeds inside the assumption passed, 1 outside it"))
    }

    @Test("Bad usage is one line and exit 2", arguments: [
        (["simulate", "--scenario", "bank"], "--scenario expects one of store|billing, got 'bank'"),
        (["simulate", "--scenario", "billing", "--seeds", "2", "--seed", "1"], "give --seeds N or --seed S, not both"),
        (["bench", "kv", "--scenario", "billing"], "--scenario applies to 'verify bench simulate' only"),
    ])
    func badUsage(arguments: [String], message: String) {
        let run = Invocation(arguments)
        #expect(run.status == 2)
        #expect(run.errors.contains(message), "stderr was: \(run.errors)")
    }
}
