import Durability
import Support
import Testing

@Suite("CRC-32C")
struct CRC32CTests {
    /// RFC 3720, appendix B.4 (the CRC bytes listed there are the value's little-endian bytes).
    @Test("matches the iSCSI test vectors of RFC 3720")
    func rfc3720Vectors() {
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(CRC32C.checksum((0..<32).map { UInt8($0) }) == 0x46DD_794E)
        #expect(CRC32C.checksum((0..<32).reversed().map { UInt8($0) }) == 0x113F_DB5C)
        let readCommand: [UInt8] = [
            0x01, 0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x18,
            0x28, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        ]
        #expect(CRC32C.checksum(readCommand) == 0xD996_3A56)
    }

    @Test("matches the common check value of \"123456789\" and is 0 for no bytes")
    func checkValue() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([]) == 0)
    }

    /// The slicing-by-8 code against the bit-by-bit definition, on seeded inputs of every length
    /// up to 64 (every alignment of the 8-byte loop and its byte tail), split at every point.
    @Test("agrees with a bitwise reference and continues across any split")
    func differentialAgainstBitwise() {
        var random = SplitMix64(seed: 3720)
        for length in 0...64 {
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            let expected = bitwise(bytes)
            #expect(CRC32C.checksum(bytes) == expected, "length \(length)")
            for split in 0...length {
                let first = CRC32C.checksum(Array(bytes[..<split]))
                #expect(CRC32C.checksum(Array(bytes[split...]), continuing: first) == expected, "length \(length), split \(split)")
            }
            if length > 3 {
                #expect(CRC32C.checksum(bytes, in: 1..<length - 2) == bitwise(Array(bytes[1..<length - 2])))
            }
        }
    }

    private func bitwise(_ bytes: [UInt8]) -> UInt32 {
        var register: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            register ^= UInt32(byte)
            for _ in 0..<8 { register = register & 1 == 1 ? (register >> 1) ^ 0x82F6_3B78 : register >> 1 }
        }
        return ~register
    }
}
