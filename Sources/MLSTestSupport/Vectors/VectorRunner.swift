import Foundation
import MLS

/// Detects a vector file's family from its content and runs every entry.
public enum VectorRunner {
    /// Every family, most specific first (detection takes the first match).
    public static let families: [any VectorFamily] = [
        PassiveClientVectors(),
        MessageProtectionVectors(),
        TreeKEMVectors(),
        TreeOperationsVectors(),
        TreeValidationVectors(),
        WelcomeVectors(),
        TranscriptHashVectors(),
        KeyScheduleVectors(),
        PSKSecretVectors(),
        SecretTreeVectors(),
        CryptoBasicsVectors(),
        MessagesVectors(),
        DeserializationVectors(),
        TreeMathVectors(),
    ]

    public enum RunError: Error, CustomStringConvertible {
        case unreadable(String)
        case unknownFamily(String)
        public var description: String {
            switch self {
            case .unreadable(let why): "cannot read vector file: \(why)"
            case .unknownFamily(let file): "\(file): no known vector family matches its entries"
            }
        }
    }

    /// Suites whose entries are skipped, with the reason.
    static func skipReason(for suite: CipherSuite, crypto: any CryptoProvider) -> String? {
        switch suite.rawValue {
        case 4, 6: return "suite \(suite.rawValue) needs X448/Ed448, which swift-crypto does not provide"
        default:
            return crypto.supportedSuites.contains(suite) ? nil : "suite \(suite.rawValue) is not supported by the provider"
        }
    }

    public static func run(file url: URL, context: VectorContext = VectorContext()) throws -> VectorReport {
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw RunError.unreadable(url.lastPathComponent) }
        guard let list = (try? JSONSerialization.jsonObject(with: data)) as? [[String: Any]] else {
            throw RunError.unreadable("\(url.lastPathComponent) is not a JSON array of objects")
        }
        let entries = list.map(VectorEntry.init)
        guard let first = entries.first, let family = families.first(where: { $0.matches(first) }) else {
            throw RunError.unknownFamily(url.lastPathComponent)
        }
        var report = VectorReport(family: family.name)
        for (index, entry) in entries.enumerated() {
            if let raw = try? entry.int("cipher_suite"),
               let reason = skipReason(for: CipherSuite(rawValue: UInt16(truncatingIfNeeded: raw)), crypto: context.crypto) {
                report.skipped += 1
                report.skipReasons.insert(reason)
                continue
            }
            do {
                try family.run(entry, context: context)
                report.passed += 1
            } catch {
                report.failed += 1
                report.failures.append("entry \(index): \(error)")
            }
        }
        return report
    }
}
