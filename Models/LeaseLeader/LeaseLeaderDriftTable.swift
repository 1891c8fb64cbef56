import ModelChecker
import Support
import Verification

/// Issue 6's clock question, answered by checking: "with a T-tick lease, refresh every r
/// ticks and a broker clock that may lag d ticks, is there ever a moment when two brokers
/// believe they lead, without any pause?"
///
/// Each cell is one complete breadth-first search of `fencedIdempotent` with no pause and no
/// crash (neither can make two brokers believe without a pause: a paused broker is excluded by
/// the question, a crashed one believes nothing), two brokers, one charge, and 0 or 1 lost
/// message. The verdict is `noTwoBelieversWithoutPause`, an `always` property, so a refuted
/// cell comes with its shortest counterexample. The same searches also check that fencing and
/// the idempotency key keep the charges safe even where two brokers believe.
public struct LeaseLeaderDriftTable: Sendable {
    public struct Cell: Sendable {
        public var leaseTTL: Int
        public var refreshInterval: Int
        public var drift: Int
        public var losses: Int
        /// `holds` (never two believers), `violated`, or `unknown` if a search was cut short.
        public var outcome: Outcome
        public var traceLength: Int?
        public var story: String?
        public var distinct: Int
        public var depth: Int
        /// atMostOnceCharge holds in this configuration.
        public var chargesSafe: Bool

        /// The closed form the table is compared with: two believers need a lagging clock
        /// (drift ≥ 1) and a lease that can run out while its holder's clock still shows time,
        /// i.e. the refresh (delayed by the losses' timeouts and the lag) reaching the store
        /// no earlier than the TTL.
        public var closedFormPredictsViolation: Bool { drift >= 1 && refreshInterval + losses + drift >= leaseTTL }
    }

    public static let leaseTTLs = 2...6
    public static let refreshIntervals = 1...3
    public static let drifts = 0...2
    public static let lossCounts = 0...1
    /// The row the user asks about: a 5-tick lease, refresh every 2 ticks, drift up to 1.
    public static let keyRow = (leaseTTL: 5, refreshInterval: 2, drift: 1)

    public var cells: [Cell]

    public init(cells: [Cell]) { self.cells = cells }

    public static func configuration(leaseTTL: Int, refreshInterval: Int, drift: Int, losses: Int) -> LeaseLeader.Configuration {
        LeaseLeader.Configuration(brokers: 2, subscriptions: 1, periods: 1, leaseTTLTicks: leaseTTL,
                                  refreshIntervalTicks: refreshInterval, maxPauses: 0, maxCrashes: 0, maxLosses: losses,
                                  maxDriftTicks: drift, liveness: false)
    }

    /// Runs one cell.
    public static func cell(leaseTTL: Int, refreshInterval: Int, drift: Int, losses: Int, workers: Int) -> Cell {
        let model = LeaseLeader(configuration(leaseTTL: leaseTTL, refreshInterval: refreshInterval, drift: drift, losses: losses),
                                variant: .fencedIdempotent)
        var options = CheckOptions()
        options.workers = workers
        let result = ModelChecker.check(model, options: options)
        let verdict = result.result("noTwoBelieversWithoutPause")!
        return Cell(leaseTTL: leaseTTL, refreshInterval: refreshInterval, drift: drift, losses: losses,
                    outcome: verdict.outcome, traceLength: verdict.trace?.length,
                    story: verdict.trace.map { story(of: $0, model: model) },
                    distinct: result.statistics.distinct, depth: result.statistics.depth,
                    chargesSafe: result.outcome("atMostOnceCharge") == .holds)
    }

    public static func compute(workers: Int) -> LeaseLeaderDriftTable {
        var cells: [Cell] = []
        for leaseTTL in leaseTTLs {
            for refreshInterval in refreshIntervals where refreshInterval < leaseTTL {
                for drift in drifts {
                    for losses in lossCounts {
                        cells.append(cell(leaseTTL: leaseTTL, refreshInterval: refreshInterval, drift: drift, losses: losses,
                                          workers: workers))
                    }
                }
            }
        }
        return LeaseLeaderDriftTable(cells: cells)
    }

    /// The counterexample in one line: the election, the faults and drift, the expiry, the
    /// second election, and what the first broker's clock still shows. Runs of plain ticks
    /// and the routine request/response steps in between are left out.
    static func story(of trace: Trace<LeaseLeader>, model: LeaseLeader) -> String {
        var parts: [String] = []
        var plainTicks = 0
        func flushTicks() {
            if plainTicks > 0 { parts.append(plainTicks == 1 ? "1 tick" : "\(plainTicks) ticks") }
            plainTicks = 0
        }
        var previous = trace.initial
        for step in trace.steps {
            let text = model.describe(step.action, in: previous).text
            previous = step.state
            if text == "tick" {
                plainTicks += 1
                continue
            }
            let important = text.hasPrefix("tick:") || text.hasPrefix("the network loses") || text.contains(" is elected ")
            guard important else { continue }
            flushTicks()
            parts.append(text)
        }
        flushTicks()
        let last = trace.last
        let still = (0..<model.brokerCount).filter { last.brokers[$0].actsAsLeader }.map { index in
            "\(model.brokerName(index))'s clock shows \(model.ticks(Int(last.brokers[index].deadline))) left"
        }
        return parts.joined(separator: " → ") + (still.isEmpty ? "" : " (" + still.joined(separator: "; ") + ")")
    }

    // MARK: Derived answers

    public func cell(leaseTTL: Int, refreshInterval: Int, drift: Int, losses: Int) -> Cell? {
        cells.first { $0.leaseTTL == leaseTTL && $0.refreshInterval == refreshInterval && $0.drift == drift && $0.losses == losses }
    }

    /// The smallest lease TTL in the table at which two believers never occur without a pause,
    /// with every larger TTL in the table also safe; nil when no TTL in the table is.
    public func smallestSafeTTL(refreshInterval: Int, drift: Int, losses: Int) -> Int? {
        let column = cells.filter { $0.refreshInterval == refreshInterval && $0.drift == drift && $0.losses == losses }
            .sorted { $0.leaseTTL < $1.leaseTTL }
        guard let lastUnsafe = column.lastIndex(where: { $0.outcome != .holds }) else { return column.first?.leaseTTL }
        return lastUnsafe + 1 < column.count ? column[lastUnsafe + 1].leaseTTL : nil
    }

    public var complete: Bool { cells.allSatisfy { $0.outcome == .holds || $0.outcome == .violated } }
    public var disagreementsWithClosedForm: [Cell] {
        cells.filter { ($0.outcome == .violated) != $0.closedFormPredictsViolation }
    }
    public var keyRowHolds: Bool {
        Self.lossCounts.allSatisfy { losses in
            cell(leaseTTL: Self.keyRow.leaseTTL, refreshInterval: Self.keyRow.refreshInterval, drift: Self.keyRow.drift,
                 losses: losses)?.outcome == .holds
        }
    }

    // MARK: The report

    func verdictText(_ cell: Cell) -> String {
        switch cell.outcome {
        case .holds: return "never"
        case .violated: return "after \(cell.traceLength ?? 0) steps: \(cell.story ?? "")"
        default: return cell.outcome.rawValue
        }
    }

    func lossesText(_ losses: Int) -> String { losses == 0 ? "no loss" : losses == 1 ? "1 loss" : "\(losses) losses" }

    public var markdown: String {
        var lines: [String] = []
        let key = Self.keyRow
        lines.append("# lease-leader: clock drift and two brokers believing they lead without a pause")
        lines.append("")
        lines.append("**Question.** With a \(key.leaseTTL)-tick lease, refresh every \(key.refreshInterval) ticks and a broker "
            + "clock that may lag by up to \(key.drift) tick, is there ever a moment when two brokers believe they lead "
            + "without any pause?")
        lines.append("")
        let keyCells = Self.lossCounts.compactMap {
            cell(leaseTTL: key.leaseTTL, refreshInterval: key.refreshInterval, drift: key.drift, losses: $0)
        }
        lines.append("**Answer.** " + keyCells.map { "\(lossesText($0.losses)): \(verdictText($0))" }.joined(separator: "; ") + ".")
        lines.append("")
        lines.append("Each cell is a complete breadth-first search of `fencedIdempotent` with 2 brokers, 1 subscription "
            + "× 1 period, no pause, no crash, and the given number of lost messages; the verdict is "
            + "`noTwoBelieversWithoutPause` (a broker believes it leads while it is elected, not deposed, and its own "
            + "clock shows lease time left). A lagging clock delays both the broker's refreshes and the end of its belief.")
        lines.append("")
        let disagreements = disagreementsWithClosedForm
        if disagreements.isEmpty {
            lines.append("Every cell agrees with the closed form: two brokers can believe they lead without a pause "
                + "exactly when drift ≥ 1 and refresh + losses + drift ≥ TTL. So with drift d ≥ 1 the smallest safe "
                + "lease TTL is refresh + losses + d + 1, and without drift any TTL above the refresh interval is safe.")
        } else {
            lines.append("Cells that disagree with the closed form (drift ≥ 1 and refresh + losses + drift ≥ TTL): "
                + disagreements.map { "TTL \($0.leaseTTL)/refresh \($0.refreshInterval)/drift \($0.drift)/\(lossesText($0.losses))" }
                    .joined(separator: ", ") + ".")
        }
        lines.append("")
        lines.append("A story keeps the elections, the lost messages and the ticks that matter (runs of plain ticks "
            + "are counted). A lost message that delays no refresh (a ReadDue, say) is there only because it makes "
            + "the path shorter: the mechanism is the lagging clock.")
        lines.append("")
        let unsafeCharges = cells.filter { !$0.chargesSafe }
        lines.append(unsafeCharges.isEmpty
            ? "In every cell, even where two brokers believe they lead, `atMostOnceCharge` "
                + "hold: fencing and the idempotency key keep the charges safe."
            : "Charges are NOT safe in \(unsafeCharges.count) cells.")
        lines.append("")
        lines.append("## Smallest safe lease TTL (within TTL \(Self.leaseTTLs.lowerBound)...\(Self.leaseTTLs.upperBound))")
        lines.append("")
        var header = "| refresh | drift |"
        var rule = "|---|---|"
        for losses in Self.lossCounts {
            header += " \(lossesText(losses)) |"
            rule += "---|"
        }
        lines.append(header)
        lines.append(rule)
        for refreshInterval in Self.refreshIntervals {
            for drift in Self.drifts {
                var row = "| \(refreshInterval) | \(drift) |"
                for losses in Self.lossCounts {
                    row += " " + (smallestSafeTTL(refreshInterval: refreshInterval, drift: drift, losses: losses).map(String.init)
                        ?? "above \(Self.leaseTTLs.upperBound)") + " |"
                }
                lines.append(row)
            }
        }
        lines.append("")
        lines.append("## Every configuration")
        lines.append("")
        lines.append("| lease TTL | refresh | drift | losses | two believers without a pause | distinct states | depth | charges |")
        lines.append("|---|---|---|---|---|---|---|---|")
        for cell in cells {
            lines.append("| \(cell.leaseTTL) | \(cell.refreshInterval) | \(cell.drift) | \(cell.losses) | \(verdictText(cell)) "
                + "| \(cell.distinct) | \(cell.depth) | \(cell.chargesSafe ? "safe" : "UNSAFE") |")
        }
        lines.append("")
        return lines.joined(separator: "\n")
    }

    public var json: JSONValue {
        let key = Self.keyRow
        return .object([
            ("model", .string("lease-leader")),
            ("variant", .string("fencedIdempotent")),
            ("property", .string("noTwoBelieversWithoutPause")),
            ("question", .string("with a \(key.leaseTTL)-tick lease, refresh every \(key.refreshInterval) and drift up to "
                + "\(key.drift), is there ever a moment when two brokers believe they lead without any pause?")),
            ("fixed", .object([("brokers", .int(2)), ("subscriptions", .int(1)), ("periods", .int(1)),
                               ("maxPauses", .int(0)), ("maxCrashes", .int(0))])),
            ("keyRowHolds", .bool(keyRowHolds)),
            ("closedForm", .string("violated exactly when drift >= 1 and refresh + losses + drift >= ttl")),
            ("closedFormAgrees", .bool(disagreementsWithClosedForm.isEmpty)),
            ("chargesSafeEverywhere", .bool(cells.allSatisfy(\.chargesSafe))),
            ("smallestSafeTTL", .array(Self.refreshIntervals.flatMap { refreshInterval in
                Self.drifts.flatMap { drift in
                    Self.lossCounts.map { losses in
                        JSONValue.object([
                            ("refresh", .int(refreshInterval)), ("drift", .int(drift)), ("losses", .int(losses)),
                            ("ttl", smallestSafeTTL(refreshInterval: refreshInterval, drift: drift, losses: losses).map { .int($0) } ?? .null),
                        ])
                    }
                }
            })),
            ("cells", .array(cells.map { cell in
                .object([
                    ("ttl", .int(cell.leaseTTL)), ("refresh", .int(cell.refreshInterval)), ("drift", .int(cell.drift)),
                    ("losses", .int(cell.losses)), ("outcome", .string(cell.outcome.rawValue)),
                    ("traceLength", cell.traceLength.map { .int($0) } ?? .null),
                    ("story", cell.story.map { .string($0) } ?? .null),
                    ("distinct", .int(cell.distinct)), ("depth", .int(cell.depth)), ("chargesSafe", .bool(cell.chargesSafe)),
                ])
            })),
        ])
    }

    public var expectationsMet: Bool { complete && keyRowHolds && cells.allSatisfy(\.chargesSafe) }

    public var summaryLine: String {
        let violated = cells.filter { $0.outcome == .violated }.count
        let key = Self.keyRow
        return "drift table: \(cells.count) configurations, two believers without a pause in \(violated); "
            + "\(key.leaseTTL)-tick lease, refresh \(key.refreshInterval), drift \(key.drift): "
            + (keyRowHolds ? "never (with 0 or 1 lost message)" : "POSSIBLE")
            + (disagreementsWithClosedForm.isEmpty ? "; safe exactly when drift = 0 or TTL > refresh + losses + drift" : "")
    }

    public var report: SupplementaryReport {
        SupplementaryReport(fileName: "lease-leader-drift", title: "lease-leader: clock drift and two believers without a pause",
                            markdown: markdown, json: json, expectationsMet: expectationsMet, summaryLine: summaryLine)
    }
}
