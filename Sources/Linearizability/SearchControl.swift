import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Shared by the searches of one check: the deadline and the flag that stops every search
/// once one partition is found illegal (the history is illegal whatever the others say).
public final class SearchControl: Sendable {
    /// Monotonic nanoseconds after which searches give up, or nil for no limit.
    let deadlineNanoseconds: UInt64?
    private let cancelled = Atomic<Bool>(false)

    /// The share of a time limit kept for what follows the search (building the answer and the
    /// report, writing it, freeing the memo, the process's exit), so that the whole run ends
    /// within the limit: after a 10 s search that stopped at its deadline, those took 0.2–0.7 s.
    static let reservedShare = 0.01

    /// The deadline is `timeLimitSeconds` after `startedAtNanoseconds` (now by default), less
    /// the reserved share.
    public init(timeLimitSeconds: Double?, startedAtNanoseconds: UInt64? = nil) {
        if let timeLimitSeconds {
            let limit = UInt64(min(timeLimitSeconds * (1 - SearchControl.reservedShare), 1e9) * 1e9)
            deadlineNanoseconds = (startedAtNanoseconds ?? DispatchTime.now().uptimeNanoseconds) &+ limit
        } else {
            deadlineNanoseconds = nil
        }
    }

    /// Resident bytes the system takes back per second when the process exits and unmaps them
    /// (measured on the shared 2-core machine: 5.7 GB in 0.96 s, 1.5 GB in about 0.25 s). A
    /// search that stopped at a 120 s limit with gigabytes resident ended its process a second
    /// after the answer was written; the deadline moves earlier by the time this takes.
    static let releaseBytesPerSecond = 4e9
    /// How often the resident size is read again (one small file read).
    static let residentReadIntervalNanoseconds: UInt64 = 20_000_000

    /// The time the process's resident memory would take to give back, as last read, and when.
    private let releaseReserveNanoseconds = Atomic<UInt64>(0)
    private let residentReadAtNanoseconds = Atomic<UInt64>(0)

    public func cancel() { cancelled.store(true, ordering: .relaxed) }

    public var isCancelled: Bool { cancelled.load(ordering: .relaxed) }

    /// True when fewer than `nanoseconds` remain before the deadline (less the release reserve).
    func isWithin(_ nanoseconds: UInt64) -> Bool {
        guard let deadlineNanoseconds else { return false }
        let now = DispatchTime.now().uptimeNanoseconds
        return now &+ releaseReserve(now) &+ nanoseconds >= deadlineNanoseconds
    }

    /// True once the deadline, less the time the resident memory would take to give back, has
    /// passed.
    var isPastDeadline: Bool { isWithin(0) }

    /// The release reserve, from the resident size read at most every
    /// `residentReadIntervalNanoseconds` (racing readers at worst read it twice).
    private func releaseReserve(_ now: UInt64) -> UInt64 {
        if now &- residentReadAtNanoseconds.load(ordering: .relaxed) >= Self.residentReadIntervalNanoseconds {
            residentReadAtNanoseconds.store(now, ordering: .relaxed)
            let seconds = Double(Self.residentBytes()) / Self.releaseBytesPerSecond
            releaseReserveNanoseconds.store(UInt64(min(seconds, 1e6) * 1e9), ordering: .relaxed)
        }
        return releaseReserveNanoseconds.load(ordering: .relaxed)
    }

    /// The process's resident bytes (Linux's `/proc/self/statm`, second field, in pages), or 0
    /// when the system does not say.
    static func residentBytes() -> Int {
        #if os(Linux)
        let descriptor = open("/proc/self/statm", O_RDONLY)
        guard descriptor >= 0 else { return 0 }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 128)
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard count > 0 else { return 0 }
        let fields = buffer[..<count].split(separator: UInt8(ascii: " "))
        guard fields.count > 1, let pages = Int(String(decoding: fields[1], as: UTF8.self)) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
        #else
        return 0
        #endif
    }
}
