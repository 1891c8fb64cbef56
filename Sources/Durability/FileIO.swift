/// The I/O seam: every file-system call the durability layer makes goes through one of these,
/// so tests and the simulation can run the same code on a disk that fills up or loses what was
/// not synced (`MemoryFileIO`) instead of the real one (`PosixFileIO`).
///
/// Paths are absolute or relative strings joined with "/"; a directory's entries are plain
/// names. Every failure is a `DurabilityError` naming the path.
public protocol FileIO {
    /// Opens an existing file for reading and writing, or with `creating`, creates it (empty,
    /// truncating any file of that name).
    func open(_ path: String, creating: Bool) throws(DurabilityError) -> any IOFile
    /// The names in a directory, sorted; nil when the directory does not exist.
    func entries(ofDirectory path: String) throws(DurabilityError) -> [String]?
    func createDirectory(_ path: String) throws(DurabilityError)
    /// Atomically replaces `destination` by `source` (POSIX `rename`).
    func rename(_ source: String, to destination: String) throws(DurabilityError)
    func remove(_ path: String) throws(DurabilityError)
    /// Makes the directory's entries durable: creations, renames and removals in it survive a
    /// crash only after this.
    func syncDirectory(_ path: String) throws(DurabilityError)
}
