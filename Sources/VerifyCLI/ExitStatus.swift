/// The exit statuses every `verify` command shares.
public enum ExitStatus {
    /// Everything checked holds (complete search, every expectation met, history linearizable).
    public static let success: Int32 = 0
    /// A property was violated, a `sometimes` was unwitnessed, a history is not linearizable,
    /// a replay did not reproduce, or a plan expectation was not met.
    public static let failure: Int32 = 1
    /// Bad usage or bad input: unknown command, flag, model, variant, malformed file.
    public static let usage: Int32 = 2
    /// The answer is incomplete or unknown: a bound or time limit stopped the work.
    public static let incomplete: Int32 = 3
}
