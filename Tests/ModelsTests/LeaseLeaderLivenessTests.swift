import Foundation
import ModelChecker
import Models
import Testing

/// Issue 6: `allDueChargesRecorded` (AG EF) and the clock-drift table, each verdict checked
/// against an independent computation over the reachable states.
@Suite("lease-leader: liveness and clocks")
struct LeaseLeaderLivenessTests {
    typealias Variant = LeaseLeader.Variant

    @Test("the engine's AG EF verdict equals an independent backward search over the reachable graph",
          arguments: [Variant.fencedIdempotent, .naive, .watchFromNow, .sessionOutlivesLease, .noLeaseCheckpoints])
    func alwaysPossiblyMatchesIndependentSearch(_ variant: Variant) throws {
        let model = LeaseLeaderTesting.model(variant)
        let result = LeaseLeaderTesting.result(variant)
        let graph = LeaseLeaderTesting.graph(model)
        #expect(graph.states.count == result.statistics.distinct, "the engine and the plain search see the same states")
        let deadEnds = LeaseLeaderTesting.deadEnds(graph) { model.allDueChargesRecorded($0) }
        let verdict = try #require(result.result("allDueChargesRecorded"))
        #expect(verdict.outcome == (deadEnds.isEmpty ? .holds : .violated))
        if let trace = verdict.trace {
            let deadEndStates = Set(deadEnds.map { graph.states[$0] })
            #expect(deadEndStates.contains(trace.last), "the counterexample ends in a dead end")
            #expect(!deadEndStates.contains(trace.steps.dropLast().last?.state ?? trace.initial),
                    "and is the shortest path to one: the state before it can still reach the goal")
            #expect(verdict.note?.contains("goal can no longer be reached") == true)
        }
    }

    @Test("watchFromNow: a follower paused between its read and its watch misses the DELETE and no one leads again")
    func watchFromNowDeadEnd() throws {
        let model = LeaseLeaderTesting.model(.watchFromNow)
        let result = LeaseLeaderTesting.result(.watchFromNow)
        let verdict = try #require(result.result("allDueChargesRecorded"))
        #expect(verdict.outcome == .violated)
        let trace = try #require(verdict.trace)
        defer { if trace.length != 12 { LeaseLeaderTesting.attachTraces(model, result, label: "watchFromNow") } }
        #expect(trace.length == 12)
        // broker-2 has read the key held at revision 2 but pauses before it can set its watch;
        // broker-1 crashes; its lease expires and the store deletes the key at revision 3. From
        // here broker-2 can only watch from revision 4: the DELETE is behind it for good.
        let texts = LeaseLeaderTesting.texts(model, trace)
        let read = try #require(texts.firstIndex { $0.hasPrefix("the store runs broker-2's transaction: election/billing is held") })
        let pause = try #require(texts.firstIndex(of: "broker-2 pauses (a stop-the-world pause: its steps and its clock stop)"))
        let crash = try #require(texts.firstIndex(of: "broker-1 crashes for good"))
        #expect(read < pause && pause < crash)
        #expect(texts.last?.hasPrefix("tick: lease 1 expires, the store deletes election/billing at revision 3") == true)
        #expect(trace.last.brokers[1].paused)
        // The dead end, checked through the model alone: nothing due is ever charged again.
        #expect(!LeaseLeaderTesting.canReach(model, from: trace.last) { model.allDueChargesRecorded($0) })
        // The same path in the correct design still reaches the goal: the watch from the read's
        // revision + 1 delivers the DELETE the follower would otherwise miss.
        let correct = LeaseLeader(LeaseLeaderTesting.small, variant: .fencedIdempotent)
        var state = try #require(correct.initialStates.first)
        for step in trace.steps {
            let next = correct.actions(in: state).first { correct.describe($0, in: state).text == model.describe(step.action, in: state).text }
            state = try #require(next.flatMap { correct.successor(of: state, by: $0) })
        }
        #expect(LeaseLeaderTesting.canReach(correct, from: state) { correct.allDueChargesRecorded($0) })
    }

    @Test("sessionOutlivesLease: with the other broker crashed, a leader whose lease ran out never campaigns again")
    func sessionOutlivesLeaseDeadEnd() throws {
        let model = LeaseLeaderTesting.model(.sessionOutlivesLease)
        let result = LeaseLeaderTesting.result(.sessionOutlivesLease)
        let trace = try #require(result.result("allDueChargesRecorded")?.trace)
        #expect(trace.length == 25)
        #expect(!LeaseLeaderTesting.canReach(model, from: trace.last) { model.allDueChargesRecorded($0) })
        let texts = LeaseLeaderTesting.texts(model, trace)
        #expect(texts.contains { $0.hasSuffix("crashes for good") })
        #expect(texts.contains { $0.contains("pauses") })
        // Without a crash the other broker takes over, and the goal stays reachable: the bug
        // costs liveness only when the stale leader is the last broker standing.
        var noCrash = LeaseLeaderTesting.small
        noCrash.maxCrashes = 0
        #expect(LeaseLeaderTesting.check(LeaseLeader(noCrash, variant: .sessionOutlivesLease)).outcome("allDueChargesRecorded") == .holds)
    }

    @Test("sessionOutlivesLease without any pause: lost refreshes end the session, and the next period is never charged")
    func sessionOutlivesLeaseByLostRefreshes() throws {
        var configuration = LeaseLeaderTesting.lossOnly
        configuration.maxCrashes = 1
        configuration.periods = 2
        let model = LeaseLeader(configuration, variant: .sessionOutlivesLease)
        let result = LeaseLeaderTesting.check(model)
        let trace = try #require(result.result("allDueChargesRecorded")?.trace)
        #expect(trace.length == 25)
        let texts = LeaseLeaderTesting.texts(model, trace)
        #expect(!texts.contains { $0.contains("pauses") })
        #expect(texts.contains("broker-2 crashes for good"))
        #expect(texts.last == "the network loses broker-1's KeepAlive(lease 1#1) to the store")
        #expect(texts.contains("the calendar moves on: sub-1/period-2 falls due"))
        #expect(!LeaseLeaderTesting.canReach(model, from: trace.last) { model.allDueChargesRecorded($0) })
        // The correct design, at the same bounds, steps down, campaigns again and charges.
        let correct = LeaseLeaderTesting.check(LeaseLeader(configuration, variant: .fencedIdempotent))
        #expect(correct.outcome("allDueChargesRecorded") == .holds)
        #expect(correct.statistics.distinct == 40_942)
    }

    @Test("a double charge can never be undone: the dead end comes as soon as the second charge is inevitable")
    func doubleChargeIsADeadEnd() throws {
        let model = LeaseLeaderTesting.model(.naive)
        let result = LeaseLeaderTesting.result(.naive)
        let trace = try #require(result.result("allDueChargesRecorded")?.trace)
        let texts = LeaseLeaderTesting.texts(model, trace)
        // The charge is in flight when its sender crashes: the provider will charge it, nobody
        // records it, and the next leader charges again.
        #expect(texts.last == "broker-1 crashes for good")
        #expect(trace.last.network.messages.contains { $0.kind == .charge })
    }

    // MARK: Clocks

    struct DriftCell: Sendable, CustomTestStringConvertible {
        var leaseTTL: Int
        var refreshInterval: Int
        var drift: Int
        var losses: Int
        var delay: Int
        /// Pinned shortest counterexample length of issue 14's clock; nil when two believers never occur.
        var length: Int?
        var testDescription: String {
            "TTL \(leaseTTL), refresh \(refreshInterval), drift \(drift), \(losses) loss(es), delay \(delay)"
        }
    }

    @Test("drift table: the key row and its neighbours, each agreeing with the closed form, the design never", arguments: [
        DriftCell(leaseTTL: 5, refreshInterval: 2, drift: 1, losses: 0, delay: 0, length: nil),
        DriftCell(leaseTTL: 5, refreshInterval: 2, drift: 1, losses: 1, delay: 0, length: nil),
        DriftCell(leaseTTL: 4, refreshInterval: 2, drift: 1, losses: 1, delay: 0, length: 43),
        DriftCell(leaseTTL: 3, refreshInterval: 1, drift: 1, losses: 1, delay: 0, length: 39),
        DriftCell(leaseTTL: 2, refreshInterval: 1, drift: 0, losses: 1, delay: 1, length: 36),
        DriftCell(leaseTTL: 2, refreshInterval: 1, drift: 0, losses: 0, delay: 1, length: nil),
    ])
    func driftCell(_ expected: DriftCell) {
        let cell = LeaseLeaderDriftTable.cell(leaseTTL: expected.leaseTTL, refreshInterval: expected.refreshInterval,
                                              drift: expected.drift, losses: expected.losses, delay: expected.delay, workers: 2)
        #expect(cell.outcome == (expected.length == nil ? .holds : .violated))
        #expect(cell.designOutcome == .holds, "the deadline from the send with the margin never lets two believe")
        #expect(cell.traceLength == expected.length)
        #expect((cell.outcome == .violated) == cell.closedFormPredictsViolation)
        #expect(cell.chargesSafe, "fencing and the key keep charges safe even with two believers")
        if let story = cell.story {
            // The over-believer is whichever broker the slowed answer or the lagging clock misled.
            #expect(story.contains(expected.delay > 0 ? "the network slows the store's" : "clock lags"))
            #expect(story.contains(" expires, the store deletes election/billing"))
            #expect(story.contains("clock shows"))
            #expect(story.components(separatedBy: " is elected ").count >= 3, "two elections")
        }
    }

    @Test("the drift report answers the key question and derives the smallest safe TTL from its cells")
    func driftReport() {
        let cells = [(5, 2, 1, 0), (5, 2, 1, 1), (4, 2, 1, 1)].map {
            LeaseLeaderDriftTable.cell(leaseTTL: $0.0, refreshInterval: $0.1, drift: $0.2, losses: $0.3, delay: 0, workers: 2)
        }
        let table = LeaseLeaderDriftTable(cells: cells)
        #expect(table.keyRowHolds)
        #expect(table.designHoldsEverywhere)
        #expect(table.disagreementsWithClosedForm.isEmpty)
        #expect(table.smallestSafeTTL(refreshInterval: 2, drift: 1, losses: 1) == 5)
        #expect(table.markdown.contains("**Answer.** The design (deadline TTL − drift counted from the send): never"))
        #expect(table.markdown.contains(LeaseLeaderDriftTable.closedFormText))
        #expect(table.json["keyRowHolds"] == .bool(true))
        #expect(table.expectationsMet)
    }

    @Test("the closed form is the one the README quotes")
    func closedFormText() throws {
        #expect(LeaseLeaderDriftTable.closedFormText
            == "drift ≥ 1 and refresh + losses + drift + min(delay, 1) ≥ TTL, or drift = 0, delay ≥ 1 and refresh + losses ≥ TTL")
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        // The README wraps lines and sets the form in bold: compare with whitespace and markup folded.
        let folded = text.replacingOccurrences(of: "**", with: "").split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(folded.contains(LeaseLeaderDriftTable.closedFormText))
    }
}
