/// The leader's answer to a forwarded read: the commit index it confirmed with a quorum while it
/// was leader; the follower serves the read once it has applied that index.
public struct ReadIndexResponse: Hashable, Sendable {
    public var readIndex: UInt64
    public var context: [UInt8]

    public init(readIndex: UInt64, context: [UInt8]) {
        self.readIndex = readIndex
        self.context = context
    }
}
