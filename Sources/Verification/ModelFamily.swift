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
    /// Explores a variant; an unknown variant or parameter is a usage error.
    func run(variant: String, parameters: ParameterValues, options: CheckOptions) throws(FamilyError) -> RunReport
    /// Re-executes a recorded trace; a trace naming an unknown variant or parameter is an error.
    func replay(_ trace: TraceDocument) throws(FamilyError) -> ReplayOutcome
    /// What `verify bench` runs for this family.
    var benchmarks: [BenchmarkSpec] { get }
    /// Tables computed over many configurations (run by `verify all`, written to Reports/).
    func supplementaryReports(workers: Int) -> [SupplementaryReport]
    /// The same tables over larger scopes (run by `verify all --thorough`, written to Reports/thorough/).
    func thoroughSupplementaryReports(workers: Int) -> [SupplementaryReport]
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

extension ModelFamily {
    public var benchmarks: [BenchmarkSpec] { [] }
    public func supplementaryReports(workers: Int) -> [SupplementaryReport] { [] }
    public func thoroughSupplementaryReports(workers: Int) -> [SupplementaryReport] { [] }
}
