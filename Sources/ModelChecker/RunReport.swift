import Support
/// A trace as people and files see it: each step's action description and full state.
public struct RenderedTrace: Sendable, Equatable {
    public struct Step: Sendable, Equatable {
        public var action: ActionInfo
        public var state: JSONValue
        public init(action: ActionInfo, state: JSONValue) {
            self.action = action
            self.state = state
        }
    }

    public var initial: JSONValue
    public var steps: [Step]

    public init(initial: JSONValue, steps: [Step]) {
        self.initial = initial
        self.steps = steps
    }

    public init<M: Model>(_ trace: Trace<M>, model: M) {
        initial = model.describe(trace.initial)
        var previous = trace.initial
        steps = trace.steps.map { step in
            defer { previous = step.state }
            return Step(action: model.describe(step.action, in: previous), state: model.describe(step.state))
        }
    }

    /// The number of actions.
    public var length: Int { steps.count }
}

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
    public var stoppedBy: String?
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
