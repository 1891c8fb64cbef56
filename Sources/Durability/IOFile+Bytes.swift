extension IOFile {
    /// Writes an array's bytes at `offset` (the typed error kept, which a closure passed to a
    /// `rethrows` function would lose).
    func write(_ bytes: [UInt8], at offset: UInt64) throws(DurabilityError) {
        var failure: DurabilityError?
        bytes.withUnsafeBytes { raw in
            do throws(DurabilityError) { try write(raw, at: offset) } catch { failure = error }
        }
        if let failure { throw failure }
    }
}
