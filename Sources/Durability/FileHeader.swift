/// The 64-byte header that starts every file the layer writes (identity file, log segment,
/// snapshot): what the file is (magic and version), whose it is (cluster and data directory),
/// three fields of the file's own, and a CRC-32C over all of it.
///
/// ```
/// 0  magic (8)   8 version (4)  12 zero (4)  16 cluster id (8)  24 directory id (8)
/// 32 field 0 (8) 40 field 1 (8) 48 field 2 (8) 56 zero (4)     60 CRC-32C of bytes 0..<60 (4)
/// ```
struct FileHeader: Equatable {
    static let bytes = 64
    static let formatVersion: UInt32 = 1
    static let clusterOffset: UInt64 = 16
    static let directoryOffset: UInt64 = 24

    /// Eight ASCII bytes naming the kind of file.
    let magic: [UInt8]
    let identity: StorageIdentity
    let fields: [UInt64]

    init(magic: String, identity: StorageIdentity, fields: [UInt64]) {
        self.init(magic: Array(magic.utf8), identity: identity, fields: fields)
    }

    init(magic: [UInt8], identity: StorageIdentity, fields: [UInt64]) {
        precondition(magic.count == 8, "a magic of 8 bytes")
        precondition(fields.count == 3, "three file-specific fields")
        self.magic = magic
        self.identity = identity
        self.fields = fields
    }

    var encoded: [UInt8] {
        var bytes = magic
        bytes.reserveCapacity(FileHeader.bytes)
        bytes.appendLittleEndian(FileHeader.formatVersion)
        bytes.appendLittleEndian(UInt32(0))
        bytes.appendLittleEndian(identity.clusterID)
        bytes.appendLittleEndian(identity.directoryID)
        for field in fields { bytes.appendLittleEndian(field) }
        bytes.appendLittleEndian(UInt32(0))
        bytes.appendLittleEndian(CRC32C.checksum(bytes))
        assert(bytes.count == FileHeader.bytes, "the header is 64 bytes")
        return bytes
    }

    /// Reads and checks the header at the start of `bytes`: the magic first (a file of another
    /// program), then the checksum (damage), the version, and last whose file it is.
    static func decode(
        _ bytes: [UInt8], magic: String, expected identity: StorageIdentity, file: String
    ) throws(DurabilityError) -> FileHeader {
        let magicBytes = Array(magic.utf8)
        guard bytes.count >= FileHeader.bytes else {
            throw DurabilityError(.badFormat("\(bytes.count) bytes, shorter than the \(FileHeader.bytes)-byte header"), file: file, offset: 0)
        }
        guard Array(bytes[0..<8]) == magicBytes else {
            throw DurabilityError(.badFormat("no '\(magic)' magic at the start"), file: file, offset: 0)
        }
        guard CRC32C.checksum(bytes, in: 0..<60) == bytes.littleEndianUInt32(at: 60) else {
            throw DurabilityError(.badFormat("header checksum mismatch"), file: file, offset: 60)
        }
        let version = bytes.littleEndianUInt32(at: 8)
        guard version == formatVersion, bytes.littleEndianUInt32(at: 12) == 0, bytes.littleEndianUInt32(at: 56) == 0 else {
            throw DurabilityError(.badFormat("format version \(version), this program reads \(formatVersion)"), file: file, offset: 8)
        }
        let found = StorageIdentity(clusterID: bytes.littleEndianUInt64(at: 16), directoryID: bytes.littleEndianUInt64(at: 24))
        guard found.clusterID == identity.clusterID else {
            throw DurabilityError(.foreignCluster(expected: identity.clusterID, found: found.clusterID), file: file, offset: clusterOffset)
        }
        guard found.directoryID == identity.directoryID else {
            throw DurabilityError(
                .foreignDirectory(expected: identity.directoryID, found: found.directoryID), file: file, offset: directoryOffset)
        }
        let fields = [32, 40, 48].map { bytes.littleEndianUInt64(at: $0) }
        return FileHeader(magic: magicBytes, identity: found, fields: fields)
    }
}
