import Dispatch

/// The memoization of Lowe's refinement of the Wing and Gong search: the configurations
/// (set of linearized operations, object state) already explored. A configuration found
/// here again cannot lead anywhere new, because the rest of the search depends only on it.
///
/// Pending operations make the cache a dominance check rather than a plain set: a pending
/// operation is optional, so a configuration that has linearized fewer of them (with the same
/// completed operations and the same state) can do everything the other can. Reaching
/// (completed C, pending P, state s) is therefore pointless when (C, P', s) with P' ⊆ P was
/// explored already. The hash covers only the completed operations and the state, so all
/// such entries probe the same cluster, and the comparison is two mask operations per word.
///
/// An open-addressing hash set with linear probing over flat arrays, so that an insertion
/// allocates nothing except when the table grows: the bitsets live side by side in one word
/// array, the states in another array, and a slot holds the index of its entry.
struct MemoCache<State: Hashable> {
    /// Doubling the table rehashes every entry: seconds for tens of millions of them, in one step
    /// of the search, between two readings of the clock. When the search's deadline is nearer
    /// than the next doubling would take, it sets `growthDeferred` and the table fills past half
    /// (linear probing copes) up to this share before it doubles anyway.
    static var deferredLoadMax: Double { 0.75 }
    /// Set by the search when its deadline is too near for the next doubling.
    var growthDeferred = false
    /// How long the last doubling took, in nanoseconds (the next one takes about twice that).
    private(set) var lastGrowNanoseconds: UInt64 = 0

    let wordsPerSet: Int
    private var slots: [Int32]
    private var mask: Int
    private var hashes: [UInt64] = []
    private var sets: [UInt64] = []
    private var states: [State] = []

    /// The bits of completed operations; the others belong to pending operations.
    private let completedMask: [UInt64]

    init(completedMask: [UInt64]) {
        precondition(!completedMask.isEmpty)
        self.wordsPerSet = completedMask.count
        self.completedMask = completedMask
        slots = Array(repeating: -1, count: 1024)
        mask = 1023
    }

    var count: Int { states.count }

    /// An estimate of the memory held, for the cache bound.
    var bytes: Int {
        slots.count * 4 + hashes.count * 8 + sets.count * 8 + states.count * MemoryLayout<State>.stride
    }

    /// Inserts the configuration and returns true unless an explored one dominates it.
    /// `hash` must depend only on the completed operations of `set` and on `state`.
    mutating func insert(hash: UInt64, set: [UInt64], state: State) -> Bool {
        assert(set.count == wordsPerSet, "every bitset of a search has the same width")
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let index = Int(slots[slot])
            if index < 0 { break }
            if hashes[index] == hash && dominates(index, set) && states[index] == state { return false }
            slot = (slot + 1) & mask
        }
        let index = states.count
        precondition(index < Int(Int32.max), "the memoization cache is full")
        slots[slot] = Int32(index)
        hashes.append(hash)
        sets.append(contentsOf: set)
        states.append(state)
        if states.count * 2 > slots.count {
            if !growthDeferred || Double(states.count) > Double(slots.count) * MemoCache.deferredLoadMax { grow() }
        }
        return true
    }

    /// True when entry `index` has the same completed operations as `set` and a subset of
    /// its pending ones.
    private func dominates(_ index: Int, _ set: [UInt64]) -> Bool {
        let base = index * wordsPerSet
        for word in 0..<wordsPerSet {
            let stored = sets[base + word]
            let current = set[word]
            if stored & ~current != 0 { return false }
            if current & ~stored & completedMask[word] != 0 { return false }
        }
        return true
    }

    private mutating func grow() {
        let started = DispatchTime.now().uptimeNanoseconds
        defer { lastGrowNanoseconds = DispatchTime.now().uptimeNanoseconds - started }
        let capacity = slots.count * 2
        slots = Array(repeating: -1, count: capacity)
        mask = capacity - 1
        for index in 0..<hashes.count {
            var slot = Int(truncatingIfNeeded: hashes[index]) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index)
        }
    }
}
