import Support
import ModelChecker

/// One run of the verification plan with what it must show.
public struct PlanEntry: Sendable {
    /// Tells apart several runs of one variant ("tlc-inflight1"); nil for the variant's own.
    public var label: String?
    /// Parameters that differ from the family's defaults.
    public var parameters: [(String, Int)]
    public var search: PlanSearch
    /// Expected outcomes; a property not listed must hold or be witnessed when
    /// `othersMustPass` (correct designs), and may do anything otherwise.
    public var expectations: [(String, Outcome)]
    public var othersMustPass: Bool
    /// Why the entry is there, shown in the summary.
    public var note: String?
    /// A correct design searched without exhausting it (a depth bound, a swarm of walks): the
    /// entry expects "no violation found (incomplete)", never "verified". It is met when the
    /// search was incomplete and no property was violated (or unwitnessed), besides the
    /// listed expectations; `othersMustPass` does not apply. Set by `expectingNoViolationFound()`.
    public private(set) var expectsNoViolationFound = false

    public init(label: String? = nil, parameters: [(String, Int)] = [], search: PlanSearch = PlanSearch(),
                expect expectations: [(String, Outcome)] = [], othersMustPass: Bool, note: String? = nil) {
        self.label = label
        self.parameters = parameters
        self.search = search
        self.expectations = expectations
        self.othersMustPass = othersMustPass
        self.note = note
    }
}

extension PlanEntry {
    /// What an entry that expects no violation on an incomplete search is reported as.
    public static let noViolationFoundText = "no violation found (incomplete)"

    /// This entry, expecting "no violation found (incomplete)" instead of verification.
    public func expectingNoViolationFound() -> PlanEntry {
        var entry = self
        entry.expectsNoViolationFound = true
        return entry
    }
}
