/// Runs `body`, passing `MLSError`s through and reporting any other failure (codec,
/// crypto) as `code`, so group APIs throw only `MLSError`.
@inline(__always)
func mapError<T>(_ code: MLSError.Code, _ context: String = "", _ body: () throws -> T) throws(MLSError) -> T {
    do { return try body() } catch let error as MLSError { throw error } catch {
        throw MLSError(code, context.isEmpty ? "\(type(of: error))" : context)
    }
}
