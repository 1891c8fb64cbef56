import Testing
@testable import VerifyCLI

@Suite("verify simulate's flags")
struct SimulateCommandTests {
    @Test("Bad values are one-line usage errors with exit 2", arguments: [
        (["--nodes", "4"], "--nodes expects 3 or 5, got '4'"),
        (["--nodes", "many"], "--nodes expects 3 or 5, got 'many'"),
        (["--clients", "0"], "--clients 0 is out of range 1...64"),
        (["--duration", "5"], "--duration 5 is out of range 6...3600"),
        (["--faults", "crash,gremlins"], "unknown fault kind 'gremlins'"),
        (["--faults", ""], "unknown fault kind ''"),
        (["--seed", "1", "--seeds", "2"], "give --seeds N or --seed S, not both"),
        (["--rate", "0"], "--rate 0 is out of range 1...500"),
        (["--rate", "501"], "--rate 501 is out of range 1...500"),
        (["--rate", "fast"], "--rate expects an integer, got 'fast'"),
        (["--churn", "101"], "--churn 101 is out of range 0...100"),
        (["--churn", "-1"], "--churn -1 is out of range 0...100"),
    ])
    func badValues(arguments: [String], message: String) {
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

    @Test("The shape flags reach the run and the replay line names them")
    func shapeFlags() throws {
        var args = CommandLineArguments(command: "simulate", ["--nodes", "5", "--clients", "2", "--duration", "8", "--faults", "pause,crash"])
        let shape = try SimulateCommand.shape(&args)
        #expect(shape.nodeCount == 5)
        #expect(shape.clientCount == 2)
        #expect(shape.faultPhaseMilliseconds == 4_000 && shape.healPhaseMilliseconds == 4_000 && shape.settleMilliseconds == 2_000)
        #expect(shape.faults.map(\.rawValue) == ["crash", "pause"])
        #expect(SimulateCommand.flags(of: shape) == " --nodes 5 --clients 2 --duration 8 --faults crash,pause")
        var churn = CommandLineArguments(command: "simulate", ["--churn", "0"])
        let churnShape = try SimulateCommand.shape(&churn)
        #expect(churnShape.churnPercent == 0)
        #expect(SimulateCommand.flags(of: churnShape) == " --churn 0")
        var none = CommandLineArguments(command: "simulate", [])
        #expect(SimulateCommand.flags(of: try SimulateCommand.shape(&none)).isEmpty)
        // A long run heals for 6 s and injects faults for the rest.
        var long = CommandLineArguments(command: "simulate", ["--duration", "20"])
        let longShape = try SimulateCommand.shape(&long)
        #expect(longShape.faultPhaseMilliseconds == 14_000 && longShape.healPhaseMilliseconds == 6_000 && longShape.settleMilliseconds == 3_000)
    }

    @Test("--faults none runs a seed that injects nothing, and says so")
    func noFaults() {
        let run = Invocation(["simulate", "--seed", "3", "--faults", "none", "--duration", "6", "--workers", "1", "--format", "json"])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains(#""faults":{"drops":0,"duplicates":0,"partitions":0,"crashes":0,"pauses":0,"tornWrites":0}"#))
        #expect(run.output.contains(#""passed":true"#))
    }
}
