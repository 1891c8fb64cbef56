import Support
/// What the command-line tool and the verification plan need to know of a model, without
/// knowing its types: parameters, variants, plan entries with expected outcomes, and a way to
/// run and replay it. A model family is one protocol model with its bug variants.

/// A model parameter, spelled on the command line as `--name VALUE`.
public struct ParameterSpec: Sendable {
    public enum Kind: Sendable, Equatable {
        /// An integer within a range.
        case integer(ClosedRange<Int>)
        /// `on` or `off` (1 or 0).
        case toggle
    }

    public let name: String
    public let summary: String
    public let defaultValue: Int
    public let kind: Kind

    public init(_ name: String, _ summary: String, default defaultValue: Int, _ kind: Kind) {
        self.name = name
        self.summary = summary
        self.defaultValue = defaultValue
        self.kind = kind
    }

    /// How a value is written: a number, or on/off.
    public func format(_ value: Int) -> String {
        kind == .toggle ? (value != 0 ? "on" : "off") : String(value)
    }

    /// Parses a command-line value; nil when it is not acceptable.
    public func parse(_ text: String) -> Int? {
        switch kind {
        case .toggle:
            switch text {
            case "on", "true", "1": return 1
            case "off", "false", "0": return 0
            default: return nil
            }
        case .integer(let range):
            guard let value = Int(text), range.contains(value) else { return nil }
            return value
        }
    }

    public var rangeText: String {
        switch kind {
        case .toggle: return "on|off"
        case .integer(let range): return "\(range.lowerBound)...\(range.upperBound)"
        }
    }
}

/// Parameter values in the family's declared order (so they print and encode stably).
public struct ParameterValues: Sendable, Hashable {
    public private(set) var entries: [(name: String, value: Int)]

    public init(_ entries: [(String, Int)]) { self.entries = entries.map { (name: $0.0, value: $0.1) } }

    public subscript(name: String) -> Int {
        get {
            guard let entry = entries.first(where: { $0.name == name }) else {
                preconditionFailure("no parameter named \(name)")
            }
            return entry.value
        }
        set {
            if let index = entries.firstIndex(where: { $0.name == name }) {
                entries[index].value = newValue
            } else {
                entries.append((name, newValue))
            }
        }
    }

    public func value(_ name: String) -> Int? { entries.first { $0.name == name }?.value }

    public static func == (lhs: ParameterValues, rhs: ParameterValues) -> Bool {
        lhs.entries.count == rhs.entries.count && zip(lhs.entries, rhs.entries).allSatisfy { $0 == $1 }
    }

    public func hash(into hasher: inout Hasher) {
        for entry in entries {
            hasher.combine(entry.name)
            hasher.combine(entry.value)
        }
    }
}

/// The search settings of a plan entry (parameters aside).
public struct PlanSearch: Sendable, Equatable {
    public var strategy: CheckOptions.Strategy = .bfs
    public var symmetry = false
    public var maxDepth: Int?
    public var maxStates: Int?
    public var seed: UInt64 = 1
    public var walks = 1000

    public init(strategy: CheckOptions.Strategy = .bfs, symmetry: Bool = false, maxDepth: Int? = nil,
                maxStates: Int? = nil, seed: UInt64 = 1, walks: Int = 1000) {
        self.strategy = strategy
        self.symmetry = symmetry
        self.maxDepth = maxDepth
        self.maxStates = maxStates
        self.seed = seed
        self.walks = walks
    }
}

extension CheckOptions {
    /// The options of a plan entry's (or a benchmark's) search, at `workers` threads.
    public init(_ search: PlanSearch, workers: Int) {
        self.init()
        self.workers = workers
        strategy = search.strategy
        symmetry = search.symmetry
        maxDepth = search.maxDepth
        maxStates = search.maxStates
        seed = search.seed
        walks = search.walks
    }
}

/// One run of the verification plan with what it must show.
public struct PlanEntry: Sendable {
    /// Tells apart several runs of one variant ("tlc-inflight1"); nil for the variant's own.
    public var label: String?
    /// Parameters that differ from the family's defaults.
    public var parameters: [(String, Int)]
    public var search: PlanSearch
    /// Expected outcomes; a property not listed must hold or be witnessed when
    /// `othersMustPass` (correct designs), and may do anything otherwise.
    public var expectations: [(String, Outcome)]
    public var othersMustPass: Bool
    /// Why the entry is there, shown in the summary.
    public var note: String?

    public init(label: String? = nil, parameters: [(String, Int)] = [], search: PlanSearch = PlanSearch(),
                expect expectations: [(String, Outcome)] = [], othersMustPass: Bool, note: String? = nil) {
        self.label = label
        self.parameters = parameters
        self.search = search
        self.expectations = expectations
        self.othersMustPass = othersMustPass
        self.note = note
    }
}

/// A design of the modelled protocol: the correct one, or a known-bad one.
public struct VariantSpec: Sendable {
    public let name: String
    public let summary: String
    public let isCorrect: Bool
    /// The first entry is what `check MODEL --variant NAME` runs with no other flags.
    public let plan: [PlanEntry]

    public init(_ name: String, correct: Bool, _ summary: String, plan: [PlanEntry]) {
        precondition(!plan.isEmpty, "a variant needs at least one plan entry")
        self.name = name
        self.isCorrect = correct
        self.summary = summary
        self.plan = plan
    }
}

/// A property as `verify list` shows it.
public struct PropertySpec: Sendable {
    public let name: String
    public let kind: String
    public let summary: String
}

/// A model family as the tool sees it.
public protocol ModelFamily: Sendable {
    var name: String { get }
    var summary: String { get }
    var parameters: [ParameterSpec] { get }
    /// The correct variant first.
    var variants: [VariantSpec] { get }
    /// Properties of the correct variant at its default parameters.
    var propertySpecs: [PropertySpec] { get }
    /// A problem with a combination of parameters, or nil ("max-crashes must be below brokers").
    func validate(_ parameters: ParameterValues) -> String?
    /// A reason these options cannot run on this configuration, or nil.
    func problem(variant: String, parameters: ParameterValues, options: CheckOptions) -> String?
    /// Explores a variant.
    func run(variant: String, parameters: ParameterValues, options: CheckOptions) -> RunReport
    /// Re-executes a recorded trace.
    func replay(_ trace: TraceDocument) -> ReplayOutcome
    /// What `verify bench` runs for this family.
    var benchmarks: [BenchmarkSpec] { get }
    /// Tables computed over many configurations (run by `verify all`, written to Reports/).
    func supplementaryReports(workers: Int) -> [SupplementaryReport]
}

/// A model family backed by one `Model` type: the generic glue is written once, here.
public protocol ModelDefinition: ModelFamily {
    associatedtype Checked: Model
    func makeModel(variant: String, parameters: ParameterValues) -> Checked
}

extension ModelFamily {
    public func validate(_ parameters: ParameterValues) -> String? { nil }

    public var defaultParameters: ParameterValues {
        ParameterValues(parameters.map { ($0.name, $0.defaultValue) })
    }

    public func variant(named name: String) -> VariantSpec? { variants.first { $0.name == name } }

    /// The parameters of a plan entry: the defaults with the entry's overrides.
    public func parameters(for entry: PlanEntry) -> ParameterValues {
        var values = defaultParameters
        for (name, value) in entry.parameters {
            precondition(parameters.contains { $0.name == name }, "plan names unknown parameter \(name)")
            values[name] = value
        }
        return values
    }
}

extension ModelDefinition {
    public var propertySpecs: [PropertySpec] {
        let model = makeModel(variant: variants[0].name, parameters: defaultParameters)
        return model.properties.map { PropertySpec(name: $0.name, kind: $0.kind.rawValue, summary: $0.summary) }
    }

    public func problem(variant: String, parameters: ParameterValues, options: CheckOptions) -> String? {
        guard options.symmetry else { return nil }
        let count = makeModel(variant: variant, parameters: parameters).symmetricIdentifierCount
        if count > Symmetry.maximumIdentifiers {
            return "symmetry reduction supports up to \(Symmetry.maximumIdentifiers) interchangeable identifiers; "
                + "\(name) has \(count) here"
        }
        return nil
    }

    public func run(variant: String, parameters: ParameterValues, options: CheckOptions) -> RunReport {
        let model = makeModel(variant: variant, parameters: parameters)
        let result = ModelChecker.check(model, options: options)
        return RunReport(family: name, variant: variant, parameters: parameters, model: model, result: result)
    }

    public func replay(_ trace: TraceDocument) -> ReplayOutcome {
        let model = makeModel(variant: trace.variant, parameters: trace.parameters)
        return Replay.run(model, trace)
    }
}

/// A configuration `verify bench` runs (at one worker and at all workers).
public struct BenchmarkSpec: Sendable {
    public var name: String
    public var variant: String
    public var parameters: [(String, Int)]
    public var search: PlanSearch

    public init(_ name: String, variant: String, parameters: [(String, Int)] = [], search: PlanSearch = PlanSearch()) {
        self.name = name
        self.variant = variant
        self.parameters = parameters
        self.search = search
    }
}

/// A report a family computes beyond its plan entries (a table over many configurations),
/// written to `Reports/<fileName>.md` and `.json` by `verify all`.
public struct SupplementaryReport: Sendable {
    public var fileName: String
    public var title: String
    /// Deterministic Markdown (no timings).
    public var markdown: String
    /// The same content as data (no timings).
    public var json: JSONValue
    /// Whether what the report must show came out (it counts as one plan expectation).
    public var expectationsMet: Bool
    /// One line for the summary table.
    public var summaryLine: String

    public init(fileName: String, title: String, markdown: String, json: JSONValue, expectationsMet: Bool, summaryLine: String) {
        self.fileName = fileName
        self.title = title
        self.markdown = markdown
        self.json = json
        self.expectationsMet = expectationsMet
        self.summaryLine = summaryLine
    }
}

extension ModelFamily {
    public var benchmarks: [BenchmarkSpec] { [] }
    public func supplementaryReports(workers: Int) -> [SupplementaryReport] { [] }
}
