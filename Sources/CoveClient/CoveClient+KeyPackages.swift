import CoveProtocol
import MLS

extension CoveClient {
    /// Creates `count` one-time KeyPackages (and a last-resort one if asked), stores their
    /// private keys sealed, and returns the public parts to upload. Stored before upload, so a
    /// Welcome for any uploaded KeyPackage can always be opened.
    func makeKeyPackages(count: Int, lastResort: Bool) async throws -> (oneTime: [Base64Bytes], lastResort: Base64Bytes?) {
        let provider = try DeviceIdentity.provider()
        let now = configuration.clock()
        let lifetime = Lifetime(notBefore: now &- 3600, notAfter: now &+ 90 * 24 * 3600)
        var batch = StoreBatch()
        var oneTime: [Base64Bytes] = []
        var last: Base64Bytes?
        for i in 0..<(count + (lastResort ? 1 : 0)) {
            let isLast = i == count
            let bundle = try KeyPackageBundle.create(cipherSuite: DeviceIdentity.suite, signingIdentity: signer, lifetime: lifetime,
                                                     lastResort: isLast, crypto: configuration.crypto)
            let ref = bundle.keyPackage.reference(provider)
            let sealed = try sealer.seal(bundle.storageBytes, associatedData: SealContext.keyPackage(ref))
            batch.append(.putKeyPackage(KeyPackageRecord(reference: ref, sealedBundle: sealed, lastResort: isLast, createdAt: Self.nowMillis)))
            let encoded = Base64Bytes(MLSMessage(body: .keyPackage(bundle.keyPackage)).mlsEncoded)
            if isLast { last = encoded } else { oneTime.append(encoded) }
        }
        try await store.apply(batch)
        return (oneTime, last)
    }

    func uploadInitialKeyPackages() async throws {
        let made = try await makeKeyPackages(count: Self.keyPackageTarget, lastResort: true)
        let _: KeyPackageCount = try await request(.POST, "/v1/key-packages",
                                                   UploadKeyPackagesRequest(keyPackages: made.oneTime, lastResort: made.lastResort))
    }

    /// Tops the server's pool of one-time KeyPackages up to the target when it runs low.
    func replenishKeyPackages() async throws {
        let count: KeyPackageCount = try await request(.GET, "/v1/key-packages/count")
        guard count.count < Self.keyPackageLowWater || !count.hasLastResort else { return }
        let made = try await makeKeyPackages(count: max(0, Self.keyPackageTarget - count.count), lastResort: !count.hasLastResort)
        let _: KeyPackageCount = try await request(.POST, "/v1/key-packages",
                                                   UploadKeyPackagesRequest(keyPackages: made.oneTime, lastResort: made.lastResort))
    }

    /// Every KeyPackage bundle whose private keys are held, unsealed.
    func loadKeyPackageBundles() async throws -> [(record: KeyPackageRecord, bundle: KeyPackageBundle)] {
        try await store.keyPackages().map { record in
            let plain = try sealer.open(record.sealedBundle, associatedData: SealContext.keyPackage(record.reference))
            return (record, try KeyPackageBundle(storageBytes: plain, signer: signer))
        }
    }
}
