/// What a person reads about one step of a trace: who acts and what happens, plus the
/// messages the step sends or receives (drawn as a sequence diagram).
///
/// `text` identifies the action among those enabled in the state it is taken from: replay
/// matches a recorded step by this text, so two different enabled actions should not share it.
public struct ActionInfo: Hashable, Sendable {
    /// The acting process ("s1", "broker-2", "network", "clock").
    public var actor: String
    /// A sentence: "s1 times out and starts an election in term 2".
    public var text: String
    /// Messages this step sends or receives, for the sequence diagram.
    public var messages: [MessageEvent]

    public init(actor: String, text: String, messages: [MessageEvent] = []) {
        self.actor = actor
        self.text = text
        self.messages = messages
    }
}

/// A message crossing between two processes, as a step sees it.
public struct MessageEvent: Hashable, Sendable {
    public enum Kind: String, Sendable {
        /// The step puts the message on the network.
        case send
        /// The step takes the message off the network and handles it.
        case receive
        /// The network loses the message (a fault).
        case drop
    }

    public var kind: Kind
    public var from: String
    public var to: String
    public var label: String

    public init(_ kind: Kind, from: String, to: String, label: String) {
        self.kind = kind
        self.from = from
        self.to = to
        self.label = label
    }
}
