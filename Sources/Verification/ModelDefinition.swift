import ModelChecker

/// Something that can be handed a model of any type (Swift has no generic closures): how a
/// family whose configurations need different model types (raft-election with and without TLC's
/// log history) still uses the one generic glue below.
public protocol ModelVisitor {
    associatedtype Result
    func visit<M: Model>(_ model: M) -> Result
}

/// A model family backed by a `Model` type: the generic glue (parameters to configuration and
/// back, variants by name, run, replay, the property list) is written once, here.
///
/// What must agree is declared once and checked by the compiler: each parameter is one
/// `Parameter` naming its configuration field, each variant a case of `Variant`, each property
/// a case of the model's `PropertyID`, and plan entries refer to all three by value (`entry`).
public protocol ModelDefinition: ModelFamily {
    associatedtype Checked: Model
    associatedtype Configuration: Sendable
    associatedtype Variant: RawRepresentable & CaseIterable & Sendable where Variant.RawValue == String

    /// The configuration at the family's defaults (each parameter's default is its field here).
    var defaultConfiguration: Configuration { get }
    /// The command line's parameters, in the order `verify list` shows them.
    var parameterDeclarations: [Parameter<Configuration>] { get }
    /// A problem with a combination of values, or nil ("max-crashes must be below brokers").
    func problem(with configuration: Configuration) -> String?
    func makeModel(variant: Variant, configuration: Configuration) -> Checked
    /// Hands `visitor` the model of a run; the default hands it `makeModel`'s.
    func accept<V: ModelVisitor>(_ visitor: V, variant: Variant, configuration: Configuration) -> V.Result
}

extension ModelDefinition {
    public func problem(with configuration: Configuration) -> String? { nil }

    public func accept<V: ModelVisitor>(_ visitor: V, variant: Variant, configuration: Configuration) -> V.Result {
        visitor.visit(makeModel(variant: variant, configuration: configuration))
    }

    public var parameters: [ParameterSpec] {
        let defaults = defaultConfiguration
        return parameterDeclarations.map { $0.spec(defaults: defaults) }
    }

    /// The configuration that parameter values stand for; unknown names and values out of range
    /// are errors.
    public func configuration(_ values: ParameterValues) throws(FamilyError) -> Configuration {
        var configuration = defaultConfiguration
        for (name, value) in values.entries {
            guard let declaration = parameterDeclarations.first(where: { $0.name == name }) else {
                throw FamilyError("\(self.name) has no parameter '\(name)'")
            }
            if case .integer(let range) = declaration.kind, !range.contains(value) {
                throw FamilyError("\(self.name): \(name) must be in \(range.lowerBound)...\(range.upperBound), not \(value)")
            }
            if declaration.kind == .toggle, value != 0 && value != 1 {
                throw FamilyError("\(self.name): \(name) is on or off (1 or 0), not \(value)")
            }
            declaration.write(&configuration, value)
        }
        return configuration
    }

    /// The parameter values of a configuration (the inverse of `configuration(_:)`).
    public func parameterValues(_ configuration: Configuration) -> ParameterValues {
        ParameterValues(parameterDeclarations.map { ($0.name, $0.read(configuration)) })
    }

    public func validate(_ parameters: ParameterValues) -> String? {
        do {
            return problem(with: try configuration(parameters))
        } catch {
            return error.message
        }
    }

    public func variant(_ name: String) throws(FamilyError) -> Variant {
        guard let variant = Variant(rawValue: name) else {
            throw FamilyError("\(self.name) has no variant '\(name)' (variants: "
                + Variant.allCases.map(\.rawValue).joined(separator: ", ") + ")")
        }
        return variant
    }

    /// The model of a variant at given parameter values.
    public func makeModel(variant name: String, parameters: ParameterValues) throws(FamilyError) -> Checked {
        makeModel(variant: try variant(name), configuration: try configuration(parameters))
    }

    public var propertySpecs: [PropertySpec] {
        accept(PropertyLister(), variant: Variant.allCases.first { $0.rawValue == variants[0].name }!,
               configuration: defaultConfiguration)
    }

    public func problem(variant: String, parameters: ParameterValues, options: CheckOptions) -> String? {
        guard options.symmetry else { return nil }
        do {
            let count = accept(IdentifierCounter(), variant: try self.variant(variant),
                               configuration: try configuration(parameters))
            if count > Symmetry.maximumIdentifiers {
                return "symmetry reduction supports up to \(Symmetry.maximumIdentifiers) interchangeable identifiers; "
                    + "\(name) has \(count) here"
            }
            return nil
        } catch {
            return error.message
        }
    }

    public func run(variant: String, parameters: ParameterValues, options: CheckOptions) throws(FamilyError) -> RunReport {
        let runner = Runner(family: name, variant: variant, parameters: parameters, options: options)
        return accept(runner, variant: try self.variant(variant), configuration: try configuration(parameters))
    }

    public func replay(_ trace: TraceDocument) throws(FamilyError) -> ReplayOutcome {
        accept(Replayer(trace: trace), variant: try variant(trace.variant), configuration: try configuration(trace.parameters))
    }

    /// Explores a variant with settings over the defaults (what code that builds its own runs,
    /// such as a supplementary report, calls: every name in it is checked by the compiler).
    public func run(_ variant: Variant, set settings: [Setting<Configuration>] = [], options: CheckOptions) -> RunReport {
        var configuration = defaultConfiguration
        for setting in settings { declaration(of: setting).write(&configuration, setting.value) }
        if let problem = problem(with: configuration) { preconditionFailure("\(name): \(problem)") }
        let runner = Runner(family: name, variant: variant.rawValue, parameters: parameterValues(configuration), options: options)
        return accept(runner, variant: variant, configuration: configuration)
    }

    // MARK: Building the plan

    /// The variant `variant` with its summary and plan entries.
    public func declare(_ variant: Variant, correct: Bool, _ summary: String, plan: [PlanEntry],
                        thorough: [PlanEntry] = []) -> VariantSpec {
        VariantSpec(variant.rawValue, correct: correct, summary, plan: plan, thorough: thorough)
    }

    /// A plan entry whose settings, expectations and variant are checked by the compiler.
    public func entry(_ label: String? = nil, set settings: [Setting<Configuration>] = [], search: PlanSearch = PlanSearch(),
                      expect expectations: [(Checked.PropertyID, Outcome)] = [], othersMustPass: Bool,
                      note: String? = nil) -> PlanEntry {
        PlanEntry(label: label, parameters: parameterOverrides(settings), search: search,
                  expect: expectations.map { ($0.0.name, $0.1) }, othersMustPass: othersMustPass, note: note)
    }

    /// A benchmark configuration.
    public func benchmark(_ name: String, variant: Variant, set settings: [Setting<Configuration>] = [],
                          search: PlanSearch = PlanSearch()) -> BenchmarkSpec {
        BenchmarkSpec(name, variant: variant.rawValue, parameters: parameterOverrides(settings), search: search)
    }

    /// The parameter values of settings over the defaults.
    public func parameters(_ settings: [Setting<Configuration>]) -> ParameterValues {
        var values = defaultParameters
        for (name, value) in parameterOverrides(settings) { values[name] = value }
        return values
    }

    func parameterOverrides(_ settings: [Setting<Configuration>]) -> [(String, Int)] {
        settings.map { (declaration(of: $0).name, $0.value) }
    }

    func declaration(of setting: Setting<Configuration>) -> Parameter<Configuration> {
        guard let declaration = parameterDeclarations.first(where: { $0.field == setting.field }) else {
            preconditionFailure("\(name): a setting names a configuration field that is not a declared parameter")
        }
        return declaration
    }
}

struct PropertyLister: ModelVisitor {
    func visit<M: Model>(_ model: M) -> [PropertySpec] {
        model.properties.map { PropertySpec(name: $0.name, kind: $0.kind.rawValue, summary: $0.summary) }
    }
}

struct IdentifierCounter: ModelVisitor {
    func visit<M: Model>(_ model: M) -> Int { model.symmetricIdentifierCount }
}

/// Runs the engine on the model it is handed. Inlinable, so that a family's `accept`, which
/// knows the model's type, specialises the engine for it (an unspecialised search looks up
/// generic metadata and copies states through value witnesses, at about twice the cost).
@usableFromInline struct Runner: ModelVisitor {
    @usableFromInline let family: String
    @usableFromInline let variant: String
    @usableFromInline let parameters: ParameterValues
    @usableFromInline let options: CheckOptions
    @usableFromInline init(family: String, variant: String, parameters: ParameterValues, options: CheckOptions) {
        self.family = family
        self.variant = variant
        self.parameters = parameters
        self.options = options
    }
    @inlinable func visit<M: Model>(_ model: M) -> RunReport {
        RunReport(family: family, variant: variant, parameters: parameters, model: model,
                  result: ModelChecker.check(model, options: options))
    }
}

struct Replayer: ModelVisitor {
    let trace: TraceDocument
    func visit<M: Model>(_ model: M) -> ReplayOutcome { Replay.run(model, trace) }
}
