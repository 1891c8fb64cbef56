extension LeaseLeader {
    /// A message between a broker and the store, the database or the provider, packed in 32
    /// bits: kind (6 bits), broker (2 bits), two 8-bit arguments, the owner of a key the store
    /// returns (2 bits), the message's age in ticks (2 bits), whether its sender has abandoned
    /// it (1 bit), the lease it names (2 bits) and whether the network slowed it (1 bit). Every message names one broker, its sender
    /// or its receiver; the other end follows from the kind.
    ///
    /// **Abandoned requests.** A broker that times out and resends, or gives up, cancels the
    /// request it had in flight, as a gRPC client cancels a call: the request still reaches
    /// its server and takes effect there (a retry races its original), but its answer is never
    /// delivered to the caller, so the receiver sends none. Answers already in flight to a
    /// cancelled call are dropped when the call is cancelled. Each broker thread therefore has
    /// at most one exchange it still listens to, and any number of abandoned requests that
    /// are at most `maxMessageDelayTicks` old.
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
            // Store to broker, on the watch's stream: the watch was cancelled by a compaction.
            case watchCancelled
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
        ///     carries (0 = absent), so a broker whose earlier attempt won recognises its key (a
        ///     broker holds at most one live lease, so its index names it among the live ones).
        ///   - lease: granted: the new lease's id; txn, put, keepAlive, revoke: the lease the
        ///     request names. Ids are per broker (see `StoreState.leaseID`).
        init(_ kind: Kind, broker: Int, _ first: UInt8 = 0, _ second: UInt8 = 0, keyLease: UInt8 = 0, lease: UInt8 = 0) {
            precondition(broker >= 0 && broker < 4, "a message names one of at most 4 brokers")
            precondition(keyLease < 4, "a key's lease names one of at most 3 brokers")
            precondition(lease <= Self.leaseIDMax, "a lease id fits two bits")
            raw = UInt32(kind.rawValue) | UInt32(broker) << 6 | UInt32(first) << 8 | UInt32(second) << 16
                | UInt32(keyLease) << 24 | UInt32(lease) << 29
        }

        /// The largest per-broker lease id a message can carry (0 = none).
        static let leaseIDMax: UInt8 = 3
        /// The largest age a message can carry, so `maxMessageDelayTicks` is at most this.
        static let ageMax: UInt8 = 3

        init(raw: UInt32) { self.raw = raw }

        public var kind: Kind { Kind(rawValue: UInt8(raw & 0x3F))! }
        public var broker: Int { Int((raw >> 6) & 3) }
        var first: UInt8 { UInt8(truncatingIfNeeded: raw >> 8) }
        var second: UInt8 { UInt8(truncatingIfNeeded: raw >> 16) }
        var keyLease: UInt8 { UInt8(truncatingIfNeeded: raw >> 24) & 3 }
        /// Ticks since it was sent (saturating at the delay bound).
        var age: UInt8 { UInt8(truncatingIfNeeded: raw >> 26) & 3 }
        /// Its sender has cancelled the call: the receiver acts on it but answers nothing.
        var isAbandoned: Bool { raw & (1 << 28) != 0 }
        var lease: UInt8 { UInt8(truncatingIfNeeded: raw >> 29) & 3 }
        /// The network has slowed it: it may cross up to `maxMessageDelayTicks` ticks.
        var isSlow: Bool { raw & (1 << 31) != 0 }

        /// The same message, slowed by the network.
        var slowed: Message { Message(raw: raw | 1 << 31) }

        /// The message one tick older, saturating at `ageMax`.
        func aged(saturatingAt limit: UInt8) -> Message {
            precondition(limit <= Self.ageMax, "the delay bound fits two bits")
            let older = min(limit, age + 1)
            return Message(raw: (raw & ~(UInt32(3) << 26)) | UInt32(older) << 26)
        }

        /// The same request, cancelled by its sender.
        var abandoned: Message {
            precondition(receiver != .broker, "only a request is abandoned; an answer to a cancelled call is dropped")
            return Message(raw: raw | 1 << 28)
        }

        /// The message with another lease id (the store's canonical renaming of ids).
        func withLease(_ id: UInt8) -> Message {
            precondition(id <= Self.leaseIDMax, "a lease id fits two bits")
            return Message(raw: (raw & ~(UInt32(3) << 29)) | UInt32(id) << 29)
        }

        /// The message with broker i renamed to permutation[i], in both fields that name one.
        func renaming(by permutation: [Int]) -> Message {
            var renamed = (raw & ~(UInt32(3) << 6) & ~(UInt32(3) << 24)) | UInt32(permutation[broker]) << 6
            if keyLease != 0 { renamed |= UInt32(permutation[Int(keyLease) - 1] + 1) << 24 }
            return Message(raw: renamed)
        }

        /// Which of its broker's two threads the message belongs to: the session (store traffic)
        /// or the charging loop (database and provider traffic).
        var isSessionTraffic: Bool {
            switch kind {
            case .leaseGrant, .txn, .range, .put, .keepAlive, .revoke, .watchCreate, .granted, .txnWon, .txnLost,
                 .leaseNotFound, .rangeResult, .putDone, .refreshed, .refreshNotFound, .revoked, .watchCancelled:
                return true
            default:
                return false
            }
        }

        var receiver: Endpoint {
            switch kind {
            case .leaseGrant, .txn, .range, .put, .keepAlive, .revoke, .watchCreate: return .store
            case .readDue, .writeIntent, .record: return .database
            case .charge, .lookup: return .provider
            default: return .broker
            }
        }

        /// Whether the network may lose it. The watch request and its cancellation ride the
        /// watch's own stream, which is reliable (delayed, never lost), so only request/response
        /// traffic is lost.
        var isLossy: Bool { kind != .watchCreate && kind != .watchCancelled }

        public static func < (lhs: Message, rhs: Message) -> Bool { lhs.raw < rhs.raw }
    }
}
