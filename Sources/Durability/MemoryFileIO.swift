import Glibc

/// A simulated disk with the weakest crash behaviour POSIX allows, for tests and the
/// simulation: a file's writes survive `crash()` only if the file was synced after them, and a
/// directory's creations, renames and removals only if the directory was synced after them.
/// It can also be full: writes and preallocations that would grow the stored bytes past
/// `capacityBytes` fail with ENOSPC, and `failAllWrites` makes every write fail so.
///
/// Deterministic: no clock, no randomness. Directories themselves are durable when created (a
/// simplification: the layer creates its data directory once, before anything is stored).
public final class MemoryFileIO: FileIO {
    /// A file's contents: what a read sees now, and what a crash would leave.
    final class Node {
        var data: [UInt8] = []
        var durable: [UInt8] = []
    }

    /// A directory's entries now, and as of its last sync.
    struct Directory {
        var entries: [String: Node] = [:]
        var durable: [String: Node] = [:]
    }

    var directories: [String: Directory] = [:]
    /// Total bytes all files may hold; nil for unlimited.
    public var capacityBytes: Int?
    /// Every write and preallocation fails with ENOSPC while this is set.
    public var failAllWrites = false
    /// How many data and directory syncs were made, for tests that count them.
    public private(set) var syncCount = 0
    /// A power cut in the middle of a run: the first this-many changing operations (create,
    /// write, preallocate, truncate, sync, rename, remove, directory sync) succeed and every
    /// later one fails with EIO. Call `crash()` afterwards to see what survived.
    public var powerCutAfterOperations: Int?
    /// Changing operations made so far.
    public private(set) var operationCount = 0

    public init(capacityBytes: Int? = nil) {
        self.capacityBytes = capacityBytes
    }

    /// Power loss: every unsynced write and directory change is lost. Open files must not be
    /// used afterwards (their owners are gone with the process).
    public func crash() {
        for path in directories.keys {
            directories[path]!.entries = directories[path]!.durable
            for node in directories[path]!.entries.values { node.data = node.durable }
        }
    }

    /// An independent disk with the same files, durable and not (a fork, for tests that damage
    /// one copy of a disk many ways).
    public func copy() -> MemoryFileIO {
        let copy = MemoryFileIO(capacityBytes: capacityBytes)
        copy.failAllWrites = failAllWrites
        var clones: [ObjectIdentifier: Node] = [:]
        func clone(_ node: Node) -> Node {
            if let done = clones[ObjectIdentifier(node)] { return done }
            let twin = Node()
            twin.data = node.data
            twin.durable = node.durable
            clones[ObjectIdentifier(node)] = twin
            return twin
        }
        for (path, directory) in directories {
            copy.directories[path] = Directory(
                entries: directory.entries.mapValues(clone), durable: directory.durable.mapValues(clone))
        }
        return copy
    }

    /// A file's current bytes, or nil when there is no such file.
    public func contents(of path: String) -> [UInt8]? {
        let (directory, name) = PathComponents.split(path)
        return directories[directory]?.entries[name]?.data
    }

    /// Replaces a file's bytes, durably, as a test that damages a file needs.
    public func setContents(of path: String, to bytes: [UInt8]) {
        let (directory, name) = PathComponents.split(path)
        guard let node = directories[directory]?.entries[name] else { preconditionFailure("no file \(path)") }
        node.data = bytes
        node.durable = bytes
    }

    public func open(_ path: String, creating: Bool) throws(DurabilityError) -> any IOFile {
        let (directory, name) = PathComponents.split(path)
        guard directories[directory] != nil else { throw .system("open", file: path, code: ENOENT) }
        if creating {
            try spend("create", path)
            let node = Node()
            directories[directory]!.entries[name] = node
            return MemoryFile(path: path, node: node, disk: self)
        }
        guard let node = directories[directory]!.entries[name] else { throw .system("open", file: path, code: ENOENT) }
        return MemoryFile(path: path, node: node, disk: self)
    }

    public func entries(ofDirectory path: String) throws(DurabilityError) -> [String]? {
        directories[path].map { $0.entries.keys.sorted() }
    }

    public func createDirectory(_ path: String) throws(DurabilityError) {
        try spend("create directory", path)
        guard directories[path] == nil else { throw .system("create directory", file: path, code: EEXIST) }
        directories[path] = Directory()
    }

    public func rename(_ source: String, to destination: String) throws(DurabilityError) {
        let (from, fromName) = PathComponents.split(source)
        let (to, toName) = PathComponents.split(destination)
        // The layer renames only within one directory, which is what makes rename atomic.
        try spend("rename to \(destination)", source)
        guard from == to else { throw .system("rename to \(destination)", file: source, code: EXDEV) }
        guard let node = directories[from]?.entries.removeValue(forKey: fromName) else {
            throw .system("rename to \(destination)", file: source, code: ENOENT)
        }
        directories[to]!.entries[toName] = node
    }

    public func remove(_ path: String) throws(DurabilityError) {
        try spend("remove", path)
        let (directory, name) = PathComponents.split(path)
        guard directories[directory]?.entries.removeValue(forKey: name) != nil else {
            throw .system("remove", file: path, code: ENOENT)
        }
    }

    public func syncDirectory(_ path: String) throws(DurabilityError) {
        try spend("fsync directory", path)
        guard directories[path] != nil else { throw .system("fsync directory", file: path, code: ENOENT) }
        directories[path]!.durable = directories[path]!.entries
        syncCount += 1
    }

    /// Whether `node` may grow to `bytes`: the disk's other files plus this one fit.
    func mayGrow(_ node: Node, to bytes: Int) -> Bool {
        if failAllWrites { return false }
        guard let capacityBytes, bytes > node.data.count else { return true }
        var stored = 0
        var seen = Set<ObjectIdentifier>()
        for directory in directories.values {
            for other in directory.entries.values where seen.insert(ObjectIdentifier(other)).inserted {
                stored += other.data.count
            }
        }
        return stored + (bytes - node.data.count) <= capacityBytes
    }

    func countSync() { syncCount += 1 }

    /// Counts a changing operation, failing it once the power is cut.
    func spend(_ operation: String, _ path: String) throws(DurabilityError) {
        if let powerCutAfterOperations, operationCount >= powerCutAfterOperations {
            throw .system(operation + " (power cut)", file: path, code: EIO)
        }
        operationCount += 1
    }
}
