import CoveClient
import Foundation

/// A version of a folder file as the CLI shows it.
struct FolderVersionView: Sendable, Equatable {
    var name: String
    var version: Int
    var size: Int64
    var sha256: String
    var by: String
    var putAt: Int64

    init(_ v: FolderFileVersion) {
        name = v.name
        version = v.version
        size = v.size
        sha256 = v.sha256
        by = v.by
        putAt = v.putAt
    }

    /// `{"version","size","sha256","by","put_at"}` (inside a file's JSON).
    var json: [(String, JSONValue)] {
        [("version", .int(version)), ("size", .int(size)), ("sha256", .string(sha256)), ("by", .string(by)), ("put_at", .int(putAt))]
    }

    /// `2026-11-24 14:05` in UTC.
    var date: String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: Date(timeIntervalSince1970: Double(putAt) / 1000))
    }
}

/// The SDK's shared-folder calls, mapped to the CLI's types (see `Session`).
extension Session {
    func createFolder(name: String, members: [String]) async throws -> GroupSummary {
        Self.group(try await client.createFolder(name: name, members: members))
    }

    func folders() async throws -> [GroupSummary] {
        return try await client.folders().map(Self.group)
    }

    func folderFiles(_ folder: String) async throws -> [[FolderVersionView]] {
        try await client.folderFiles(folder).map { $0.versions.map(FolderVersionView.init) }
    }

    func putFile(folder: String, path: String, name: String?, options: TransferOptions,
                 progress: (@Sendable (TransferProgress) -> Void)?) async throws -> FolderVersionView {
        FolderVersionView(try await client.putFile(folder: folder, path: path, name: name, options: options, progress: progress))
    }

    func getFile(folder: String, name: String, version: Int?, to path: String, options: TransferOptions,
                 progress: (@Sendable (TransferProgress) -> Void)?) async throws -> FolderVersionView {
        FolderVersionView(try await client.getFile(folder: folder, name: name, version: version, to: path, options: options, progress: progress))
    }

    func removeFile(folder: String, name: String) async throws {
        try await client.removeFile(folder: folder, name: name)
    }

    func rekeyFolder(_ folder: String, home: String, options: TransferOptions,
                     progress: (@Sendable (Int, Int) -> Void)?) async throws -> (rekeyed: Int, total: Int) {
        let work = (home as NSString).appendingPathComponent("rekey")
        let report = try await client.rekeyFolder(folder, workDirectory: work, options: options, progress: progress)
        return (report.rekeyed, report.total)
    }

    func addFolderMember(folder: String, user: String) async throws {
        try await client.addFolderMember(folder: folder, username: user)
    }

    func removeFolderMember(folder: String, user: String) async throws {
        try await client.removeFolderMember(folder: folder, username: user)
    }
}
