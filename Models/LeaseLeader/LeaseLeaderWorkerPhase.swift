extension LeaseLeader {
    /// Where a broker's charging loop (its worker thread) stands. The worker runs only while the
    /// broker leads, but an exchange it has started always runs to its end (or its timeout), so
    /// a charge the provider acknowledged is still recorded after its broker stepped down.
    public enum WorkerPhase: UInt8, Sendable, CaseIterable {
        /// Nothing outstanding: as an acting leader it asks the database what is due.
        case idle = 0
        /// ReadDue sent, awaiting the due list.
        case awaitingDue
        /// Charge sent for `item`, awaiting the provider's answer.
        case awaitingAck
        /// Record sent for `item`, awaiting the database's confirmation.
        case awaitingRecord
        /// Nothing was due: it polls again after its next tick.
        case waitingForTick

        var name: String {
            switch self {
            case .idle: return "idle"
            case .awaitingDue: return "awaiting the due list"
            case .awaitingAck: return "awaiting the provider"
            case .awaitingRecord: return "awaiting the database's record"
            case .waitingForTick: return "nothing due, waiting for the next tick"
            }
        }

        var awaitsResponse: Bool { self == .awaitingDue || self == .awaitingAck || self == .awaitingRecord }
    }
}
