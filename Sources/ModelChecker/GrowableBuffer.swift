/// A growable buffer in raw memory, for the search's per-level candidate lists: unlike an
/// `Array`, reading it through `view` from other threads or a merge loop touches no reference
/// count and checks no uniqueness, and its storage is kept from level to level.
@usableFromInline final class GrowableBuffer<Element>: @unchecked Sendable {
    @usableFromInline @exclusivity(unchecked) var base: UnsafeMutablePointer<Element>
    @usableFromInline @exclusivity(unchecked) var count = 0
    @usableFromInline @exclusivity(unchecked) var capacity: Int

    @usableFromInline init(capacity: Int = 64) {
        self.capacity = max(1, capacity)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    @inlinable @inline(__always) func append(_ element: Element) {
        if count == capacity { grow() }
        (base + count).initialize(to: element)
        count += 1
    }

    @usableFromInline func grow() {
        let newCapacity = capacity * 2
        let newBase = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        newBase.moveInitialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    @inlinable @inline(__always) subscript(index: Int) -> Element {
        assert(index >= 0 && index < count)
        return base[index]
    }

    @inlinable var last: Element? { count > 0 ? base[count - 1] : nil }
    @inlinable var isEmpty: Bool { count == 0 }

    /// The elements, valid until the next `append` or `removeAll`.
    @inlinable var view: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

    @usableFromInline func removeAll() {
        base.deinitialize(count: count)
        count = 0
    }
}
