/// The changes of the request being applied, all at one revision (etcd's `storeTxnWrite`).
struct PendingWrite {
    /// The revision the changes are written at: one more than the store's.
    let revision: Int64
    var events: [Event] = []
    var leaseChanges: [LeaseChange] = []

    init(after revision: Int64) { self.revision = revision + 1 }

    /// The revision the store has with these changes: reads inside a transaction see them.
    var current: Int64 { events.isEmpty ? revision - 1 : revision }

    /// The position of the next change among this revision's changes.
    var nextSub: Int32 { Int32(events.count) }
}
