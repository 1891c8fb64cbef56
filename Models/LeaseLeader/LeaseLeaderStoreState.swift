extension LeaseLeader {
    /// The etcd-like store: one linearizable process holding the revision counter, the single
    /// key `election/billing`, one lease slot per broker and one watch per broker.
    ///
    /// **Lease ids** (issue 15). A broker holds at most one live lease it knows of, and asks for a
    /// new one only after its old one is gone (revoked, expired, or never known), so the store
    /// keeps one lease slot per broker. Each lease gets a unique id from the store's counter;
    /// the model keeps only what can be compared: an id per broker (1...3) that differs from
    /// every id still named by a message in flight, renamed canonically after every step (see
    /// `LeaseLeader.canonicalizeLeaseIDs`). A stale revoke or keepalive naming a gone lease is
    /// answered "lease not found" and touches nothing. A regrant after a lost grant reply takes
    /// the slot: the orphaned lease carries no key and no one knows its id, so it is never
    /// observed (etcd lets it expire without an event). `leaseByBrokerIndex` names every lease
    /// of a broker alike (id 1): a stale request acts on the broker's current lease.
    public struct StoreState: Hashable, Sendable {
        /// The store's revision: bumped by every put and delete of the key. Starts at 1.
        public internal(set) var revision: UInt8 = 1
        /// 0 when the key is absent, else the index + 1 of the broker whose lease it carries.
        public internal(set) var keyOwner: UInt8 = 0
        public internal(set) var keyCreateRevision: UInt8 = 0
        public internal(set) var keyModRevision: UInt8 = 0
        /// Remaining TTL of each broker's lease in store ticks; 0 means no live lease.
        public internal(set) var leaseTTL = BrokerSlots<UInt8>(repeating: 0)
        /// The id of each broker's live lease (0 when none).
        public internal(set) var leaseID = BrokerSlots<UInt8>(repeating: 0)
        /// The revision up to which the history is compacted (etcd's compact revision): a watch
        /// that still needs an event at or below it is cancelled. 0 before any compaction.
        public internal(set) var compactedRevision: UInt8 = 0
        /// Ghost: ticks the key has outlived the crash of the broker whose lease it carries (0
        /// while the key is absent or its holder runs).
        public internal(set) var deadHolderTicks: UInt8 = 0
        /// Each broker's watch: the revision of the next event its stream delivers (events are
        /// delivered in revision order, never lost); 0 when it has no watch.
        public internal(set) var watchCursor = BrokerSlots<UInt8>(repeating: 0)
        /// Each broker's watch stream, slowed by the network (issue 15): 0 while its next event
        /// is pushed before time passes; otherwise the network holds that event back and it has
        /// waited `watchLag − 1` ticks, up to `maxMessageDelayTicks`. Non-zero only while the
        /// watch has an event to deliver; it returns to 0 when the cursor moves.
        public internal(set) var watchLag = BrokerSlots<UInt8>(repeating: 0)
        /// The key's history: bit r is set when revision r deleted the key (every revision
        /// from 2 on is one event on the key, a PUT unless its bit is set). History that no
        /// watch can still ask for is compacted away, as etcd compacts, so equal futures meet.
        public internal(set) var deleteRevisions: UInt64 = 0
        /// Ghost: a campaign succeeded while another broker's key was live (the store's truth at
        /// the moment of the win).
        public internal(set) var wonOverLiveKey = false

        /// The highest revision the 64-bit history can hold.
        static let revisionMax = 63

        func isDelete(at revision: UInt8) -> Bool { deleteRevisions & (1 << UInt64(revision)) != 0 }

        /// Deletes the key at a new revision.
        mutating func deleteKey() {
            precondition(keyOwner != 0, "only a present key can be deleted")
            precondition(Int(revision) < Self.revisionMax, "the revision counter outgrew the model's history")
            revision += 1
            deleteRevisions |= 1 << UInt64(revision)
            keyOwner = 0
            keyCreateRevision = 0
            keyModRevision = 0
            deadHolderTicks = 0
        }

        /// Ends broker `index`'s lease (revoked or expired), deleting the key it carries.
        mutating func endLease(of index: Int) {
            leaseTTL[index] = 0
            leaseID[index] = 0
            if Int(keyOwner) == index + 1 { deleteKey() }
        }

        /// Puts the key with broker `owner`'s lease at a new revision (keeping the create
        /// revision when the key exists, as etcd does).
        mutating func putKey(owner: Int) {
            precondition(Int(revision) < Self.revisionMax, "the revision counter outgrew the model's history")
            revision += 1
            if keyOwner == 0 { keyCreateRevision = revision }
            keyModRevision = revision
            keyOwner = UInt8(owner + 1)
        }
    }
}
