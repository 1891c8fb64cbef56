/// A data directory of ours: it holds an identity file naming its cluster and directory ids,
/// and the log segments and snapshots written beside it. Opening one that holds other files but
/// no identity file, or an identity file of another cluster or node, is refused: a node must
/// never replay (or overwrite) someone else's data.
public struct DataDirectory {
    public static let identityFileName = "durability.identity"
    static let identityMagic = "SWDURDIR"

    public let path: String
    public let identity: StorageIdentity
    public let io: any FileIO

    private init(path: String, identity: StorageIdentity, io: any FileIO) {
        self.path = path
        self.identity = identity
        self.io = io
    }

    /// Opens the directory at `path`, creating it (and its identity file) when it is missing or
    /// empty. The parent directory must exist.
    public static func open(
        _ path: String, identity: StorageIdentity, io: any FileIO = PosixFileIO()
    ) throws(DurabilityError) -> DataDirectory {
        precondition(!path.isEmpty, "a directory path")
        let directory = DataDirectory(path: path, identity: identity, io: io)
        guard let names = try io.entries(ofDirectory: path) else {
            try io.createDirectory(path)
            try io.syncDirectory(directory.parentPath)
            try directory.writeIdentity()
            return directory
        }
        if names.contains(identityFileName) {
            let file = try io.open(directory.file(identityFileName), creating: false)
            defer { file.close() }
            let bytes = try file.read(at: 0, count: FileHeader.bytes + 1)
            _ = try FileHeader.decode(bytes, magic: identityMagic, expected: identity, file: file.path)
            guard bytes.count == FileHeader.bytes else {
                throw DurabilityError(.badFormat("trailing bytes after the header"), file: file.path, offset: UInt64(FileHeader.bytes))
            }
            return directory
        }
        guard names.isEmpty else { throw DurabilityError(.notOurDirectory(found: names), file: path) }
        try directory.writeIdentity()
        return directory
    }

    /// The path of `name` inside the directory.
    public func file(_ name: String) -> String { path + "/" + name }

    var parentPath: String {
        let (parent, _) = PathComponents.split(path)
        return parent
    }

    /// Writes `bytes` as the file `name` so that it is either absent or complete after a crash:
    /// into a temporary file, synced, renamed into place, and the directory synced. On failure
    /// the temporary file is removed (when it can be) and no existing file was touched.
    func writeAtomically(_ name: String, parts: [[UInt8]]) throws(DurabilityError) {
        let temporary = file(name + DataDirectory.temporarySuffix)
        let handle = try io.open(temporary, creating: true)
        do throws(DurabilityError) {
            var offset: UInt64 = 0
            for part in parts {
                try handle.write(part, at: offset)
                offset += UInt64(part.count)
            }
            try handle.sync()
            handle.close()
            try io.rename(temporary, to: file(name))
        } catch {
            handle.close()
            try? io.remove(temporary)
            throw error
        }
        try io.syncDirectory(path)
    }

    /// The suffix of files being written; one left by a crash is never part of the data.
    static let temporarySuffix = ".tmp"

    private func writeIdentity() throws(DurabilityError) {
        let header = FileHeader(magic: DataDirectory.identityMagic, identity: identity, fields: [0, 0, 0])
        try writeAtomically(DataDirectory.identityFileName, parts: [header.encoded])
    }
}
