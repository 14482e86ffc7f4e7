import Foundation
import MLS
import MLSTestSupport

/// Shared fixtures for the Wire* tests: sample values of every wire type and the
/// messages.json vectors.
enum WireFixtures {
    static let vectorDirectory: URL = {
        if let dir = ProcessInfo.processInfo.environment["MLS_VECTORS_DIR"] {
            return URL(fileURLWithPath: dir)
        }
        // Tests/MLSCoreTests/WireSupport.swift -> package root -> ../shared/vectors/mls
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/vectors/mls")
    }()

    /// The entries of a vector file as string-keyed hex fields.
    static func entries(_ file: String) throws -> [[String: Any]] {
        let data = try Data(contentsOf: vectorDirectory.appendingPathComponent(file))
        guard let list = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
            throw WireTestError("\(file) is not a list of objects")
        }
        return list
    }

    static func hex(_ entry: [String: Any], _ key: String) throws -> [UInt8] {
        guard let string = entry[key] as? String, let bytes = Hex.decode(string) else {
            throw WireTestError("missing hex field \(key)")
        }
        return bytes
    }

    /// The first `count` messages.json entries.
    static func messages(_ count: Int = 3) throws -> [[String: Any]] {
        Array(try entries("messages.json").prefix(count))
    }

    // MARK: Sample values

    static let suite = CipherSuite.mls128DHKEMX25519AES128GCMSHA256Ed25519

    static func bytes(_ count: Int, _ seed: UInt8) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0) &+ seed }
    }

    static let capabilities = Capabilities(
        versions: [.mls10], cipherSuites: [suite, .mls128DHKEMP256AES128GCMSHA256P256],
        extensions: [ExtensionType(rawValue: 0x0a0a)], proposals: [ProposalType(rawValue: 0xfafa)],
        credentials: [.basic, .x509])

    static func leafNode(_ source: LeafNodeSource = .keyPackage(Lifetime(notBefore: 0, notAfter: .max))) -> LeafNode {
        LeafNode(
            encryptionKey: bytes(32, 1), signatureKey: bytes(32, 2),
            credential: .basic(identity: Array("alice".utf8)), capabilities: capabilities, source: source,
            extensions: [Extension(.applicationID, payload: ApplicationIDExtension(applicationID: [9, 9]))],
            signature: bytes(64, 3))
    }

    static let keyPackage = KeyPackage(
        cipherSuite: suite, initKey: bytes(32, 4), leafNode: leafNode(), extensions: [], signature: bytes(64, 5))

    static let groupContext = GroupContext(
        cipherSuite: suite, groupID: Array("group".utf8), epoch: 7, treeHash: bytes(32, 6),
        confirmedTranscriptHash: bytes(32, 7), extensions: [])

    static let updatePath = UpdatePath(
        leafNode: leafNode(.commit(parentHash: bytes(32, 8))),
        nodes: [UpdatePathNode(
            encryptionKey: bytes(32, 9),
            encryptedPathSecret: [HPKECiphertext(kemOutput: bytes(32, 10), ciphertext: bytes(48, 11))])])

    static let commit = Commit(
        proposals: [.proposal(.add(AddProposal(keyPackage: keyPackage))), .reference(bytes(32, 12))],
        path: updatePath)

    static func content(_ body: FramedContent.Body, sender: Sender = .member(LeafIndex(1))) -> FramedContent {
        FramedContent(groupID: Array("group".utf8), epoch: 7, sender: sender, authenticatedData: [1, 2], body: body)
    }

    static func auth(for body: FramedContent.Body) -> FramedContentAuthData {
        FramedContentAuthData(
            signature: bytes(64, 13), confirmationTag: body.contentType == .commit ? bytes(32, 14) : nil)
    }

    static func publicMessage(_ body: FramedContent.Body, sender: Sender = .member(LeafIndex(1))) -> PublicMessage {
        PublicMessage(
            content: content(body, sender: sender), auth: auth(for: body),
            membershipTag: sender.hasMembershipTag ? bytes(32, 15) : nil)
    }
}

struct WireTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The CodecError code decoding `bytes` as `T` throws, or nil if it decodes.
func wireDecodeError<T: MLSDecodable>(_ type: T.Type, _ bytes: [UInt8]) -> CodecError.Code? {
    do {
        _ = try T(mlsEncoded: bytes)
        return nil
    } catch {
        return error.code
    }
}

/// The MLSError code `body` throws, or nil if it succeeds.
func wireMLSErrorCode(_ body: () throws -> Void) -> MLSError.Code? {
    do {
        try body()
        return nil
    } catch let error as MLSError {
        return error.code
    } catch {
        return MLSError.Code(rawValue: "unexpected error type")
    }
}
