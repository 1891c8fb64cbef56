/// Why a storage failed: a write that did not happen (a full disk) or contents no correct run
/// writes. A node's caller stops rather than send messages that promise the failed write.
public enum StorageError: Error, Hashable, Sendable, CustomStringConvertible {
    case writeFailed(String)
    case corrupt(String)

    public var description: String {
        switch self {
        case .writeFailed(let why): "storage write failed: \(why)"
        case .corrupt(let why): "storage corrupt: \(why)"
        }
    }
}
