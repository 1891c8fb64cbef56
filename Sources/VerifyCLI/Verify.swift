import Foundation

/// The `verify` command-line tool, callable in-process: `Verify.run(["check", "two-phase-commit"])`.
public enum Verify {
    public static let commands: [(name: String, summary: String)] = [
        ("all", "run the verification plan, write Reports/, print the summary (the default)"),
        ("list", "list the models, their parameters, variants, properties and plan bounds"),
        ("check", "explore one model variant: verify check MODEL [--variant V] [options]"),
        ("replay", "re-execute a counterexample trace file: verify replay FILE.json"),
        ("bench", "run the benchmarks and print one JSON line per run: verify bench [NAME...]"),
        ("lincheck", "check histories for linearizability: verify lincheck FILE... --model M"),
        ("simulate", "simulate the store's cluster under faults and audit it: verify simulate [--seeds N] [--nodes 3|5] [--faults LIST]"),
    ]

    public static var usage: String {
        var lines = [
            "usage: verify [COMMAND] [OPTIONS]",
            "",
            "Explicit-state model checking, linearizability checking and reports for leader-elected services.",
            "",
            "commands:",
        ]
        for command in commands {
            lines.append("  " + command.name.padding(toLength: 10, withPad: " ", startingAt: 0) + command.summary)
        }
        lines.append("")
        lines.append("'verify COMMAND --help' describes a command's options.")
        return lines.joined(separator: "\n")
    }

    /// Runs one invocation and returns its exit status. Never exits the process itself.
    public static func run(_ arguments: [String], console: Console = .standard) -> Int32 {
        var words = arguments
        let name: String
        if let first = words.first, !first.hasPrefix("-") {
            name = first
            words.removeFirst()
        } else {
            name = "all"
        }
        if name == "help" || (arguments.first == "--help" || arguments.first == "-h") {
            console.out(usage)
            return ExitStatus.success
        }
        var args = CommandLineArguments(command: name, words)
        do {
            switch name {
            case "all": return try AllCommand.run(&args, console: console)
            case "list": return try ListCommand.run(&args, console: console)
            case "check": return try CheckCommand.run(&args, console: console)
            case "replay": return try ReplayCommand.run(&args, console: console)
            case "bench": return try BenchCommand.run(&args, console: console)
            case "lincheck": return try LincheckCommand.run(&args, console: console)
            case "simulate": return try SimulateCommand.run(&args, console: console)
            default:
                throw UsageError("unknown command '\(name)' (commands: \(commands.map(\.name).joined(separator: ", ")))")
            }
        } catch let error as UsageError {
            console.err("verify: error: \(error.message)")
            return ExitStatus.usage
        } catch let error as InputError {
            console.err("verify: error: \(error.description)")
            return ExitStatus.usage
        } catch {
            console.err("verify: error: \(error)")
            return ExitStatus.usage
        }
    }
}

/// Bad input in a file: names the file and line.
public struct InputError: Error, CustomStringConvertible, Sendable {
    public let file: String
    public let line: Int?
    public let message: String
    public init(file: String, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }
    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}
