import KeyValue
import Raft
import Support

extension StoreNode {
    /// Persist, send, apply, serve reads, in the order `Ready` prescribes.
    mutating func handleReady() -> Output {
        var out = Output()
        while raft.hasReady {
            let ready = raft.ready()
            if crashDuringNextSync && ready.mustSync {
                writeWithoutSync(ready)
                crashedMidWrite = true
                return out
            }
            do {
                try storage.persist(ready)
            } catch {
                // The simulated disk never fails writes (failWrites stays off); a failure here is
                // a bug in the storage, not a fault to survive.
                preconditionFailure("persist failed on \(id): \(error)")
            }
            out.synced = out.synced || ready.mustSync
            out.appended += ready.entries
            out.messages += ready.messages
            precondition(ready.snapshotToApply == nil, "the simulation never compacts, so no snapshot reaches \(id)")
            for entry in ready.committedEntries { apply(entry, into: &out) }
            for state in ready.readStates { serve(state, into: &out) }
            raft.advance(ready)
        }
        noticeLeadership(into: &out)
        return out
    }

    /// The records of a Ready written but not synced: the process dies before the sync returns,
    /// so none of its messages leave and the crash decides what of it the disk kept.
    mutating func writeWithoutSync(_ ready: Ready) {
        do {
            if let snapshot = ready.snapshot { try storage.saveSnapshot(snapshot) }
            if !ready.entries.isEmpty { try storage.append(ready.entries) }
            if let state = ready.hardState { try storage.saveHardState(state) }
            if let position = ready.compaction { try storage.compact(through: position) }
        } catch {
            preconditionFailure("write failed on \(id): \(error)")
        }
    }

    mutating func apply(_ entry: LogEntry, into out: inout Output) {
        var hasher = StableHasher()
        hasher.combine(entry.term)
        hasher.combine(StableHash.of(entry.data))
        var result: ApplyResult?
        if !entry.data.isEmpty {
            do {
                let request = try Request(decoding: entry.data)
                let applied = applyToStore(request, into: &out)
                result = applied
                out.results.append((entry.index, applied))
            } catch {
                // Only this node proposes the bytes; an undecodable entry is a codec bug.
                preconditionFailure("entry \(entry.index) on \(id) does not decode: \(error)")
            }
        }
        hasher.combine(Int(store.revision))
        let digest = hasher.finalized
        out.applied.append((entry.index, entry.term, digest))
        guard let waiting = writes.removeValue(forKey: entry.index) else { return }
        guard waiting.term == entry.term, let result else {
            // Another leader's entry took the index: ours was dropped, but the client cannot
            // tell that apart from a late apply elsewhere, so it is told "unknown".
            out.replies.append((waiting.client, .reply(id: waiting.requestID, .unknown)))
            return
        }
        if result.error == nil { out.acknowledged.append((entry.index, digest)) }
        out.replies.append((waiting.client, .reply(id: waiting.requestID, StoreNode.reply(result.result))))
    }

    /// Applies one request to the store, then lets the lessor and the watch hub follow it.
    mutating func applyToStore(_ request: Request, into out: inout Output) -> ApplyResult {
        var leaseKeys: [[UInt8]]?
        switch request {
        case .leaseExpire(let lease, _), .leaseRevoke(let lease):
            let live = store.timeToLive(id: lease, keys: true)
            if live.ttlSeconds >= 0 { leaseKeys = live.keys }
        default:
            break
        }
        let result = store.apply(request)
        lessor.observe(result.leaseChanges, at: clockMilliseconds)
        if !result.events.isEmpty {
            out.revisions.append((result.revision, result.events))
            for delivery in hub.applied(events: result.events, revision: result.revision) {
                out.replies.append((Int(delivery.owner), .watch(delivery.response)))
            }
        }
        let removed = result.leaseChanges.contains { if case .removed = $0 { return true } else { return false } }
        if let keys = leaseKeys, removed {
            // A DELETE for every key of a removed lease, at the removal's revision.
            let deleted = result.events.filter { $0.kind == Event.Kind.delete }.map { $0.kv.key }
            if deleted != keys { out.problems.append("\(id) removed a lease with keys \(keys.map(KeyBytes.text)) but deleted \(deleted.map(KeyBytes.text))") }
        }
        if case .leaseExpire(let lease, _) = request, removed { out.expired.append(lease) }
        return result
    }

    mutating func serve(_ state: ReadState, into out: inout Output) {
        guard let context = StoreNode.number(state.context), let waiting = reads.removeValue(forKey: context) else { return }
        precondition(raft.appliedIndex >= state.readIndex, "read served before its index was applied")
        guard case .range(let range) = waiting.request else { preconditionFailure("a read that is not a range") }
        out.replies.append((waiting.client, .reply(id: waiting.requestID, StoreNode.reply(store.read(range).map(Response.range)))))
    }

    /// Leadership lost (or a new term): every waiting request's outcome is unknown. The lessor
    /// follows: only a leader proposes expiries.
    mutating func noticeLeadership(into out: inout Output) {
        let leads = isLeader
        if wasLeader && (!leads || raft.currentTerm != leaderTerm) {
            for index in writes.keys.sorted() {
                let waiting = writes[index]!
                out.replies.append((waiting.client, .reply(id: waiting.requestID, .unknown)))
            }
            for context in reads.keys.sorted() {
                let waiting = reads[context]!
                out.replies.append((waiting.client, .reply(id: waiting.requestID, .unknown)))
            }
            writes.removeAll()
            reads.removeAll()
            lessor.demote()
        }
        if leads && (!wasLeader || raft.currentTerm != leaderTerm) { lessor.promote() }
        wasLeader = leads
        leaderTerm = raft.currentTerm
    }
}
