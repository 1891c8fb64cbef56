/// A follower forwarding a linearizable read to its leader (thesis §6.4); `context` is the
/// application's identifier for the read, handed back in the `ReadState`.
public struct ReadIndexRequest: Hashable, Sendable {
    public var context: [UInt8]

    public init(context: [UInt8]) { self.context = context }
}
