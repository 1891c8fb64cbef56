extension LeaseLeader {
    /// The etcd-like store: one linearizable process holding the revision counter, the single
    /// key `election/billing`, one lease slot per broker and one watch per broker.
    ///
    /// A lease is named after the broker that holds it ("lease 1" is broker-1's): a broker
    /// holds at most one lease at a time and asks for a new one only after giving up the old,
    /// so the owner identifies the lease. A regrant after a lost grant reply refreshes the slot,
    /// which behaves as etcd's orphaned extra lease does (it carries no key, so it expires
    /// without an event).
    public struct StoreState: Hashable, Sendable {
        /// The store's revision: bumped by every put and delete of the key. Starts at 1.
        public internal(set) var revision: UInt8 = 1
        /// 0 when the key is absent, else the index + 1 of the broker whose lease it carries.
        public internal(set) var keyOwner: UInt8 = 0
        public internal(set) var keyCreateRevision: UInt8 = 0
        public internal(set) var keyModRevision: UInt8 = 0
        /// Remaining TTL of each broker's lease in store ticks; 0 means no live lease.
        public internal(set) var leaseTTL = BrokerSlots<UInt8>(repeating: 0)
        /// Each broker's watch: the revision of the next event its stream delivers (events are
        /// delivered in revision order, never lost); 0 when it has no watch.
        public internal(set) var watchCursor = BrokerSlots<UInt8>(repeating: 0)
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
