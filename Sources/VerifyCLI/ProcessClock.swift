import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// When this process started, on the clock the searches' deadlines use, so that a `--time-limit`
/// counts the program's own start (loading, the runtime, reading the arguments) as the person
/// timing the command does.
enum ProcessClock {
    /// The monotonic time (`DispatchTime`'s uptime, nanoseconds) at which the process started, or
    /// nil when the system does not say (then a limit counts from when the check starts).
    ///
    /// Linux gives the start in clock ticks since boot (`/proc/self/stat`, field 22); the process's
    /// age is the boot-time clock now less that, and the start is the monotonic clock now less the
    /// age. Ticks are 10 ms, rounded down, so the start found is at most a tick early: a deadline
    /// from it is a little early, never late.
    static let startedAtNanoseconds: UInt64? = {
        #if os(Linux)
        guard let text = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return nil }
        // Fields after the command name (which may hold spaces), from field 3 on.
        let fields = text[text.index(after: close)...].split(separator: " ")
        let ticksPerSecond = sysconf(Int32(_SC_CLK_TCK))
        guard fields.count > 19, let ticks = UInt64(fields[19]), ticksPerSecond > 0 else { return nil }
        var boot = timespec()
        guard clock_gettime(CLOCK_BOOTTIME, &boot) == 0 else { return nil }
        let monotonic = DispatchTime.now().uptimeNanoseconds
        let bootNanoseconds = UInt64(boot.tv_sec) * 1_000_000_000 + UInt64(boot.tv_nsec)
        let startNanoseconds = ticks * (1_000_000_000 / UInt64(ticksPerSecond))
        guard startNanoseconds <= bootNanoseconds else { return nil }
        let age = bootNanoseconds - startNanoseconds
        // A process older than an hour before its first check is not what this is for.
        guard age < 3_600 * 1_000_000_000, age <= monotonic else { return nil }
        return monotonic - age
        #else
        return nil
        #endif
    }()
}
