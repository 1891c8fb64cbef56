import Support
import ModelChecker

/// A model parameter, spelled on the command line as `--name VALUE`.
public struct ParameterSpec: Sendable {
    public enum Kind: Sendable, Equatable {
        /// An integer within a range.
        case integer(ClosedRange<Int>)
        /// `on` or `off` (1 or 0).
        case toggle
    }

    public let name: String
    public let summary: String
    public let defaultValue: Int
    public let kind: Kind

    public init(_ name: String, _ summary: String, default defaultValue: Int, _ kind: Kind) {
        self.name = name
        self.summary = summary
        self.defaultValue = defaultValue
        self.kind = kind
    }

    /// How a value is written: a number, or on/off.
    public func format(_ value: Int) -> String {
        kind == .toggle ? (value != 0 ? "on" : "off") : String(value)
    }

    /// Parses a command-line value; nil when it is not acceptable.
    public func parse(_ text: String) -> Int? {
        switch kind {
        case .toggle:
            switch text {
            case "on", "true", "1": return 1
            case "off", "false", "0": return 0
            default: return nil
            }
        case .integer(let range):
            guard let value = Int(text), range.contains(value) else { return nil }
            return value
        }
    }

    public var rangeText: String {
        switch kind {
        case .toggle: return "on|off"
        case .integer(let range): return "\(range.lowerBound)...\(range.upperBound)"
        }
    }
}
