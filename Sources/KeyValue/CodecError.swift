/// Why bytes could not be decoded: where, and what was wrong. Malformed input always ends in
/// one of these, never in a crash.
public struct CodecError: Error, Hashable, Sendable, CustomStringConvertible {
    public var offset: Int
    public var message: String

    public init(offset: Int, _ message: String) {
        self.offset = offset
        self.message = message
    }

    public var description: String { "malformed encoding at byte \(offset): \(message)" }
}
