import CoveProtocol
import MLSCore

/// What the server checks in an uploaded KeyPackage: it is an MLSMessage carrying a KeyPackage
/// whose leaf has the uploading device's credential (`username/deviceId`) and signature key, and
/// whose leaf and KeyPackage signatures verify (RFC 9420 §10.1, group-independent part).
extension CoveService {
    static let maxKeyPackageSize = 16384

    static func decodeKeyPackage(_ bytes: [UInt8]) throws -> KeyPackage {
        guard bytes.count <= maxKeyPackageSize, case .keyPackage(let kp) = (try? MLSMessage(mlsEncoded: bytes))?.body else {
            throw APIError(.badRequest, .invalidKeyPackage, "not an MLSMessage carrying a KeyPackage")
        }
        return kp
    }

    static func checkKeyPackages(_ request: UploadKeyPackagesRequest, credential: DeviceCredential, signatureKey: [UInt8]) throws {
        guard request.keyPackages.count <= 100 else { throw APIError.invalidField("at most 100 KeyPackages per request") }
        for bytes in request.keyPackages.map(\.bytes) + (request.lastResort.map { [$0.bytes] } ?? []) {
            let kp = try decodeKeyPackage(bytes)
            guard case .basic(let identity) = kp.leafNode.credential, identity == credential.identity,
                  kp.leafNode.signatureKey == signatureKey else {
                throw APIError(.badRequest, .keyPackageCredentialMismatch,
                               "a KeyPackage's credential is not \(credential) with the device's signature key")
            }
            guard verifies(kp) else {
                throw APIError(.badRequest, .invalidKeyPackage, "a KeyPackage's signatures do not verify (or its suite is unsupported)")
            }
        }
    }
}
