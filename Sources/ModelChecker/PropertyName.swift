/// The name of a model's property, declared once by the model (an enum of its claims) so that the
/// plan, the tests and the property list refer to it by value and the compiler checks the spelling.
public protocol PropertyName: Hashable, Sendable {
    /// The name as reports print it: `electionSafety`.
    var name: String { get }
}

extension PropertyName where Self: RawRepresentable, RawValue == String {
    public var name: String { rawValue }
}

/// A property name written as a string literal, for small ad-hoc models (tests, examples) that
/// do not declare an enum of their claims.
public struct PropertyLabel: PropertyName, ExpressibleByStringLiteral {
    public let name: String
    public init(_ name: String) { self.name = name }
    public init(stringLiteral value: String) { name = value }
}
