import Support
import ModelChecker

/// One property's result with its rendered trace.
public struct RenderedProperty: Sendable {
    public var name: String
    public var kind: String
    public var outcome: Outcome
    public var trace: RenderedTrace?
    public var note: String?
}

/// The result of one run, without the model's types: what reports and the CLI print.
public struct RunReport: Sendable {
    public var family: String
    public var variant: String
    public var parameters: ParameterValues
    public var strategy: CheckOptions.Strategy
    public var symmetry: Bool
    public var exact: Bool
    public var complete: Bool
    public var stoppedBy: StopReason?
    public var statistics: CheckStatistics
    public var properties: [RenderedProperty]

    public init<M: Model>(family: String, variant: String, parameters: ParameterValues, model: M, result: CheckResult<M>) {
        self.family = family
        self.variant = variant
        self.parameters = parameters
        strategy = result.strategy
        symmetry = result.symmetry
        exact = result.exact
        complete = result.complete
        stoppedBy = result.stoppedBy
        statistics = result.statistics
        properties = result.properties.map { property in
            RenderedProperty(name: property.name, kind: property.kind.rawValue, outcome: property.outcome,
                             trace: property.trace.map { RenderedTrace($0, model: model) }, note: property.note)
        }
    }

    public func property(_ name: String) -> RenderedProperty? { properties.first { $0.name == name } }
}
