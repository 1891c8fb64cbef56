/// One write the database accepted, in order: the ground truth of the fencing audit.
public struct AcceptedWrite: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case intent
        case outcome
    }

    public var time: Int64
    public var writer: Int
    public var token: Int64
    public var fenced: Bool
    public var kind: Kind
    public var key: ChargeKey

    public init(time: Int64, writer: Int, token: Int64, fenced: Bool, kind: Kind, key: ChargeKey) {
        self.time = time
        self.writer = writer
        self.token = token
        self.fenced = fenced
        self.kind = kind
        self.key = key
    }
}
