import Support
import ModelChecker

/// A report a family computes beyond its plan entries (a table over many configurations),
/// written to `Reports/<fileName>.md` and `.json` by `verify all`.
public struct SupplementaryReport: Sendable {
    public var fileName: String
    public var title: String
    /// Deterministic Markdown (no timings).
    public var markdown: String
    /// The same content as data (no timings).
    public var json: JSONValue
    /// Whether what the report must show came out (it counts as one plan expectation).
    public var expectationsMet: Bool
    /// One line for the summary table.
    public var summaryLine: String

    public init(fileName: String, title: String, markdown: String, json: JSONValue, expectationsMet: Bool, summaryLine: String) {
        self.fileName = fileName
        self.title = title
        self.markdown = markdown
        self.json = json
        self.expectationsMet = expectationsMet
        self.summaryLine = summaryLine
    }
}
