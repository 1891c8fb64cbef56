/// Keys and values are byte strings, ordered as etcd orders them: lexicographically by their
/// bytes (Go's `bytes.Compare`), a prefix before its extensions.
public enum KeyBytes {
    /// -1, 0 or 1 as `a` sorts before, equal to or after `b`.
    @inlinable
    public static func compare(_ a: [UInt8], _ b: [UInt8]) -> Int {
        a.withUnsafeBufferPointer { left in
            b.withUnsafeBufferPointer { right in
                let shared = min(left.count, right.count)
                var index = 0
                while index < shared {
                    let x = left[index]
                    let y = right[index]
                    if x != y { return x < y ? -1 : 1 }
                    index += 1
                }
                return left.count == right.count ? 0 : (left.count < right.count ? -1 : 1)
            }
        }
    }

    @inlinable
    public static func less(_ a: [UInt8], _ b: [UInt8]) -> Bool { compare(a, b) < 0 }

    /// The range end that selects every key starting with `prefix` (etcd's `clientv3.GetPrefixEnd`):
    /// the prefix with its last byte below 0xff incremented and what follows dropped, or `[0]`
    /// (every key from the start) when every byte is 0xff or the prefix is empty.
    public static func prefixEnd(_ prefix: [UInt8]) -> [UInt8] {
        var end = prefix
        while let last = end.last {
            if last < 0xff {
                end[end.count - 1] = last + 1
                return end
            }
            end.removeLast()
        }
        return [0]
    }

    /// UTF-8 bytes of a text key or value.
    @inlinable
    public static func of(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// The text of bytes for messages and histories (invalid UTF-8 is replaced, so use this for
    /// display and for histories whose keys are text).
    public static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
}
