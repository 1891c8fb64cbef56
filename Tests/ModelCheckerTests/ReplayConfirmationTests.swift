import ModelChecker
import Support
import Testing

/// Replay re-establishes a reproduced trace's verdict, or says it cannot: it never vouches for
/// what it did not check.
@Suite("Replay confirmation")
struct ReplayConfirmationTests {
    static func document<M: Model>(_ model: M, _ trace: Trace<M>, property: String, kind: String,
                                   outcome: Outcome = .violated) -> TraceDocument {
        TraceDocument(model: "test", variant: "test", parameters: ParameterValues([]), property: property, kind: kind,
                      outcome: outcome, strategy: "bfs", symmetry: false, note: nil, trace: RenderedTrace(trace, model: model))
    }

    static func confirmation(_ outcome: ReplayOutcome) -> ReplayConfirmation? {
        if case .reproduced(_, let confirmation) = outcome { return confirmation }
        return nil
    }

    @Test("a deadlock trace is confirmed by its last state having no enabled action")
    func deadlock() throws {
        var options = CheckOptions()
        options.checkDeadlock = true
        let model = GridModel(limit: 2)
        let result = ModelChecker.check(model, options: options)
        let trace = try #require(result.result("deadlockFree")?.trace)
        let replayed = Replay.run(model, Self.document(model, trace, property: "deadlockFree", kind: "always"))
        #expect(replayed.confirmed)
        #expect(Self.confirmation(replayed)?.description == "confirmed: the last state has no enabled action (deadlockFree is violated)")

        // One step short of the corner, the walker can still move: no deadlock.
        let short = Trace<GridModel>(initial: trace.initial, steps: Array(trace.steps.dropLast()))
        let notDeadlocked = Replay.run(model, Self.document(model, short, property: "deadlockFree", kind: "always"))
        #expect(notDeadlocked.reproduced)
        #expect(!notDeadlocked.confirmed)
        #expect(Self.confirmation(notDeadlocked)?.reason.contains("has an enabled action") == true)
    }

    @Test("a property the model does not declare, a kind it does not have or an outcome without a verdict is not confirmed")
    func cannotRecheck() throws {
        let model = GridModel(limit: 2, extraProperties: [.always("neverCorner") { _, state in !(state.x == 2 && state.y == 2) }])
        let trace = try #require(ModelChecker.check(model).result("neverCorner")?.trace)
        #expect(Replay.run(model, Self.document(model, trace, property: "neverCorner", kind: "always")).confirmed)

        let unknown = Replay.run(model, Self.document(model, trace, property: "noSuchProperty", kind: "always"))
        #expect(unknown.reproduced)
        #expect(Self.confirmation(unknown)?.description == "NOT confirmed: the model has no property 'noSuchProperty' to re-check")
        let kind = Replay.run(model, Self.document(model, trace, property: "neverCorner", kind: "transition"))
        #expect(!kind.confirmed)
        #expect(Self.confirmation(kind)?.reason.contains("the model's is always") == true)
        let outcome = Replay.run(model, Self.document(model, trace, property: "neverCorner", kind: "always", outcome: .holds))
        #expect(!outcome.confirmed)
        #expect(Self.confirmation(outcome)?.reason == "nothing to re-check for neverCorner (always) with outcome 'holds'")
    }

    @Test("an alwaysPossibly dead end is re-decided by exploring what is reachable from it")
    func deadEnd() throws {
        let result = ModelChecker.check(TrapModel())
        let trace = try #require(result.result("goalStaysReachable")?.trace)
        let confirmed = Replay.run(TrapModel(), Self.document(TrapModel(), trace, property: "goalStaysReachable", kind: "alwaysPossibly"))
        #expect(Self.confirmation(confirmed)?.description
                == "confirmed: none of the 1 state reachable from the last state reaches the goal of goalStaysReachable")

        // The same path where the trap has an exit: 9 → 0 → 1 → 2 → 3 → 4 reaches the goal.
        let escapable = TrapModel(trapHasExit: true)
        let refuted = Replay.run(escapable, Self.document(escapable, trace, property: "goalStaysReachable", kind: "alwaysPossibly"))
        #expect(refuted.reproduced)
        #expect(!refuted.confirmed)
        #expect(Self.confirmation(refuted)?.reason.hasSuffix("is reached in 5 steps") == true)
    }

    @Test("a dead end whose future is too large to re-explore is not confirmed")
    func deadEndTooLarge() throws {
        // Without a reset, nothing returns to the origin: (1,0) is the first dead end, with the
        // 12 cells of x ≥ 1 in its future.
        let model = GridModel(limit: 3, extraProperties: [.alwaysPossibly("originReachable") { _, state in state.x == 0 && state.y == 0 }])
        let trace = try #require(ModelChecker.check(model).result("originReachable")?.trace)
        let document = Self.document(model, trace, property: "originReachable", kind: "alwaysPossibly")
        let whole = Replay.run(model, document)
        #expect(Self.confirmation(whole)?.reason == "none of the 12 states reachable from the last state reaches the goal of originReachable")
        let bounded = Replay.run(model, document, deadEndStatesMax: 5)
        #expect(bounded.reproduced)
        #expect(!bounded.confirmed)
        #expect(Self.confirmation(bounded)?.reason.hasPrefix("could not re-decide originReachable") == true)
    }
}
