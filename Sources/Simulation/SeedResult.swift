import KeyValue
import Support

/// One seed's outcome: what was injected, what the workload did, each audit's verdict and, for
/// a failing audit, why. Its lines are deterministic (no timings).
public struct SeedResult: Sendable {
    public static let auditNames = ["linearizability", "electionSafety", "logMatching", "leaderCompleteness", "stateMachineSafety",
                                    "promisesKept", "acknowledgedWrites", "freshReads", "watches", "liveness"]

    public var seed: UInt64
    public var faults: FaultCounters
    public var operations = 0
    public var okOperations = 0
    public var unknownOperations = 0
    /// Watch events the watch audit checked, watches a compaction cancelled and their clients
    /// resumed after reading again, and leases the store expired.
    public var watchEvents = 0
    public var watchResyncs = 0
    public var leaseExpiries = 0
    /// Events the simulator handled (for the benchmark; in neither line).
    public var events = 0
    /// Audit name to verdict, in `auditNames` order.
    public var audits: [(name: String, outcome: AuditOutcome)] = []
    /// Why each failing audit failed.
    public var explanations: [(name: String, text: String)] = []
    /// The JSON-lines history the linearizability audit checked, one value per line.
    public var historyRecords: [JSONValue] = []
    /// That history as text (written when asked: for a failure's report, or a test).
    public var history: String { HistoryRecorder.text(of: historyRecords) }
    /// The last events of the run, for the failure report.
    public var trace: [String] = []

    public var passed: Bool { !audits.isEmpty && audits.allSatisfy { $0.outcome == .passed } }

    public func outcome(of audit: String) -> AuditOutcome? { audits.first { $0.name == audit }?.outcome }

    public var textLine: String {
        let faultText = faults.fields.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
        let auditText = audits.map { "\($0.name) \($0.outcome.rawValue)" }.joined(separator: ", ")
        return "seed \(seed): \(passed ? "passed" : "FAILED"); ops \(operations) (ok \(okOperations), unknown \(unknownOperations)); "
            + "watch events \(watchEvents) (resyncs \(watchResyncs)), lease expiries \(leaseExpiries); "
            + "faults: \(faultText); audits: \(auditText)"
    }

    public var jsonLine: String {
        JSONValue.object([
            ("seed", .int(Int(seed))),
            ("faults", .object(faults.fields.map { ($0.0, .int($0.1)) })),
            ("operations", .object([("total", .int(operations)), ("ok", .int(okOperations)), ("unknown", .int(unknownOperations))])),
            ("watchEvents", .int(watchEvents)),
            ("watchResyncs", .int(watchResyncs)),
            ("leaseExpiries", .int(leaseExpiries)),
            ("audits", .object(audits.map { ($0.name, .string($0.outcome.rawValue)) })),
            ("passed", .bool(passed)),
        ]).compactText
    }
}
