/// The on-disk frame of one record, 8-byte aligned (as etcd's WAL aligns its frames, so that a
/// header never straddles a sector boundary unaligned):
///
/// ```
/// 0  index (8)  8 payload length (4)  12 kind (1)  13 zero (3)
/// 16 record CRC-32C: bytes 0..<16, then the payload (4)
/// 20 header CRC-32C: bytes 0..<20 (4)
/// 24 payload, then zero padding to a multiple of 8
/// ```
///
/// The header has its own checksum so that a damaged length is recognised before it is
/// trusted, and the record's index is in it so that a record in the wrong place (a stale or
/// copied one) fails. Kind 0 is never written, and an all-zero header fails the header
/// checksum, so preallocated zeros are never taken for a record. Padding must be zero, so a
/// flipped bit anywhere in a frame is detected.
enum RecordFrame {
    static let headerBytes = 24
    static let alignmentBytes = 8

    /// What a frame holds at an offset.
    enum Decoded: Equatable {
        /// A valid record: its kind, where its payload lies, and the frame's size.
        case record(kind: UInt8, payload: Range<Int>, frameBytes: Int)
        /// Zeros where a header would start (preallocated space, or zeroed data).
        case zeros
        /// Not a valid record. `declaredEnd` is where the frame would end when its header is
        /// intact and the frame lies inside the buffer (a valid record after it starts there
        /// or later), nil otherwise.
        case bad(reason: String, declaredEnd: Int?)
    }

    static func frameBytes(payloadBytes: Int) -> Int {
        let unaligned = headerBytes + payloadBytes
        return (unaligned + alignmentBytes - 1) / alignmentBytes * alignmentBytes
    }

    /// Appends the frame of one record to `buffer`.
    static func append(index: UInt64, kind: UInt8, payload: UnsafeRawBufferPointer, to buffer: inout [UInt8]) {
        precondition(kind != 0, "kind 0 is reserved: it is what zeros would read as")
        precondition(payload.count <= Int(UInt32.max), "a payload length fits the 4-byte field")
        let start = buffer.count
        buffer.appendLittleEndian(index)
        buffer.appendLittleEndian(UInt32(payload.count))
        buffer.append(contentsOf: [kind, 0, 0, 0])
        let recordChecksum = CRC32C.checksum(payload, continuing: CRC32C.checksum(buffer, in: start..<start + 16))
        buffer.appendLittleEndian(recordChecksum)
        buffer.appendLittleEndian(CRC32C.checksum(buffer, in: start..<start + 20))
        buffer.append(contentsOf: payload)
        let padding = frameBytes(payloadBytes: payload.count) - headerBytes - payload.count
        buffer.append(contentsOf: repeatElement(0, count: padding))
        assert((buffer.count - start) % alignmentBytes == 0, "frames are aligned")
    }

    /// Decodes the frame at `offset`. With an `expectedIndex`, a record of another index is bad.
    static func decode(_ bytes: [UInt8], at offset: Int, expectedIndex: UInt64?, payloadBytesMax: Int) -> Decoded {
        precondition(offset >= 0 && offset <= bytes.count, "the offset lies inside the buffer")
        let available = bytes.count - offset
        if available < headerBytes {
            if bytes.isZero(in: offset..<bytes.count) { return .zeros }
            return .bad(reason: "a partial record header (\(available) bytes)", declaredEnd: nil)
        }
        if bytes.isZero(in: offset..<offset + headerBytes) { return .zeros }
        guard CRC32C.checksum(bytes, in: offset..<offset + 20) == bytes.littleEndianUInt32(at: offset + 20) else {
            return .bad(reason: "record header checksum mismatch", declaredEnd: nil)
        }
        let index = bytes.littleEndianUInt64(at: offset)
        let length = Int(bytes.littleEndianUInt32(at: offset + 8))
        let kind = bytes[offset + 12]
        guard kind != 0, bytes[offset + 13] == 0, bytes[offset + 14] == 0, bytes[offset + 15] == 0 else {
            return .bad(reason: "record kind \(kind) or reserved header bytes not written by this program", declaredEnd: nil)
        }
        guard length <= payloadBytesMax else {
            return .bad(reason: "record payload of \(length) bytes exceeds the limit of \(payloadBytesMax)", declaredEnd: nil)
        }
        if let expectedIndex, index != expectedIndex {
            return .bad(reason: "record index \(index) where \(expectedIndex) was expected", declaredEnd: nil)
        }
        let frame = frameBytes(payloadBytes: length)
        guard frame <= available else {
            return .bad(reason: "record of \(frame) bytes runs past the end of the file", declaredEnd: nil)
        }
        let payload = offset + headerBytes..<offset + headerBytes + length
        let recordChecksum = CRC32C.checksum(bytes, in: payload, continuing: CRC32C.checksum(bytes, in: offset..<offset + 16))
        guard recordChecksum == bytes.littleEndianUInt32(at: offset + 16) else {
            return .bad(reason: "record checksum mismatch", declaredEnd: offset + frame)
        }
        guard bytes.isZero(in: payload.upperBound..<offset + frame) else {
            return .bad(reason: "nonzero padding after the record", declaredEnd: offset + frame)
        }
        return .record(kind: kind, payload: payload, frameBytes: frame)
    }

    /// The offset of the first valid record (of any index) at an aligned offset from `start`
    /// on, or nil: what tells a torn tail (nothing valid after the damage) from corruption.
    /// - Complexity: O(n) header checks; zeros are skipped 8 bytes at a time.
    static func firstValidRecord(in bytes: [UInt8], from start: Int, payloadBytesMax: Int) -> Int? {
        var offset = (start + alignmentBytes - 1) / alignmentBytes * alignmentBytes
        while offset + headerBytes <= bytes.count {
            if case .record = decode(bytes, at: offset, expectedIndex: nil, payloadBytesMax: payloadBytesMax) { return offset }
            offset += alignmentBytes
        }
        return nil
    }
}
