/// Malformed input: a message and the line it concerns, so that a tool can print
/// `file:line: message`.
public struct HistoryError: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: Int?
    public var message: String
    public init(line: Int?, _ message: String) {
        self.line = line
        self.message = message
    }
    public var description: String { line.map { "\($0): \(message)" } ?? message }
}
