import Dispatch

/// Frees what a finished search held on a background thread, so that a check that stops at its
/// time limit returns at once.
///
/// A search that ran to its limit holds millions of memoized states, many with heap storage of
/// their own (the kv model's appended strings); freeing them one by one took 0.4 s after a 10 s
/// limit and about 3 s after a 120 s one, all of it past the deadline. The answer does not
/// depend on that memory, so it is handed to another thread and the check returns.
enum DeferredRelease {
    /// Below this much memo the memory is freed in place: a thread hop would cost more.
    static let inPlaceBytesMax = 16 << 20
    /// How long the memory waits before it is freed. Freeing it at once competes for the
    /// allocator's lock with the thread building the report (a 120 s check then ended 3.5 s
    /// after its search); a tool that exits after the report never frees it at all.
    static let delaySeconds = 2.0

    /// The only owner of the value while it waits to be freed.
    private final class Box<Value>: @unchecked Sendable {
        var value: Value?
        init(_ value: Value?) { self.value = value }
    }

    /// Empties `value`, freeing what it held on a background thread when `bytes` (the memo it
    /// holds) is above `inPlaceBytesMax`.
    static func drop<Value>(_ value: inout Value?, bytes: Int) {
        guard bytes > inPlaceBytesMax else {
            value = nil
            return
        }
        // The box takes the value before the caller's copy is dropped, so that the background
        // block holds the last reference to everything in it.
        let box = Box(value)
        value = nil
        DispatchQueue.global(qos: .utility).asyncAfter(deadline: .now() + delaySeconds) { box.value = nil }
    }
}
