/// One request the provider received, with when it was sent (the network's record) and
/// received, and what it answered.
public struct ProviderLogEntry: Hashable, Sendable {
    public var request: ChargeRequest
    public var sentAt: Int64
    public var receivedAt: Int64
    public var response: ChargeResponse

    public init(request: ChargeRequest, sentAt: Int64, receivedAt: Int64, response: ChargeResponse) {
        self.request = request
        self.sentAt = sentAt
        self.receivedAt = receivedAt
        self.response = response
    }
}
