import Foundation
import Models
import Support

/// `verify bench`'s TLC rows: for each reference configuration of `shared/reference/raft-tla/`
/// (`RaftElectionTLCReference.configurations`), this checker and TLC on the same
/// configuration, each as a whole process (start-up, search and exit), with both times, both
/// distinct-state counts and the ratio of TLC's time to ours.
///
/// TLC runs in a fresh temporary directory holding copies of `MCraft.tla`, `raft.tla` and the
/// `.cfg` (taken from the jar's directory), with its state files there too, so the reference
/// directory is never written. Without `--tlc-jar` every row is skipped with a message.
struct TLCComparison {
    /// TLC's heap: the in-flight-2 configuration without symmetry holds 13.9 million states.
    static let javaHeapGigabytesMax = 12
    /// Lines of a child's output kept for an error message.
    static let errorLinesMax = 20

    struct Side {
        var distinct: Int
        var depth: Int
        var seconds: Double
    }

    let jar: String?
    let workers: Int

    static func benchmarkName(_ configuration: RaftElectionTLCReference.Configuration) -> String {
        "tlc-" + configuration.file.replacingOccurrences(of: ".cfg", with: "")
    }

    static var names: [String] { RaftElectionTLCReference.configurations.map(benchmarkName) }

    /// Runs the rows named (all of them for "tlc"), one JSON line each.
    func run(_ selected: [RaftElectionTLCReference.Configuration], console: Console) throws -> Int32 {
        guard let jar else {
            for configuration in selected {
                console.out(JSONValue.object([
                    ("benchmark", .string(Self.benchmarkName(configuration))),
                    ("skipped", .string("no --tlc-jar PATH given: TLC's side needs tla2tools.jar "
                        + "(for example shared/reference/raft-tla/tla2tools.jar)")),
                ]).compactText)
            }
            return ExitStatus.success
        }
        guard FileManager.default.fileExists(atPath: jar) else { throw UsageError("--tlc-jar: no file at \(jar)") }
        // TLC runs in a temporary directory, where a relative path would name nothing.
        let absoluteJar = URL(fileURLWithPath: jar).standardizedFileURL.path
        var status = ExitStatus.success
        for configuration in selected {
            let ours = try runVerify(configuration)
            let tlc = try runTLC(configuration, jar: absoluteJar)
            let equal = ours.distinct == tlc.distinct
            if !equal { status = ExitStatus.failure }
            console.out(JSONValue.object([
                ("benchmark", .string(Self.benchmarkName(configuration))),
                ("configuration", .string(configuration.file)),
                ("workers", .int(workers)),
                ("verify", side(ours)),
                ("tlc", side(tlc)),
                ("distinctEqual", .bool(equal)),
                ("ratio", .double((tlc.seconds / max(ours.seconds, 1e-3) * 10).rounded() / 10)),
            ]).compactText)
        }
        return status
    }

    func side(_ side: Side) -> JSONValue {
        .object([("distinct", .int(side.distinct)), ("depth", .int(side.depth)),
                 ("seconds", .double((side.seconds * 1000).rounded() / 1000))])
    }

    /// This checker as a child process: `verify check raft-election` with the configuration's
    /// parameters, its JSON result read back.
    func runVerify(_ configuration: RaftElectionTLCReference.Configuration) throws -> Side {
        let executable = Bundle.main.executablePath ?? CommandLine.arguments[0]
        let scratch = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        var arguments = ["check", "raft-election", "--variant", "correct", "--format", "json",
                         "--workers", String(workers), "--out", scratch,
                         configuration.symmetry ? "--symmetry" : "--no-symmetry"]
        for (name, value) in configuration.parameters.entries {
            let toggle = ["restarts", "drops", "tlc-history"].contains(name)
            arguments += ["--" + name, toggle ? (value == 1 ? "on" : "off") : String(value)]
        }
        let (output, seconds, status) = try Self.launch(executable, arguments, in: scratch, mergingErrors: false)
        guard status == 0, let document = try? JSONValue.parse(output),
              let distinct = document["distinctStates"]?.intValue, let depth = document["depth"]?.intValue else {
            throw UsageError("verify check for \(configuration.file) failed (exit \(status)): "
                + output.split(separator: "\n").suffix(Self.errorLinesMax).joined(separator: "\n"))
        }
        return Side(distinct: distinct, depth: depth, seconds: seconds)
    }

    /// TLC as a child process, in a temporary copy of the specification and the configuration.
    func runTLC(_ configuration: RaftElectionTLCReference.Configuration, jar: String) throws -> Side {
        let reference = (jar as NSString).deletingLastPathComponent
        let scratch = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        for file in ["MCraft.tla", "raft.tla", configuration.file] {
            let source = (reference as NSString).appendingPathComponent(file)
            do {
                try FileManager.default.copyItem(atPath: source, toPath: (scratch as NSString).appendingPathComponent(file))
            } catch {
                throw UsageError("--tlc-jar: the jar's directory must hold \(file) (\(source)): \(error.localizedDescription)")
            }
        }
        let arguments = ["java", "-XX:+UseParallelGC", "-Xmx\(Self.javaHeapGigabytesMax)g", "-cp", jar, "tlc2.TLC",
                         "-workers", String(workers), "-metadir", (scratch as NSString).appendingPathComponent("states"),
                         "-config", configuration.file, "MCraft.tla"]
        let (output, seconds, status) = try Self.launch("/usr/bin/env", arguments, in: scratch, mergingErrors: true)
        guard status == 0, let distinct = Self.number(in: output, before: " distinct states found"),
              let depth = Self.number(in: output, after: "The depth of the complete state graph search is ") else {
            throw UsageError("TLC on \(configuration.file) failed (exit \(status)): "
                + output.split(separator: "\n").suffix(Self.errorLinesMax).joined(separator: "\n"))
        }
        return Side(distinct: distinct, depth: depth, seconds: seconds)
    }

    /// Runs a child to its end: its standard output (with standard error merged, or standard
    /// error discarded: our progress lines would spoil the JSON), wall-clock seconds and exit
    /// status.
    static func launch(_ executable: String, _ arguments: [String], in directory: String,
                       mergingErrors: Bool) throws -> (String, Double, Int32) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = mergingErrors ? pipe : FileHandle.nullDevice
        let clock = ContinuousClock()
        let started = clock.now
        do {
            try process.run()
        } catch {
            throw UsageError("cannot run \(executable) \(arguments.first ?? ""): \(error.localizedDescription)")
        }
        // Read to the end before waiting, so a child that fills the pipe never blocks.
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let elapsed = clock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return (String(decoding: data, as: UTF8.self), seconds, process.terminationStatus)
    }

    static func temporaryDirectory() throws -> String {
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("verify-tlc-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw UsageError("cannot create \(path): \(error.localizedDescription)")
        }
        return path
    }

    /// The number (with thousands separators) that ends just before `marker` on its line.
    static func number(in text: String, before marker: String) -> Int? {
        guard let line = text.split(separator: "\n").last(where: { $0.contains(marker) }),
              let range = line.range(of: marker) else { return nil }
        let digits = line[..<range.lowerBound].reversed().prefix { $0.isNumber || $0 == "," }
        return Int(String(digits.reversed()).replacingOccurrences(of: ",", with: ""))
    }

    /// The number that starts just after `marker` on its line.
    static func number(in text: String, after marker: String) -> Int? {
        guard let line = text.split(separator: "\n").last(where: { $0.contains(marker) }),
              let range = line.range(of: marker) else { return nil }
        return Int(String(line[range.upperBound...].prefix { $0.isNumber }))
    }
}
