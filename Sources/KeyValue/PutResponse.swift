/// A put's answer: the revision it wrote at and, when asked, the key before it.
public struct PutResponse: Hashable, Sendable {
    public var revision: Int64
    public var prevKv: KeyValuePair?

    public init(revision: Int64, prevKv: KeyValuePair? = nil) {
        self.revision = revision
        self.prevKv = prevKv
    }
}
