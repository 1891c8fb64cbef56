import Glibc

/// An open file of a `MemoryFileIO`.
final class MemoryFile: IOFile {
    let path: String
    private let node: MemoryFileIO.Node
    private let disk: MemoryFileIO
    private var isOpen = true

    init(path: String, node: MemoryFileIO.Node, disk: MemoryFileIO) {
        self.path = path
        self.node = node
        self.disk = disk
    }

    func size() throws(DurabilityError) -> UInt64 {
        try checkOpen()
        return UInt64(node.data.count)
    }

    func read(at offset: UInt64, count: Int) throws(DurabilityError) -> [UInt8] {
        try checkOpen()
        precondition(count >= 0, "a non-negative count")
        let start = min(Int(offset), node.data.count)
        return Array(node.data[start..<min(start + count, node.data.count)])
    }

    func write(_ bytes: UnsafeRawBufferPointer, at offset: UInt64) throws(DurabilityError) {
        try checkOpen()
        try disk.spend("write", path)
        let end = Int(offset) + bytes.count
        // A full disk refuses the whole write: nothing of it lands (a real disk may land a
        // prefix; the layer never relies on either).
        guard disk.mayGrow(node, to: end), !disk.failAllWrites else { throw .system("write", file: path, offset: offset, code: ENOSPC) }
        if end > node.data.count { node.data.append(contentsOf: repeatElement(0, count: end - node.data.count)) }
        node.data.withUnsafeMutableBytes { raw in
            UnsafeMutableRawBufferPointer(rebasing: raw[Int(offset)..<end]).copyMemory(from: bytes)
        }
    }

    func preallocate(bytes: UInt64) throws(DurabilityError) {
        try checkOpen()
        try disk.spend("preallocate", path)
        guard disk.mayGrow(node, to: Int(bytes)) else { throw .system("preallocate \(bytes) bytes", file: path, code: ENOSPC) }
        if Int(bytes) > node.data.count { node.data.append(contentsOf: repeatElement(0, count: Int(bytes) - node.data.count)) }
    }

    func truncate(bytes: UInt64) throws(DurabilityError) {
        try checkOpen()
        try disk.spend("truncate", path)
        if Int(bytes) < node.data.count {
            node.data.removeLast(node.data.count - Int(bytes))
        } else {
            node.data.append(contentsOf: repeatElement(0, count: Int(bytes) - node.data.count))
        }
    }

    func syncData() throws(DurabilityError) { try sync() }

    func sync() throws(DurabilityError) {
        try checkOpen()
        try disk.spend("fsync", path)
        node.durable = node.data
        disk.countSync()
    }

    func close() { isOpen = false }

    private func checkOpen() throws(DurabilityError) {
        guard isOpen else { throw DurabilityError(.unusable("the file was closed"), file: path) }
    }
}
