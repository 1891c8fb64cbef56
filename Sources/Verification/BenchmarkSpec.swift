import Support
import ModelChecker

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
