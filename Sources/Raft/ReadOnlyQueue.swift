/// The leader's reads awaiting confirmation of its leadership (etcd's `readOnly`, ReadOnlySafe).
///
/// Reads are numbered in arrival order from 1 (`confirmedCount + k + 1` for the k-th
/// unconfirmed). A heartbeat carries the number of the latest read; a member's response
/// acknowledges every read up to that number. The reads up to the number a quorum acknowledged
/// were requested while this node was still leader, so their recorded commit indexes are safe
/// to read at.
struct ReadOnlyQueue: Sendable {
    private(set) var unconfirmed: [ReadRequest] = []
    private(set) var confirmedCount: UInt64 = 0
    /// The highest read number each member acknowledged, aligned with the members.
    private var acknowledged: [UInt64]

    init(memberCount: Int) {
        acknowledged = Array(repeating: 0, count: memberCount)
    }

    var count: Int { unconfirmed.count }

    /// The number a heartbeat sent now carries: the latest read's, or 0 when none waits.
    var heartbeatContext: UInt64 { unconfirmed.isEmpty ? 0 : confirmedCount + UInt64(unconfirmed.count) }

    mutating func add(_ request: ReadRequest) { unconfirmed.append(request) }

    mutating func acknowledge(slot: Int, context: UInt64) {
        // A response can echo a number beyond any read only if it was forged; cap it.
        let latest = confirmedCount + UInt64(unconfirmed.count)
        acknowledged[slot] = max(acknowledged[slot], min(context, latest))
    }

    /// The reads a quorum has now confirmed, oldest first.
    mutating func confirm(quorum: Int) -> [ReadRequest] {
        let ranked = acknowledged.sorted(by: >)
        let confirmedThrough = ranked[quorum - 1]
        guard confirmedThrough > confirmedCount else { return [] }
        let newlyConfirmed = Int(confirmedThrough - confirmedCount)
        assert(newlyConfirmed <= unconfirmed.count)
        let confirmed = Array(unconfirmed.prefix(newlyConfirmed))
        unconfirmed.removeFirst(newlyConfirmed)
        confirmedCount = confirmedThrough
        return confirmed
    }
}
