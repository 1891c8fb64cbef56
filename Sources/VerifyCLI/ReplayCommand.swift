import Foundation
import ModelChecker
import Models

/// `verify replay FILE.json`: re-executes a counterexample and fails loudly on divergence.
enum ReplayCommand {
    static let help = """
    usage: verify replay FILE.json...

    Re-executes each trace from the model's initial state, matching every step's action by its
    recorded identity (actionId; by its description in older files) and comparing the state it leads to with the recorded one; then re-checks the
    recorded verdict on the trace (an alwaysPossibly dead end by exploring what is reachable from
    it). Exit 0 when every file reproduces and its verdict is confirmed; 1 naming the first step
    that does not reproduce, or saying why the verdict is not confirmed (it does not hold again,
    or the model has no such property, or it cannot be re-checked); 2 when a file is missing or
    malformed.
    """

    static func run(_ args: inout CommandLineArguments, console: Console) throws -> Int32 {
        if try args.flag("--help") {
            console.out(help)
            return ExitStatus.success
        }
        let files = args.positionals()
        try args.finish()
        guard !files.isEmpty else { throw UsageError("replay needs a trace file (FILE.json)") }
        var status = ExitStatus.success
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw InputError(file: file, line: nil, message: "cannot read the file")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw InputError(file: file, line: nil, message: "not UTF-8 text")
            }
            let document: TraceDocument
            do {
                document = try TraceDocument(json: text)
            } catch {
                throw InputError(file: file, line: error.line, message: "not a trace file: \(error.message)")
            }
            guard let family = ModelCatalog.family(named: document.model) else {
                throw InputError(file: file, line: nil, message: "unknown model '\(document.model)'")
            }
            guard family.variant(named: document.variant) != nil else {
                throw InputError(file: file, line: nil, message: "unknown variant '\(document.variant)' of \(document.model)")
            }
            var parameters = family.defaultParameters
            for entry in document.parameters.entries {
                guard let spec = family.parameters.first(where: { $0.name == entry.name }) else {
                    throw InputError(file: file, line: nil, message: "unknown parameter '\(entry.name)' of \(document.model)")
                }
                guard spec.parse(String(entry.value)) != nil || spec.kind == .toggle && (entry.value == 0 || entry.value == 1) else {
                    throw InputError(file: file, line: nil, message: "parameter '\(entry.name)' = \(entry.value) is out of range \(spec.rangeText)")
                }
                parameters[entry.name] = entry.value
            }
            if let problem = family.validate(parameters) {
                throw InputError(file: file, line: nil, message: "\(document.model): \(problem)")
            }
            var normalized = document
            normalized.parameters = parameters
            let outcome: ReplayOutcome
            do {
                outcome = try family.replay(normalized)
            } catch {
                throw InputError(file: file, line: nil, message: error.message)
            }
            switch outcome {
            case .reproduced(let steps, let confirmation):
                console.out("\(file): reproduced \(steps) step\(steps == 1 ? "" : "s") of \(document.model)/\(document.variant) \(document.property); \(confirmation)")
                if !confirmation.confirmed { status = ExitStatus.failure }
            case .diverged(let step, let reason):
                console.out("\(file): does NOT reproduce at step \(step): \(reason)")
                status = ExitStatus.failure
            }
        }
        return status
    }
}
