import Dispatch
import Foundation
import Linearizability
import Synchronization

/// `verify lincheck FILE... --model M`: checks history files for linearizability, in
/// parallel, and prints one result per file in argument order.
enum LincheckCommand {
    static let usage = """
        usage: verify lincheck FILE... --model register|cas-register|kv|multi-register|etcd [options]

        Checks each history file for linearizability against a sequential specification and
        prints one result per file, in argument order (files are checked in parallel).

        options:
          --model M            register, cas-register (read, write, cas), kv (get, put, append;
                               partitioned by key), multi-register (Knossos txn of reads and
                               writes), etcd (the store: put, range, delete, txn, leases)
          --initial V          initial register value (default nil; Knossos's cas-register
                               starts at 0), or the etcd store's initial revision (default 1)
          --no-partition       check the history as one object: an ok answer rests on a
                               linearization of the whole history, replayed; an illegal one
                               may be decided by locality from one independent object's
                               operations (said so in the output)
          --no-locality        with --no-partition: the plain search of the whole history,
                               trusting nothing about the model's objects (exponential in
                               the clients)
          --semantics S        jepsen or knossos: how :fail and nil reads are read (default:
                               knossos for Knossos vectors, jepsen otherwise)
          --time-limit S       give up after S seconds per file, reading it included (one
                               file: from the program's start): the outcome is unknown
          --format F           text (default) or json (one JSON object per line)
          --html OUT.html      write a self-contained timeline of the (single) file's check
          --format-in F        jepsen, edn, knossos or json (default: detected from content)
          --help               print this help
          --benchmark [--quick] [--only TEXT] [--time-limit S] [--write-histories DIR]
                               run the lincheck benchmarks ('verify bench lincheck') with
                               options

        formats: Jepsen log lines (INFO  jepsen.util - 3 :invoke :cas [1 4]), EDN maps one per
        line, Knossos EDN vectors or lists (comments, extra keys, :nemesis skipped), and the
        project's JSON lines ({"process":0,"type":"invoke","f":"put","key":"k","value":"1","time":12}).

        exit status: 0 all linearizable, 1 any not linearizable, 3 any unknown (none illegal),
        2 bad usage or malformed input (reported as file:line: message).
        """

    static func run(_ args: inout CommandLineArguments, console: Console) throws -> Int32 {
        if try args.flag("--help") {
            console.out(usage)
            return ExitStatus.success
        }
        if try args.flag("--benchmark") {
            let settings = try LincheckBenchmark.Settings.parse(&args)
            try args.finish()
            return try LincheckBenchmark.run(console: console, settings: settings)
        }
        let model = try args.choice("--model", among: SpecificationCatalog.names)
        let initial = try args.value("--initial")
        let noPartition = try args.flag("--no-partition")
        let noLocality = try args.flag("--no-locality")
        let semantics = try args.choice("--semantics", among: Semantics.allCases.map(\.rawValue)).flatMap(Semantics.init)
        let timeLimit = try args.decimal("--time-limit", in: 0...1_000_000)
        let format = try args.choice("--format", among: ["text", "json"]) ?? "text"
        let htmlPath = try args.value("--html")
        let formatIn = try args.choice("--format-in", among: HistoryFormat.allCases.map(\.rawValue)).flatMap(HistoryFormat.init)
        let files = args.positionals()
        try args.finish()
        guard let model else { throw UsageError("lincheck needs --model (\(SpecificationCatalog.names.joined(separator: "|")))") }
        guard !files.isEmpty else { throw UsageError("lincheck needs at least one history file") }
        if htmlPath != nil && files.count != 1 { throw UsageError("--html draws one file; give exactly one history file") }
        if noLocality && !noPartition { throw UsageError("--no-locality applies to a whole check; add --no-partition") }
        var settings = LinearizabilityOptions(timeLimitSeconds: timeLimit, partitioned: !noPartition, locality: !noLocality)
        // One file: the limit counts from the process's start, as `time verify lincheck ...` does.
        // Several: from each file's own start (they run in parallel, but not all at once).
        if timeLimit != nil && files.count == 1 { settings.startedAtNanoseconds = ProcessClock.startedAtNanoseconds }
        let options = settings

        // Read and check every file in parallel; results are kept by position so that the
        // output follows the argument order whatever finishes first.
        let outcomes = Mutex<[Result<HistoryReport, InputError>?]>(Array(repeating: nil, count: files.count))
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            let result = checkFile(files[index], model: model, initial: initial, semantics: semantics, formatIn: formatIn, options: options)
            outcomes.withLock { $0[index] = result }
        }
        let results = outcomes.withLock { $0.map { $0! } }
        var reports: [HistoryReport] = []
        for result in results {
            switch result {
            case .failure(let error): throw error
            case .success(let report): reports.append(report)
            }
        }
        for (file, report) in zip(files, reports) {
            if format == "json" {
                console.out(jsonLine(file: file, report: report))
            } else {
                for line in textLines(file: file, report: report) { console.out(line) }
            }
        }
        if let htmlPath {
            let page = HTMLTimeline.render(reports[0], title: "lincheck \(files[0]) (\(model))")
            do {
                try Data(page.utf8).write(to: URL(fileURLWithPath: htmlPath))
            } catch {
                throw InputError(file: htmlPath, line: nil, message: "cannot write the HTML timeline: \(error.localizedDescription)")
            }
            console.err("wrote \(htmlPath)")
        }
        let worst = reports.map(\.outcome).max() ?? .ok
        switch worst {
        case .ok: return ExitStatus.success
        case .illegal: return ExitStatus.failure
        case .unknown: return ExitStatus.incomplete
        }
    }

    /// Parses and checks one file; malformed input becomes a `file:line: message` error.
    static func checkFile(
        _ path: String, model: String, initial: String?, semantics: Semantics?, formatIn: HistoryFormat?, options: LinearizabilityOptions
    ) -> Result<HistoryReport, InputError> {
        // The time limit counts from here unless the caller set its start (the process's): reading
        // and parsing a long file is part of the run.
        var options = options
        if options.timeLimitSeconds != nil && options.startedAtNanoseconds == nil {
            options.startedAtNanoseconds = DispatchTime.now().uptimeNanoseconds
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            return .failure(InputError(file: path, line: nil, message: "cannot read the file"))
        }
        let text = String(decoding: data, as: UTF8.self)
        let deadline = ReadingDeadline(timeLimitSeconds: options.timeLimitSeconds, startedAtNanoseconds: options.startedAtNanoseconds)
        do {
            let history = try RecordedHistory.parse(text, format: formatIn, deadline: deadline)
            return .success(try SpecificationCatalog.check(history, model: model, initial: initial, semantics: semantics, options: options))
        } catch let stopped as HistoryReadingStopped {
            // A deadline exists only with a time limit, whose start was set above.
            let started = options.startedAtNanoseconds ?? 0
            let seconds = Double(DispatchTime.now().uptimeNanoseconds &- started) / 1e9
            return .success(HistoryReport(model: model, stoppedReading: stopped, seconds: seconds))
        } catch let error as HistoryError {
            return .failure(InputError(file: path, line: error.line, message: error.message))
        } catch {
            return .failure(InputError(file: path, line: nil, message: "\(error)"))
        }
    }

    static func textLines(file: String, report: HistoryReport) -> [String] {
        if let stopped = report.readingStopped {
            return ["\(file): \(report.outcome.rawValue) (\(report.model), not read to the end, \(seconds(report.seconds)) s): \(stopped.reason)"]
        }
        let partitions = report.partitions.count
        let how: String
        switch report.method {
        case .partitioned: how = "\(partitions) partition\(partitions == 1 ? "" : "s")"
        case .whole: how = "checked whole"
        case .wholeWitness: how = "checked whole, witness from the partitions"
        case .wholeLocality: how = "checked whole, decided by locality"
        }
        var head = "\(file): \(report.outcome.rawValue) (\(report.model), \(report.operations.count) operations, "
            + "\(how), \(seconds(report.seconds)) s)"
        if report.outcome == .unknown {
            let reasons = report.partitions.compactMap(\.unknownReason)
            if let reason = reasons.first(where: { !$0.hasPrefix("cancelled") }) ?? reasons.first { head += ": \(reason)" }
        }
        return [head] + report.explanation().map { "  " + $0 }
    }

    static func jsonLine(file: String, report: HistoryReport) -> String {
        var fields = [
            "\"file\":\(HTMLTimeline.json(file))",
            "\"model\":\(HTMLTimeline.json(report.model))",
            "\"outcome\":\"\(report.outcome.rawValue)\"",
            "\"seconds\":\(seconds(report.seconds))",
            "\"operations\":\(report.operations.count)",
            "\"partitions\":\(report.partitions.count)",
            "\"method\":\"\(report.method.rawValue)\"",
            "\"states\":\(report.statesExplored)",
            "\"peakMemoBytes\":\(report.peakMemoBytes)",
            "\"cuts\":\(report.cuts)",
        ]
        if let note = report.note { fields.append("\"note\":\(HTMLTimeline.json(note))") }
        if report.outcome == .ok {
            let order = report.partitions.map { "[" + $0.steps.map { String($0.operationID) }.joined(separator: ",") + "]" }
            fields.append("\"linearization\":[" + order.joined(separator: ",") + "]")
        }
        if report.outcome == .illegal {
            fields.append("\"explanation\":[" + report.explanation().map(HTMLTimeline.json).joined(separator: ",") + "]")
        }
        if report.outcome == .unknown, let reason = report.readingStopped?.reason ?? report.partitions.compactMap(\.unknownReason).first {
            fields.append("\"reason\":\(HTMLTimeline.json(reason))")
        }
        return "{" + fields.joined(separator: ",") + "}"
    }

    /// Seconds with six decimals, formatted without locale.
    static func seconds(_ value: Double) -> String {
        let micros = Int((value * 1_000_000).rounded())
        let fraction = String(micros % 1_000_000)
        return "\(micros / 1_000_000)." + String(repeating: "0", count: 6 - fraction.count) + fraction
    }
}
