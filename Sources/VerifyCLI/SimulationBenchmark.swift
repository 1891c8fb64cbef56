import Foundation
import Simulation
import Support

/// `verify bench simulate`: simulated seconds per wall second of the whole simulation at the
/// issue's workload (3 nodes, 4 clients at 50 operations per simulated second each, every fault
/// of the default configuration, etcd's timing, the audits included), at one worker and at all
/// workers, then the linearizability audit's time per seed. A benchmark, never a test: the
/// figures depend on the machine. Every seed must pass every audit (an undecided
/// linearizability audit fails it), or the command exits 1 and names the seed's replay.
enum SimulationBenchmark {
    static let seeds: [UInt64] = Array(1...8)
    /// The offered load, per client.
    static let operationsPerClientPerSecond = 50
    /// Timed runs per workers value; the line gives the median.
    static let repetitions = 3

    /// One bench seed: the default run with the offered rate.
    static func configuration(seed: UInt64) -> SimulationConfiguration {
        var configuration = SimulationConfiguration(seed: seed)
        configuration.operationsPerClientPerSecond = operationsPerClientPerSecond
        return configuration
    }

    static func run(console: Console) -> Int32 {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        var status = ExitStatus.success
        var last: [Result<SeedResult, SimulationError>] = []
        for workers in cores > 1 ? [1, cores] : [1] {
            // The median of a few repetitions: one run of about a second swings with whatever
            // else the machine does. The runs are the same (a seed replays exactly).
            var times: [Double] = []
            var results: [Result<SeedResult, SimulationError>] = []
            for _ in 0..<repetitions {
                // The last repetition's results (their histories) are freed before the clock starts.
                results = []
                let started = ContinuousClock.now
                results = SimulationRunner.run(seeds: seeds, workers: workers, configure: { configuration(seed: $0) })
                times.append(elapsedSeconds(since: started))
            }
            if !reportFailures(results, console: console) { status = ExitStatus.failure }
            last = results
            console.out(line(results, workers: workers, seconds: times.sorted()[times.count / 2]))
        }
        console.out(linearizabilityAuditLine(last))
        return status
    }

    /// The JSON line of one workers value. The achieved rate is measured from the runs: the
    /// calls the clients made (every one ended for a passing seed: ok, failed, not sent or
    /// unknown) per client per simulated second, over the whole run and over the part in which
    /// requests may start (the last request timeout and half a second of a run start none),
    /// and the calls that ended `ok` (the work done: a call the cluster refused or could not
    /// take, as while no leader is elected, ends quickly and does little). `seconds` is the
    /// median of `repetitions` runs.
    static func line(_ results: [Result<SeedResult, SimulationError>], workers: Int, seconds: Double) -> String {
        let shape = configuration(seed: 0)
        let succeeded = results.compactMap { try? $0.get() }
        let passed = succeeded.filter(\.passed).count
        let simulated = Double(shape.endMilliseconds) / 1000 * Double(seeds.count)
        let offered = Double(shape.arrivalsEndMilliseconds) / 1000 * Double(seeds.count)
        let events = succeeded.reduce(0) { $0 + $1.events }
        let calls = Double(succeeded.reduce(0) { $0 + $1.operations }) / Double(shape.clientCount)
        let okCalls = Double(succeeded.reduce(0) { $0 + $1.okOperations }) / Double(shape.clientCount)
        let wall = max(seconds, 1e-9)
        return JSONValue.object([
            ("benchmark", .string("simulate")),
            ("seeds", .int(seeds.count)),
            ("workers", .int(workers)),
            ("passed", .int(passed)),
            ("clients", .int(shape.clientCount)),
            ("offeredOperationsPerClientPerSecond", .int(operationsPerClientPerSecond)),
            ("operationsPerClientPerSimulatedSecond", .double(rounded(calls / simulated, 100))),
            ("operationsPerClientPerOfferedSecond", .double(rounded(calls / offered, 100))),
            ("okOperationsPerClientPerSimulatedSecond", .double(rounded(okCalls / simulated, 100))),
            ("repetitions", .int(repetitions)),
            ("simulatedSeconds", .double(simulated)),
            ("seconds", .double(rounded(seconds, 1000))),
            ("simulatedSecondsPerSecond", .double(rounded(simulated / wall, 10))),
            ("simulatedSecondsPerSecondPerCore", .double(rounded(simulated / wall / Double(workers), 10))),
            ("events", .int(events)),
            ("eventsPerSecond", .int(Int(Double(events) / wall))),
        ]).compactText
    }

    /// Names each seed that failed or could not run, with the command that replays it, on
    /// standard error; true when every seed passed.
    static func reportFailures(_ results: [Result<SeedResult, SimulationError>], console: Console) -> Bool {
        var allPassed = true
        for result in results {
            switch result {
            case .success(let seed) where seed.passed: continue
            case .success(let seed):
                allPassed = false
                console.err("\(seed.textLine)\n  replay: swift run -c release verify simulate --seed \(seed.seed) --rate \(operationsPerClientPerSecond)")
            case .failure(let error):
                allPassed = false
                console.err("seed \(error.seed): ERROR \(error.message)")
            }
        }
        return allPassed
    }

    /// The linearizability audit alone, timed again on the histories the runs recorded: seconds
    /// per seed (median and maximum), so the audit's share of a seed is known.
    static func linearizabilityAuditLine(_ results: [Result<SeedResult, SimulationError>]) -> String {
        var seconds: [Double] = []
        for case .success(let seed) in results {
            let started = ContinuousClock.now
            _ = Simulator.checkLinearizability(records: seed.historyRecords)
            seconds.append(elapsedSeconds(since: started))
        }
        seconds.sort()
        let median = seconds.isEmpty ? 0 : seconds[seconds.count / 2]
        return JSONValue.object([
            ("benchmark", .string("simulate-linearizability-audit")),
            ("seeds", .int(seconds.count)),
            ("medianSecondsPerSeed", .double(rounded(median, 10_000))),
            ("maxSecondsPerSeed", .double(rounded(seconds.last ?? 0, 10_000))),
        ]).compactText
    }

    static func elapsedSeconds(since started: ContinuousClock.Instant) -> Double {
        let elapsed = started.duration(to: .now)
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    static func rounded(_ value: Double, _ scale: Double) -> Double { (value * scale).rounded() / scale }
}
