import Support
import ModelChecker

/// A property as `verify list` shows it.
public struct PropertySpec: Sendable {
    public let name: String
    public let kind: String
    public let summary: String
}
