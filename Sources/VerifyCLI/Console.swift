import Foundation
import Synchronization

/// Where a command writes: standard output carries results (one JSON document with
/// `--format json`), standard error carries progress and errors. Tests pass a capturing
/// console so every command runs in-process.
public struct Console: Sendable {
    public let out: @Sendable (String) -> Void
    public let err: @Sendable (String) -> Void

    public init(out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void) {
        self.out = out
        self.err = err
    }

    /// The process's standard output and standard error, unbuffered per line.
    public static let standard = Console(
        out: { text in FileHandle.standardOutput.write(Data((text + "\n").utf8)) },
        err: { text in FileHandle.standardError.write(Data((text + "\n").utf8)) })
}

/// A console that keeps what was written, for tests.
public final class CapturingConsole: Sendable {
    private let outLines = Mutex<[String]>([])
    private let errLines = Mutex<[String]>([])

    public init() {}

    public var console: Console {
        Console(
            out: { [self] line in outLines.withLock { $0.append(line) } },
            err: { [self] line in errLines.withLock { $0.append(line) } })
    }

    public var standardOutput: String { outLines.withLock { $0.joined(separator: "\n") } }
    public var standardError: String { errLines.withLock { $0.joined(separator: "\n") } }
}
