import Foundation
import Testing

/// The bash completion script works in bash, not only prints: sourced in a real bash, its
/// completion function offers the commands, subcommands and options that exist.
@Suite struct CompletionTests {
    static let bash = ["/bin/bash", "/usr/bin/bash"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Completes the last word of `line` (a trailing space means an empty word) with the script's
    /// `_cove` function, as bash would on Tab.
    static func complete(_ line: String, script: String) throws -> [String] {
        let shell = """
            source "$1"
            line="$2"
            read -ra COMP_WORDS <<< "$line"
            [[ "$line" == *" " ]] && COMP_WORDS+=("")
            COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
            COMP_LINE="$line"
            COMP_POINT=${#line}
            COMPREPLY=()
            _cove cove "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(bash))
        process.arguments = ["-c", shell, "bash", script, line]
        var environment = CoveRun.environment([:])
        environment["PATH"] = URL(fileURLWithPath: BuildProducts.cove).deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    @Test(.enabled(if: bash != nil, "bash is not installed"))
    func bashCompletesCommandsSubcommandsAndOptions() async throws {
        let generated = try await CoveRun.run(["--generate-completion-script", "bash"])
        #expect(generated.status == 0)
        let directory = try BuildProducts.temporaryDirectory("cove-completion")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let script = directory + "/cove.bash"
        try generated.stdout.write(toFile: script, atomically: true, encoding: .utf8)

        #expect(try Self.complete("cove gr", script: script) == ["group"])
        #expect(try Self.complete("cove re", script: script) == ["receive"])
        let group = try Self.complete("cove group ", script: script)
        #expect(Set(["create", "add", "remove", "list", "members"]).isSubset(of: Set(group)), "\(group)")
        let devices = try Self.complete("cove devices ", script: script)
        #expect(Set(["list", "link", "approve", "revoke"]).isSubset(of: Set(devices)), "\(devices)")
        #expect(try Self.complete("cove --ho", script: script) == ["--home"])
        #expect(try Self.complete("cove receive --fo", script: script) == ["--follow"])
        #expect(try Self.complete("cove xyzzy", script: script).isEmpty)
    }
}
