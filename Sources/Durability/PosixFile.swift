import Glibc

/// A file opened by `PosixFileIO`: `pread`/`pwrite` at explicit offsets, `posix_fallocate`,
/// `fdatasync` and `fsync`. Closed when released.
final class PosixFile: IOFile {
    let path: String
    private var descriptor: Int32

    init(path: String, descriptor: Int32) {
        precondition(descriptor >= 0, "an open descriptor")
        self.path = path
        self.descriptor = descriptor
    }

    deinit { close() }

    func size() throws(DurabilityError) -> UInt64 {
        var status = stat()
        guard fstat(try open(), &status) == 0 else { throw .system("stat", file: path) }
        return UInt64(status.st_size)
    }

    func read(at offset: UInt64, count: Int) throws(DurabilityError) -> [UInt8] {
        precondition(count >= 0, "a non-negative count")
        let descriptor = try open()
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        var failure: Int32 = 0
        bytes.withUnsafeMutableBytes { raw in
            while done < count {
                let got = pread(descriptor, raw.baseAddress! + done, count - done, off_t(offset) + off_t(done))
                if got < 0 && errno == EINTR { continue }
                if got < 0 { failure = errno; return }
                if got == 0 { return }  // end of file
                done += got
            }
        }
        guard failure == 0 else { throw .system("read", file: path, offset: offset + UInt64(done), code: failure) }
        if done < count { bytes.removeLast(count - done) }
        return bytes
    }

    func write(_ bytes: UnsafeRawBufferPointer, at offset: UInt64) throws(DurabilityError) {
        let descriptor = try open()
        var done = 0
        // pwrite may write less than asked (signals, quotas): loop until all is written.
        while done < bytes.count {
            let wrote = pwrite(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(offset) + off_t(done))
            if wrote < 0 && errno == EINTR { continue }
            guard wrote > 0 else { throw .system("write", file: path, offset: offset + UInt64(done), code: wrote == 0 ? EIO : errno) }
            done += wrote
        }
    }

    func preallocate(bytes: UInt64) throws(DurabilityError) {
        // posix_fallocate returns the error instead of setting errno.
        let code = posix_fallocate(try open(), 0, off_t(bytes))
        guard code == 0 else { throw .system("preallocate \(bytes) bytes", file: path, code: code) }
    }

    func truncate(bytes: UInt64) throws(DurabilityError) {
        guard ftruncate(try open(), off_t(bytes)) == 0 else { throw .system("truncate to \(bytes) bytes", file: path) }
    }

    func syncData() throws(DurabilityError) {
        guard fdatasync(try open()) == 0 else { throw .system("fdatasync", file: path) }
    }

    func sync() throws(DurabilityError) {
        guard fsync(try open()) == 0 else { throw .system("fsync", file: path) }
    }

    func close() {
        if descriptor >= 0 { Glibc.close(descriptor) }
        descriptor = -1
    }

    private func open() throws(DurabilityError) -> Int32 {
        guard descriptor >= 0 else { throw DurabilityError(.unusable("the file was closed"), file: path) }
        return descriptor
    }
}
