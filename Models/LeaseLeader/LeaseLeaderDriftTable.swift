import ModelChecker
import Support
import Verification

/// Issue 6's clock question, answered by checking, with issue 15's latency as a dimension:
/// "with a T-tick lease, refresh every r ticks, a broker clock that may lag d ticks and
/// messages that may cross δ ticks, is there ever a moment when two brokers believe they lead,
/// without any pause?"
///
/// Each cell is two complete breadth-first searches with no pause and no crash (neither can
/// make two brokers believe without a pause: a paused broker is excluded by the question, a
/// crashed one believes nothing), two brokers, one charge, 0 or 1 lost message and, at δ ≥ 1,
/// one slowed message. The first checks `deadlineFromReceipt`, issue 14's session clock (the
/// full TTL from the answer's receipt): its verdicts are the table, compared with a closed
/// form. The second checks the design, whose deadline counts `TTL − d` from the send: it must
/// never show two believers. The verdict is `noTwoBelieversWithoutPause`, an `always`
/// property, so a refuted cell comes with its shortest counterexample. The searches also check
/// that fencing and the idempotency key keep the charges safe even where two brokers believe.
public struct LeaseLeaderDriftTable: Sendable {
    public struct Cell: Sendable {
        public var leaseTTL: Int
        public var refreshInterval: Int
        public var drift: Int
        public var losses: Int
        public var delay: Int
        /// `deadlineFromReceipt`: `holds` (never two believers), `violated`, or `unknown` if a
        /// search was cut short.
        public var outcome: Outcome
        /// The design (`fencedIdempotent`, deadline from the send with the drift margin).
        public var designOutcome: Outcome
        public var traceLength: Int?
        public var story: String?
        public var distinct: Int
        public var depth: Int
        /// atMostOnceCharge holds in this configuration.
        public var chargesSafe: Bool

        /// The closed form the table is compared with (see `closedFormText`).
        public var closedFormPredictsViolation: Bool { LeaseLeaderDriftTable.closedForm(self) }
    }

    public static let leaseTTLs = 2...5
    public static let refreshIntervals = 1...2
    public static let drifts = 0...1
    public static let lossCounts = 0...1
    /// The delays of the CI table (`verify all`); the thorough stage adds delay 2.
    public static let delays = 0...1
    public static let thoroughDelays = 0...2
    /// The row the user asks about: a 5-tick lease, refresh every 2 ticks, drift up to 1.
    public static let keyRow = (leaseTTL: 5, refreshInterval: 2, drift: 1)

    public var cells: [Cell]
    /// The delays the table covers (its columns).
    public var delays: ClosedRange<Int>

    public init(cells: [Cell], delays: ClosedRange<Int> = LeaseLeaderDriftTable.delays) {
        self.cells = cells
        self.delays = delays
    }

    public static func configuration(leaseTTL: Int, refreshInterval: Int, drift: Int, losses: Int,
                                     delay: Int = 0) -> LeaseLeader.Configuration {
        LeaseLeader.Configuration(brokers: 2, subscriptions: 1, periods: 1, leaseTTLTicks: leaseTTL,
                                  refreshIntervalTicks: refreshInterval, maxPauses: 0, maxCrashes: 0, maxLosses: losses,
                                  maxDriftTicks: drift, maxMessageDelayTicks: delay, maxDelayedMessages: delay == 0 ? 0 : 1,
                                  liveness: false)
    }

    /// The closed form, read off the checks (within the configurations the design accepts,
    /// refresh < TTL − drift, and one slowed message): issue 14's clock shows two believers
    /// exactly when its belief can outlast the lease and the lease can run out at all. With a
    /// lagging clock the lag gives the over-belief, and the slowed message (a KeepAlive that
    /// reaches the store late) widens the gap, but by one tick at most whatever the delay: a
    /// request times out after one tick and its retry goes out at once (the thorough table's
    /// delay 2 agrees with delay 1 in every column): refresh + losses + drift + min(delay, 1)
    /// ≥ TTL. Without drift the one slowed message must be the answer that makes the broker
    /// believe a tick too long, so it cannot also widen the gap: refresh + losses ≥ TTL.
    public static func closedForm(_ cell: Cell) -> Bool {
        if cell.drift >= 1 { return cell.refreshInterval + cell.losses + cell.drift + min(cell.delay, 1) >= cell.leaseTTL }
        return cell.delay >= 1 && cell.refreshInterval + cell.losses >= cell.leaseTTL
    }

    public static let closedFormText = "drift ≥ 1 and refresh + losses + drift + min(delay, 1) ≥ TTL, or drift = 0, delay ≥ 1 "
        + "and refresh + losses ≥ TTL"

    /// Runs one cell: issue 14's clock for the table, the design for its check.
    public static func cell(leaseTTL: Int, refreshInterval: Int, drift: Int, losses: Int, delay: Int = 0,
                            workers: Int) -> Cell {
        let configuration = configuration(leaseTTL: leaseTTL, refreshInterval: refreshInterval, drift: drift, losses: losses,
                                          delay: delay)
        let model = LeaseLeader(configuration, variant: .deadlineFromReceipt)
        var options = CheckOptions()
        options.workers = workers
        let result = ModelChecker.check(model, options: options)
        let verdict = result.result("noTwoBelieversWithoutPause")!
        let design = ModelChecker.check(LeaseLeader(configuration, variant: .fencedIdempotent), options: options)
        return Cell(leaseTTL: leaseTTL, refreshInterval: refreshInterval, drift: drift, losses: losses, delay: delay,
                    outcome: verdict.outcome, designOutcome: design.outcome("noTwoBelieversWithoutPause") ?? .unknown,
                    traceLength: verdict.trace?.length,
                    story: verdict.trace.map { story(of: $0, model: model) },
                    distinct: result.statistics.distinct, depth: result.statistics.depth,
                    chargesSafe: result.outcome("atMostOnceCharge") == .holds && design.outcome("atMostOnceCharge") == .holds)
    }

    public static func compute(workers: Int, delays: ClosedRange<Int> = LeaseLeaderDriftTable.delays) -> LeaseLeaderDriftTable {
        var cells: [Cell] = []
        for leaseTTL in leaseTTLs {
            for refreshInterval in refreshIntervals where refreshInterval < leaseTTL {
                // The design needs refresh < TTL − drift (see `Configuration.problem`).
                for drift in drifts where refreshInterval < leaseTTL - drift {
                    for losses in lossCounts {
                        for delay in delays {
                            cells.append(cell(leaseTTL: leaseTTL, refreshInterval: refreshInterval, drift: drift,
                                              losses: losses, delay: delay, workers: workers))
                        }
                    }
                }
            }
        }
        return LeaseLeaderDriftTable(cells: cells, delays: delays)
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
            let important = text.hasPrefix("tick:") || text.hasPrefix("the network loses") || text.hasPrefix("the network slows")
                || text.contains(" is elected ")
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

    public func cell(leaseTTL: Int, refreshInterval: Int, drift: Int, losses: Int, delay: Int = 0) -> Cell? {
        cells.first {
            $0.leaseTTL == leaseTTL && $0.refreshInterval == refreshInterval && $0.drift == drift && $0.losses == losses
                && $0.delay == delay
        }
    }

    /// The smallest lease TTL in the table at which issue 14's clock never shows two believers
    /// without a pause, with every larger TTL in the table also safe; nil when no TTL in the
    /// table is.
    public func smallestSafeTTL(refreshInterval: Int, drift: Int, losses: Int, delay: Int = 0) -> Int? {
        let column = cells.filter {
            $0.refreshInterval == refreshInterval && $0.drift == drift && $0.losses == losses && $0.delay == delay
        }.sorted { $0.leaseTTL < $1.leaseTTL }
        guard let lastUnsafe = column.lastIndex(where: { $0.outcome != .holds }) else { return column.first?.leaseTTL }
        return lastUnsafe + 1 < column.count ? column[lastUnsafe + 1].leaseTTL : nil
    }

    public var complete: Bool {
        cells.allSatisfy { ($0.outcome == .holds || $0.outcome == .violated) && ($0.designOutcome == .holds || $0.designOutcome == .violated) }
    }
    /// The design never shows two believers without a pause, in any cell.
    public var designHoldsEverywhere: Bool { cells.allSatisfy { $0.designOutcome == .holds } }
    public var disagreementsWithClosedForm: [Cell] {
        cells.filter { ($0.outcome == .violated) != $0.closedFormPredictsViolation }
    }
    /// The key row's cells (every loss count and delay).
    var keyCells: [Cell] {
        cells.filter { $0.leaseTTL == Self.keyRow.leaseTTL && $0.refreshInterval == Self.keyRow.refreshInterval
            && $0.drift == Self.keyRow.drift }
    }
    /// The design answers the key question "never", with every loss count and delay.
    public var keyRowHolds: Bool { !keyCells.isEmpty && keyCells.allSatisfy { $0.designOutcome == .holds } }

    // MARK: The report

    func verdictText(_ cell: Cell) -> String {
        switch cell.outcome {
        case .holds: return "never"
        case .violated: return "after \(cell.traceLength ?? 0) steps: \(cell.story ?? "")"
        default: return cell.outcome.rawValue
        }
    }

    var delaysText: String { delays.map(String.init).joined(separator: delays.count == 2 ? " or " : ", ") }

    func lossesText(_ losses: Int) -> String { losses == 0 ? "no loss" : losses == 1 ? "1 loss" : "\(losses) losses" }

    func delayText(_ delay: Int) -> String { delay == 0 ? "no delay" : "delay \(delay)" }

    public var markdown: String {
        var lines: [String] = []
        let key = Self.keyRow
        lines.append("# lease-leader: clock drift, latency and two brokers believing they lead without a pause")
        lines.append("")
        lines.append("**Question.** With a \(key.leaseTTL)-tick lease, refresh every \(key.refreshInterval) ticks, a broker "
            + "clock that may lag by up to \(key.drift) tick and messages that may cross a tick, is there ever a moment when "
            + "two brokers believe they lead without any pause?")
        lines.append("")
        lines.append("**Answer.** The design (deadline TTL − drift counted from the send): "
            + (keyRowHolds ? "never" : "POSSIBLE") + ", with 0 or 1 lost message and delay \(delaysText). Issue 14's clock (the full "
            + "TTL from the answer's receipt): " + keyCells.map { "\(lossesText($0.losses)), \(delayText($0.delay)): \(verdictText($0))" }
                .joined(separator: "; ") + ".")
        lines.append("")
        lines.append("Each cell is two complete breadth-first searches with 2 brokers, 1 subscription × 1 period, no pause, no "
            + "crash, the given number of lost messages and, with a delay, one message the network may slow by that many ticks: "
            + "`deadlineFromReceipt` (issue 14's clock) for the table, `fencedIdempotent` (the design) for its check. The "
            + "verdict is `noTwoBelieversWithoutPause` (a broker believes it leads while it is elected, not deposed, and its "
            + "own clock shows lease time left).")
        lines.append("")
        let disagreements = disagreementsWithClosedForm
        if disagreements.isEmpty {
            lines.append("Every cell agrees with the closed form: issue 14's clock lets two brokers believe they lead without a "
                + "pause exactly when \(Self.closedFormText) (one slowed message).")
        } else {
            lines.append("Cells that disagree with the closed form (\(Self.closedFormText)): "
                + disagreements.map { "TTL \($0.leaseTTL)/refresh \($0.refreshInterval)/drift \($0.drift)/\(lossesText($0.losses))/"
                    + delayText($0.delay) }.joined(separator: ", ") + ".")
        }
        lines.append("")
        lines.append(designHoldsEverywhere
            ? "The design shows two believers in no cell: counting the deadline from the send with the drift margin closes both holes."
            : "The design shows two believers in \(cells.filter { $0.designOutcome != .holds }.count) cells.")
        lines.append("")
        let unsafeCharges = cells.filter { !$0.chargesSafe }
        lines.append(unsafeCharges.isEmpty
            ? "In every cell, even where two brokers believe they lead, `atMostOnceCharge` holds: fencing and the "
                + "idempotency key keep the charges safe."
            : "Charges are NOT safe in \(unsafeCharges.count) cells.")
        lines.append("")
        lines.append("## Issue 14's clock: smallest safe lease TTL (within TTL \(Self.leaseTTLs.lowerBound)...\(Self.leaseTTLs.upperBound))")
        lines.append("")
        var header = "| refresh | drift |"
        var rule = "|---|---|"
        for delay in delays {
            for losses in Self.lossCounts {
                header += " \(lossesText(losses)), \(delayText(delay)) |"
                rule += "---|"
            }
        }
        lines.append(header)
        lines.append(rule)
        for refreshInterval in Self.refreshIntervals {
            for drift in Self.drifts {
                var row = "| \(refreshInterval) | \(drift) |"
                for delay in delays {
                    for losses in Self.lossCounts {
                        row += " " + (smallestSafeTTL(refreshInterval: refreshInterval, drift: drift, losses: losses, delay: delay)
                            .map(String.init) ?? "above \(Self.leaseTTLs.upperBound)") + " |"
                    }
                }
                lines.append(row)
            }
        }
        lines.append("")
        lines.append("## Every configuration")
        lines.append("")
        lines.append("| lease TTL | refresh | drift | losses | delay | issue 14's clock: two believers without a pause | design "
            + "| distinct states | depth | charges |")
        lines.append("|---|---|---|---|---|---|---|---|---|---|")
        for cell in cells {
            lines.append("| \(cell.leaseTTL) | \(cell.refreshInterval) | \(cell.drift) | \(cell.losses) | \(cell.delay) "
                + "| \(verdictText(cell)) | \(cell.designOutcome == .holds ? "never" : cell.designOutcome.rawValue) "
                + "| \(cell.distinct) | \(cell.depth) | \(cell.chargesSafe ? "safe" : "UNSAFE") |")
        }
        lines.append("")
        return lines.joined(separator: "\n")
    }

    public var json: JSONValue {
        let key = Self.keyRow
        return .object([
            ("model", .string("lease-leader")),
            ("variants", .array([.string("deadlineFromReceipt"), .string("fencedIdempotent")])),
            ("property", .string("noTwoBelieversWithoutPause")),
            ("question", .string("with a \(key.leaseTTL)-tick lease, refresh every \(key.refreshInterval), drift up to "
                + "\(key.drift) and messages that may cross a tick, is there ever a moment when two brokers believe they lead "
                + "without any pause?")),
            ("fixed", .object([("brokers", .int(2)), ("subscriptions", .int(1)), ("periods", .int(1)),
                               ("maxPauses", .int(0)), ("maxCrashes", .int(0)), ("maxDelayedMessages", .string("1 when delay > 0"))])),
            ("keyRowHolds", .bool(keyRowHolds)),
            ("designHoldsEverywhere", .bool(designHoldsEverywhere)),
            ("closedForm", .string("deadlineFromReceipt violated exactly when " + Self.closedFormText)),
            ("closedFormAgrees", .bool(disagreementsWithClosedForm.isEmpty)),
            ("chargesSafeEverywhere", .bool(cells.allSatisfy(\.chargesSafe))),
            ("smallestSafeTTL", .array(Self.refreshIntervals.flatMap { refreshInterval in
                Self.drifts.flatMap { drift in
                    delays.flatMap { delay in
                        Self.lossCounts.map { losses in
                            JSONValue.object([
                                ("refresh", .int(refreshInterval)), ("drift", .int(drift)), ("losses", .int(losses)),
                                ("delay", .int(delay)),
                                ("ttl", smallestSafeTTL(refreshInterval: refreshInterval, drift: drift, losses: losses, delay: delay)
                                    .map { .int($0) } ?? .null),
                            ])
                        }
                    }
                }
            })),
            ("cells", .array(cells.map { cell in
                .object([
                    ("ttl", .int(cell.leaseTTL)), ("refresh", .int(cell.refreshInterval)), ("drift", .int(cell.drift)),
                    ("losses", .int(cell.losses)), ("delay", .int(cell.delay)), ("outcome", .string(cell.outcome.rawValue)),
                    ("designOutcome", .string(cell.designOutcome.rawValue)),
                    ("traceLength", cell.traceLength.map { .int($0) } ?? .null),
                    ("story", cell.story.map { .string($0) } ?? .null),
                    ("distinct", .int(cell.distinct)), ("depth", .int(cell.depth)), ("chargesSafe", .bool(cell.chargesSafe)),
                ])
            })),
        ])
    }

    public var expectationsMet: Bool {
        complete && keyRowHolds && designHoldsEverywhere && disagreementsWithClosedForm.isEmpty && cells.allSatisfy(\.chargesSafe)
    }

    public var summaryLine: String {
        let violated = cells.filter { $0.outcome == .violated }.count
        let key = Self.keyRow
        return "drift table: \(cells.count) configurations; the design never shows two believers"
            + (designHoldsEverywhere ? "" : " (NOT: see the table)")
            + "; issue 14's clock does in \(violated); \(key.leaseTTL)-tick lease, refresh \(key.refreshInterval), drift "
            + "\(key.drift): " + (keyRowHolds ? "never" : "POSSIBLE")
            + (disagreementsWithClosedForm.isEmpty ? "; issue 14's clock is unsafe exactly when \(Self.closedFormText)" : "")
    }

    public var report: SupplementaryReport {
        SupplementaryReport(fileName: delays == Self.delays ? "lease-leader-drift" : "lease-leader-drift-delay-\(delays.upperBound)",
                            title: "lease-leader: clock drift, latency and two believers without a pause",
                            markdown: markdown, json: json, expectationsMet: expectationsMet, summaryLine: summaryLine)
    }
}
