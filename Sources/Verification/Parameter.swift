import ModelChecker

/// One model parameter declared once: its flag (`--name VALUE`), what it means, its range, and
/// the configuration field it sets. The default is the field's value in the family's default
/// configuration, and the inverse mapping (configuration → flags) is derived, so nothing about a
/// parameter is written twice.
public struct Parameter<Configuration>: Sendable {
    public let name: String
    public let summary: String
    public let kind: ParameterSpec.Kind
    /// The field, for matching plan settings to their declaration.
    let field: AnyKeyPath & Sendable
    let read: @Sendable (Configuration) -> Int
    let write: @Sendable (inout Configuration, Int) -> Void

    /// An integer parameter within `range`.
    public static func integer(_ name: String, _ field: WritableKeyPath<Configuration, Int> & Sendable,
                               _ range: ClosedRange<Int>, _ summary: String) -> Parameter {
        Parameter(name: name, summary: summary, kind: .integer(range), field: field,
                  read: { $0[keyPath: field] }, write: { $0[keyPath: field] = $1 })
    }

    /// An `on`/`off` parameter.
    public static func toggle(_ name: String, _ field: WritableKeyPath<Configuration, Bool> & Sendable,
                              _ summary: String) -> Parameter {
        Parameter(name: name, summary: summary, kind: .toggle, field: field,
                  read: { $0[keyPath: field] ? 1 : 0 }, write: { $0[keyPath: field] = $1 != 0 })
    }

    /// The parameter as the command line lists it, with its default from `defaults`.
    public func spec(defaults: Configuration) -> ParameterSpec {
        ParameterSpec(name, summary, default: read(defaults), kind)
    }
}

/// A plan entry's or a benchmark's override of one parameter, named by its configuration field
/// (so a misspelt parameter does not compile).
public struct Setting<Configuration>: Sendable {
    let field: AnyKeyPath & Sendable
    let value: Int

    public static func set(_ field: WritableKeyPath<Configuration, Int> & Sendable, _ value: Int) -> Setting {
        Setting(field: field, value: value)
    }

    public static func set(_ field: WritableKeyPath<Configuration, Bool> & Sendable, _ value: Bool) -> Setting {
        Setting(field: field, value: value ? 1 : 0)
    }
}

/// A model family could not do what it was asked: an unknown variant or parameter, or a value
/// out of range. The command line reports it as a usage error (exit 2).
public struct FamilyError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
