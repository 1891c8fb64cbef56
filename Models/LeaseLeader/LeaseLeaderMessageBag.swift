extension LeaseLeader {
    /// The messages in flight: a bag (multiset) kept sorted so that equal bags are equal
    /// values, stored inline. Each broker has at most one exchange per thread (session and
    /// worker) that it still listens to, plus the requests it abandoned within the last
    /// `maxMessageDelayTicks` ticks (one per thread and tick at most, since a thread resends
    /// only after a timeout): at delay 0 at most two messages per broker, at delay 1 six.
    public struct MessageBag: Hashable, Sendable {
        public static var capacity: Int { 12 }
        public private(set) var count = 0
        private var slots = (UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0))
        private var more = (UInt32(0), UInt32(0), UInt32(0), UInt32(0))

        public static func == (lhs: MessageBag, rhs: MessageBag) -> Bool {
            guard lhs.count == rhs.count else { return false }
            for index in 0..<lhs.count where lhs[index] != rhs[index] { return false }
            return true
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(count)
            for index in 0..<count { hasher.combine(self[index].raw) }
        }

        public subscript(index: Int) -> Message {
            precondition(index >= 0 && index < count, "message index out of range")
            return Message(raw: raw(at: index))
        }

        private func raw(at index: Int) -> UInt32 {
            switch index {
            case 0: return slots.0
            case 1: return slots.1
            case 2: return slots.2
            case 3: return slots.3
            case 4: return slots.4
            case 5: return slots.5
            case 6: return slots.6
            case 7: return slots.7
            case 8: return more.0
            case 9: return more.1
            case 10: return more.2
            default: return more.3
            }
        }

        private mutating func set(_ index: Int, _ value: UInt32) {
            switch index {
            case 0: slots.0 = value
            case 1: slots.1 = value
            case 2: slots.2 = value
            case 3: slots.3 = value
            case 4: slots.4 = value
            case 5: slots.5 = value
            case 6: slots.6 = value
            case 7: slots.7 = value
            case 8: more.0 = value
            case 9: more.1 = value
            case 10: more.2 = value
            default: more.3 = value
            }
        }

        /// Adds one copy of `message`, keeping the bag sorted.
        mutating func insert(_ message: Message) {
            precondition(count < Self.capacity, "more messages in flight than the model allows")
            var position = count
            while position > 0 && raw(at: position - 1) > message.raw {
                set(position, raw(at: position - 1))
                position -= 1
            }
            set(position, message.raw)
            count += 1
        }

        /// Removes one copy of `message`; false when there is none.
        @discardableResult
        mutating func remove(_ message: Message) -> Bool {
            guard let index = (0..<count).first(where: { raw(at: $0) == message.raw }) else { return false }
            for position in index..<(count - 1) { set(position, raw(at: position + 1)) }
            set(count - 1, 0)
            count -= 1
            return true
        }

        /// Removes every message for which `shouldRemove` is true.
        mutating func removeAll(where shouldRemove: (Message) -> Bool) {
            var kept = MessageBag()
            for index in 0..<count where !shouldRemove(self[index]) { kept.insert(self[index]) }
            self = kept
        }

        /// Replaces every message by `transform` of it (re-sorted).
        mutating func transform(_ transform: (Message) -> Message) {
            var result = MessageBag()
            for index in 0..<count { result.insert(transform(self[index])) }
            self = result
        }

        public var messages: [Message] { (0..<count).map { self[$0] } }

        func contains(where predicate: (Message) -> Bool) -> Bool {
            for index in 0..<count where predicate(self[index]) { return true }
            return false
        }
    }
}
