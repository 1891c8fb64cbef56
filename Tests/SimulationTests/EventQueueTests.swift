@testable import Simulation
import Support
import Testing

@Suite("The simulator's event queue")
struct EventQueueTests {
    /// Schedules and pops interleaved at random, with many events at the same millisecond, and
    /// compares every pop with a reference: the pending events sorted by (time, order scheduled).
    @Test("Pops in (time, scheduling order), with slots reused", arguments: [1, 2, 3, 4] as [UInt64])
    func ordersLikeASortedList(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        var queue = EventQueue<String>(eventsMax: 10_000)
        var reference: [(time: Int64, order: Int, payload: String)] = []
        var order = 0, popped = 0
        for _ in 0..<5_000 {
            if random.inRange(0..<3) < 2 || reference.isEmpty {
                let time = Int64(random.inRange(0..<40))
                let payload = "e\(order)@\(time)"
                queue.schedule(payload, at: time)
                reference.append((time, order, payload))
                order += 1
            } else {
                let first = reference.indices.min { (reference[$0].time, reference[$0].order) < (reference[$1].time, reference[$1].order) }!
                let expected = reference.remove(at: first)
                let next = queue.pop()
                let item = try #require(next)
                #expect(item.time == expected.time && item.payload == expected.payload)
                popped += 1
            }
            #expect(queue.count == reference.count)
        }
        while let item = queue.pop() {
            let first = reference.indices.min { (reference[$0].time, reference[$0].order) < (reference[$1].time, reference[$1].order) }!
            #expect(item.payload == reference.remove(at: first).payload)
        }
        #expect(reference.isEmpty && popped > 1_000)
    }

    @Test("An empty queue pops nothing")
    func emptyQueue() {
        var queue = EventQueue<Int>(eventsMax: 4)
        #expect(queue.pop() == nil)
        queue.schedule(7, at: 3)
        #expect(queue.pop()?.payload == 7)
        #expect(queue.pop() == nil)
    }
}
