import ModelChecker
import Verification

/// `two-phase-commit` as the tool and the plan see it.
public struct TwoPhaseCommitFamily: ModelDefinition {
    public typealias Configuration = TwoPhaseCommit.Configuration
    public typealias Variant = TwoPhaseCommit.Variant

    public init() {}
    public let name = "two-phase-commit"
    public let summary = "Gray & Lamport's two-phase commit (TLA+ TwoPhase): the engine's reference model"

    public var defaultConfiguration: Configuration { Configuration() }

    public var parameterDeclarations: [Parameter<Configuration>] {
        [.integer("resource-managers", \.resourceManagers, 1...12, "resource managers taking part")]
    }

    public func makeModel(variant: Variant, configuration: Configuration) -> TwoPhaseCommit {
        TwoPhaseCommit(resourceManagers: configuration.resourceManagers, variant: variant)
    }

    public var variants: [VariantSpec] {
        [
            declare(.correct, correct: true, "the specification as published", plan: [
                entry(othersMustPass: true, note: "288 distinct states, as published"),
                entry("5 resource managers", set: [.set(\.resourceManagers, 5)], othersMustPass: true,
                      note: "8,832 distinct states, as published"),
                entry("5 resource managers, symmetric", set: [.set(\.resourceManagers, 5)],
                      search: PlanSearch(symmetry: true), othersMustPass: true,
                      note: "orbits of the resource managers' renamings"),
            ]),
            declare(.commitWithoutAllPrepared, correct: false,
                    "the manager commits as soon as one resource manager is prepared", plan: [
                entry(expect: [(.consistent, .violated)], othersMustPass: false),
            ]),
        ]
    }

    public var benchmarks: [BenchmarkSpec] {
        [
            benchmark("two-phase-commit-7", variant: .correct, set: [.set(\.resourceManagers, 7)]),
            benchmark("two-phase-commit-9", variant: .correct, set: [.set(\.resourceManagers, 9)]),
            benchmark("two-phase-commit-6-symmetric", variant: .correct, set: [.set(\.resourceManagers, 6)],
                      search: PlanSearch(symmetry: true)),
        ]
    }
}
