/// An open file, addressed by offset (no shared cursor), as `FileIO` hands it out.
public protocol IOFile: AnyObject {
    var path: String { get }
    func size() throws(DurabilityError) -> UInt64
    /// Up to `count` bytes from `offset` (fewer at the end of the file).
    func read(at offset: UInt64, count: Int) throws(DurabilityError) -> [UInt8]
    /// Writes all of `bytes` at `offset`, or fails having written some unknown prefix of them.
    func write(_ bytes: UnsafeRawBufferPointer, at offset: UInt64) throws(DurabilityError)
    /// Reserves space up to `bytes` (the file reads as zeros past its data), so that later
    /// writes inside it do not run out of space or change the file's size.
    func preallocate(bytes: UInt64) throws(DurabilityError)
    func truncate(bytes: UInt64) throws(DurabilityError)
    /// Makes the written data durable (`fdatasync`: data and the metadata needed to read it).
    func syncData() throws(DurabilityError)
    /// Makes data and all metadata durable (`fsync`).
    func sync() throws(DurabilityError)
    func close()
}
