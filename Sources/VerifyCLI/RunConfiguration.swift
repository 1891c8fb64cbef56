import Foundation
import ModelChecker
import Models
import Verification

/// A model run as the command line describes it: family, variant, parameters, search options.
struct RunConfiguration {
    var family: any ModelFamily
    var variant: VariantSpec
    var parameters: ParameterValues
    var options: CheckOptions
    /// The plan entry the run equals, if it does (its label names the trace files).
    var planEntry: PlanEntry?

    static let engineFlagsHelp = """
      --variant NAME        the design to check (default: the correct one)
      --strategy bfs|dfs|random   search strategy (default: the plan entry's)
      --workers N           worker threads (default: all cores); results do not depend on it
      --symmetry / --no-symmetry  store one state per orbit of the model's symmetry
      --max-depth D         explore states up to depth D (the initial state has depth 1)
      --max-states S        stop after the level in which S distinct states were stored
      --time-limit SECONDS  stop after this long (the result says incomplete)
      --exact               store whole states instead of 64-bit fingerprints
      --stop-at-first       stop at the end of the level of the first violation
      --deadlock            report states without successors (property deadlockFree)
      --seed S --walks N    random walks: seed and number of walks
    """

    static func unknownModel(_ name: String) -> UsageError {
        UsageError("unknown model '\(name)' (models: \(ModelCatalog.families.map(\.name).joined(separator: ", ")))")
    }

    /// Reads the model's parameters and the engine's options; what is not given comes from
    /// the variant's first plan entry, so `check M --variant V` runs exactly that entry.
    /// The options every model shares, read before the model name is known.
    struct EngineFlags {
        var variant: String?
        var strategy: String?
        var symmetryOn = false
        var symmetryOff = false
        var maxDepth: Int?
        var maxStates: Int?
        var seed: String?
        var walks: Int?
        var workers: Int?
        var timeLimit: Double?
        var exact = false
        var stopAtFirst = false
        var deadlock = false

        static func parse(_ args: inout CommandLineArguments) throws -> EngineFlags {
            var flags = EngineFlags()
            flags.variant = try args.value("--variant")
            flags.strategy = try args.choice("--strategy", among: CheckOptions.Strategy.allCases.map(\.rawValue))
            flags.symmetryOn = try args.flag("--symmetry")
            flags.symmetryOff = try args.flag("--no-symmetry")
            if flags.symmetryOn && flags.symmetryOff { throw UsageError("--symmetry and --no-symmetry contradict each other") }
            flags.maxDepth = try args.integer("--max-depth", in: 1...1_000_000)
            flags.maxStates = try args.integer("--max-states", in: 1...4_000_000_000)
            flags.seed = try args.value("--seed")
            flags.walks = try args.integer("--walks", in: 1...100_000_000)
            flags.workers = try args.integer("--workers", in: 1...256)
            flags.timeLimit = try args.decimal("--time-limit", in: 0.001...31_536_000)
            flags.exact = try args.flag("--exact")
            flags.stopAtFirst = try args.flag("--stop-at-first")
            flags.deadlock = try args.flag("--deadlock")
            return flags
        }
    }

    static func parse(modelName: String, flags: EngineFlags, _ args: inout CommandLineArguments) throws -> RunConfiguration {
        guard let family = ModelCatalog.family(named: modelName) else { throw unknownModel(modelName) }
        let variantName = flags.variant ?? family.variants[0].name
        guard let variant = family.variant(named: variantName) else {
            throw UsageError("unknown variant '\(variantName)' of \(family.name) (variants: \(family.variants.map(\.name).joined(separator: ", ")))")
        }
        let entry = variant.plan[0]
        var parameters = family.parameters(for: entry)
        var parametersGiven = false
        for spec in family.parameters {
            guard let text = try args.value("--" + spec.name) else { continue }
            guard let value = spec.parse(text) else {
                throw UsageError("--\(spec.name) expects \(spec.rangeText), got '\(text)'")
            }
            parameters[spec.name] = value
            parametersGiven = true
        }
        if let problem = family.validate(parameters) { throw UsageError("\(family.name): \(problem)") }

        var search = entry.search
        if let strategy = flags.strategy { search.strategy = CheckOptions.Strategy(rawValue: strategy)! }
        if flags.symmetryOn { search.symmetry = true }
        if flags.symmetryOff { search.symmetry = false }
        if let depth = flags.maxDepth { search.maxDepth = depth }
        if let states = flags.maxStates { search.maxStates = states }
        if let seed = flags.seed {
            guard let value = UInt64(seed) else { throw UsageError("--seed expects a non-negative integer, got '\(seed)'") }
            search.seed = value
        }
        if let walks = flags.walks { search.walks = walks }
        var options = CheckOptions(search, workers: flags.workers ?? CheckOptions().workers)
        options.timeLimit = flags.timeLimit
        options.exact = flags.exact
        options.stopAtFirst = flags.stopAtFirst
        options.checkDeadlock = flags.deadlock
        let isPlanEntry = !parametersGiven && search == entry.search && options.timeLimit == nil
            && !options.stopAtFirst && !options.checkDeadlock
        return RunConfiguration(family: family, variant: variant, parameters: parameters, options: options,
                                planEntry: isPlanEntry ? entry : nil)
    }

    /// The label that names trace files: the plan entry's, or the parameters that differ
    /// from the defaults (so a custom run does not overwrite the plan's traces).
    var traceLabel: String? {
        if let planEntry { return planEntry.label }
        let defaults = family.defaultParameters
        let differing = parameters.entries.filter { defaults.value($0.name) != $0.value }.map { "\($0.name)-\($0.value)" }
        var parts = differing
        if options.strategy != .bfs { parts.append(options.strategy.rawValue) }
        if options.symmetry { parts.append("sym") }
        return parts.isEmpty ? "custom" : parts.joined(separator: "-")
    }
}
