import Foundation

/// The rules for a file's name inside a shared folder. A name is one path component: it is
/// used as a file name by every member's client (`folder get` may write it to disk), so it must
/// never be able to climb out of a directory or hide in a terminal.
enum FolderName {
    /// Longest name, in UTF-8 bytes (the common file-system limit for one component).
    static let maxBytes = 255

    /// Returns why `name` is not a valid folder file name, or nil if it is.
    static func problem(_ name: String) -> String? {
        if name.isEmpty { return "the file name is empty" }
        if name.utf8.count > maxBytes { return "the file name is longer than \(maxBytes) bytes" }
        if name == "." || name == ".." { return "'.' and '..' are not file names" }
        if name.contains("/") || name.contains("\\") { return "a file name cannot contain '/' or '\\'" }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format
            || $0.properties.generalCategory == .lineSeparator || $0.properties.generalCategory == .paragraphSeparator }) {
            return "a file name cannot contain control characters"
        }
        if name != name.trimmingCharacters(in: .whitespaces) { return "a file name cannot start or end with a space" }
        return nil
    }

    /// Throws `folder.invalid_name` unless `name` is valid.
    static func check(_ name: String) throws {
        if let problem = problem(name) {
            throw CoveClientError(.invalidFolderEntry, problem, hint: "use a plain file name of at most \(maxBytes) bytes, without '/'")
        }
    }
}
