import Foundation
import Synchronization

/// A fresh directory under the system's temporary directory, removed by `remove()`. Names are
/// the process id, a per-process counter and the test's label: unique without randomness.
struct TemporaryDirectory {
    private static let counter = Atomic<Int>(0)

    let path: String

    init(_ label: String) throws {
        let number = TemporaryDirectory.counter.add(1, ordering: .relaxed).newValue
        let name = "durability-tests-\(ProcessInfo.processInfo.processIdentifier)-\(number)-\(label)"
        path = FileManager.default.temporaryDirectory.appendingPathComponent(name).path
        try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
    }

    /// A path inside it (not created).
    func child(_ name: String) -> String { path + "/" + name }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
