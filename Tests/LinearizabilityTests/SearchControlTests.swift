import Dispatch
@testable import Linearizability
import Testing

/// The deadline a time limit sets: the reserved share, and the time the process's resident memory
/// would take to give back at exit, come off it.
@Suite("Search control: the deadline leaves time to answer and exit")
struct SearchControlTests {
    @Test("the resident size is read, and the deadline moves earlier by its release time")
    func releaseReserve() {
        let resident = SearchControl.residentBytes()
        #if os(Linux)
        #expect(resident > 1 << 20, "a test process holds more than a MiB: \(resident)")
        #endif
        let now = DispatchTime.now().uptimeNanoseconds
        // A limit shorter than the release time of what is resident has already passed.
        let release = Double(resident) / SearchControl.releaseBytesPerSecond
        let short = SearchControl(timeLimitSeconds: release / 2, startedAtNanoseconds: now)
        #expect(resident == 0 || short.isPastDeadline)
        #expect(!SearchControl(timeLimitSeconds: 3_600, startedAtNanoseconds: now).isPastDeadline)
        #expect(!SearchControl(timeLimitSeconds: nil).isPastDeadline)
        // A start ten seconds ago with a limit of one: past.
        #expect(SearchControl(timeLimitSeconds: 1, startedAtNanoseconds: now - min(now, 10_000_000_000)).isPastDeadline)
    }
}
