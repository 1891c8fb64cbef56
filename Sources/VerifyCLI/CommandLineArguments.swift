import Foundation
import Verification

/// A command-line mistake: printed as one line naming the problem, exit status 2.
public struct UsageError: Error, Equatable, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }

    /// Runs `body`, turning a model family's refusal (an unknown variant or parameter) into a
    /// usage error, exit 2.
    static func rethrowing<T>(_ body: () throws(FamilyError) -> T) throws(UsageError) -> T {
        do {
            return try body()
        } catch {
            throw UsageError(error.message)
        }
    }
}

/// The one place where `verify`'s arguments are parsed, by hand (the design card allows no
/// packages). A command pulls the options it knows by name; whatever is left over when it
/// calls `finish()` is an unknown flag, reported with the command it was given to.
///
/// Options take their value either as the next word (`--max-depth 10`) or after `=`
/// (`--max-depth=10`). A flag given twice is an error rather than a silent override.
public struct CommandLineArguments: Sendable {
    public let command: String
    private var tokens: [String]
    private var consumed: [Bool]

    public init(command: String, _ tokens: [String]) {
        self.command = command
        self.tokens = tokens
        self.consumed = Array(repeating: false, count: tokens.count)
    }

    /// True when no word is left to read.
    public var isEmpty: Bool { !consumed.contains(false) }

    private func indices(of name: String) -> [Int] {
        tokens.indices.filter { !consumed[$0] && (tokens[$0] == name || tokens[$0].hasPrefix(name + "=")) }
    }

    /// A flag without a value (`--exact`). Giving it a value is an error.
    public mutating func flag(_ name: String) throws -> Bool {
        let found = indices(of: name)
        guard let index = found.first else { return false }
        if found.count > 1 { throw UsageError("\(name) given more than once for '\(command)'") }
        if tokens[index] != name { throw UsageError("\(name) takes no value for '\(command)'") }
        consumed[index] = true
        return true
    }

    /// The raw value of an option, or nil when it is absent.
    public mutating func value(_ name: String) throws -> String? {
        let found = indices(of: name)
        guard let index = found.first else { return nil }
        if found.count > 1 { throw UsageError("\(name) given more than once for '\(command)'") }
        consumed[index] = true
        if tokens[index].hasPrefix(name + "=") {
            return String(tokens[index].dropFirst(name.count + 1))
        }
        let next = index + 1
        guard next < tokens.count, !consumed[next], !tokens[next].hasPrefix("--") else {
            throw UsageError("\(name) needs a value for '\(command)'")
        }
        consumed[next] = true
        return tokens[next]
    }

    /// Every value of a repeatable option, in the order given.
    public mutating func values(_ name: String) throws -> [String] {
        var result: [String] = []
        while !indices(of: name).isEmpty {
            let index = indices(of: name)[0]
            consumed[index] = true
            if tokens[index].hasPrefix(name + "=") {
                result.append(String(tokens[index].dropFirst(name.count + 1)))
                continue
            }
            let next = index + 1
            guard next < tokens.count, !consumed[next], !tokens[next].hasPrefix("--") else {
                throw UsageError("\(name) needs a value for '\(command)'")
            }
            consumed[next] = true
            result.append(tokens[next])
        }
        return result
    }

    /// An integer option within a range; anything else is a usage error naming the flag.
    public mutating func integer(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = try value(name) else { return nil }
        guard let number = Int(text) else {
            throw UsageError("\(name) expects an integer, got '\(text)'")
        }
        guard range.contains(number) else {
            throw UsageError("\(name) \(number) is out of range \(range.lowerBound)...\(range.upperBound)")
        }
        return number
    }

    /// A non-negative decimal option (seconds) within a range.
    public mutating func decimal(_ name: String, in range: ClosedRange<Double>) throws -> Double? {
        guard let text = try value(name) else { return nil }
        guard let number = Double(text), number.isFinite else {
            throw UsageError("\(name) expects a number, got '\(text)'")
        }
        guard range.contains(number) else {
            throw UsageError("\(name) \(text) is out of range \(range.lowerBound)...\(range.upperBound)")
        }
        return number
    }

    /// One of a fixed set of words.
    public mutating func choice(_ name: String, among choices: [String]) throws -> String? {
        guard let text = try value(name) else { return nil }
        guard choices.contains(text) else {
            throw UsageError("\(name) expects one of \(choices.joined(separator: "|")), got '\(text)'")
        }
        return text
    }

    /// The words that are not options, in order; consumes them. A word right after an option
    /// nobody has read yet (`--servers 3`) is taken to be that option's value, not a positional,
    /// so commands read their fixed flags first and options that depend on a positional (a
    /// model's parameters) after it.
    public mutating func positionals() -> [String] {
        var result: [String] = []
        var index = 0
        while index < tokens.count {
            defer { index += 1 }
            guard !consumed[index] else { continue }
            let token = tokens[index]
            if token.hasPrefix("--") && !token.contains("=") {
                index += 1
                continue
            }
            if token == "-" || !token.hasPrefix("-") {
                consumed[index] = true
                result.append(token)
            }
        }
        return result
    }

    /// Fails on the first word nobody asked for.
    public func finish() throws {
        for index in tokens.indices where !consumed[index] {
            let token = tokens[index]
            if token.hasPrefix("-") {
                let name = token.split(separator: "=", maxSplits: 1).first.map(String.init) ?? token
                throw UsageError("unknown flag \(name) for '\(command)' (see 'verify \(command) --help')")
            }
            throw UsageError("unexpected argument '\(token)' for '\(command)'")
        }
    }
}
