/// Events in simulated time, popped in (time, sequence) order: two events at the same
/// millisecond run in the order they were scheduled, so a run never depends on heap layout.
///
/// The heap orders plain keys (time, sequence, slot); each payload stays in its slot until it
/// is popped. Sifting then moves a few integers instead of copying events, whose messages and
/// entries would cost a retain and a release at every swap.
struct EventQueue<Payload: Sendable>: Sendable {
    struct Item: Sendable {
        var time: Int64
        var sequence: UInt64
        var payload: Payload
    }

    struct Key: Sendable {
        var time: Int64
        var sequence: UInt64
        var slot: Int32
        @inline(__always) func before(_ other: Key) -> Bool {
            time < other.time || (time == other.time && sequence < other.sequence)
        }
    }

    /// Pending events, at most; a run that exceeds it has a runaway feedback loop.
    let eventsMax: Int
    private var heap: [Key] = []
    private var slots: [Payload?] = []
    private var freeSlots: [Int32] = []
    private var nextSequence: UInt64 = 0

    init(eventsMax: Int) {
        precondition(eventsMax > 0, "the queue holds at least one event")
        precondition(eventsMax <= Int(Int32.max), "eventsMax fits a slot number")
        self.eventsMax = eventsMax
    }

    var count: Int { heap.count }

    mutating func schedule(_ payload: consuming Payload, at time: Int64) {
        precondition(heap.count < eventsMax, "event queue exceeds eventsMax \(eventsMax)")
        let slot: Int32
        if let free = freeSlots.popLast() {
            slot = free
            slots[Int(free)] = payload
        } else {
            slot = Int32(slots.count)
            slots.append(payload)
        }
        let key = Key(time: time, sequence: nextSequence, slot: slot)
        nextSequence += 1
        heap.append(key)
        // Sift up with a hole: each parent moves down once, the new key is written once.
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard key.before(heap[parent]) else { break }
            heap[child] = heap[parent]
            child = parent
        }
        heap[child] = key
    }

    mutating func pop() -> Item? {
        guard let first = heap.first else { return nil }
        let last = heap.removeLast()
        if !heap.isEmpty {
            // Sift the last key down from the root, with a hole.
            let count = heap.count
            var parent = 0
            while true {
                let left = 2 * parent + 1
                if left >= count { break }
                var smallest = left
                let right = left + 1
                if right < count && heap[right].before(heap[left]) { smallest = right }
                guard heap[smallest].before(last) else { break }
                heap[parent] = heap[smallest]
                parent = smallest
            }
            heap[parent] = last
        }
        let slot = Int(first.slot)
        let payload = slots[slot].take()!
        freeSlots.append(first.slot)
        return Item(time: first.time, sequence: first.sequence, payload: payload)
    }
}
