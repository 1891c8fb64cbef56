/// One breadth-first worker's buffers, reused level after level so that, once warm, expanding
/// a state allocates nothing in the checker (what the model's successor function allocates is
/// the model's business).
/// Exclusivity by construction: a worker's fields are touched only by the thread that runs it
/// during a parallel phase, and by the search between phases, so they are declared
/// `@exclusivity(unchecked)` (the dynamic checks cost about a tenth of the search's instructions).
@usableFromInline final class BFSWorker<M: Model>: @unchecked Sendable {
    @usableFromInline @exclusivity(unchecked) var actions: [M.Action] = []
    @usableFromInline @exclusivity(unchecked) var encoder = StateEncoder()
    @usableFromInline @exclusivity(unchecked) var scratch = StateEncoder()

    // Candidates of the next level, in claim order.
    @usableFromInline let claims = GrowableBuffer<UInt64>()
    @usableFromInline let fingerprints = GrowableBuffer<UInt64>()
    @usableFromInline let states = GrowableBuffer<M.State>()
    @usableFromInline @exclusivity(unchecked) var keys: [ExactKey] = []

    // Phase 2: candidate indices grouped by stripe (claim order kept within a stripe), and
    // what the stripe owners decided. The flags are raw memory because threads other than
    // this worker's write them (each index by exactly one thread).
    @usableFromInline @exclusivity(unchecked) var bucketed = UnsafeMutableBufferPointer<StripeEntry>.allocate(capacity: 0)
    @usableFromInline @exclusivity(unchecked) var stripeStarts = Array(repeating: 0, count: StateStore.stripeCount + 1)
    @usableFromInline @exclusivity(unchecked) var winners = UnsafeMutableBufferPointer<Bool>.allocate(capacity: 0)

    @usableFromInline @exclusivity(unchecked) var findings: [Finding?]
    @usableFromInline @exclusivity(unchecked) var generated = 0
    @usableFromInline @exclusivity(unchecked) var truncated = false

    // The state graph for alwaysPossibly: edges by fingerprint until ids are known.
    @usableFromInline @exclusivity(unchecked) var edgeFrom: [UInt32] = []
    @usableFromInline @exclusivity(unchecked) var edgeFingerprints: [UInt64] = []
    @usableFromInline @exclusivity(unchecked) var edgeKeys: [ExactKey] = []
    @usableFromInline @exclusivity(unchecked) var edgeTo: [UInt32] = []

    @usableFromInline init(resultCount: Int) {
        findings = Array(repeating: nil, count: resultCount)
    }

    deinit {
        bucketed.deallocate()
        winners.deallocate()
    }

    @inline(__always)
    @inlinable func fingerprint(_ state: M.State, model: M, permutations: [[Int]], inverses: [UInt64],
                                exact: Bool) -> (UInt64, ExactKey?) {
        if permutations.isEmpty {
            encoder.reset()
            model.encode(state, into: &encoder)
        } else {
            Symmetry.canonicalEncoding(of: state, model: model, permutations: permutations, inverses: inverses,
                                       best: &encoder, scratch: &scratch)
        }
        let fingerprint = encoder.fingerprint
        return (fingerprint, exact ? ExactKey(bytes: encoder.bytes, fingerprint: fingerprint) : nil)
    }

    @inline(__always)
    @inlinable func addCandidate(claim: UInt64, fingerprint: UInt64, state: M.State, key: ExactKey?) {
        assert(claims.last.map { $0 < claim } ?? true, "candidates must arrive in claim order")
        claims.append(claim)
        fingerprints.append(fingerprint)
        states.append(state)
        if let key { keys.append(key) }
    }

    @inline(__always)
    @inlinable func recordEdge(from id: Int, to fingerprint: UInt64, _ key: ExactKey?) {
        edgeFrom.append(UInt32(id))
        edgeFingerprints.append(fingerprint)
        if let key { edgeKeys.append(key) }
    }

    /// Copies the candidates' claims and fingerprints into per-stripe buckets with a counting
    /// sort (stable, so claim order holds within each stripe), so that the insertion phase reads
    /// each stripe's candidates sequentially; and readies the decision flags.
    @usableFromInline func sortByStripe() {
        let count = claims.count
        for index in stripeStarts.indices { stripeStarts[index] = 0 }
        let fingerprints = self.fingerprints.view
        let claims = self.claims.view
        for fingerprint in fingerprints { stripeStarts[StateStore.stripe(of: fingerprint) + 1] += 1 }
        for stripe in 0..<StateStore.stripeCount { stripeStarts[stripe + 1] += stripeStarts[stripe] }
        if bucketed.count < count {
            bucketed.deallocate()
            bucketed = .allocate(capacity: max(count, bucketed.count * 2))
            winners.deallocate()
            winners = .allocate(capacity: bucketed.count)
        }
        var next = stripeStarts
        for index in 0..<count {
            let fingerprint = fingerprints[index]
            let stripe = StateStore.stripe(of: fingerprint)
            bucketed[next[stripe]] = StripeEntry(claim: claims[index], fingerprint: fingerprint, index: index)
            next[stripe] += 1
        }
        UnsafeMutableBufferPointer(rebasing: winners[0..<count]).update(repeating: false)
    }

    /// Turns this level's edges into ids, now that every target has one.
    @usableFromInline func resolveEdges(store: StateStore) {
        edgeTo.removeAll(keepingCapacity: true)
        edgeTo.reserveCapacity(edgeFrom.count)
        for index in edgeFrom.indices {
            let key = store.exact ? edgeKeys[index] : nil
            guard let id = store.id(of: edgeFingerprints[index], key: key) else {
                preconditionFailure("an edge leads to a state with no id")
            }
            edgeTo.append(UInt32(id))
        }
    }

    @usableFromInline func clearCandidates() {
        claims.removeAll()
        fingerprints.removeAll()
        states.removeAll()
        keys.removeAll(keepingCapacity: true)
    }

    @usableFromInline func clearEdges() {
        edgeFrom.removeAll(keepingCapacity: true)
        edgeFingerprints.removeAll(keepingCapacity: true)
        edgeKeys.removeAll(keepingCapacity: true)
        edgeTo.removeAll(keepingCapacity: true)
    }
}

/// A candidate as the insertion phase reads it, grouped by stripe.
@usableFromInline struct StripeEntry {
    @usableFromInline var claim: UInt64
    @usableFromInline var fingerprint: UInt64
    @usableFromInline var index: Int
}
