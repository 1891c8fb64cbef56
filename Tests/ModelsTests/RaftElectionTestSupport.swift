import ModelChecker
import Models
import Reporting
import Testing
import TestSupport
import Verification

/// Shared helpers of the raft-election suites: configurations, runs, traces as text for
/// attachments, and an exploration of the reachable states through the model's own API.
enum RaftElectionTesting {
    static let family = RaftElectionFamily()

    /// A small configuration: the defaults of `RaftConfiguration` (3 servers, terms up to 2,
    /// one message in flight, no duplicates, logs off) without restarts and drops, then
    /// `changes`.
    static func configuration(_ variant: RaftVariant = .correct,
                              _ changes: (inout RaftConfiguration) -> Void = { _ in }) -> RaftConfiguration {
        var configuration = RaftConfiguration()
        configuration.variant = variant
        configuration.restarts = false
        configuration.drops = false
        changes(&configuration)
        return configuration
    }

    static func check(_ model: RaftElection, symmetry: Bool = false, workers: Int = 1, stopAtFirst: Bool = false,
                      maxDepth: Int? = nil) -> CheckResult<RaftElection> {
        Checking.check(model, workers: workers, symmetry: symmetry, stopAtFirst: stopAtFirst, maxDepth: maxDepth)
    }

    /// The family's parameter values of a configuration (for reports and replay).
    static func parameters(_ configuration: RaftConfiguration) -> ParameterValues {
        family.parameterValues(configuration)
    }

    static func report(_ model: RaftElection, _ result: CheckResult<RaftElection>) -> RunReport {
        RunReport(family: family.name, variant: model.variant.rawValue, parameters: parameters(model.configuration),
                  model: model, result: result)
    }

    /// Attaches every trace of a run (counterexamples and witnesses) as text, plus a summary of
    /// the outcomes: called when an expectation about the run failed.
    static func attachTraces(_ model: RaftElection, _ result: CheckResult<RaftElection>, label: String) {
        attach(report(model, result), label: label)
    }

    /// Attaches a run's summary and every trace of it as text.
    static func attach(_ report: RunReport, label: String) {
        let summary = report.properties.map { "\($0.name): \($0.outcome.rawValue)" + ($0.trace.map { " (\($0.length) steps)" } ?? "") }
        Attachment.record("\(label)\ncomplete: \(report.complete), distinct \(report.statistics.distinct), "
            + "depth \(report.statistics.depth)\n" + summary.joined(separator: "\n") + "\n", named: "\(label)-summary.txt")
        for (property, document) in TraceFiles.documents(report) {
            Attachment.record(TraceText.render(document), named: "\(label)-\(property).txt")
        }
    }

    /// The states within the constraint reachable from the initial state, breadth first, found
    /// through `actions` and `successor` alone (no fingerprints), up to `limit` of them, so that
    /// tests can check the model's encoding, symmetry and texts state by state.
    static func reachableStates(_ model: RaftElection, limit: Int = 40_000) -> [RaftElection.State] {
        var seen = Set(model.initialStates)
        var all = model.initialStates
        var next = 0
        while next < all.count, all.count < limit {
            let state = all[next]
            next += 1
            for action in model.actions(in: state) {
                guard let successor = model.successor(of: state, by: action), model.isWithinConstraint(successor),
                      seen.insert(successor).inserted else { continue }
                all.append(successor)
                if all.count == limit { break }
            }
        }
        return all
    }
}
