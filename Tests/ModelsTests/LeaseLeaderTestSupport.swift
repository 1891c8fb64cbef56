import ModelChecker
import Models
import Synchronization
import Reporting
import Testing
import TestSupport
import Verification

/// Shared helpers of the lease-leader suites: the CI-sized bounds, runs, traces as text for
/// attachments, and explorations through the model's own API (no fingerprints), so that tests
/// can check the engine's verdicts and the model's encoding independently.
enum LeaseLeaderTesting {
    typealias Variant = LeaseLeader.Variant
    static let family = LeaseLeaderFamily()

    /// CI bounds: two brokers, one charge, a 2-tick lease refreshed every tick, one pause and
    /// one crash. Every verdict of the issues' tables already shows at these bounds.
    static let small = LeaseLeader.Configuration(brokers: 2, subscriptions: 1, periods: 1, leaseTTLTicks: 2,
                                                 refreshIntervalTicks: 1, maxPauses: 1, maxCrashes: 1, maxLosses: 0)
    /// CI bounds for the lost-message stories: one loss, no pause, no crash.
    static let lossOnly = LeaseLeader.Configuration(brokers: 2, subscriptions: 1, periods: 1, leaseTTLTicks: 2,
                                                    refreshIntervalTicks: 1, maxPauses: 0, maxCrashes: 0, maxLosses: 1)

    /// Each variant's CI bounds: `small`, or the bounds at which its own fault shows (issue
    /// 15's need latency, a compaction or a store leader change). All run in seconds in debug.
    static func ciConfiguration(_ variant: Variant) -> LeaseLeader.Configuration {
        var configuration = small
        switch variant {
        case .getThenPut:
            configuration.maxPauses = 0
            configuration.maxCrashes = 0
        case .deadlineFromReceipt, .leaseByBrokerIndex:
            configuration.maxPauses = 0
            configuration.maxCrashes = 0
            configuration.maxLosses = 1
            configuration.maxMessageDelayTicks = 1
            configuration.maxDelayedMessages = 1
        case .rewatchFromNow:
            configuration.maxCompactions = 1
        case .noLeaseCheckpoints:
            configuration.maxPauses = 0
            configuration.maxStoreLeaderChanges = 1
        default:
            break
        }
        return configuration
    }

    /// One exact check per variant at its CI bounds, shared by every suite that needs it (each
    /// is computed once, on first use, while other variants' callers proceed).
    final class Once: Sendable {
        let variant: Variant
        let slot = Mutex<CheckResult<LeaseLeader>?>(nil)
        init(_ variant: Variant) { self.variant = variant }
        var result: CheckResult<LeaseLeader> {
            slot.withLock { cached in
                if let cached { return cached }
                let computed = Checking.check(LeaseLeader(ciConfiguration(variant), variant: variant), workers: 2,
                                              symmetry: false, exact: true)
                cached = computed
                return computed
            }
        }
    }

    static let results: [Variant: Once] = Dictionary(uniqueKeysWithValues: Variant.allCases.map { ($0, Once($0)) })

    static func model(_ variant: Variant) -> LeaseLeader { LeaseLeader(ciConfiguration(variant), variant: variant) }
    static func result(_ variant: Variant) -> CheckResult<LeaseLeader> { results[variant]!.result }

    /// Exact storage by default: the verdicts must not depend on fingerprints (and the state
    /// graph of `alwaysPossibly` is keyed by whole encodings).
    static func check(_ model: LeaseLeader, workers: Int = 2, symmetry: Bool = false, exact: Bool = true) -> CheckResult<LeaseLeader> {
        Checking.check(model, workers: workers, symmetry: symmetry, exact: exact)
    }

    static func report(_ model: LeaseLeader, _ result: CheckResult<LeaseLeader>) -> RunReport {
        RunReport(family: family.name, variant: model.variant.rawValue, parameters: family.parameterValues(model.configuration),
                  model: model, result: result)
    }

    static func documents(_ model: LeaseLeader, _ result: CheckResult<LeaseLeader>) -> [(property: String, document: TraceDocument)] {
        TraceFiles.documents(report(model, result))
    }

    /// Attaches a summary of the run and every trace as text: called when an expectation failed.
    static func attachTraces(_ model: LeaseLeader, _ result: CheckResult<LeaseLeader>, label: String) {
        let summary = result.properties.map { "\($0.name): \($0.outcome.rawValue)" + ($0.trace.map { " (\($0.length) steps)" } ?? "") }
        Attachment.record("\(label)\ncomplete: \(result.complete), distinct \(result.statistics.distinct), depth "
            + "\(result.statistics.depth)\n" + summary.joined(separator: "\n") + "\n", named: "\(label)-summary.txt")
        for (property, document) in documents(model, result) {
            Attachment.record(TraceText.render(document), named: "\(label)-\(property).txt")
        }
    }

    /// The step texts of a trace, in order.
    static func texts(_ model: LeaseLeader, _ trace: Trace<LeaseLeader>) -> [String] {
        var previous = trace.initial
        return trace.steps.map { step in
            defer { previous = step.state }
            return model.describe(step.action, in: previous).text
        }
    }

    /// Every reachable state with its successors, found through `actions` and `successor`
    /// alone: the states in discovery order and, per state, the indices of its successors.
    static func graph(_ model: LeaseLeader) -> (states: [LeaseLeader.State], successors: [[Int]]) {
        var index: [LeaseLeader.State: Int] = [:]
        var states: [LeaseLeader.State] = []
        var successors: [[Int]] = []
        for state in model.initialStates where index[state] == nil {
            index[state] = states.count
            states.append(state)
        }
        var next = 0
        while next < states.count {
            let state = states[next]
            var targets: [Int] = []
            for action in model.actions(in: state) {
                guard let successor = model.successor(of: state, by: action) else { continue }
                if let known = index[successor] {
                    targets.append(known)
                } else {
                    index[successor] = states.count
                    targets.append(states.count)
                    states.append(successor)
                }
            }
            successors.append(targets)
            next += 1
        }
        return (states, successors)
    }

    /// The states of `graph` from which no goal state can be reached (backward reachability,
    /// written independently of the engine's).
    static func deadEnds(_ graph: (states: [LeaseLeader.State], successors: [[Int]]),
                         goal: (LeaseLeader.State) -> Bool) -> [Int] {
        var predecessors = Array(repeating: [Int](), count: graph.states.count)
        for (source, targets) in graph.successors.enumerated() {
            for target in targets { predecessors[target].append(source) }
        }
        var reaches = graph.states.map(goal)
        var queue = reaches.indices.filter { reaches[$0] }
        while let target = queue.popLast() {
            for source in predecessors[target] where !reaches[source] {
                reaches[source] = true
                queue.append(source)
            }
        }
        return reaches.indices.filter { !reaches[$0] }
    }

    /// The first `count` states in breadth-first order, found through the model's API alone.
    static func breadthFirstPrefix(_ model: LeaseLeader, count: Int) -> [LeaseLeader.State] {
        var seen = Set(model.initialStates)
        var states = model.initialStates
        var next = 0
        while next < states.count && states.count < count {
            for action in model.actions(in: states[next]) {
                if let successor = model.successor(of: states[next], by: action), seen.insert(successor).inserted {
                    states.append(successor)
                }
            }
            next += 1
        }
        return Array(states.prefix(count))
    }

    /// Whether a goal state is reachable from `start` (forward search through the model's API).
    static func canReach(_ model: LeaseLeader, from start: LeaseLeader.State, goal: (LeaseLeader.State) -> Bool) -> Bool {
        var seen: Set<LeaseLeader.State> = [start]
        var frontier = [start]
        while let state = frontier.popLast() {
            if goal(state) { return true }
            for action in model.actions(in: state) {
                if let next = model.successor(of: state, by: action), seen.insert(next).inserted { frontier.append(next) }
            }
        }
        return false
    }
}
