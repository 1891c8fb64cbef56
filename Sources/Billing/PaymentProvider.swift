/// The payment provider (the PayPal stand-in), as real ones behave: it deduplicates by
/// idempotency key within a retention window counted from the key's first use (a retry inside
/// it gets the first answer; after it, the same key is a new charge), knows nothing of
/// fencing, keeps the ledger and logs every request it received.
public struct PaymentProvider: Sendable {
    struct Remembered: Hashable, Sendable {
        var response: ChargeResponse
        var firstSeenAt: Int64
    }

    public let retentionMilliseconds: Int64
    var remembered: [String: Remembered] = [:]
    public private(set) var ledger: [LedgerEntry] = []
    public private(set) var log: [ProviderLogEntry] = []
    var nextChargeID: Int64 = 1

    public init(retentionMilliseconds: Int64) {
        precondition(retentionMilliseconds >= 1, "a positive retention")
        self.retentionMilliseconds = retentionMilliseconds
    }

    /// Keys remembered now (expired ones are forgotten as requests arrive).
    public var rememberedKeyCount: Int { remembered.count }

    /// Serves one request at `now`; `sentAt` is when the sender sent it (logged only).
    public mutating func receive(_ request: ChargeRequest, sentAt: Int64, at now: Int64) -> ChargeResponse {
        precondition(sentAt <= now, "a request arrives after it was sent")
        forgetExpired(at: now)
        let response: ChargeResponse
        if let known = remembered[request.idempotencyKey] {
            response = ChargeResponse(item: known.response.item, idempotencyKey: request.idempotencyKey,
                                      chargeID: known.response.chargeID, deduplicated: true)
        } else {
            let id = nextChargeID
            nextChargeID += 1
            ledger.append(LedgerEntry(chargeID: id, item: request.item, amountCents: request.amountCents, time: now))
            response = ChargeResponse(item: request.item, idempotencyKey: request.idempotencyKey, chargeID: id, deduplicated: false)
            remembered[request.idempotencyKey] = Remembered(response: response, firstSeenAt: now)
        }
        log.append(ProviderLogEntry(request: request, sentAt: sentAt, receivedAt: now, response: response))
        return response
    }

    mutating func forgetExpired(at now: Int64) {
        for key in remembered.keys.sorted() where now - remembered[key]!.firstSeenAt >= retentionMilliseconds {
            remembered[key] = nil
        }
    }
}
