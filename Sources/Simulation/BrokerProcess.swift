import Billing
import Election
import KeyValue

/// One broker process of a billing run: the broker's state machine, its store client, its
/// clock, and what ties the recipe's numbers to the client's. A restart makes a new process
/// (a new incarnation) with none of this but the clock.
struct BrokerProcess: Sendable {
    var broker: Broker
    var client: StoreClient
    var incarnation: Int
    var up = true
    /// Frozen (a GC pause, a VM freeze) until this simulated time: nothing it receives is
    /// handled, and its clock runs on.
    var pausedUntil: Int64?
    /// Armed: the next time this broker sends a charge or a database write it freezes for this
    /// long first (between its check and its send), holding everything that step sends.
    var pauseBeforeNextCharge: Int64?
    /// Whether the armed pause also strikes before a database write (not only a charge).
    var pauseStrikesOnWrites = true
    /// Its clock runs fast (positive) or slow (negative) by this many parts per million.
    let driftPartsPerMillion: Int64
    /// The store's answers to it are slow (a congested link) until this simulated time.
    var congestedUntil: Int64 = 0
    /// Cut off from every store node (not from the database or the provider).
    var cutFromStore = false
    /// The highest revision the store showed this process (reads, transactions, watch events).
    var observedRevision: Int64 = 0
    /// Client request id -> the recipe's op; client watch id <-> the recipe's watch id.
    var recipeOp: [UInt64: UInt64] = [:]
    var recipeWatch: [UInt64: UInt64] = [:]
    var clientWatch: [UInt64: UInt64] = [:]

    init(broker: Broker, client: StoreClient, incarnation: Int, driftPartsPerMillion: Int64) {
        self.broker = broker
        self.client = client
        self.incarnation = incarnation
        self.driftPartsPerMillion = driftPartsPerMillion
    }

    /// The broker's clock at simulated time `now`.
    func local(_ now: Int64) -> Int64 { now + now * driftPartsPerMillion / 1_000_000 }

    func isPaused(at now: Int64) -> Bool { pausedUntil.map { now < $0 } ?? false }
}
