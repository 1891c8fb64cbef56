import ModelChecker
import Models
import Reporting
import Testing

/// raft-election: the correct specification holds, every bug variant is refuted by the
/// property it breaks, counts are pinned and independent of workers and of symmetry.
@Suite("raft-election, after raft.tla")
struct RaftElectionTests {
    typealias Variant = RaftElection.Variant

    /// A bug variant at bounds small enough for a debug build, the property it must break and
    /// the length of the shortest counterexample (breadth-first search, found by running it).
    struct Refutation: Sendable, CustomTestStringConvertible {
        var variant: Variant
        var configuration: RaftElection.Configuration
        var property: String
        var length: Int
        var testDescription: String { "\(variant.rawValue) breaks \(property)" }

        static let all: [Refutation] = [
            Refutation(variant: .forgetVoteOnRestart, configuration: RaftElectionTesting.configuration(.forgetVoteOnRestart) {
                $0.maxTerm = 2
                $0.drops = false
            }, property: "electionSafety", length: 18),
            Refutation(variant: .noUpToDateCheck, configuration: RaftElectionTesting.configuration(.noUpToDateCheck) {
                $0.maxTerm = 3
                $0.maxLogLength = 1
                $0.restarts = false
                $0.drops = false
            }, property: "leaderCompleteness", length: 25),
            Refutation(variant: .halfQuorum, configuration: RaftElectionTesting.configuration(.halfQuorum) {
                $0.servers = 4
                $0.maxTerm = 2
                $0.restarts = false
                $0.drops = false
            }, property: "electionSafety", length: 18),
            Refutation(variant: .countStaleVotes, configuration: RaftElectionTesting.configuration(.countStaleVotes) {
                $0.maxTerm = 3
                $0.restarts = false
                $0.drops = false
            }, property: "electionSafety", length: 18),
        ]
    }

    @Test("each bug variant is refuted by the property it breaks, with a shortest counterexample",
          arguments: Refutation.all)
    func refuted(_ refutation: Refutation) throws {
        let model = RaftElection(refutation.configuration)
        let result = RaftElectionTesting.check(model, symmetry: true, workers: 2, stopAtFirst: true)
        let outcome = result.result(refutation.property)
        let length = outcome?.trace?.length
        #expect(outcome?.outcome == .violated)
        #expect(length == refutation.length)
        if outcome?.outcome != .violated || length != refutation.length {
            RaftElectionTesting.attachTraces(model, result, label: refutation.variant.rawValue)
        }
        let trace = try #require(outcome?.trace)
        // The counterexample ends in a state that breaks the claim, checked here directly.
        let broken = refutation.property == "electionSafety" ? !model.electionSafety(trace.last)
            : !model.leaderCompleteness(trace.last)
        #expect(broken)
    }

    @Test("committing an earlier term's entry by counting replicas (Figure 8) loses a committed entry")
    func figureEight() throws {
        // The scenario of Figure 8 with three servers, scripted step by step: s1 leads term 2
        // and appends an entry it does not replicate; s3 leads term 3 with s2's vote and
        // appends its own; s1 leads term 4 with s2's vote, copies its term-2 entry to s2 and
        // counts two replicas; s3 leads term 5 with s2's vote and lacks the entry.
        let buggy = RaftElection(RaftElectionTesting.configuration(.commitByCountingOldTerm) {
            $0.maxTerm = 5
            $0.maxLogLength = 1
            $0.restarts = false
            $0.drops = false
        })
        let correct = RaftElection(RaftElectionTesting.configuration(.correct) { $0 = buggy.configuration; $0.variant = .correct })
        for model in [buggy, correct] {
            let trace = try RaftElectionScenario.figureEight(model)
            let committed = trace.last.servers[0].commitIndex
            if model.variant == .correct {
                // The correct leader refuses to count the old entry, so nothing is committed.
                #expect(committed == 0)
                #expect(model.leaderCompleteness(trace.last))
                #expect(model.stateMachineSafety(trace.last))
            } else {
                #expect(committed == 1)
                #expect(!model.leaderCompleteness(trace.last))
                if model.leaderCompleteness(trace.last) {
                    Attachment.record(RaftElectionScenario.text(model, trace), named: "figure-eight.txt")
                }
            }
        }
    }

    /// Small correct configurations with their distinct states and depth (found by running).
    struct Pinned: Sendable, CustomTestStringConvertible {
        var name: String
        var configuration: RaftElection.Configuration
        var symmetry: Bool
        var distinct: Int
        var depth: Int
        var testDescription: String { name + (symmetry ? ", symmetric" : "") }

        static let all: [Pinned] = [
            Pinned(name: "2 servers, heartbeats, duplication", configuration: RaftElectionTesting.configuration {
                $0.servers = 2
                $0.maxDuplicates = 2
            }, symmetry: false, distinct: 3_565, depth: 24),
            Pinned(name: "2 servers, logs of 2 entries of 2 values, TLC history", configuration: RaftElectionTesting.configuration {
                $0.servers = 2
                $0.maxLogLength = 2
                $0.values = 2
                $0.tlcHistory = true
            }, symmetry: false, distinct: 6_348, depth: 33),
            Pinned(name: "2 servers, logs of 2 entries of 2 values, TLC history", configuration: RaftElectionTesting.configuration {
                $0.servers = 2
                $0.maxLogLength = 2
                $0.values = 2
                $0.tlcHistory = true
            }, symmetry: true, distinct: 3_183, depth: 33),
            Pinned(name: "3 servers, no restarts or drops, logs of 1 entry, TLC history",
                   configuration: RaftElectionTesting.configuration {
                $0.maxLogLength = 1
                $0.restarts = false
                $0.drops = false
                $0.tlcHistory = true
            }, symmetry: true, distinct: 85_352, depth: 48),
        ]
    }

    @Test("distinct-state counts and depths are pinned and the same for 1 and 2 workers", arguments: Pinned.all)
    func pinnedCounts(_ pinned: Pinned) {
        for workers in [1, 2] {
            var options = CheckOptions()
            options.symmetry = pinned.symmetry
            options.workers = workers
            // Through the family, which runs the model type the configuration needs.
            let report = RaftElectionTesting.family.run(variant: pinned.configuration.variant.rawValue,
                                                        parameters: RaftElectionTesting.parameters(pinned.configuration),
                                                        options: options)
            #expect(report.complete)
            #expect(report.statistics.distinct == pinned.distinct, "workers \(workers)")
            #expect(report.statistics.depth == pinned.depth, "workers \(workers)")
            let failing = report.properties.filter { $0.outcome.isFailure }
            #expect(failing.isEmpty, "\(failing.map(\.name))")
            if !failing.isEmpty { RaftElectionTesting.attach(report, label: pinned.name) }
        }
    }

    @Test("the correct variant verifies completely with logs on: every property holds, every sometimes is witnessed")
    func correctVariantVerified() {
        let model = RaftElection(RaftElectionTesting.configuration {
            $0.maxTerm = 3
            $0.maxLogLength = 1
            $0.servers = 2
        })
        let result = RaftElectionTesting.check(model, symmetry: true, workers: 2)
        #expect(result.complete)
        for property in result.properties {
            let expected: Outcome = property.kind == .sometimes ? .witnessed : .holds
            #expect(property.outcome == expected, "\(property.name)")
        }
        if result.properties.contains(where: { $0.outcome.isFailure || $0.outcome == .unknown }) {
            RaftElectionTesting.attachTraces(model, result, label: "correct")
        }
    }

    @Test("symmetry never changes a verdict, nor the length of a shortest trace", arguments: Variant.allCases)
    func symmetryKeepsVerdicts(_ variant: Variant) {
        let model = RaftElection(RaftElectionTesting.configuration(variant) {
            $0.servers = variant == .halfQuorum ? 4 : 3
            $0.maxTerm = variant == .countStaleVotes || variant == .noUpToDateCheck ? 3 : 2
            $0.maxLogLength = variant == .noUpToDateCheck || variant == .commitByCountingOldTerm ? 1 : 0
            $0.restarts = variant == .forgetVoteOnRestart
            $0.drops = false
        })
        let full = RaftElectionTesting.check(model, symmetry: false, workers: 2, maxDepth: 20)
        let reduced = RaftElectionTesting.check(model, symmetry: true, workers: 2, maxDepth: 20)
        #expect(full.properties.map(\.outcome) == reduced.properties.map(\.outcome))
        #expect(full.properties.map { $0.trace?.length } == reduced.properties.map { $0.trace?.length })
        #expect(full.statistics.depth == reduced.statistics.depth)
        #expect(reduced.statistics.distinct < full.statistics.distinct)
    }
}
