/// A growable buffer in raw memory, for the search's per-level candidate lists: unlike an
/// `Array`, reading it through `view` from other threads or a merge loop touches no reference
/// count and checks no uniqueness, and its storage is kept from level to level.
final class GrowableBuffer<Element>: @unchecked Sendable {
    @exclusivity(unchecked) private(set) var base: UnsafeMutablePointer<Element>
    @exclusivity(unchecked) private(set) var count = 0
    @exclusivity(unchecked) private(set) var capacity: Int

    init(capacity: Int = 64) {
        self.capacity = max(1, capacity)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    @inline(__always) func append(_ element: Element) {
        if count == capacity { grow() }
        (base + count).initialize(to: element)
        count += 1
    }

    private func grow() {
        let newCapacity = capacity * 2
        let newBase = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        newBase.moveInitialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    @inline(__always) subscript(index: Int) -> Element {
        assert(index >= 0 && index < count)
        return base[index]
    }

    var last: Element? { count > 0 ? base[count - 1] : nil }
    var isEmpty: Bool { count == 0 }

    /// The elements, valid until the next `append` or `removeAll`.
    var view: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

    func removeAll() {
        base.deinitialize(count: count)
        count = 0
    }
}
