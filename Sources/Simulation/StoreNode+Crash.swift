import KeyValue
import Raft
import Support

extension StoreNode {
    /// The process dies: unsynced writes are lost as the generator picks (a torn tail
    /// included), and a new process starts from what the disk kept, with an empty store that
    /// the committed entries rebuild. Returns whether the crash tore a record: the record after
    /// the surviving prefix was cut mid-write (of an entries record a prefix of whole entries
    /// may survive; any other torn record is dropped by its checksum). A process that died in
    /// the middle of a write always tears the record it was writing.
    public mutating func crashAndRestart(crashRandom: inout SplitMix64, raftRandom: SplitMix64) throws -> Bool {
        // The draws of `CrashingMemoryStorage.crash(using:)`, made here so that the caller
        // learns whether the crash tore a record (the fault counters report it).
        let unsynced = storage.unsynced
        var torn = false
        if crashedMidWrite && !unsynced.isEmpty {
            let keeping = crashRandom.below(unsynced.count)
            torn = true
            try storage.crash(keeping: keeping, tornEntries: crashRandom.below(8))
        } else if unsynced.isEmpty || crashRandom.chance(50) {
            try storage.crash(keeping: 0)
        } else {
            let keeping = crashRandom.below(unsynced.count + 1)
            let tornEntries = crashRandom.chance(50) ? crashRandom.below(8) : nil
            torn = tornEntries != nil && keeping < unsynced.count
            try storage.crash(keeping: keeping, tornEntries: tornEntries)
        }
        let clock = clockMilliseconds
        self = try StoreNode(options: raft.options, storage: storage, random: raftRandom, lessor: lessor.configuration)
        clockMilliseconds = clock
        return torn
    }

    // MARK: Helpers

    static func reply(_ result: Result<Response, StoreError>) -> Reply {
        switch result {
        case .success(let response): return .ok(response)
        case .failure(let error): return .rejected(error)
        }
    }

    static func bytes(_ number: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: number >> (8 * $0)) } }

    static func number(_ bytes: [UInt8]) -> UInt64? {
        guard bytes.count == 8 else { return nil }
        return bytes.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
    }
}
