/// What a person reads about one step of a trace: who acts and what happens, plus the
/// messages the step sends or receives (drawn as a sequence diagram).
///
/// `id` identifies the action among those enabled in the state it is taken from (the model's
/// `identity(of:)`, filled in when a trace is rendered); replay matches a recorded step by it, and
/// by `text` only in files written before `actionId` existed.
public struct ActionInfo: Hashable, Sendable {
    /// The acting process ("s1", "broker-2", "network", "clock").
    public var actor: String
    /// A sentence: "s1 times out and starts an election in term 2".
    public var text: String
    /// Messages this step sends or receives, for the sequence diagram.
    public var messages: [MessageEvent]
    /// The action's stable identity (`Model.identity(of:)`); nil until the trace is rendered, or
    /// in a trace file that predates it.
    public var id: String?

    public init(actor: String, text: String, messages: [MessageEvent] = [], id: String? = nil) {
        self.actor = actor
        self.text = text
        self.messages = messages
        self.id = id
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
