import Support
import ModelChecker

/// What the command-line tool and the verification plan need to know of a model, without
/// knowing its types: parameters, variants, plan entries with expected outcomes, and a way to
/// run and replay it. A model family is one protocol model with its bug variants.
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

extension ModelFamily {
    public var benchmarks: [BenchmarkSpec] { [] }
    public func supplementaryReports(workers: Int) -> [SupplementaryReport] { [] }
}
