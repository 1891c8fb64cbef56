/// How to read `fail` and nil results, which Jepsen's etcd test and Knossos read differently.
public enum Semantics: String, Sendable, CaseIterable {
    /// A `:fail` of a compare-and-set completed and returned false; a `:fail` of a read has
    /// an unknown output; a `:fail` of anything else did not happen. A completed read of nil
    /// means the object held nil.
    case jepsen
    /// A `:fail` operation did not happen and is dropped; a completed read of nil is
    /// unconstrained (Knossos's models treat nil as "did not read").
    case knossos

    /// The default for a format: Knossos semantics for Knossos vectors, Jepsen's otherwise.
    public static func defaultFor(_ format: HistoryFormat) -> Semantics { format == .knossos ? .knossos : .jepsen }
}
