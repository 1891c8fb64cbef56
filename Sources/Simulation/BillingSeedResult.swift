import Support

/// One billing seed's outcome: what was injected, each audit's verdict (and why a failing one
/// failed), and the figures. A seed that paused a broker beyond the provider's retention is
/// outside the design's assumption: it is reported as such, never as passing. Its lines are
/// deterministic (no timings).
public struct BillingSeedResult: Sendable {
    public static let auditNames = ["atMostOnce", "noChargeAfterLeaseExpired", "noItemUnderTwoRevisionsAtOnce", "writesInTokenOrder",
                                    "atLeastOnce", "ledgerMatchesDatabase", "noWinOverLiveKey", "followerTakesOver", "watchesStartAfterWhatWasSeen", "healthyLeaderCharges", "electionSafety", "stateMachineSafety"]

    public var seed: UInt64
    public var faults: BillingFaultCounters
    /// Why the seed is outside the design's assumption (nil: inside it).
    public var outsideAssumption: String?
    public var audits: [(name: String, outcome: AuditOutcome)] = []
    public var explanations: [(name: String, text: String)] = []
    /// Charges in the provider's ledger, requests in its log.
    public var charges = 0
    public var chargeRequests = 0
    public var failovers: [FailoverFigure] = []
    /// Simulated milliseconds during which two brokers or more believed they led.
    public var overlapMilliseconds: Int64 = 0
    /// Deletions of the key the takeover audit judged (the others had a fault around them).
    public var judgedTakeovers = 0
    public var trace: [String] = []

    public init(seed: UInt64, faults: BillingFaultCounters) {
        self.seed = seed
        self.faults = faults
    }

    public var auditsPassed: Bool { !audits.isEmpty && audits.allSatisfy { $0.outcome == .passed } }
    /// Passed: inside the assumption and every audit passed.
    public var passed: Bool { outsideAssumption == nil && auditsPassed }
    /// Failed: inside the assumption and an audit did not pass.
    public var failed: Bool { outsideAssumption == nil && !auditsPassed }

    public func outcome(of audit: String) -> AuditOutcome? { audits.first { $0.name == audit }?.outcome }

    public var verdict: String { outsideAssumption != nil ? "outside the assumption" : (passed ? "passed" : "FAILED") }

    /// The dead leaders' handovers (lease expired): the failover the TTL bounds.
    public var deadLeaderFailovers: [FailoverFigure] { failovers.filter { $0.cause == .expired } }

    public var textLine: String {
        let faultText = faults.fields.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
        let auditText = audits.map { "\($0.name) \($0.outcome.rawValue)" }.joined(separator: ", ")
        let failover = deadLeaderFailovers.map { figure in
            "\(figure.toCampaignMilliseconds)/\(figure.toFirstChargeMilliseconds.map(String.init) ?? "-")"
        }.joined(separator: " ")
        return "seed \(seed): \(verdict); charges \(charges) (requests \(chargeRequests)); handovers \(failovers.count), "
            + "judged takeovers \(judgedTakeovers), dead-leader failover ms to campaign/charge [\(failover)]; overlap \(overlapMilliseconds) ms; "
            + "faults: \(faultText); audits: \(auditText)"
            + (outsideAssumption.map { "; outside: \($0)" } ?? "")
    }

    public var json: JSONValue {
        .object([
            ("seed", .int(Int(seed))),
            ("scenario", .string("billing")),
            ("faults", .object(faults.fields.map { ($0.0, .int($0.1)) })),
            ("audits", .object(audits.map { ($0.name, .string($0.outcome.rawValue)) })),
            ("charges", .int(charges)),
            ("chargeRequests", .int(chargeRequests)),
            ("overlapMilliseconds", .int(Int(overlapMilliseconds))),
            ("judgedTakeovers", .int(judgedTakeovers)),
            ("failovers", .array(failovers.map { figure in
                .object([("fencingToken", .int(Int(figure.fencingToken))), ("cause", .string(figure.cause.rawValue)),
                         ("toCampaignMilliseconds", .int(Int(figure.toCampaignMilliseconds))),
                         ("toFirstChargeMilliseconds", figure.toFirstChargeMilliseconds.map { .int(Int($0)) } ?? .null)])
            })),
            ("outsideAssumption", outsideAssumption.map { .string($0) } ?? .null),
            ("passed", .bool(passed)),
        ])
    }

    public var jsonLine: String { json.compactText }
}
