import Dispatch
import Foundation
import Linearizability

/// `verify bench lincheck`: generated histories (5, 10 and 50 clients over several keys,
/// with and without partitioning, linearizable and not), a hundred Jepsen-etcd-shaped CAS
/// register histories checked one after another in one process, the store's specification on
/// simulation-sized histories, and the real Jepsen etcd histories kept as test fixtures. One
/// JSON line per run. Seeds are fixed, so every run checks the same histories.
enum LincheckBenchmark {
    /// Every run stops here at the latest (the outcome is then `unknown`).
    static let timeLimitSecondsDefault = 60.0

    static func run(console: Console, arguments: [String]) throws -> Int32 {
        var timeLimit = timeLimitSecondsDefault
        var quick = false
        for argument in arguments {
            if argument == "--quick" {
                quick = true
            } else if argument.hasPrefix("--time-limit="), let value = Double(argument.dropFirst("--time-limit=".count)), value > 0 {
                timeLimit = value
            } else {
                throw UsageError("unknown argument '\(argument)' for the lincheck benchmark (--quick, --time-limit=S)")
            }
        }
        jepsenFixtures(console: console, timeLimit: timeLimit)
        jepsenShaped(console: console, count: quick ? 10 : 100, timeLimit: timeLimit)
        for clients in [5, 10, 50] {
            for partitioned in [true, false] {
                for linearizable in [true, false] {
                    let generator = HistoryGenerator(
                        workload: .kv, clients: clients, operations: quick ? 200 : 1000, keys: 5, pendingPercent: 0,
                        seed: UInt64(1000 + clients))
                    runGenerated(
                        console: console, name: "kv-c\(clients)-\(linearizable ? "ok" : "bad")", generator: generator,
                        model: "kv", corrupt: !linearizable, partitioned: partitioned, timeLimit: timeLimit)
                }
            }
        }
        // The store is always checked whole. One percent of calls end unknown; the last run
        // has five percent, which is the store's hard case (see the report's figures).
        let storeRuns: [(clients: Int, operations: Int, pending: Int)] =
            quick ? [(5, 500, 1)] : [(5, 2000, 1), (10, 5000, 1), (5, 2000, 5)]
        for run in storeRuns {
            for linearizable in [true, false] {
                let generator = HistoryGenerator(
                    workload: .etcd, clients: run.clients, operations: run.operations, keys: 4, pendingPercent: run.pending,
                    seed: UInt64(2000 + run.clients))
                runGenerated(
                    console: console,
                    name: "etcd-store-c\(run.clients)-pending\(run.pending)-\(linearizable ? "ok" : "bad")",
                    generator: generator, model: "etcd", corrupt: !linearizable, partitioned: false, timeLimit: timeLimit)
            }
        }
        return ExitStatus.success
    }

    private static func line(
        _ name: String, operations: Int, clients: Int, partitioned: Bool, outcome: String, seconds: Double, extra: String = ""
    ) -> String {
        "{\"name\":\(HTMLTimeline.json(name)),\"operations\":\(operations),\"clients\":\(clients),"
            + "\"partitioned\":\(partitioned),\"outcome\":\"\(outcome)\",\"seconds\":\(LincheckCommand.seconds(seconds))\(extra)}"
    }

    private static func runGenerated(
        console: Console, name: String, generator: HistoryGenerator, model: String, corrupt: Bool, partitioned: Bool,
        timeLimit: Double
    ) {
        let text = generator.jsonLines(corrupt: corrupt)
        do {
            let history = try RecordedHistory.parse(text, format: .json)
            let report = try ModelCatalog.check(
                history, model: model, options: CheckOptions(timeLimitSeconds: timeLimit, partitioned: partitioned))
            console.out(
                line(name, operations: report.operations.count, clients: generator.clients, partitioned: partitioned,
                     outcome: report.outcome.rawValue, seconds: report.seconds, extra: ",\"states\":\(report.statesExplored)"))
        } catch {
            console.err("verify: error: the generated history \(name) did not parse: \(error)")
        }
    }

    /// The real Jepsen etcd histories kept as fixtures, when run from the repository root.
    private static func jepsenFixtures(console: Console, timeLimit: Double) {
        let folder = "Tests/LinearizabilityTests/Fixtures"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names.filter({ $0.hasPrefix("etcd_") && $0.hasSuffix(".log") }).sorted() {
            guard let data = FileManager.default.contents(atPath: folder + "/" + name),
                let history = try? RecordedHistory.parse(String(decoding: data, as: UTF8.self)),
                let report = try? ModelCatalog.check(history, model: "cas-register", options: CheckOptions(timeLimitSeconds: timeLimit))
            else { continue }
            console.out(
                line("jepsen-etcd/\(name)", operations: report.operations.count, clients: history.processes.count,
                     partitioned: true, outcome: report.outcome.rawValue, seconds: report.seconds,
                     extra: ",\"states\":\(report.statesExplored)"))
        }
    }

    /// A hundred histories shaped like Jepsen's etcd test (5 clients, about 100 operations, a
    /// CAS register over 0...4, timeouts that retire processes), generated, then parsed and
    /// checked one after another in one process, as a user would run them: the wall time of
    /// the whole pass is the figure, and the slowest single check is reported beside it.
    private static func jepsenShaped(console: Console, count: Int, timeLimit: Double) {
        let texts = (0..<count).map { index in
            HistoryGenerator(workload: .casRegister, clients: 5, operations: 100, pendingPercent: 10, seed: UInt64(index))
                .jsonLines(corrupt: index % 3 == 0)
        }
        let started = DispatchTime.now().uptimeNanoseconds
        var slowest = 0.0
        var illegal = 0
        var unknown = 0
        var operations = 0
        for text in texts {
            guard let history = try? RecordedHistory.parse(text, format: .json),
                let report = try? ModelCatalog.check(history, model: "cas-register", options: CheckOptions(timeLimitSeconds: timeLimit))
            else { continue }
            slowest = max(slowest, report.seconds)
            operations += report.operations.count
            if report.outcome == .illegal { illegal += 1 }
            if report.outcome == .unknown { unknown += 1 }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        // The pass mixes linearizable and corrupted histories: its outcome says whether every
        // one was decided; the counts say how.
        let outcome = unknown > 0 ? "unknown" : "decided"
        console.out(
            line("jepsen-shaped-cas-register-x\(count)", operations: operations, clients: 5, partitioned: true,
                 outcome: outcome, seconds: seconds,
                 extra: ",\"illegal\":\(illegal),\"unknown\":\(unknown),\"slowest_seconds\":\(LincheckCommand.seconds(slowest))"))
    }
}
