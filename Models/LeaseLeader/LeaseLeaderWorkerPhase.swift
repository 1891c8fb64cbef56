extension LeaseLeader {
    /// Where a broker's charging loop (its worker thread) stands. The worker starts exchanges
    /// only while the broker leads, but an exchange it has started runs to its end (or its
    /// timeout): an acknowledged charge is still recorded after its broker stepped down, and the
    /// database's fence decides whether that record is taken.
    public enum WorkerPhase: UInt8, Sendable, CaseIterable {
        /// Nothing outstanding: as an acting leader it asks the database what is due.
        case idle = 0
        /// ReadDue sent, awaiting the due list (with the items that carry an intent).
        case awaitingDue
        /// Lookup sent for `item`: asking the provider whether its key was ever charged.
        case awaitingLookup
        /// The charge intent for `item` sent as a fenced write, awaiting its outcome.
        case awaitingIntent
        /// The intent is written: the charge is the next step (a pause can fall in between).
        case readyToCharge
        /// Charge sent for `item`, awaiting the provider's answer.
        case awaitingAck
        /// Record sent for `item` (a fenced write), awaiting the database's answer.
        case awaitingRecord
        /// Nothing was due: it polls again after its next tick.
        case waitingForTick

        var name: String {
            switch self {
            case .idle: return "idle"
            case .awaitingDue: return "awaiting the due list"
            case .awaitingLookup: return "awaiting the provider's lookup"
            case .awaitingIntent: return "awaiting the intent write"
            case .readyToCharge: return "intent written, about to charge"
            case .awaitingAck: return "awaiting the provider"
            case .awaitingRecord: return "awaiting the database's record"
            case .waitingForTick: return "nothing due, waiting for the next tick"
            }
        }

        var awaitsResponse: Bool {
            switch self {
            case .awaitingDue, .awaitingLookup, .awaitingIntent, .awaitingAck, .awaitingRecord: return true
            case .idle, .readyToCharge, .waitingForTick: return false
            }
        }

        /// Phases that concern one item (`BrokerState.item`).
        var holdsItem: Bool { awaitsResponse && self != .awaitingDue || self == .readyToCharge }
    }
}
