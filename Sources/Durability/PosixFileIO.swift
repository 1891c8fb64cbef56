import Glibc

/// The real file system, through POSIX calls.
public struct PosixFileIO: FileIO, Sendable {
    public init() {}

    public func open(_ path: String, creating: Bool) throws(DurabilityError) -> any IOFile {
        let flags = O_RDWR | O_CLOEXEC | (creating ? O_CREAT | O_TRUNC : 0)
        let descriptor = Glibc.open(path, flags, 0o644)
        guard descriptor >= 0 else { throw .system(creating ? "create" : "open", file: path) }
        return PosixFile(path: path, descriptor: descriptor)
    }

    public func entries(ofDirectory path: String) throws(DurabilityError) -> [String]? {
        guard let directory = opendir(path) else {
            if errno == ENOENT { return nil }
            throw .system("list directory", file: path)
        }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    public func createDirectory(_ path: String) throws(DurabilityError) {
        guard mkdir(path, 0o755) == 0 else { throw .system("create directory", file: path) }
    }

    public func rename(_ source: String, to destination: String) throws(DurabilityError) {
        guard Glibc.rename(source, destination) == 0 else { throw .system("rename to \(destination)", file: source) }
    }

    public func remove(_ path: String) throws(DurabilityError) {
        guard unlink(path) == 0 else { throw .system("remove", file: path) }
    }

    public func syncDirectory(_ path: String) throws(DurabilityError) {
        let descriptor = Glibc.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .system("open directory", file: path) }
        defer { Glibc.close(descriptor) }
        guard fsync(descriptor) == 0 else { throw .system("fsync directory", file: path) }
    }
}
