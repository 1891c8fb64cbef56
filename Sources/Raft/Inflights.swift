/// The AppendEntries a leader has sent to one follower in the replicate state and not yet seen
/// acknowledged, as a ring of (last index, bytes) in send order (etcd's `tracker.Inflights`).
/// Full at `messagesMax` messages or `bytesMax` bytes: the leader then stops sending entries to
/// that follower until acknowledgements free some.
public struct Inflights: Sendable {
    public let messagesMax: Int
    public let bytesMax: Int
    private var ring: [(index: UInt64, bytes: Int)] = []
    private var start = 0
    public private(set) var count = 0
    public private(set) var bytes = 0

    init(messagesMax: Int, bytesMax: Int) {
        precondition(messagesMax > 0 && bytesMax > 0)
        self.messagesMax = messagesMax
        self.bytesMax = bytesMax
    }

    public var isFull: Bool { count == messagesMax || bytes >= bytesMax }

    /// Records a message whose last entry is `index`; indexes must increase.
    mutating func add(index: UInt64, bytes size: Int) {
        precondition(!isFull, "adding to full inflights")
        if count > 0 { precondition(index > self[count - 1].index, "inflight indexes must increase") }
        // The ring grows to its limit only as needed (most followers never fill it), and once
        // grown it is reused: steady-state replication allocates nothing here.
        if count == ring.count {
            let capacity = min(messagesMax, max(4, 2 * ring.count))
            var grown: [(index: UInt64, bytes: Int)] = []
            grown.reserveCapacity(capacity)
            for k in 0..<count { grown.append(self[k]) }
            grown.append(contentsOf: repeatElement((index: 0, bytes: 0), count: capacity - count))
            ring = grown
            start = 0
        }
        ring[(start + count) % ring.count] = (index, size)
        count += 1
        bytes += size
    }

    private subscript(k: Int) -> (index: UInt64, bytes: Int) { ring[(start + k) % ring.count] }

    /// Frees every message whose last index is at or below `index` (acknowledged).
    mutating func free(through index: UInt64) {
        while count > 0 && self[0].index <= index {
            bytes -= self[0].bytes
            start = (start + 1) % ring.count
            count -= 1
        }
        if count == 0 { start = 0 }
        assert(bytes >= 0)
    }

    mutating func reset() {
        start = 0
        count = 0
        bytes = 0
    }
}
