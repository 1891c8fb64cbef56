import Testing
@testable import VerifyCLI

@Suite("verify simulate --rate")
struct SimulateRateTests {
    @Test("Bad rates are one-line usage errors with exit 2", arguments: [
        (["--rate", "0"], "--rate 0 is out of range 1...500"),
        (["--rate", "501"], "--rate 501 is out of range 1...500"),
        (["--rate", "fast"], "--rate expects an integer, got 'fast'"),
    ])
    func badRates(arguments: [String], message: String) {
        let run = Invocation(["simulate"] + arguments)
        #expect(run.status == 2)
        #expect(run.output.isEmpty)
        let line = run.errors.split(separator: "\n").first.map(String.init) ?? ""
        #expect(line.contains(message), "\(run.errors)")
    }

    @Test("--rate reaches the run and the replay line names it, as the benchmark's seeds need")
    func rateFlag() throws {
        var args = CommandLineArguments(command: "simulate", ["--rate", "50", "--clients", "2"])
        let shape = try SimulateCommand.shape(&args)
        #expect(shape.operationsPerClientPerSecond == 50)
        #expect(SimulateCommand.flags(of: shape) == " --clients 2 --rate 50")
        #expect(SimulationBenchmark.configuration(seed: 7).operationsPerClientPerSecond == SimulationBenchmark.operationsPerClientPerSecond)
        var none = CommandLineArguments(command: "simulate", [])
        #expect(try SimulateCommand.shape(&none).operationsPerClientPerSecond == nil)
    }
}
