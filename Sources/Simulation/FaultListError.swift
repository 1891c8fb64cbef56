/// A `--faults` entry that names no fault kind.
public struct FaultListError: Error, Hashable, Sendable, CustomStringConvertible {
    public var name: String
    public var description: String {
        let known = FaultKind.allCases.map(\.rawValue).joined(separator: ", ")
        return "unknown fault kind '\(name)' (expected a comma-separated list of \(known), or all, or none)"
    }
}
