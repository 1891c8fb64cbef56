/// A run that could not be carried out (a node's options or restored state refused): the seed
/// fails with this message rather than crashing the tool.
public struct SimulationError: Error, Sendable, CustomStringConvertible {
    public var seed: UInt64
    public var message: String
    public init(seed: UInt64, message: String) {
        self.seed = seed
        self.message = message
    }
    public var description: String { "seed \(seed): \(message)" }
}
