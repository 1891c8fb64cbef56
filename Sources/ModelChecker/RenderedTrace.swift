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
            var info = model.describe(step.action, in: previous)
            info.id = model.identity(of: step.action)
            return Step(action: info, state: model.describe(step.state))
        }
    }

    /// The number of actions.
    public var length: Int { steps.count }
}
