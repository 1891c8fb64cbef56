import Support
import ModelChecker

/// A design of the modelled protocol: the correct one, or a known-bad one.
public struct VariantSpec: Sendable {
    public let name: String
    public let summary: String
    public let isCorrect: Bool
    /// The first entry is what `check MODEL --variant NAME` runs with no other flags.
    public let plan: [PlanEntry]
    /// Larger scopes that only `verify all --thorough` runs (outside CI): bounded-depth and
    /// swarm entries that reach what the CI plan's bounds leave out.
    public let thorough: [PlanEntry]

    public init(_ name: String, correct: Bool, _ summary: String, plan: [PlanEntry], thorough: [PlanEntry] = []) {
        precondition(!plan.isEmpty, "a variant needs at least one plan entry")
        self.name = name
        self.isCorrect = correct
        self.summary = summary
        self.plan = plan
        self.thorough = thorough
    }
}
