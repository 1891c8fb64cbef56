import Dispatch
import Foundation
import Linearizability

/// `verify bench lincheck`: a long sequential Jepsen log decided end to end (file read included,
/// with the process's peak memory); the real Jepsen etcd histories kept as test fixtures, checked
/// in one pass in one process; every file of Porcupine's two corpora (its Jepsen etcd logs and
/// its kv histories) timed one by one; a 50-client kv history of 100,000 calls, linearizable and
/// with one stale read planted; generated key-value histories (5, 10 and 50 clients, partitioned, whole
/// and decided by locality, and the plain whole search where it is tractable); and the store's
/// specification on simulation-sized histories with a growing share of calls that end unknown.
/// One JSON line per run. Seeds are fixed, so every run checks the same histories.
///
/// `verify lincheck --benchmark [--quick] [--only TEXT] [--time-limit S] [--write-histories DIR]`
/// runs the same benchmarks with options: a subset, another limit, or the generated histories
/// written to files (to replay one with `verify lincheck`).
enum LincheckBenchmark {
    /// Every run stops here at the latest (the outcome is then `unknown`).
    static let timeLimitSecondsDefault = 60.0

    /// Where the fixtures live: relative to the working directory when it is the repository
    /// root, else in the checkout this program was built from. The file `verdicts.txt` beside
    /// them holds Porcupine's expected verdicts.
    static var jepsenFolder: String { fixtures("jepsen") }

    /// Porcupine's kv histories, with `verdicts.txt` beside them.
    static var kvFolder: String { fixtures("kv") }

    private static func fixtures(_ folder: String) -> String {
        let relative = "Tests/LinearizabilityTests/Fixtures/" + folder
        if FileManager.default.fileExists(atPath: relative) { return relative }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.appendingPathComponent(relative).path
    }

    /// The long sequential Jepsen log: calls, the processes taking turns, the seed.
    static let sequentialCalls = 700_000
    static let sequentialSeed: UInt64 = 7_000
    /// The long 50-client kv history from `HistoryGenerator`: calls, keys, the seed.
    static let longKVCalls = 100_000
    static let longKVKeys = 5
    static let longKVSeed: UInt64 = 5_050

    struct Settings {
        var quick = false
        var timeLimit = timeLimitSecondsDefault
        var only: String?
        var historiesFolder: String?

        func selects(_ name: String) -> Bool { only.map { name.contains($0) } ?? true }

        /// The benchmark's options, read with the command line's one parser.
        static func parse(_ args: inout CommandLineArguments) throws -> Settings {
            var settings = Settings()
            settings.quick = try args.flag("--quick")
            if let seconds = try args.decimal("--time-limit", in: 0.001...86_400) { settings.timeLimit = seconds }
            settings.only = try args.value("--only")
            settings.historiesFolder = try args.value("--write-histories")
            return settings
        }

        var isDefault: Bool { !quick && only == nil && historiesFolder == nil && timeLimit == timeLimitSecondsDefault }
    }

    static func run(console: Console, settings: Settings) throws -> Int32 {
        if let folder = settings.historiesFolder {
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        // First, while the process's peak memory is still its own.
        if settings.selects("sequential-jepsen") { sequentialPass(console: console, settings: settings) }
        if settings.selects("jepsen-etcd-pass") { jepsenPass(console: console, settings: settings) }
        if settings.selects("porcupine-file") { porcupineFiles(console: console, settings: settings) }
        for stale in [false, true] {
            let name = "kv-c50-n\(settings.quick ? longKVCalls / 10 : longKVCalls)-\(stale ? "stale" : "ok")"
            guard settings.selects(name) else { continue }
            let generator = HistoryGenerator(
                workload: .kv, clients: 50, operations: settings.quick ? longKVCalls / 10 : longKVCalls, keys: longKVKeys,
                pendingPercent: 0, seed: longKVSeed)
            runGenerated(console: console, name: name, generator: generator, model: "kv", corrupt: false, staleRead: stale,
                         options: LinearizabilityOptions(timeLimitSeconds: settings.timeLimit), settings: settings)
        }
        let clientCounts = settings.quick ? [5, 10] : [5, 10, 50]
        for clients in clientCounts {
            // Partitioned (trusting the footprints), whole decided by locality (the default for
            // --no-partition), and the plain whole search (--no-partition --no-locality), which
            // is exponential in the clients: run where it finishes, not where it only times out.
            var modes: [(label: String, partitioned: Bool, locality: Bool)] = [("partitioned", true, true), ("whole", false, true)]
            if clients <= 10 { modes.append(("whole-plain", false, false)) }
            for mode in modes {
                for linearizable in [true, false] {
                    let name = "kv-c\(clients)-\(mode.label)-\(linearizable ? "ok" : "bad")"
                    guard settings.selects(name) else { continue }
                    let generator = HistoryGenerator(
                        workload: .kv, clients: clients, operations: settings.quick ? 200 : 1000, keys: 5, pendingPercent: 0,
                        seed: UInt64(1000 + clients))
                    var options = LinearizabilityOptions(timeLimitSeconds: settings.timeLimit, partitioned: mode.partitioned)
                    options.locality = mode.locality
                    runGenerated(console: console, name: name, generator: generator, model: "kv", corrupt: !linearizable,
                                 options: options, settings: settings)
                }
            }
        }
        // The store is always checked whole (its revision is global, so it has no footprints).
        // The share of calls that end unknown (info, a timeout) is what makes it hard.
        let storeRuns: [(clients: Int, operations: Int, pending: Int)] =
            settings.quick
            ? [(5, 500, 5)]
            : [(5, 2000, 1), (5, 2000, 5), (5, 2000, 10), (5, 2000, 20), (10, 5000, 1), (10, 5000, 5), (10, 5000, 10)]
        // Three of each: linearizable; a read of a revision nobody reached ("bad"); and a stale
        // read, the key as it was before a put that returned before the read was called, with the
        // read's own revision (so that only the values, not the revisions, refute it).
        for run in storeRuns {
            for variant in ["ok", "bad", "stale"] {
                let name = "etcd-store-c\(run.clients)-n\(run.operations)-pending\(run.pending)-\(variant)"
                guard settings.selects(name) else { continue }
                let generator = HistoryGenerator(
                    workload: .etcd, clients: run.clients, operations: run.operations, keys: 4, pendingPercent: run.pending,
                    seed: UInt64(2000 + run.clients))
                runGenerated(
                    console: console, name: name, generator: generator, model: "etcd", corrupt: variant == "bad",
                    staleRead: variant == "stale",
                    options: LinearizabilityOptions(timeLimitSeconds: settings.timeLimit, partitioned: false), settings: settings)
            }
        }
        return ExitStatus.success
    }

    private static func line(_ name: String, _ fields: [(String, String)]) -> String {
        "{\"name\":\(HTMLTimeline.json(name))" + fields.map { ",\"\($0.0)\":\($0.1)" }.joined() + "}"
    }

    private static func runGenerated(
        console: Console, name: String, generator: HistoryGenerator, model: String, corrupt: Bool, staleRead: Bool = false,
        options: LinearizabilityOptions, settings: Settings
    ) {
        let text = generator.jsonLines(corrupt: corrupt, staleRead: staleRead)
        if let folder = settings.historiesFolder {
            try? Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/" + name + ".jsonl"))
        }
        do {
            let history = try RecordedHistory.parse(text, format: .json)
            let report = try SpecificationCatalog.check(history, model: model, options: options)
            let pending = report.operations.count { $0.returnTime == nil }
            console.out(line(name, [
                ("operations", String(report.operations.count)),
                ("pending", String(pending)),
                ("clients", String(generator.clients)),
                ("keys", String(generator.keys)),
                ("seed", String(generator.seed)),
                ("partitioned", String(options.partitioned)),
                ("locality", String(options.locality)),
                ("method", HTMLTimeline.json(report.method.rawValue)),
                ("outcome", "\"\(report.outcome.rawValue)\""),
                ("expected", corrupt || staleRead ? "\"illegal\"" : "\"ok\""),
                ("seconds", LincheckCommand.seconds(report.seconds)),
                ("states", String(report.statesExplored)),
                ("peakMemoBytes", String(report.peakMemoBytes)),
                ("cuts", String(report.cuts)),
            ]))
        } catch {
            console.err("verify: error: the generated history \(name) did not parse: \(error)")
        }
    }

    /// The process's peak resident memory so far, in bytes.
    static func peakResidentBytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss * 1024
    }

    private static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// 700,000 calls that never overlap, as a 52 MB Jepsen log written to a temporary file, then
    /// read, parsed and checked as `verify lincheck` would: the seconds are end to end.
    private static func sequentialPass(console: Console, settings: Settings) {
        let calls = settings.quick ? sequentialCalls / 10 : sequentialCalls
        let text = HistoryGenerator.sequentialJepsenLog(calls: calls, processes: 5, seed: sequentialSeed)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lincheck-sequential-\(getpid()).log").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
            console.err("verify: error: cannot write \(path)")
            return
        }
        let bytes = text.utf8.count
        let started = now()
        guard let data = FileManager.default.contents(atPath: path),
            let history = try? RecordedHistory.parse(String(decoding: data, as: UTF8.self)),
            let report = try? SpecificationCatalog.check(
                history, model: "cas-register", options: LinearizabilityOptions(timeLimitSeconds: settings.timeLimit))
        else {
            console.err("verify: error: the sequential Jepsen log did not parse")
            return
        }
        let seconds = Double(now() - started) / 1e9
        console.out(line("sequential-jepsen-\(calls)", [
            ("calls", String(calls)),
            ("file_bytes", String(bytes)),
            ("processes", "5"),
            ("seed", String(sequentialSeed)),
            ("outcome", "\"\(report.outcome.rawValue)\""),
            ("seconds", LincheckCommand.seconds(seconds)),
            ("check_seconds", LincheckCommand.seconds(report.seconds)),
            ("cuts", String(report.cuts)),
            ("states", String(report.statesExplored)),
            ("peakMemoBytes", String(report.peakMemoBytes)),
            ("peak_resident_bytes", String(peakResidentBytes())),
        ]))
    }

    /// Every file of Porcupine's corpora, one line each: read and parsed once, then checked
    /// three times in this process (the first run cold), with the median check time, the
    /// figure to set beside Porcupine's `CheckEvents` on the same file.
    private static func porcupineFiles(console: Console, settings: Settings) {
        let corpora: [(name: String, folder: String, model: String, suffix: String)] = [
            ("kv", kvFolder, "kv", ".txt"), ("jepsen", jepsenFolder, "cas-register", ".log"),
        ]
        for corpus in corpora {
            let expected = expectedVerdicts(folder: corpus.folder)
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: corpus.folder)) ?? [])
                .filter { $0.hasSuffix(corpus.suffix) && $0 != "verdicts.txt" }.sorted()
            for file in names {
                let started = now()
                guard let data = FileManager.default.contents(atPath: corpus.folder + "/" + file),
                    let history = try? RecordedHistory.parse(String(decoding: data, as: UTF8.self))
                else {
                    console.err("verify: error: \(corpus.folder)/\(file) did not parse")
                    continue
                }
                let readSeconds = Double(now() - started) / 1e9
                var times: [Double] = []
                var outcome = Verdict.unknown
                var states = 0
                for _ in 0..<3 {
                    guard let report = try? SpecificationCatalog.check(
                        history, model: corpus.model, options: LinearizabilityOptions(timeLimitSeconds: settings.timeLimit))
                    else { break }
                    times.append(report.seconds)
                    outcome = report.outcome
                    states = report.statesExplored
                }
                let median = times.sorted().dropFirst(times.count / 2).first ?? 0
                console.out(line("porcupine-file", [
                    ("corpus", "\"\(corpus.name)\""),
                    ("file", HTMLTimeline.json(file)),
                    ("model", "\"\(corpus.model)\""),
                    ("operations", String(history.calls.count)),
                    ("outcome", "\"\(outcome.rawValue)\""),
                    ("expected", expected[file].map { "\"\($0.rawValue)\"" } ?? "null"),
                    ("read_seconds", LincheckCommand.seconds(readSeconds)),
                    ("check_seconds_first", LincheckCommand.seconds(times.first ?? 0)),
                    ("check_seconds_median", LincheckCommand.seconds(median)),
                    ("states", String(states)),
                ]))
            }
        }
    }

    /// Porcupine's expected verdicts, from `verdicts.txt` beside the fixtures: `etcd_000.log
    /// illegal` per line, `#` comments.
    static func expectedVerdicts(folder: String) -> [String: Verdict] {
        guard let data = FileManager.default.contents(atPath: folder + "/verdicts.txt") else { return [:] }
        var verdicts: [String: Verdict] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let words = line.split(separator: " ")
            guard words.count == 2, !line.hasPrefix("#"), let outcome = Verdict(rawValue: String(words[1])) else { continue }
            verdicts[String(words[0])] = outcome
        }
        return verdicts
    }

    /// The real Jepsen etcd histories (about 100 operations each, a CAS register), read,
    /// parsed and checked one after another in this one process, cold, as a user's single run
    /// over the folder would: the wall time of the whole pass is the figure, with the slowest
    /// file beside it (reading, parsing and checking it), the slowest and the median search
    /// alone, and every verdict compared with the one Porcupine's tests expect.
    private static func jepsenPass(console: Console, settings: Settings) {
        let jepsenFolder = jepsenFolder
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: jepsenFolder) else {
            console.err("verify: the Jepsen fixtures are not in \(jepsenFolder); run from the repository root")
            return
        }
        let files = names.filter { $0.hasPrefix("etcd_") && $0.hasSuffix(".log") }.sorted()
        let expected = expectedVerdicts(folder: jepsenFolder)
        let started = DispatchTime.now().uptimeNanoseconds
        var slowest = (file: "", seconds: 0.0)
        // The search alone (parsing excluded), the part Porcupine's per-file times measure.
        var slowestCheck = (file: "", seconds: 0.0)
        var checkTimes: [Double] = []
        var counts: [Verdict: Int] = [:]
        var operations = 0
        var processesMax = 0
        var mismatches: [String] = []
        // Sequential: one process, one thread, the files in order.
        let options = LinearizabilityOptions(timeLimitSeconds: settings.timeLimit, parallel: false)
        for file in files {
            let fileStarted = DispatchTime.now().uptimeNanoseconds
            guard let data = FileManager.default.contents(atPath: jepsenFolder + "/" + file),
                let history = try? RecordedHistory.parse(String(decoding: data, as: UTF8.self)),
                let report = try? SpecificationCatalog.check(history, model: "cas-register", options: options)
            else {
                mismatches.append(file + " (unreadable)")
                continue
            }
            // The file's time includes reading and parsing it, as its check would from a shell.
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - fileStarted) / 1e9
            if seconds > slowest.seconds { slowest = (file, seconds) }
            if report.seconds > slowestCheck.seconds { slowestCheck = (file, report.seconds) }
            checkTimes.append(report.seconds)
            counts[report.outcome, default: 0] += 1
            operations += report.operations.count
            processesMax = max(processesMax, history.processes.count)
            if let verdict = expected[file], verdict != report.outcome { mismatches.append(file) }
            if expected[file] == nil { mismatches.append(file + " (no expected verdict)") }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        console.out(line("jepsen-etcd-pass", [
            ("files", String(files.count)),
            ("operations", String(operations)),
            ("processes_max", String(processesMax)),
            ("outcome", (counts[.unknown] ?? 0) > 0 ? "\"unknown\"" : "\"decided\""),
            ("seconds", LincheckCommand.seconds(seconds)),
            ("slowest_file", HTMLTimeline.json(slowest.file)),
            ("slowest_seconds", LincheckCommand.seconds(slowest.seconds)),
            ("slowest_check_file", HTMLTimeline.json(slowestCheck.file)),
            ("slowest_check_seconds", LincheckCommand.seconds(slowestCheck.seconds)),
            ("median_check_seconds", LincheckCommand.seconds(checkTimes.sorted().dropFirst(checkTimes.count / 2).first ?? 0)),
            ("checks_over_1ms", String(checkTimes.count { $0 > 0.001 })),
            ("ok", String(counts[.ok] ?? 0)),
            ("illegal", String(counts[.illegal] ?? 0)),
            ("unknown", String(counts[.unknown] ?? 0)),
            ("verdicts_expected", String(expected.count)),
            ("verdict_mismatches", "[" + mismatches.map(HTMLTimeline.json).joined(separator: ",") + "]"),
        ]))
    }
}
