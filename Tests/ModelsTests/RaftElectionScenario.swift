import ModelChecker
import Models
import Testing

/// Scripted runs of the model, step by step, in the manner of etcd's `raft_paper_test.go`:
/// each step names the action by the beginning of its description ("s1 times out"), which
/// must match exactly one enabled action, and every state must stay within the constraint.
enum RaftElectionScenario {
    struct ScriptError: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `script` from the initial state. A step may give alternatives separated by "|".
    static func run(_ model: RaftElection, _ script: [String]) throws -> Trace<RaftElection> {
        var state = model.initialStates[0]
        var steps: [(action: RaftElection.Action, state: RaftElection.State)] = []
        for (index, line) in script.enumerated() {
            let prefixes = line.split(separator: "|").map(String.init)
            let matching = model.actions(in: state).filter { action in
                let text = model.describe(action, in: state).text
                return prefixes.contains { text.hasPrefix($0) }
            }
            guard matching.count == 1, let next = model.successor(of: state, by: matching[0]) else {
                let enabled = model.actions(in: state).map { "  " + model.describe($0, in: state).text }
                throw ScriptError(description: "step \(index + 1) '\(line)' matches \(matching.count) actions; enabled:\n"
                    + enabled.joined(separator: "\n"))
            }
            guard model.isWithinConstraint(next) else {
                throw ScriptError(description: "step \(index + 1) '\(line)' leaves the constraint")
            }
            steps.append((matching[0], next))
            state = next
        }
        return Trace(initial: model.initialStates[0], steps: steps)
    }

    /// A server's election in `term` with the votes of itself and `voters` (asked in order;
    /// `refusers` are asked first and refuse because their logs are more up to date).
    static func election(_ server: String, term: Int, voters: [String], refusers: [String] = [],
                         needsTimeouts: Int = 1, voterTerms: [String: Int] = [:]) -> [String] {
        var script: [String] = []
        for offset in stride(from: needsTimeouts - 1, through: 0, by: -1) {
            script.append("\(server) times out and becomes a candidate in term \(term - offset)")
        }
        script += ["\(server) asks itself for its vote in term \(term)", "\(server) votes for itself in term \(term)",
                   "\(server) receives its own vote in term \(term)"]
        for other in refusers {
            script += ["\(server) asks \(other) for its vote in term \(term)", "\(other) sees term \(term)",
                       "\(other) refuses \(server) its vote in term \(term)",
                       "\(server) learns that \(other) refused its vote in term \(term)"]
        }
        for other in voters {
            script += ["\(server) asks \(other) for its vote in term \(term)", "\(other) sees term \(term)",
                       "\(other) grants \(server) its vote in term \(term)",
                       "\(server) receives \(other)'s vote in term \(term)"]
        }
        script.append("\(server) becomes leader of term \(term)")
        return script
    }

    /// Figure 8 of the Raft paper with three servers (see `RaftElectionTests.figureEight`).
    static func figureEight(_ model: RaftElection) throws -> Trace<RaftElection> {
        var script: [String] = []
        script += election("s1", term: 2, voters: ["s2"])
        script.append("s1 accepts client value v1 as entry 1 of term 2")
        script += election("s3", term: 3, voters: ["s2"], refusers: [], needsTimeouts: 2)
        // s1 still leads term 2; s3's request for its vote moves it to term 3 (it refuses:
        // its log is more up to date). Asked after s2, so s3 already has its quorum.
        script.insert(contentsOf: ["s3 asks s1 for its vote in term 3", "s1 sees term 3", "s1 refuses s3 its vote in term 3",
                                   "s3 learns that s1 refused its vote in term 3"], at: script.count - 1)
        script.append("s3 accepts client value v1 as entry 1 of term 3")
        script += election("s1", term: 4, voters: ["s2"], refusers: ["s3"])
        script += ["s1 sends s2 a heartbeat in term 4", "s2 rejects", "s1 learns that s2 rejected its AppendEntries in term 4",
                   "s1 sends s2 entry 1 (t2:v1) in term 4", "s2 appends t2:v1 at index 1", "s2 acknowledges",
                   "s1 learns that s2 matches its log up to index 1",
                   "s1 advances its commit index from 0 to 1|s1 finds nothing new to commit"]
        script += election("s3", term: 5, voters: ["s2"])
        return try run(model, script)
    }

    /// noPrevLogTermCheck's counterexample to Log Matching (the shortest, found breadth-first):
    /// s1 leads term 2 and appends an entry; s2 leads term 3 and replicates its own entry 1 to
    /// s3; s3 leads term 4 with s1's vote, appends entry 2 and sends it to s1 with prevLogIndex
    /// 1, prevLogTerm 3, which s1 (whose entry 1 is of term 2) must reject.
    /// The script stops before s1 receives the request.
    static var staleEntryAccepted: [String] {
        var script: [String] = []
        script += election("s1", term: 2, voters: ["s2"])
        script.append("s1 accepts client value v1 as entry 1 of term 2")
        script += election("s2", term: 3, voters: ["s3"])
        script += ["s2 accepts client value v1 as entry 1 of term 3", "s2 sends s3 entry 1 (t3:v1) in term 3",
                   "s3 appends t3:v1 at index 1", "s3 acknowledges", "s2 learns that s3 matches its log up to index 1"]
        script += election("s3", term: 4, voters: ["s1"], needsTimeouts: 1)
        script += ["s3 accepts client value v1 as entry 2 of term 4", "s3 sends s1 entry 2 (t4:v1) in term 4"]
        return script
    }

    /// An entry committed in term 2 whose every trace in the current state a restart wipes: s1
    /// leads term 2, replicates its entry to s2 and commits it, restarts (forgetting its commit
    /// index, which s2 never learned), and s3 leads term 3 with s2's vote, which
    /// noUpToDateCheck grants although s2's log is more up to date.
    static func forgottenCommit(_ model: RaftElection) throws -> Trace<RaftElection> {
        var script: [String] = []
        script += election("s1", term: 2, voters: ["s2"])
        script += ["s1 accepts client value v1 as entry 1 of term 2", "s1 sends s2 entry 1 (t2:v1) in term 2",
                   "s2 appends t2:v1 at index 1", "s2 acknowledges", "s1 learns that s2 matches its log up to index 1",
                   "s1 advances its commit index from 0 to 1", "s1 restarts in term 2"]
        script += election("s3", term: 3, voters: ["s2"], needsTimeouts: 2)
        return try run(model, script)
    }

    /// The trace's steps as text, for attachments.
    static func text(_ model: RaftElection, _ trace: Trace<RaftElection>) -> String {
        var state = trace.initial
        var lines: [String] = []
        for (index, step) in trace.steps.enumerated() {
            lines.append("\(index + 1). " + model.describe(step.action, in: state).text)
            state = step.state
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
