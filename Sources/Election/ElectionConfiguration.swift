/// The recipe's key, identity and timing. Times are milliseconds of the broker's own clock.
public struct ElectionConfiguration: Hashable, Sendable {
    /// The election key every candidate creates if absent (the seed's `election/billing`).
    public var key: String
    /// The candidate's address, written as the key's value so observers know whom to call.
    public var address: String
    public var ttlSeconds: Int64
    /// A keep-alive is sent every TTL / this (the seed refreshes every TTL / 3).
    public var refreshDivisor: Int64
    /// ρ: how much slower than the store's clock the broker's clock may run, in parts per million.
    public var driftPartsPerMillion: Int64
    /// ε: the margin taken off on top of the drift.
    public var marginMilliseconds: Int64
    /// A grant, read or campaign that failed outright is tried again after this.
    public var retryMilliseconds: Int64
    /// Keep-alives in flight at once (a slow answer must not stop the refreshes behind it).
    public var refreshesInflightMax: Int

    public init(key: String = "election/billing", address: String, ttlSeconds: Int64 = 5, refreshDivisor: Int64 = 3,
                driftPartsPerMillion: Int64 = 10_000, marginMilliseconds: Int64 = 100, retryMilliseconds: Int64 = 500,
                refreshesInflightMax: Int = 2) {
        precondition(!key.isEmpty, "an election key")
        precondition(ttlSeconds >= 1 && refreshDivisor >= 1, "a positive TTL and refresh divisor")
        precondition(driftPartsPerMillion >= 0 && driftPartsPerMillion < 1_000_000, "0 <= ρ < 1")
        precondition(marginMilliseconds >= 0 && retryMilliseconds >= 1 && refreshesInflightMax >= 1, "positive timings")
        self.key = key
        self.address = address
        self.ttlSeconds = ttlSeconds
        self.refreshDivisor = refreshDivisor
        self.driftPartsPerMillion = driftPartsPerMillion
        self.marginMilliseconds = marginMilliseconds
        self.retryMilliseconds = retryMilliseconds
        self.refreshesInflightMax = refreshesInflightMax
        precondition(believedMilliseconds > refreshIntervalMilliseconds, "a refresh is due well before the belief ends")
    }

    /// How long after the SEND of a refresh that succeeded the broker may believe it leads:
    /// TTL·(1 − ρ) − ε. A broker clock running slow by ρ under-counts elapsed time, so without
    /// the drift term it would believe past the store's expiry (the lease-leader model's margin).
    public var believedMilliseconds: Int64 {
        let ttl = ttlSeconds * 1000
        return ttl - ttl * driftPartsPerMillion / 1_000_000 - marginMilliseconds
    }

    public var refreshIntervalMilliseconds: Int64 { ttlSeconds * 1000 / refreshDivisor }
}
