import MLSCrypto
import Testing

/// Expects `body` to throw a `CryptoError` with exactly `code` (the context text is free).
func expectCryptoError<R>(_ code: CryptoError.Code, sourceLocation: SourceLocation = #_sourceLocation,
                          _ body: () throws -> R) {
    do {
        _ = try body()
        Issue.record("expected \(code), nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as CryptoError {
        #expect(error.code == code, sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected CryptoError \(code), got \(error)", sourceLocation: sourceLocation)
    }
}
