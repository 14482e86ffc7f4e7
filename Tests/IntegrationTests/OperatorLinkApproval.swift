import CoveServer
import CoveServerSQLite
import Foundation

/// The malicious operator's move in the ghost-device tests: approve a pending device link
/// directly in the server's SQLite store, without any of the user's devices. The store appends
/// the log entry in the same transaction, as for any device, so the ghost cannot hide from the log.
func operatorApprovesLink(_ linkId: String, dataDirectory: String) async throws {
    let database = try await CoveSQLiteDatabase.open(directory: dataDirectory)
    do {
        _ = try await SQLCoveStore(database: database).approveDeviceLink(id: linkId, now: Int64(Date().timeIntervalSince1970 * 1000))
    } catch {
        try? await database.close()
        throw error
    }
    try await database.close()
}
