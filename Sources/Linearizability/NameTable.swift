import Support

/// The names the operations of a partition carry (see `Specification.names(of:observed:)`), each
/// given a slot of an open-addressing table, so that a search can count per slot how many
/// operations still to be linearized carry the name, and ask for any name in a state whether it
/// is still used. Built once per partition and shared, unchanged, by all its chunks.
struct NameTable: Sendable {
    private let nameOfSlot: [Int64]
    private let slotTaken: [Bool]
    /// The slots of each operation's names, by the operation's position in the partition.
    let slotsOf: [[Int32]]

    init(names: [[Int64]]) {
        let occurrences = names.reduce(0) { $0 + $1.count }
        var slotCount = 8
        while slotCount < occurrences * 2 { slotCount *= 2 }
        var nameOfSlot = Array(repeating: Int64(0), count: slotCount)
        var slotTaken = Array(repeating: false, count: slotCount)
        slotsOf = names.map { list in
            list.map { name in
                var slot = NameTable.firstSlot(of: name, slotCount: slotCount)
                while slotTaken[slot] && nameOfSlot[slot] != name { slot = (slot + 1) & (slotCount - 1) }
                slotTaken[slot] = true
                nameOfSlot[slot] = name
                return Int32(slot)
            }
        }
        self.nameOfSlot = nameOfSlot
        self.slotTaken = slotTaken
    }

    var slotCount: Int { nameOfSlot.count }

    @inline(__always) private static func firstSlot(of name: Int64, slotCount: Int) -> Int {
        Int(truncatingIfNeeded: StableHasher.mix(UInt64(bitPattern: name))) & (slotCount - 1)
    }

    /// The slot of `name`, or nil when no operation of the partition carries it.
    @inline(__always) func slot(of name: Int64) -> Int? {
        let slotCount = nameOfSlot.count
        var slot = NameTable.firstSlot(of: name, slotCount: slotCount)
        while slotTaken[slot] {
            if nameOfSlot[slot] == name { return slot }
            slot = (slot + 1) & (slotCount - 1)
        }
        return nil
    }
}
