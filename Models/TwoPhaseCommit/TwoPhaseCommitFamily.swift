import ModelChecker
import Verification

/// `two-phase-commit` as the tool and the plan see it.
public struct TwoPhaseCommitFamily: ModelDefinition {
    public init() {}
    public let name = "two-phase-commit"
    public let summary = "Gray & Lamport's two-phase commit (TLA+ TwoPhase): the engine's reference model"

    public let parameters: [ParameterSpec] = [
        ParameterSpec("resource-managers", "resource managers taking part", default: 3, .integer(1...12)),
    ]

    public var variants: [VariantSpec] {
        [
            VariantSpec("correct", correct: true, "the specification as published", plan: [
                PlanEntry(othersMustPass: true, note: "288 distinct states, as published"),
                PlanEntry(label: "5 resource managers", parameters: [("resource-managers", 5)], othersMustPass: true,
                          note: "8,832 distinct states, as published"),
                PlanEntry(label: "5 resource managers, symmetric", parameters: [("resource-managers", 5)],
                          search: PlanSearch(symmetry: true), othersMustPass: true,
                          note: "orbits of the resource managers' renamings"),
            ]),
            VariantSpec("commitWithoutAllPrepared", correct: false,
                        "the manager commits as soon as one resource manager is prepared", plan: [
                PlanEntry(expect: [("consistent", .violated)], othersMustPass: false),
            ]),
        ]
    }

    public var benchmarks: [BenchmarkSpec] {
        [
            BenchmarkSpec("two-phase-commit-7", variant: "correct", parameters: [("resource-managers", 7)]),
            BenchmarkSpec("two-phase-commit-9", variant: "correct", parameters: [("resource-managers", 9)]),
            BenchmarkSpec("two-phase-commit-6-symmetric", variant: "correct", parameters: [("resource-managers", 6)],
                          search: PlanSearch(symmetry: true)),
        ]
    }

    public func makeModel(variant: String, parameters: ParameterValues) -> TwoPhaseCommit {
        TwoPhaseCommit(resourceManagers: parameters["resource-managers"],
                       variant: TwoPhaseCommit.Variant(rawValue: variant) ?? .correct)
    }
}
