import ModelChecker
import Verification

/// `raft-election` as the tool and the plan see it: raft.tla with its five bug variants, the
/// TLC reference configurations of `shared/reference/raft-tla/` as plan entries, and the
/// benchmarks `verify bench` runs.
///
/// Two model types share the work: `RaftElection` (states without references) for every
/// configuration but TLC's history with logs on, which `RaftElectionWithLogHistory` runs.
/// `run` and `replay` choose between them; `makeModel` (what the generic glue of
/// `ModelDefinition` would use) serves the first.
public struct RaftElectionFamily: ModelDefinition {
    public init() {}
    public let name = "raft-election"
    public let summary = "Ongaro's raft.tla (6ecbdbc), action for action, with the bugs it must catch"

    public let parameters: [ParameterSpec] = [
        ParameterSpec("servers", "servers in the cluster (Server)", default: 3, .integer(2...5)),
        ParameterSpec("max-term", "largest term a server may reach (constraint)", default: 3, .integer(1...RaftElections.maximumTerm)),
        ParameterSpec("max-in-flight", "distinct messages in flight, with a count above 0 (constraint)", default: 1,
                      .integer(1...(RaftBag.capacity - 1))),
        ParameterSpec("max-duplicates", "copies of one message in flight (constraint); 1 removes DuplicateMessage",
                      default: 1, .integer(1...4)),
        ParameterSpec("max-log-length", "entries per log (constraint); 0 removes ClientRequest and AdvanceCommitIndex",
                      default: 1, .integer(0...(RaftServer.maximumIndex - 1))),
        ParameterSpec("values", "client values (Value)", default: 1, .integer(1...3)),
        ParameterSpec("restarts", "servers may restart (Restart)", default: 0, .toggle),
        ParameterSpec("drops", "the network may lose messages (DropMessage)", default: 0, .toggle),
        ParameterSpec("tlc-history", "keep every history variable of raft.tla, for distinct-state counts equal to TLC's",
                      default: 0, .toggle),
    ]

    public func validate(_ parameters: ParameterValues) -> String? {
        if parameters["tlc-history"] != 0 && parameters["max-log-length"] > RaftMessage.maximumLogLength {
            return "tlc-history on keeps logs inside messages (mlog), which holds at most "
                + "\(RaftMessage.maximumLogLength) entries: use max-log-length \(RaftMessage.maximumLogLength) or less"
        }
        return nil
    }

    /// The configuration of a run.
    public func configuration(variant: String, parameters: ParameterValues) -> RaftConfiguration {
        guard let variant = RaftElection.Variant(rawValue: variant) else {
            preconditionFailure("raft-election has no variant \(variant)")
        }
        var configuration = RaftConfiguration()
        configuration.servers = parameters["servers"]
        configuration.maxTerm = parameters["max-term"]
        configuration.maxInFlight = parameters["max-in-flight"]
        configuration.maxDuplicates = parameters["max-duplicates"]
        configuration.maxLogLength = parameters["max-log-length"]
        configuration.values = parameters["values"]
        configuration.restarts = parameters["restarts"] != 0
        configuration.drops = parameters["drops"] != 0
        configuration.tlcHistory = parameters["tlc-history"] != 0
        configuration.variant = variant
        return configuration
    }

    /// Whether a configuration needs `RaftElectionWithLogHistory`.
    static func keepsLogHistory(_ configuration: RaftConfiguration) -> Bool {
        configuration.tlcHistory && configuration.maxLogLength > 0
    }

    public func makeModel(variant: String, parameters: ParameterValues) -> RaftElection {
        let configuration = configuration(variant: variant, parameters: parameters)
        precondition(!Self.keepsLogHistory(configuration), "tlc-history with logs on runs RaftElectionWithLogHistory: use run")
        return RaftElection(configuration)
    }

    public func run(variant: String, parameters: ParameterValues, options: CheckOptions) -> RunReport {
        let configuration = configuration(variant: variant, parameters: parameters)
        if Self.keepsLogHistory(configuration) {
            let model = RaftElectionWithLogHistory(configuration)
            return RunReport(family: name, variant: variant, parameters: parameters, model: model,
                             result: ModelChecker.check(model, options: options))
        }
        let model = RaftElection(configuration)
        return RunReport(family: name, variant: variant, parameters: parameters, model: model,
                         result: ModelChecker.check(model, options: options))
    }

    public func replay(_ trace: TraceDocument) -> ReplayOutcome {
        let configuration = configuration(variant: trace.variant, parameters: trace.parameters)
        if Self.keepsLogHistory(configuration) { return Replay.run(RaftElectionWithLogHistory(configuration), trace) }
        return Replay.run(RaftElection(configuration), trace)
    }

    /// The parameters of MCraft.tla's `election-inflight*.cfg`: 3 servers, one value, max term
    /// 2, max duplicates 1, restarts and drops on, logs off, with all of TLC's history.
    static func tlcReference(inFlight: Int) -> [(String, Int)] {
        [("max-term", 2), ("max-in-flight", inFlight), ("max-duplicates", 1), ("max-log-length", 0),
         ("restarts", 1), ("drops", 1), ("tlc-history", 1)]
    }

    /// The correct variant's plan bounds: logs on, terms up to 3, restarts and drops off.
    static let logsTerm3: [(String, Int)] = [("max-term", 3), ("max-in-flight", 1), ("max-log-length", 1),
                                             ("restarts", 0), ("drops", 0)]

    public var variants: [VariantSpec] {
        [
            VariantSpec("correct", correct: true, "raft.tla as published", plan: [
                PlanEntry(parameters: Self.logsTerm3, search: PlanSearch(symmetry: true), othersMustPass: true,
                          note: "logs on, terms up to 3: every property holds and every sometimes is witnessed"),
            ]),
            VariantSpec("forgetVoteOnRestart", correct: false,
                        "votedFor is not durable: a restarted server may vote twice in one term", plan: [
                PlanEntry(parameters: [("max-term", 2), ("max-in-flight", 1), ("max-log-length", 0), ("restarts", 1),
                                       ("drops", 0)],
                          search: PlanSearch(symmetry: true),
                          expect: [("electionSafety", .violated)], othersMustPass: false,
                          note: "MCraft.tla's RestartForgetVote: a server votes for s2, restarts and votes for s3 in the same term"),
            ]),
            VariantSpec("noUpToDateCheck", correct: false,
                        "votes are granted without the election restriction (§5.4.1)", plan: [
                PlanEntry(parameters: [("max-term", 3), ("max-in-flight", 1), ("max-log-length", 1),
                                       ("restarts", 0), ("drops", 0)],
                          search: PlanSearch(symmetry: true, maxDepth: 33),
                          expect: [("leaderCompleteness", .violated), ("stateMachineSafety", .violated)],
                          othersMustPass: false,
                          note: "breadth-first to depth 33, where both shortest counterexamples end"),
            ]),
            VariantSpec("commitByCountingOldTerm", correct: false,
                        "a leader commits an entry of an earlier term by counting replicas (Figure 8)", plan: [
                PlanEntry(parameters: [("max-term", 5), ("max-in-flight", 1), ("max-log-length", 1),
                                       ("restarts", 0), ("drops", 0)],
                          search: PlanSearch(strategy: .dfs, maxDepth: 66, maxStates: 200_000),
                          expect: [("leaderCompleteness", .violated), ("stateMachineSafety", .violated)],
                          othersMustPass: false,
                          note: "depth-first search, so the traces are not shortest: Figure 8 needs terms up to 5, and "
                            + "breadth-first search cannot exhaust them in the plan budget (28,425,574 orbits already "
                            + "with terms up to 4)"),
            ]),
            VariantSpec("halfQuorum", correct: false, "a candidate wins with ⌊N/2⌋ votes", plan: [
                PlanEntry(parameters: [("servers", 4), ("max-term", 2), ("max-in-flight", 1), ("max-log-length", 0),
                                       ("restarts", 0), ("drops", 0)],
                          search: PlanSearch(symmetry: true, maxDepth: 19),
                          expect: [("electionSafety", .violated)], othersMustPass: false,
                          note: "breadth-first to depth 19, where the shortest counterexample ends: "
                            + "two pairs of servers elect two leaders in one term"),
            ]),
            VariantSpec("countStaleVotes", correct: false,
                        "vote responses from an older term are counted instead of dropped", plan: [
                PlanEntry(parameters: [("max-term", 3), ("max-in-flight", 1), ("max-log-length", 0),
                                       ("restarts", 0), ("drops", 0)],
                          search: PlanSearch(symmetry: true),
                          expect: [("electionSafety", .violated)], othersMustPass: false,
                          note: "a vote granted in term 2 is counted in term 3, where the voter votes again"),
            ]),
        ]
    }

    public func supplementaryReports(workers: Int) -> [SupplementaryReport] {
        [RaftElectionTLCReference.compute(workers: workers).report]
    }

    public var benchmarks: [BenchmarkSpec] {
        [
            BenchmarkSpec("raft-tlc-inflight1", variant: "correct", parameters: Self.tlcReference(inFlight: 1)),
            BenchmarkSpec("raft-tlc-inflight1-sym", variant: "correct", parameters: Self.tlcReference(inFlight: 1),
                          search: PlanSearch(symmetry: true)),
            BenchmarkSpec("raft-tlc-inflight2", variant: "correct", parameters: Self.tlcReference(inFlight: 2)),
            BenchmarkSpec("raft-tlc-inflight2-sym", variant: "correct", parameters: Self.tlcReference(inFlight: 2),
                          search: PlanSearch(symmetry: true)),
            // Larger: the correct variant's plan bounds (logs on, terms up to 3).
            BenchmarkSpec("raft-logs-term3", variant: "correct", parameters: Self.logsTerm3),
            BenchmarkSpec("raft-logs-term3-sym", variant: "correct", parameters: Self.logsTerm3,
                          search: PlanSearch(symmetry: true)),
        ]
    }
}
