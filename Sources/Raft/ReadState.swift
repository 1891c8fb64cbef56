/// A linearizable read the application may now serve: every write committed before the read was
/// requested is at or below `readIndex`, and this node has applied `readIndex` (thesis §6.4).
/// `context` is what the application passed to `readIndex(context:)`.
public struct ReadState: Hashable, Sendable {
    public var readIndex: UInt64
    public var context: [UInt8]

    public init(readIndex: UInt64, context: [UInt8]) {
        self.readIndex = readIndex
        self.context = context
    }
}
