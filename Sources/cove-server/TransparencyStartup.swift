import ArgumentParser
import CoveServer
import CoveTransparency
import Foundation
import Logging
import MLSCrypto

/// Opening the key-transparency log at start: settings from flags, key file parsing, and the
/// origin/key check against the database (a mismatch stops the server).
enum TransparencyStartup {
    static func settings(origin: String?, keyFile: String?) throws -> TransparencyLogSettings {
        var settings = TransparencyLogSettings(origin: origin ?? TransparencyLogSettings.defaultOrigin)
        guard (1...256).contains(settings.origin.utf8.count) else { throw ValidationError("--log-origin must be 1-256 bytes") }
        if let keyFile {
            guard let data = FileManager.default.contents(atPath: keyFile) else {
                throw ValidationError("cannot read --log-key file \(keyFile)")
            }
            var seed = [UInt8](data)
            defer { for i in seed.indices { seed[i] = 0 } }
            if seed.count != 32 {
                // Base64 text, surrounding whitespace ignored.
                let text = String(decoding: seed, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                guard let decoded = Data(base64Encoded: text), decoded.count == 32 else {
                    throw ValidationError("--log-key file must hold a 32-byte Ed25519 seed, raw or base64")
                }
                seed = [UInt8](decoded)
            }
            do {
                settings.signer = try LogSigner(privateKey: SecretBytes(seed))
            } catch {
                throw ValidationError("--log-key file does not hold a valid Ed25519 seed")
            }
        }
        return settings
    }

    static func open<Database>(_ store: SQLCoveStore<Database>, _ settings: TransparencyLogSettings,
                               logger: Logger) async throws -> SQLCoveStore<Database> {
        var store = store
        store.transparency = settings
        let identity: LogIdentity
        do {
            identity = try await store.openTransparencyLog(now: Int64(Date().timeIntervalSince1970 * 1000))
        } catch let error as TransparencyConfigurationError {
            throw ValidationError("transparency log: \(error.description)")
        }
        logger.info("transparency log", metadata: [
            "origin": .string(String(decoding: identity.origin, as: UTF8.self)),
            "fingerprint": .string(identity.publicKey.fingerprint),
            "key": .string(settings.signer == nil ? "database" : "file"),
        ])
        return store
    }
}
