import ModelChecker
import Support
import Verification

/// `Reports/raft-election-tlc-reference.{md,json}`: raft-election on the configurations of
/// `shared/reference/raft-tla/` (MCraft.tla, `election-inflight{1,2}[-nosym].cfg`), the figures
/// TLC's runs are compared with, and the same configurations with only the history the
/// properties need, to show what TLC's history variables cost.
///
/// A report rather than plan entries: the in-flight-2 configuration without symmetry is a
/// reference measurement (13.9 million states) that takes longer than a plan entry's budget,
/// and its point is the table, not a verdict.
public struct RaftElectionTLCReference: Sendable {
    public struct Row: Sendable {
        public var configurationFile: String
        public var maxInFlight: Int
        public var symmetry: Bool
        public var tlcHistory: Bool
        public var report: RunReport

        /// Every property holds, is witnessed or does not apply, and the space was exhausted.
        public var passed: Bool {
            report.complete && report.properties.allSatisfy { [.holds, .witnessed, .notApplicable].contains($0.outcome) }
        }
    }

    public var rows: [Row]

    /// One of the `.cfg` files of `shared/reference/raft-tla/`, with the parameters of
    /// raft-election that stand for it (TLC's history kept) and whether it declares symmetry.
    public struct Configuration: Sendable {
        public var file: String
        public var maxInFlight: Int
        public var symmetry: Bool
        /// The parameter values of the same configuration (`verify check raft-election` flags).
        public var parameters: ParameterValues {
            RaftElectionFamily().parameters(RaftElectionFamily.tlcReference(inFlight: maxInFlight))
        }
    }

    /// The reference configurations, smallest first.
    public static let configurations: [Configuration] = [
        Configuration(file: "election-inflight1-nosym.cfg", maxInFlight: 1, symmetry: false),
        Configuration(file: "election-inflight1.cfg", maxInFlight: 1, symmetry: true),
        Configuration(file: "election-inflight2.cfg", maxInFlight: 2, symmetry: true),
        Configuration(file: "election-inflight2-nosym.cfg", maxInFlight: 2, symmetry: false),
    ]

    /// The history each mode keeps, in raft.tla's names.
    public static let historyKept = [
        "tlc-history on": "elections (with evotes; elog and evoterLog are <<>> with logs off), allLogs ({} before the "
            + "first step, {<<>>} after), voterLog (determined by votesGranted with logs off)",
        "tlc-history off": "elections reduced to (term, leader) pairs, which electionSafety reads; no allLogs, no voterLog",
    ]

    /// Runs the reference configurations of `inFlight` (MaxInFlight values): with TLC's history
    /// at each, and without it at the smallest, each with and without symmetry.
    public static func compute(workers: Int, inFlight: [Int] = [1, 2]) -> RaftElectionTLCReference {
        let family = RaftElectionFamily()
        var rows: [Row] = []
        let runs = inFlight.map { ($0, true) } + [(inFlight.min() ?? 1, false)]
        for (maxInFlight, tlcHistory) in runs {
            for symmetry in [false, true] {
                let settings = RaftElectionFamily.tlcReference(inFlight: maxInFlight, tlcHistory: tlcHistory)
                var options = CheckOptions()
                options.workers = workers
                options.symmetry = symmetry
                let report = family.run(.correct, set: settings, options: options)
                rows.append(Row(configurationFile: "election-inflight\(maxInFlight)\(symmetry ? "" : "-nosym").cfg",
                                maxInFlight: maxInFlight, symmetry: symmetry, tlcHistory: tlcHistory, report: report))
            }
        }
        return RaftElectionTLCReference(rows: rows)
    }

    public var expectationsMet: Bool { rows.allSatisfy(\.passed) }

    public var markdown: String {
        var lines = [
            "# raft-election: TLC's reference configurations",
            "",
            "MCraft.tla (`shared/reference/raft-tla/`) over raft.tla 6ecbdbc: 3 servers, one value, MaxTerm 2, MaxDup 1,",
            "restarts and drops on, logs off (`ElectionNextNoDup`). Distinct states count orbits under symmetry, as TLC's",
            "symmetric counts do; depth is TLC's (the initial state has depth 1). Produced by `verify all` (no timings here;",
            "`verify bench raft-tlc-inflight1 ...` measures them).",
            "",
            "| configuration | MaxInFlight | symmetry | history | distinct states | generated | depth | verdict |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for row in rows {
            let statistics = row.report.statistics
            lines.append("| \(row.tlcHistory ? "`" + row.configurationFile + "`" : "same, history off") | \(row.maxInFlight) "
                + "| \(row.symmetry ? "Permutations(Server)" : "none") | \(row.tlcHistory ? "TLC's" : "properties' only") "
                + "| \(statistics.distinct) | \(statistics.generated) | \(statistics.depth) "
                + "| \(row.passed ? "every property holds, leaderElected witnessed" : "FAILED: " + failures(row)) |")
        }
        lines += [
            "",
            "## History kept",
            "",
        ]
        for mode in Self.historyKept.keys.sorted() {
            lines.append("- `\(mode)`: \(Self.historyKept[mode]!).")
        }
        lines += [
            "",
            "With TLC's history the state holds every variable of raft.tla's `vars`, so distinct states and depth are",
            "the figures to compare with TLC's on the `.cfg` files. Generated states are this checker's count of",
            "successors (self-loops and successors the constraint discards included) and are not meant to match TLC's.",
            "",
        ]
        return lines.joined(separator: "\n")
    }

    func failures(_ row: Row) -> String {
        var parts = row.report.properties.filter { ![.holds, .witnessed, .notApplicable].contains($0.outcome) }
            .map { "\($0.name) \($0.outcome.rawValue)" }
        if !row.report.complete { parts.append("incomplete") }
        return parts.joined(separator: ", ")
    }

    public var json: JSONValue {
        .object([
            ("model", .string("raft-election")),
            ("variant", .string("correct")),
            ("reference", .string("shared/reference/raft-tla (MCraft.tla over raft.tla 6ecbdbc)")),
            ("historyKept", .object(Self.historyKept.keys.sorted().map { ($0, .string(Self.historyKept[$0]!)) })),
            ("rows", .array(rows.map { row in
                .object([
                    ("configuration", .string(row.configurationFile)), ("maxInFlight", .int(row.maxInFlight)),
                    ("symmetry", .bool(row.symmetry)), ("tlcHistory", .bool(row.tlcHistory)),
                    ("complete", .bool(row.report.complete)),
                    ("distinctStates", .int(row.report.statistics.distinct)),
                    ("generatedStates", .int(row.report.statistics.generated)),
                    ("depth", .int(row.report.statistics.depth)),
                    ("properties", .object(row.report.properties.map { ($0.name, .string($0.outcome.rawValue)) })),
                    ("passed", .bool(row.passed)),
                ])
            })),
        ])
    }

    public var summaryLine: String {
        rows.filter(\.tlcHistory).map { row in
            "\(row.configurationFile) \(row.report.statistics.distinct) states, depth \(row.report.statistics.depth)"
        }.joined(separator: "; ") + (expectationsMet ? "" : "; FAILED")
    }

    public var report: SupplementaryReport {
        SupplementaryReport(fileName: "raft-election-tlc-reference", title: "raft-election: TLC's reference configurations",
                            markdown: markdown, json: json, expectationsMet: expectationsMet, summaryLine: summaryLine)
    }
}
