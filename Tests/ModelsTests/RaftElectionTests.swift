import ModelChecker
import Models
import Reporting
import Testing

/// raft-election: the correct specification holds, every bug variant is refuted by the
/// property it breaks, counts are pinned and independent of workers and of symmetry.
@Suite("raft-election, after raft.tla")
struct RaftElectionTests {
    typealias Variant = RaftVariant

    /// A bug variant at bounds small enough for a debug build, the search that refutes it, the
    /// property it must break and the length of the counterexample found (by running it).
    struct Refutation: Sendable, CustomTestStringConvertible {
        var configuration: RaftConfiguration
        var property: String
        var length: Int
        /// Breadth-first search with symmetry, stopping at the first violation (shortest
        /// traces); or depth-first search to `dfsDepth` and `dfsStates` (not shortest).
        var dfsDepth: Int?
        var dfsStates: Int?
        var testDescription: String { "\(configuration.variant.rawValue) breaks \(property)" }

        static let all: [Refutation] = [
            Refutation(configuration: RaftElectionTesting.configuration(.forgetVoteOnRestart) {
                $0.restarts = true
            }, property: "electionSafety", length: 18),
            Refutation(configuration: RaftElectionTesting.configuration(.noUpToDateCheck) {
                $0.maxTerm = 3
                $0.maxLogLength = 1
            }, property: "leaderCompleteness", length: 32, dfsDepth: 40),
            Refutation(configuration: RaftElectionTesting.configuration(.commitByCountingOldTerm) {
                $0.maxTerm = 5
                $0.maxLogLength = 1
            }, property: "leaderCompleteness", length: 54, dfsDepth: 66, dfsStates: 60_000),
            Refutation(configuration: RaftElectionTesting.configuration(.halfQuorum) {
                $0.servers = 4
            }, property: "electionSafety", length: 18),
            Refutation(configuration: RaftElectionTesting.configuration(.countStaleVotes) {
                $0.maxTerm = 3
            }, property: "electionSafety", length: 18),
            Refutation(configuration: RaftElectionTesting.configuration(.forgetTermOnRestart) {
                $0.restarts = true
            }, property: "termsMonotone", length: 2),
        ]
    }

    @Test("each bug variant is refuted by the property it breaks", arguments: Refutation.all)
    func refuted(_ refutation: Refutation) throws {
        let model = RaftElection(refutation.configuration)
        var options = CheckOptions()
        options.workers = 2
        if let depth = refutation.dfsDepth {
            options.strategy = .dfs
            options.maxDepth = depth
            options.maxStates = refutation.dfsStates
            options.stopAtFirst = refutation.dfsStates == nil
        } else {
            options.symmetry = true
            options.stopAtFirst = true
        }
        let result = ModelChecker.check(model, options: options)
        let found = result.result(refutation.property)
        #expect(found?.outcome == .violated)
        #expect(found?.trace?.length == refutation.length)
        if found?.outcome != .violated || found?.trace?.length != refutation.length {
            RaftElectionTesting.attachTraces(model, result, label: refutation.configuration.variant.rawValue)
        }
        // The counterexample ends in a state that breaks the claim, checked here directly.
        let trace = try #require(found?.trace)
        #expect(!Self.holdsAtEnd(refutation.property, model, trace))
        // Every step of it is a step of the model (the trace replays through the family).
        let report = RaftElectionTesting.report(model, result)
        let document = try #require(TraceFiles.documents(report).first { $0.property == refutation.property }?.document)
        let replayed = try RaftElectionTesting.family.replay(document)
        #expect(replayed.reproduced, "\(replayed)")
    }

    /// Whether the claim holds of a trace's last state (or, for termsMonotone, its last step).
    static func holdsAtEnd(_ property: String, _ model: RaftElection, _ trace: Trace<RaftElection>) -> Bool {
        switch property {
        case "electionSafety": return model.electionSafety(trace.last)
        case "logMatching": return model.logMatching(trace.last)
        case "termsMonotone":
            let before = trace.steps.count >= 2 ? trace.steps[trace.steps.count - 2].state : trace.initial
            return (0..<model.servers).allSatisfy { trace.last.servers[$0].term >= before.servers[$0].term }
        default: return model.leaderCompleteness(trace.last)
        }
    }

    @Test("skipping the prevLogTerm check lets a follower append after an entry of another term (Log Matching)")
    func staleEntryAccepted() throws {
        var configuration = RaftElectionTesting.configuration(.noPrevLogTermCheck) {
            $0.maxTerm = 4
            $0.maxLogLength = 2
        }
        let buggy = RaftElection(configuration)
        configuration.variant = .correct
        let correct = RaftElection(configuration)
        // The same 35 steps in both designs; they differ in how s1 takes the last request.
        let bad = try RaftElectionScenario.run(buggy, RaftElectionScenario.staleEntryAccepted + ["s1 appends t4:v1 at index 2"])
        #expect(bad.steps.count == 36)
        #expect(bad.last.servers[0].log.entries.map(RaftLog.term(ofEntry:)) == [2, 4])
        #expect(!buggy.logMatching(bad.last))
        let good = try RaftElectionScenario.run(correct, RaftElectionScenario.staleEntryAccepted + ["s1 rejects"])
        #expect(good.last.servers[0].log.entries.map(RaftLog.term(ofEntry:)) == [2])
        #expect(correct.logMatching(good.last))
    }

    @Test("an entry committed and then forgotten by a restart still counts for Leader Completeness (the ghost)")
    func forgottenCommit() throws {
        var configuration = RaftElectionTesting.configuration(.noUpToDateCheck) {
            $0.maxTerm = 3
            $0.maxLogLength = 1
            $0.restarts = true
        }
        let buggy = RaftElection(configuration)
        let bad = try RaftElectionScenario.forgottenCommit(buggy)
        // No server's current commit index covers the entry any more: only the ghost has it.
        #expect((0..<3).allSatisfy { bad.last.servers[$0].commitIndex == 0 })
        #expect(bad.last.committed.log.count == 1 && bad.last.committed.commitTerm(at: 1) == 2)
        #expect(bad.last.servers[2].role == .leader && bad.last.servers[2].log.isEmpty)
        #expect(!buggy.leaderCompleteness(bad.last))
        // The correct design refuses s3 the vote: the script stops there.
        configuration.variant = .correct
        #expect(throws: RaftElectionScenario.ScriptError.self) { try RaftElectionScenario.forgottenCommit(RaftElection(configuration)) }
    }

    @Test("committing an earlier term's entry by counting replicas (Figure 8) loses a committed entry")
    func figureEight() throws {
        // The scenario of Figure 8 with three servers, scripted step by step: s1 leads term 2
        // and appends an entry it does not replicate; s3 leads term 3 with s2's vote and
        // appends its own; s1 leads term 4 with s2's vote, copies its term-2 entry to s2 and
        // counts two replicas; s3 leads term 5 with s2's vote and lacks the entry.
        var configuration = RaftElectionTesting.configuration(.commitByCountingOldTerm) {
            $0.maxTerm = 5
            $0.maxLogLength = 1
        }
        let buggy = RaftElection(configuration)
        configuration.variant = .correct
        let correct = RaftElection(configuration)

        let bad = try RaftElectionScenario.figureEight(buggy)
        #expect(bad.last.servers[0].commitIndex == 1)
        #expect(!buggy.leaderCompleteness(bad.last))
        if buggy.leaderCompleteness(bad.last) {
            Attachment.record(RaftElectionScenario.text(buggy, bad), named: "figure-eight-buggy.txt")
        }
        // The correct leader refuses to count the old entry: nothing is committed, and the
        // same story ends with every property intact.
        let good = try RaftElectionScenario.figureEight(correct)
        #expect(good.last.servers[0].commitIndex == 0)
        #expect(correct.leaderCompleteness(good.last))
        #expect(correct.stateMachineSafety(good.last))
        #expect(correct.electionSafety(good.last))
    }

    /// Small correct configurations with their distinct states and depth (found by running).
    struct Pinned: Sendable, CustomTestStringConvertible {
        var name: String
        var configuration: RaftConfiguration
        var symmetry: Bool
        var distinct: Int
        var depth: Int
        var testDescription: String { name + (symmetry ? ", symmetric" : "") }

        static let twoServerLogs = RaftElectionTesting.configuration {
            $0.servers = 2
            $0.maxTerm = 2
            $0.maxLogLength = 2
            $0.values = 2
            $0.restarts = true
            $0.drops = true
            $0.tlcHistory = true
        }

        static let all: [Pinned] = [
            Pinned(name: "2 servers, heartbeats, duplication, restarts and drops", configuration: RaftElectionTesting.configuration {
                $0.servers = 2
                $0.maxTerm = 2
                $0.maxLogLength = 0
                $0.maxDuplicates = 2
                $0.restarts = true
                $0.drops = true
            }, symmetry: false, distinct: 3_565, depth: 24),
            Pinned(name: "2 servers, logs of 2 entries of 2 values, TLC history", configuration: twoServerLogs, symmetry: false, distinct: 6_348, depth: 33),
            Pinned(name: "2 servers, logs of 2 entries of 2 values, TLC history", configuration: twoServerLogs, symmetry: true, distinct: 3_183, depth: 33),
            Pinned(name: "3 servers, heartbeats, TLC history", configuration: RaftElectionTesting.configuration {
                $0.maxTerm = 2
                $0.maxLogLength = 0
                $0.tlcHistory = true
            }, symmetry: true, distinct: 13_058, depth: 40),
        ]
    }

    @Test("distinct-state counts and depths are pinned and the same for 1 and 2 workers", arguments: Pinned.all)
    func pinnedCounts(_ pinned: Pinned) throws {
        for workers in [1, 2] {
            var options = CheckOptions()
            options.symmetry = pinned.symmetry
            options.workers = workers
            // Through the family, which runs the model type the configuration needs.
            let report = try RaftElectionTesting.family.run(variant: pinned.configuration.variant.rawValue,
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
            $0.servers = 2
            $0.maxTerm = 3
            $0.maxLogLength = 2
            $0.maxInFlight = 2
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
            $0.servers = 2
            $0.maxTerm = 3
            $0.maxLogLength = 1
            $0.restarts = variant == .forgetVoteOnRestart
        })
        let full = RaftElectionTesting.check(model, symmetry: false, workers: 2)
        let reduced = RaftElectionTesting.check(model, symmetry: true, workers: 2)
        #expect(full.complete && reduced.complete)
        #expect(full.properties.map(\.outcome) == reduced.properties.map(\.outcome))
        #expect(full.properties.map { $0.trace?.length } == reduced.properties.map { $0.trace?.length })
        #expect(full.statistics.depth == reduced.statistics.depth)
        #expect(reduced.statistics.distinct < full.statistics.distinct)
        if full.properties.map(\.outcome) != reduced.properties.map(\.outcome) {
            RaftElectionTesting.attachTraces(model, full, label: "\(variant.rawValue)-full")
            RaftElectionTesting.attachTraces(model, reduced, label: "\(variant.rawValue)-symmetric")
        }
    }
}
