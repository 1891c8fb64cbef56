import ModelChecker
import Verification

/// `raft-election` as the tool and the plan see it: raft.tla with its five bug variants, the
/// TLC reference configurations of `shared/reference/raft-tla/` as plan entries, and the
/// benchmarks `verify bench` runs.
///
/// Two model types share the work: `RaftElection` (states without references) for every
/// configuration but TLC's history with logs on, which `RaftElectionWithLogHistory` runs;
/// `accept` chooses between them, so run, replay and the property list are the shared glue.
public struct RaftElectionFamily: ModelDefinition {
    public init() {}
    public let name = "raft-election"
    public let summary = "Ongaro's raft.tla (6ecbdbc), action for action, with the bugs it must catch"

    public typealias Configuration = RaftConfiguration
    public typealias Variant = RaftVariant

    /// The defaults: three servers, terms up to 3, one message in flight, logs of one entry of
    /// one value, no restarts, no drops, TLC's history off.
    public var defaultConfiguration: RaftConfiguration {
        var configuration = RaftConfiguration()
        configuration.maxTerm = 3
        configuration.maxLogLength = 1
        configuration.restarts = false
        configuration.drops = false
        return configuration
    }

    public var parameterDeclarations: [Parameter<RaftConfiguration>] {
        [
            .integer("servers", \.servers, 2...5, "servers in the cluster (Server)"),
            .integer("max-term", \.maxTerm, 1...RaftElections.maximumTerm, "largest term a server may reach (constraint)"),
            .integer("max-in-flight", \.maxInFlight, 1...(RaftBag.capacity - 1),
                     "distinct messages in flight, with a count above 0 (constraint)"),
            .integer("max-duplicates", \.maxDuplicates, 1...4,
                     "copies of one message in flight (constraint); 1 removes DuplicateMessage"),
            .integer("max-log-length", \.maxLogLength, 0...(RaftServer.maximumIndex - 1),
                     "entries per log (constraint); 0 removes ClientRequest and AdvanceCommitIndex"),
            .integer("values", \.values, 1...3, "client values (Value)"),
            .toggle("restarts", \.restarts, "servers may restart (Restart)"),
            .toggle("drops", \.drops, "the network may lose messages (DropMessage)"),
            .toggle("tlc-history", \.tlcHistory,
                    "keep every history variable of raft.tla, for distinct-state counts equal to TLC's"),
        ]
    }

    public func problem(with configuration: RaftConfiguration) -> String? {
        if configuration.tlcHistory && configuration.maxLogLength > RaftMessage.maximumLogLength {
            return "tlc-history on keeps logs inside messages (mlog), which holds at most "
                + "\(RaftMessage.maximumLogLength) entries: use max-log-length \(RaftMessage.maximumLogLength) or less"
        }
        return nil
    }

    /// halfQuorum's ⌈N/2⌉ votes are a majority when N is odd: there the variant is the correct
    /// design, and a run of it would pass for a refutation that cannot happen. (Symmetry needs
    /// no check: raft-election has at most five servers, within `Symmetry.maximumIdentifiers`.)
    public func problem(variant: String, parameters: ParameterValues, options: CheckOptions) -> String? {
        precondition(ServerSlots<RaftServer>.capacity <= Symmetry.maximumIdentifiers)
        if variant == RaftVariant.halfQuorum.rawValue && parameters["servers"] % 2 == 1 {
            return "halfQuorum cannot differ from the correct design with \(parameters["servers"]) servers: "
                + "⌈N/2⌉ votes are a majority when N is odd (use an even --servers, such as 4)"
        }
        return nil
    }

    /// Whether a configuration needs `RaftElectionWithLogHistory`.
    static func keepsLogHistory(_ configuration: RaftConfiguration) -> Bool {
        configuration.tlcHistory && configuration.maxLogLength > 0
    }

    /// The model without TLC's log history; `accept` picks `RaftElectionWithLogHistory` when
    /// the configuration keeps it.
    public func makeModel(variant: RaftVariant, configuration: RaftConfiguration) -> RaftElection {
        var configuration = configuration
        configuration.variant = variant
        precondition(!Self.keepsLogHistory(configuration), "tlc-history with logs on runs RaftElectionWithLogHistory")
        return RaftElection(configuration)
    }

    public func accept<V: ModelVisitor>(_ visitor: V, variant: RaftVariant, configuration: RaftConfiguration) -> V.Result {
        var configuration = configuration
        configuration.variant = variant
        if Self.keepsLogHistory(configuration) { return visitor.visit(RaftElectionWithLogHistory(configuration)) }
        return visitor.visit(RaftElection(configuration))
    }

    /// The parameters of MCraft.tla's `election-inflight*.cfg`: 3 servers, one value, max term
    /// 2, max duplicates 1, restarts and drops on, logs off, with all of TLC's history.
    static func tlcReference(inFlight: Int, tlcHistory: Bool = true) -> [Setting<RaftConfiguration>] {
        [.set(\.maxTerm, 2), .set(\.maxInFlight, inFlight), .set(\.maxDuplicates, 1), .set(\.maxLogLength, 0),
         .set(\.restarts, true), .set(\.drops, true), .set(\.tlcHistory, tlcHistory)]
    }

    /// The correct variant's plan bounds: logs on, terms up to 3, restarts and drops off.
    static let logsTerm3: [Setting<RaftConfiguration>] = [.set(\.maxTerm, 3), .set(\.maxInFlight, 1), .set(\.maxLogLength, 1),
                                                         .set(\.restarts, false), .set(\.drops, false)]

    /// Logs of two entries, terms up to 3: the smallest scope in which a leader's AppendEntries
    /// carries an entry after another one, so the prevLogTerm check applies to a request with an
    /// entry, and a shorter log can compete with a longer one of the same last term (8,896,559
    /// orbits). Entries differ by term; a second value adds no behaviour the properties can tell
    /// apart while election safety holds (two values at one index and term need two leaders in
    /// that term) and multiplies the space by four, so it is the thorough stage's.
    static let logs2Term3: [Setting<RaftConfiguration>] = [.set(\.maxTerm, 3), .set(\.maxInFlight, 1), .set(\.maxLogLength, 2),
                                                          .set(\.values, 1), .set(\.restarts, false), .set(\.drops, false)]

    /// The same with two values: two values compete for one index (34,684,007 orbits).
    static let logs2Values2Term3: [Setting<RaftConfiguration>] = [
        .set(\.maxTerm, 3), .set(\.maxInFlight, 1), .set(\.maxLogLength, 2), .set(\.values, 2), .set(\.restarts, false),
        .set(\.drops, false),
    ]

    /// noPrevLogTermCheck's bounds: with terms up to 3 the check it drops never matters.
    static let noPrevLogTermCheckBounds: [Setting<RaftConfiguration>] = [
        .set(\.maxTerm, 4), .set(\.maxInFlight, 1), .set(\.maxLogLength, 2), .set(\.values, 1), .set(\.restarts, false),
        .set(\.drops, false),
    ]

    static let noPrevLogTermCheckSearch = PlanSearch(strategy: .dfs, symmetry: true, maxStates: 150_000)

    /// commitByCountingOldTerm's bounds and search: Figure 8 needs terms up to 5.
    static let figure8Bounds: [Setting<RaftConfiguration>] = [
        .set(\.maxTerm, 5), .set(\.maxInFlight, 1), .set(\.maxLogLength, 1), .set(\.restarts, false), .set(\.drops, false),
    ]
    static let figure8Search = PlanSearch(strategy: .dfs, maxDepth: 66, maxStates: 200_000)

    /// The thorough stage's scope: restarts and drops on, terms up to 4, two messages in
    /// flight, logs of two entries of two values.
    static let thoroughScope: [Setting<RaftConfiguration>] = [
        .set(\.maxTerm, 4), .set(\.maxInFlight, 2), .set(\.maxLogLength, 2), .set(\.values, 2), .set(\.restarts, true),
        .set(\.drops, true),
    ]

    /// The swarm: seeded random walks, each seed's walks spread over the workers (walk i draws
    /// from stream i of its seed), so together they follow many different action orders.
    static let swarmSeeds: [UInt64] = [1, 2, 3, 4]
    static let swarmWalks = 50_000
    static let swarmWalkDepthMax = 80

    var correctThorough: [PlanEntry] {
        var entries = [
            entry("logs-2-values-2", set: Self.logs2Values2Term3, search: PlanSearch(symmetry: true), othersMustPass: true,
                  note: "logs of two entries of two values, terms up to 3, complete: two values compete for one index; "
                    + "leaves out restarts, drops and a second message in flight"),
            entry("bfs-term4-depth18", set: Self.thoroughScope, search: PlanSearch(symmetry: true, maxDepth: 18),
                  othersMustPass: false,
                  note: "breadth-first to depth 18 with restarts, drops, terms up to 4 and two messages in flight; "
                    + "leaves out every behaviour longer than 17 steps (a second election with a replicated entry "
                    + "needs about 25)").expectingNoViolationFound(),
        ]
        for seed in Self.swarmSeeds {
            entries.append(entry("swarm-seed-\(seed)", set: Self.thoroughScope,
                                 search: PlanSearch(strategy: .random, maxDepth: Self.swarmWalkDepthMax, seed: seed,
                                                    walks: Self.swarmWalks),
                                 othersMustPass: false,
                                 note: "\(Self.swarmWalks) random walks of up to \(Self.swarmWalkDepthMax - 1) steps "
                                    + "(seed \(seed)); leaves out whatever no walk happened to take: a sample, not a search")
                .expectingNoViolationFound())
        }
        return entries
    }

    public var variants: [VariantSpec] {
        [
            declare(.correct, correct: true, "raft.tla as published", plan: [
                entry(set: Self.logsTerm3, search: PlanSearch(symmetry: true), othersMustPass: true,
                          note: "logs on, terms up to 3: every property holds and every sometimes is witnessed"),
                entry("logs-2", set: Self.logs2Term3, search: PlanSearch(symmetry: true), othersMustPass: true,
                      note: "logs of two entries, terms up to 3, complete: AppendEntries carries an entry after another, "
                        + "and a shorter log competes with a longer one of the same last term"),
                // The correct design must also hold where each known bug shows itself: the same
                // bounds and search as the bug variants' entries. A mutation that reintroduces one
                // of those bugs then fails CI (mutants M08 and M16 of .ci/mutate-raft).
                entry("at-figure8-bounds", set: Self.figure8Bounds, search: Self.figure8Search, othersMustPass: false,
                      note: "commitByCountingOldTerm's bounds and search (terms up to 5, depth-first, 200,000 states): "
                        + "where Figure 8 shows, the correct design commits only entries of its own term")
                    .expectingNoViolationFound(),
                entry("at-prevlogterm-bounds", set: Self.noPrevLogTermCheckBounds, search: Self.noPrevLogTermCheckSearch,
                      othersMustPass: false,
                      note: "noPrevLogTermCheck's bounds and search (terms up to 4, logs of two entries, depth-first, "
                        + "150,000 orbits): where a skipped prevLogTerm check breaks logMatching, the check keeps it")
                    .expectingNoViolationFound(),
            ], thorough: correctThorough),
            declare(.forgetVoteOnRestart, correct: false,
                        "votedFor is not durable: a restarted server may vote twice in one term", plan: [
                entry(set: [.set(\.maxTerm, 2), .set(\.maxInFlight, 1), .set(\.maxLogLength, 0), .set(\.restarts, true), .set(\.drops, false)],
                          search: PlanSearch(symmetry: true),
                          expect: [(.electionSafety, .violated)], othersMustPass: false,
                          note: "MCraft.tla's RestartForgetVote: a server votes for s2, restarts and votes for s3 in the same term"),
            ]),
            declare(.noUpToDateCheck, correct: false,
                        "votes are granted without the election restriction (§5.4.1)", plan: [
                entry(set: [.set(\.maxTerm, 3), .set(\.maxInFlight, 1), .set(\.maxLogLength, 1), .set(\.restarts, false), .set(\.drops, false)],
                          search: PlanSearch(symmetry: true, maxDepth: 33),
                          expect: [(.leaderCompleteness, .violated), (.stateMachineSafety, .violated)],
                          othersMustPass: false,
                          note: "breadth-first to depth 33, where both shortest counterexamples end"),
            ]),
            declare(.commitByCountingOldTerm, correct: false,
                        "a leader commits an entry of an earlier term by counting replicas (Figure 8)", plan: [
                entry(set: Self.figure8Bounds, search: Self.figure8Search,
                          expect: [(.leaderCompleteness, .violated), (.stateMachineSafety, .violated)],
                          othersMustPass: false,
                          note: "depth-first search, so the traces are not shortest: Figure 8 needs terms up to 5, and "
                            + "breadth-first search cannot exhaust them in the plan budget (28,425,574 orbits already "
                            + "with terms up to 4)"),
            ]),
            declare(.halfQuorum, correct: false, "a candidate wins with half the votes, ⌈N/2⌉ (a majority for odd N)", plan: [
                entry(set: [.set(\.servers, 4), .set(\.maxTerm, 2), .set(\.maxInFlight, 1), .set(\.maxLogLength, 0), .set(\.restarts, false), .set(\.drops, false)],
                          search: PlanSearch(symmetry: true, maxDepth: 19),
                          expect: [(.electionSafety, .violated)], othersMustPass: false,
                          note: "breadth-first to depth 19, where the shortest counterexample ends: "
                            + "two pairs of servers elect two leaders in one term"),
            ]),
            declare(.countStaleVotes, correct: false,
                        "vote responses from an older term are counted instead of dropped", plan: [
                entry(set: [.set(\.maxTerm, 3), .set(\.maxInFlight, 1), .set(\.maxLogLength, 0), .set(\.restarts, false), .set(\.drops, false)],
                          search: PlanSearch(symmetry: true),
                          expect: [(.electionSafety, .violated)], othersMustPass: false,
                          note: "a vote granted in term 2 is counted in term 3, where the voter votes again"),
            ]),
            declare(.noPrevLogTermCheck, correct: false,
                    "a follower accepts AppendEntries without checking the term of its entry at prevLogIndex", plan: [
                entry(set: Self.noPrevLogTermCheckBounds, search: Self.noPrevLogTermCheckSearch,
                      expect: [(.logMatching, .violated)], othersMustPass: false,
                      note: "needs terms up to 4 and logs of two entries: a leader of term 4 elected with an entry of "
                        + "term 2 appends its own after it on a follower that holds term 3's entry at index 1"),
            ], thorough: [
                entry("bfs-depth37", set: Self.noPrevLogTermCheckBounds, search: PlanSearch(symmetry: true, maxDepth: 37),
                      expect: [(.logMatching, .violated)], othersMustPass: false,
                      note: "breadth-first to depth 37 (8,415,373 orbits): the shortest counterexample, 36 steps, where "
                        + "CI's depth-first entry gives a longer one; 50,000 random walks at this scope or at the "
                        + "thorough scope find none"),
            ]),
            declare(.forgetTermOnRestart, correct: false,
                    "currentTerm is not durable: a restarted server comes back in term 1", plan: [
                entry(set: [.set(\.maxTerm, 2), .set(\.maxInFlight, 1), .set(\.maxLogLength, 0), .set(\.restarts, true),
                            .set(\.drops, false)],
                      search: PlanSearch(symmetry: true),
                      expect: [(.termsMonotone, .violated), (.electionSafety, .violated)], othersMustPass: false,
                      note: "a server in term 2 restarts into term 1; back in term 2 it may vote again"),
            ]),
        ]
    }

    public func supplementaryReports(workers: Int) -> [SupplementaryReport] {
        [RaftElectionTLCReference.compute(workers: workers).report]
    }

    public var benchmarks: [BenchmarkSpec] {
        [
            benchmark("raft-tlc-inflight1", variant: .correct, set: Self.tlcReference(inFlight: 1)),
            benchmark("raft-tlc-inflight1-sym", variant: .correct, set: Self.tlcReference(inFlight: 1),
                          search: PlanSearch(symmetry: true)),
            benchmark("raft-tlc-inflight2", variant: .correct, set: Self.tlcReference(inFlight: 2)),
            benchmark("raft-tlc-inflight2-sym", variant: .correct, set: Self.tlcReference(inFlight: 2),
                          search: PlanSearch(symmetry: true)),
            // Larger: the correct variant's plan bounds (logs on, terms up to 3).
            benchmark("raft-logs-term3", variant: .correct, set: Self.logsTerm3),
            benchmark("raft-logs-term3-sym", variant: .correct, set: Self.logsTerm3,
                          search: PlanSearch(symmetry: true)),
        ]
    }
}
