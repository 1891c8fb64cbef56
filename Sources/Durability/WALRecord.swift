/// One record as recovery replays it: the caller's kind byte (1...255) and payload, where it
/// was found.
public struct WALRecord: Equatable, Sendable {
    public let kind: UInt8
    public let payload: [UInt8]
    public let position: WALPosition
    /// The path of the segment file holding it, for error messages.
    public let file: String

    public init(kind: UInt8, payload: [UInt8], position: WALPosition, file: String) {
        self.kind = kind
        self.payload = payload
        self.position = position
        self.file = file
    }
}
