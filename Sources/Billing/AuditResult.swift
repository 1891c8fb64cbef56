/// One audit's verdict with a one-line explanation (the first violation found, or what held).
public struct AuditResult: Hashable, Sendable, CustomStringConvertible {
    public var name: AuditName
    public var passed: Bool
    public var explanation: String

    public init(name: AuditName, passed: Bool, explanation: String) {
        precondition(!explanation.contains("\n"), "one line")
        self.name = name
        self.passed = passed
        self.explanation = explanation
    }

    public var description: String { "\(name.rawValue): \(passed ? "ok" : "VIOLATED") — \(explanation)" }
}
