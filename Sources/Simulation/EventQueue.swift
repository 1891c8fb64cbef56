/// Events in simulated time, popped in (time, sequence) order: two events at the same
/// millisecond run in the order they were scheduled, so a run never depends on heap layout.
struct EventQueue<Payload: Sendable>: Sendable {
    struct Item: Sendable {
        var time: Int64
        var sequence: UInt64
        var payload: Payload
        func before(_ other: Item) -> Bool { (time, sequence) < (other.time, other.sequence) }
    }

    /// Pending events, at most; a run that exceeds it has a runaway feedback loop.
    let eventsMax: Int
    private var heap: [Item] = []
    private var nextSequence: UInt64 = 0

    init(eventsMax: Int) {
        precondition(eventsMax > 0, "the queue holds at least one event")
        self.eventsMax = eventsMax
    }

    var count: Int { heap.count }

    mutating func schedule(_ payload: Payload, at time: Int64) {
        precondition(heap.count < eventsMax, "event queue exceeds eventsMax \(eventsMax)")
        heap.append(Item(time: time, sequence: nextSequence, payload: payload))
        nextSequence += 1
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].before(heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> Item? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let first = heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < heap.count && heap[left].before(heap[smallest]) { smallest = left }
            if right < heap.count && heap[right].before(heap[smallest]) { smallest = right }
            if smallest == parent { break }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
        return first
    }
}
