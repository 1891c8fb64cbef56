/// The visited set of a search: 64-bit fingerprints in striped open-addressing tables, or,
/// with `exact`, whole state encodings.
///
/// Concurrency contract (no locks on the hot path): during expansion every worker only reads
/// (`contains`); insertions happen in a separate phase in which each stripe is written by
/// exactly one thread. A stripe grows on its own (by half again, when 80% full), so growth
/// never stops the world and the table stays under 16 bytes per stored fingerprint:
/// after growing, a stripe is at least 0.8 / 1.5 ≈ 53% full, i.e. at most 15 bytes per entry.
public final class StateStore: @unchecked Sendable {
    public static let stripeBits = 6
    public static let stripeCount = 1 << stripeBits

    public let exact: Bool
    /// With ids, each stored state also maps to its id (for the state graph of
    /// `alwaysPossibly`); the ids cost 4 more bytes per slot, reported as graph memory.
    public let keepsIds: Bool
    let fingerprintStripes: [FingerprintStripe]
    let exactStripes: [ExactStripe]

    public init(exact: Bool, keepsIds: Bool) {
        self.exact = exact
        self.keepsIds = keepsIds
        fingerprintStripes = exact ? [] : (0..<Self.stripeCount).map { _ in FingerprintStripe(keepsIds: keepsIds) }
        exactStripes = exact ? (0..<Self.stripeCount).map { _ in ExactStripe() } : []
    }

    @inlinable @inline(__always)
    public static func stripe(of fingerprint: UInt64) -> Int { Int(truncatingIfNeeded: fingerprint >> UInt64(64 - stripeBits)) }

    @inline(__always)
    public func contains(_ fingerprint: UInt64, _ key: ExactKey?) -> Bool {
        if exact { return exactStripes[Self.stripe(of: fingerprint)].ids[key!] != nil }
        return fingerprintStripes[Self.stripe(of: fingerprint)].slot(of: fingerprint) != nil
    }

    /// Inserts into its stripe (only the stripe's owner may call this); returns the slot of a
    /// newly inserted fingerprint, or nil when it was already present.
    @inline(__always)
    public func insert(_ fingerprint: UInt64, _ key: ExactKey?) -> Int? {
        if exact {
            let stripe = exactStripes[Self.stripe(of: fingerprint)]
            if stripe.ids[key!] != nil { return nil }
            stripe.ids[key!] = UInt32.max
            stripe.bytes += key!.bytes.count
            return 0
        }
        return fingerprintStripes[Self.stripe(of: fingerprint)].insert(fingerprint)
    }

    /// Records the id of a stored state (graph mode). The slot is looked up afresh: a slot
    /// remembered from the insertion would be stale once its stripe has grown.
    public func setId(_ id: Int, fingerprint: UInt64, key: ExactKey?) {
        precondition(keepsIds && id < Int(UInt32.max))
        if exact {
            exactStripes[Self.stripe(of: fingerprint)].ids[key!] = UInt32(id)
        } else {
            let stripe = fingerprintStripes[Self.stripe(of: fingerprint)]
            guard let slot = stripe.slot(of: fingerprint) else { preconditionFailure("setId of a state not stored") }
            stripe.ids![slot] = UInt32(id)
        }
    }

    /// The id of a stored state (graph mode).
    public func id(of fingerprint: UInt64, key: ExactKey?) -> Int? {
        if exact {
            guard let id = exactStripes[Self.stripe(of: fingerprint)].ids[key!], id != UInt32.max else { return nil }
            return Int(id)
        }
        let stripe = fingerprintStripes[Self.stripe(of: fingerprint)]
        guard let slot = stripe.slot(of: fingerprint) else { return nil }
        return Int(stripe.ids![slot])
    }

    public var count: Int {
        exact ? exactStripes.reduce(0) { $0 + $1.ids.count } : fingerprintStripes.reduce(0) { $0 + $1.count }
    }

    /// Bytes of the visited set proper (fingerprint slots, or keys with their overhead).
    public var tableBytes: Int {
        if exact {
            // Key bytes plus the dictionary's entry (key header, fingerprint, id), estimated.
            return exactStripes.reduce(0) { $0 + $1.bytes + $1.ids.capacity * 48 }
        }
        return fingerprintStripes.reduce(0) { $0 + $1.capacity * 8 }
    }

    /// Bytes of the id arrays (graph mode), reported apart from the table.
    public var idBytes: Int {
        guard keepsIds, !exact else { return 0 }
        return fingerprintStripes.reduce(0) { $0 + $1.capacity * 4 }
    }
}

/// A whole state encoding, for `exact` mode; hashed by its fingerprint.
public struct ExactKey: Hashable, Sendable {
    public let bytes: [UInt8]
    public let fingerprint: UInt64
    public init(bytes: [UInt8], fingerprint: UInt64) {
        self.bytes = bytes
        self.fingerprint = fingerprint
    }
    public static func == (lhs: ExactKey, rhs: ExactKey) -> Bool {
        lhs.fingerprint == rhs.fingerprint && lhs.bytes == rhs.bytes
    }
    public func hash(into hasher: inout Hasher) { hasher.combine(fingerprint) }
}

final class ExactStripe: @unchecked Sendable {
    @exclusivity(unchecked) var ids: [ExactKey: UInt32] = [:]
    @exclusivity(unchecked) var bytes = 0
}

/// One stripe of the fingerprint table: linear probing over a power-free capacity, indexed by
/// Lemire's multiply-shift reduction of the fingerprint bits below the stripe bits. Zero marks
/// an empty slot (fingerprints are never zero).
final class FingerprintStripe: @unchecked Sendable {
    @exclusivity(unchecked) private(set) var slots: UnsafeMutablePointer<UInt64>
    @exclusivity(unchecked) private(set) var ids: UnsafeMutablePointer<UInt32>?
    @exclusivity(unchecked) private(set) var capacity: Int
    @exclusivity(unchecked) private(set) var count = 0
    static let initialCapacity = 8
    /// Grow when more than 4/5 full.
    static let loadNumerator = 4
    static let loadDenominator = 5

    init(keepsIds: Bool) {
        capacity = Self.initialCapacity
        slots = LargeMemory.allocate(capacity)
        slots.initialize(repeating: 0, count: capacity)
        if keepsIds {
            ids = .allocate(capacity: capacity)
            ids!.initialize(repeating: 0, count: capacity)
        }
    }

    deinit {
        LargeMemory.deallocate(slots)
        ids?.deallocate()
    }

    @inline(__always)
    func home(_ fingerprint: UInt64) -> Int {
        Int(truncatingIfNeeded: (fingerprint << UInt64(StateStore.stripeBits)).multipliedFullWidth(by: UInt64(capacity)).high)
    }

    @inline(__always)
    func slot(of fingerprint: UInt64) -> Int? {
        var index = home(fingerprint)
        while true {
            let stored = slots[index]
            if stored == fingerprint { return index }
            if stored == 0 { return nil }
            index += 1
            if index == capacity { index = 0 }
        }
    }

    /// Inserts; the slot when new, nil when present.
    @inline(__always)
    func insert(_ fingerprint: UInt64) -> Int? {
        if (count + 1) * Self.loadDenominator > capacity * Self.loadNumerator { grow() }
        var index = home(fingerprint)
        while true {
            let stored = slots[index]
            if stored == fingerprint { return nil }
            if stored == 0 {
                slots[index] = fingerprint
                count += 1
                return index
            }
            index += 1
            if index == capacity { index = 0 }
        }
    }

    private func grow() {
        let oldSlots = slots
        let oldIds = ids
        let oldCapacity = capacity
        capacity = oldCapacity + oldCapacity / 2
        slots = LargeMemory.allocate(capacity)
        slots.initialize(repeating: 0, count: capacity)
        if oldIds != nil {
            ids = .allocate(capacity: capacity)
            ids!.initialize(repeating: 0, count: capacity)
        }
        for old in 0..<oldCapacity where oldSlots[old] != 0 {
            var index = home(oldSlots[old])
            while slots[index] != 0 {
                index += 1
                if index == capacity { index = 0 }
            }
            slots[index] = oldSlots[old]
            if let oldIds { ids![index] = oldIds[old] }
        }
        LargeMemory.deallocate(oldSlots)
        oldIds?.deallocate()
    }
}

/// A worker's private set of fingerprints seen in the current level (cleared per level), so a
/// worker keeps only the first (lowest-claim) copy of a state it reaches several times.
struct LocalFingerprintSet {
    private var slots: [UInt64] = Array(repeating: 0, count: 1024)
    private var count = 0
    private var exactKeys: Set<ExactKey> = []

    mutating func removeAll() {
        if count > 0 {
            slots.withUnsafeMutableBufferPointer { buffer in
                buffer.update(repeating: 0)
            }
            count = 0
        }
        exactKeys.removeAll(keepingCapacity: true)
    }

    /// True when newly inserted.
    @inline(__always)
    mutating func insert(_ fingerprint: UInt64, _ key: ExactKey?) -> Bool {
        if let key { return exactKeys.insert(key).inserted }
        if (count + 1) * 2 > slots.count { grow() }
        let mask = slots.count - 1
        var index = Int(truncatingIfNeeded: fingerprint) & mask
        while true {
            let stored = slots[index]
            if stored == fingerprint { return false }
            if stored == 0 {
                slots[index] = fingerprint
                count += 1
                return true
            }
            index = (index + 1) & mask
        }
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: 0, count: old.count * 2)
        count = 0
        for fingerprint in old where fingerprint != 0 { _ = insert(fingerprint, nil) }
    }
}

#if canImport(Glibc)
import Glibc
#endif

/// Memory for large fingerprint arrays: on Linux, blocks of 4 MiB and more are aligned to
/// 2 MiB and offered to transparent huge pages, because random lookups into a table far larger
/// than the cache otherwise pay a TLB miss on top of the cache miss.
enum LargeMemory {
    static let hugePage = 2 << 20
    static let threshold = 4 << 20

    static func allocate(_ count: Int) -> UnsafeMutablePointer<UInt64> {
        let bytes = count * MemoryLayout<UInt64>.stride
        #if canImport(Glibc)
        if bytes >= threshold {
            var raw: UnsafeMutableRawPointer?
            if posix_memalign(&raw, hugePage, bytes) == 0, let raw {
                _ = madvise(raw, bytes, 14 /* MADV_HUGEPAGE */)
                return raw.bindMemory(to: UInt64.self, capacity: count)
            }
        }
        #endif
        return .allocate(capacity: count)
    }

    static func deallocate(_ pointer: UnsafeMutablePointer<UInt64>) {
        // posix_memalign's memory is freed by free(), as is Swift's allocation on Linux.
        #if canImport(Glibc)
        free(pointer)
        #else
        pointer.deallocate()
        #endif
    }
}
