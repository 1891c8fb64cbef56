/// A snapshot as loaded: the caller's label (for Raft, the index it was taken at) and bytes.
public struct StoredSnapshot: Equatable, Sendable {
    public let label: UInt64
    public let payload: [UInt8]
    /// The path it was read from.
    public let file: String

    public init(label: UInt64, payload: [UInt8], file: String) {
        self.label = label
        self.payload = payload
        self.file = file
    }
}
