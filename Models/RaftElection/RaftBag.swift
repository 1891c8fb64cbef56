/// raft.tla's `messages`: a bag (a function from message to count), inline and sorted.
///
/// Each slot holds a message word (`RaftMessage.bits`) with the message's count in its low
/// four bits; occupied slots come first, in increasing order, and the rest are zero. Because
/// messages differ above the count bits, the order of the words is the order of the messages,
/// and equal bags are equal slot for slot. As in raft.tla at 6ecbdbc, a message whose count
/// drops to 0 leaves the bag, so `count` is the number of distinct messages in flight (what
/// `max-in-flight` bounds).
///
/// Six slots hold any successor of a state within the constraint: a step adds at most one
/// distinct message, and `max-in-flight` is at most five.
public struct RaftBag: Hashable, Sendable {
    public static let capacity = 6
    /// The largest count a slot holds.
    public static let maximumCount = 15

    var w0: UInt64 = 0
    var w1: UInt64 = 0
    var w2: UInt64 = 0
    var w3: UInt64 = 0
    var w4: UInt64 = 0
    var w5: UInt64 = 0

    public init() {}

    subscript(slot: Int) -> UInt64 {
        @inline(__always) get {
            switch slot {
            case 0: return w0
            case 1: return w1
            case 2: return w2
            case 3: return w3
            case 4: return w4
            case 5: return w5
            default: preconditionFailure("bag slot \(slot) is outside 0..<\(Self.capacity)")
            }
        }
        @inline(__always) set {
            switch slot {
            case 0: w0 = newValue
            case 1: w1 = newValue
            case 2: w2 = newValue
            case 3: w3 = newValue
            case 4: w4 = newValue
            case 5: w5 = newValue
            default: preconditionFailure("bag slot \(slot) is outside 0..<\(Self.capacity)")
            }
        }
    }

    /// The number of distinct messages in flight (`Cardinality(DOMAIN messages)`).
    public var count: Int {
        var count = 0
        while count < Self.capacity && self[count] != 0 { count += 1 }
        return count
    }

    /// The message in slot `slot` (below `count`).
    public func message(at slot: Int) -> RaftMessage { RaftMessage(bits: self[slot] & ~0xF) }

    /// The count of the message in slot `slot` (below `count`).
    public func multiplicity(at slot: Int) -> Int { Int(self[slot] & 0xF) }

    /// The messages in flight, in the bag's order, with their counts.
    public var entries: [(message: RaftMessage, count: Int)] {
        (0..<count).map { (message(at: $0), multiplicity(at: $0)) }
    }

    /// The slot of `message`, or nil outside the domain.
    func slot(of message: RaftMessage) -> Int? {
        for slot in 0..<Self.capacity {
            let word = self[slot]
            if word == 0 { return nil }
            if word & ~0xF == message.bits { return slot }
        }
        return nil
    }

    /// `messages[m]`, or 0 outside the domain.
    public func count(of message: RaftMessage) -> Int {
        // No `map(multiplicity(at:))`: that partial application boxes the bag on the heap.
        guard let slot = slot(of: message) else { return 0 }
        return multiplicity(at: slot)
    }

    /// raft.tla's `WithMessage`: one more copy of `message`.
    public mutating func add(_ message: RaftMessage) {
        if let slot = slot(of: message) {
            precondition(self[slot] & 0xF < UInt64(Self.maximumCount), "a message's count fits four bits")
            self[slot] += 1
            return
        }
        var position = count
        precondition(position < Self.capacity, "the bag holds at most \(Self.capacity) distinct messages")
        // Insertion into the sorted prefix: shift larger words up by one.
        while position > 0 && self[position - 1] > message.bits {
            self[position] = self[position - 1]
            position -= 1
        }
        self[position] = message.bits | 1
    }

    /// raft.tla's `WithoutMessage` at 6ecbdbc: one copy fewer, out of the domain at 0; no
    /// change when the message is not in the bag.
    public mutating func remove(_ message: RaftMessage) {
        guard let slot = slot(of: message) else { return }
        if self[slot] & 0xF > 1 {
            self[slot] -= 1
            return
        }
        var position = slot
        while position + 1 < Self.capacity && self[position + 1] != 0 {
            self[position] = self[position + 1]
            position += 1
        }
        self[position] = 0
    }

    /// The largest count of any message (checked against `max-duplicates`).
    public var largestCount: Int {
        var largest: UInt64 = 0
        for slot in 0..<Self.capacity {
            let word = self[slot]
            if word == 0 { break }
            largest = max(largest, word & 0xF)
        }
        return Int(largest)
    }

    /// The bag between renamed servers, sorted again (symmetry).
    func renamed(_ renaming: ServerRenaming) -> RaftBag {
        var copy = RaftBag()
        let count = self.count
        for slot in 0..<count {
            let word = message(at: slot).renamed(renaming).bits | (self[slot] & 0xF)
            var position = slot
            while position > 0 && copy[position - 1] > word {
                copy[position] = copy[position - 1]
                position -= 1
            }
            copy[position] = word
        }
        return copy
    }

    /// The first break of the normal form (occupied slots first, strictly increasing, positive
    /// counts), or nil.
    func checkInvariants() -> String? {
        let count = self.count
        for slot in 0..<count {
            if self[slot] & 0xF == 0 { return "a message with count 0 must leave the bag" }
            if slot > 0 && self[slot - 1] >= self[slot] { return "the bag must be strictly sorted" }
        }
        for slot in count..<Self.capacity where self[slot] != 0 { return "free slots follow the occupied ones" }
        return nil
    }
}
