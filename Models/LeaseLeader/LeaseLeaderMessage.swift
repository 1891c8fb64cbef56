extension LeaseLeader {
    /// A message between a broker and the store, the database or the provider, packed in 32
    /// bits: kind (6 bits), broker (2 bits), two 8-bit arguments and the lease of a key the
    /// store returns. Every message names one broker, its sender or its receiver; the other
    /// end follows from the kind.
    public struct Message: Hashable, Comparable, Sendable {
        public enum Kind: UInt8, Sendable, CaseIterable {
            // Broker to store.
            case leaseGrant = 1, txn, range, put, keepAlive, revoke, watchCreate
            // Store to broker.
            case granted, txnWon, txnLost, leaseNotFound, rangeResult, putDone, refreshed, refreshNotFound, revoked
            // Broker to database, and back.
            case readDue, writeIntent, record, dueList, intentResult, recordDone, recordFenced
            // Broker to provider, and back.
            case charge, lookup, chargeAck, chargeRejected, lookupResult
        }

        /// Which process receives a message.
        enum Endpoint: Equatable { case store, database, provider, broker }

        let raw: UInt32

        /// - Parameters:
        ///   - first: txnWon/putDone: the new revision; txnLost/rangeResult: the header revision;
        ///     watchCreate: the start revision (0 = now); dueList: the due mask; writeIntent,
        ///     intentResult, record, recordDone, recordFenced, charge, chargeAck, lookup and
        ///     lookupResult: the item; chargeRejected: the provider's highest token.
        ///   - second: txnLost/rangeResult: the key's create revision (0 = absent); dueList: the
        ///     intents among the due items; writeIntent, record and charge: the sender's token
        ///     (its election revision); intentResult: 0 written, 1 fenced, 2 already recorded;
        ///     lookupResult: 1 if the key was ever charged.
        ///   - keyLease: txnLost/rangeResult: the index + 1 of the broker whose lease the key
        ///     carries (0 = absent), so a broker whose earlier attempt won recognises its key.
        init(_ kind: Kind, broker: Int, _ first: UInt8 = 0, _ second: UInt8 = 0, keyLease: UInt8 = 0) {
            precondition(broker >= 0 && broker < 4, "a message names one of at most 4 brokers")
            precondition(keyLease < 4, "a key's lease names one of at most 3 brokers")
            raw = UInt32(kind.rawValue) | UInt32(broker) << 6 | UInt32(first) << 8 | UInt32(second) << 16
                | UInt32(keyLease) << 24
        }

        init(raw: UInt32) { self.raw = raw }

        public var kind: Kind { Kind(rawValue: UInt8(raw & 0x3F))! }
        public var broker: Int { Int((raw >> 6) & 3) }
        var first: UInt8 { UInt8(truncatingIfNeeded: raw >> 8) }
        var second: UInt8 { UInt8(truncatingIfNeeded: raw >> 16) }
        var keyLease: UInt8 { UInt8(truncatingIfNeeded: raw >> 24) }

        /// The message with broker i renamed to permutation[i], in both fields that name one.
        func renaming(by permutation: [Int]) -> Message {
            var renamed = (raw & ~(UInt32(3) << 6) & ~(UInt32(0xFF) << 24)) | UInt32(permutation[broker]) << 6
            if keyLease != 0 { renamed |= UInt32(permutation[Int(keyLease) - 1] + 1) << 24 }
            return Message(raw: renamed)
        }

        var receiver: Endpoint {
            switch kind {
            case .leaseGrant, .txn, .range, .put, .keepAlive, .revoke, .watchCreate: return .store
            case .readDue, .writeIntent, .record: return .database
            case .charge, .lookup: return .provider
            default: return .broker
            }
        }

        /// Whether the network may lose it. The watch request rides the watch's own stream,
        /// which is reliable (delayed, never lost), so only request/response traffic is lost.
        var isLossy: Bool { kind != .watchCreate }

        public static func < (lhs: Message, rhs: Message) -> Bool { lhs.raw < rhs.raw }
    }
}
