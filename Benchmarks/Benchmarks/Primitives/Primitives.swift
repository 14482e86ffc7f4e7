// Lower-bound building blocks: every cryptographic primitive an MLS operation needs, measured
// through the same `SwiftCryptoProvider` the library uses, for suite 1
// (MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519) and the X-Wing suite 0xF001
// (MLS_128_MLKEM768X25519_AES128GCM_SHA256_Ed25519).
//
// docs/PERFORMANCE.md combines these into a lower bound per MLS operation (the formula is
// written next to each operation there and in GroupOperations.swift).
import Benchmark
import MLS

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock],
        timeUnits: .nanoseconds,
        warmupIterations: 10,
        maxDuration: .seconds(2),
        maxIterations: 20_000
    )

    for suite in [CipherSuite.mls128DHKEMX25519AES128GCMSHA256Ed25519, .mls128XWingAES128GCMSHA256Ed25519] {
        registerPrimitives(suite: suite)
    }
}

/// "0x0001" / "0xF001": the suite tag used in every benchmark name.
func suiteTag(_ suite: CipherSuite) -> String {
    let hex = String(suite.rawValue, radix: 16, uppercase: true)
    return "0x" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
}

func registerPrimitives(suite: CipherSuite) {
    let tag = suiteTag(suite)
    guard let provider = try? SwiftCryptoProvider().provider(for: suite),
          let params = suite.parameters,
          let signer = try? provider.generateSignatureKeyPair(),
          let kem = try? provider.generateKEMKeyPair()
    else {
        print("skipping \(tag): provider unavailable")
        return
    }
    let small = [UInt8](repeating: 0x61, count: 100)
    let large = [UInt8](repeating: 0x62, count: 64 * 1024)
    let pathSecret = provider.randomBytes(params.hashLength)
    let aeadKey = provider.randomBytes(params.aeadKeyLength)
    let nonce = [UInt8](repeating: 7, count: params.aeadNonceLength)
    let secret = provider.randomBytes(params.hashLength)

    // Signatures (SignWithLabel / VerifyWithLabel), over a short and a 64 KiB content.
    for (sizeName, content) in [("100B", small), ("64KiB", large)] {
        guard let signature = try? provider.signWithLabel(privateKey: signer.privateKey, label: "FramedContentTBS", content: content) else { continue }
        Benchmark("\(tag) prim SignWithLabel \(sizeName)") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try? provider.signWithLabel(privateKey: signer.privateKey, label: "FramedContentTBS", content: content))
            }
        }
        Benchmark("\(tag) prim VerifyWithLabel \(sizeName)") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(provider.verifyWithLabel(publicKey: signer.publicKey, label: "FramedContentTBS", content: content, signature: signature))
            }
        }
    }

    // HPKE (EncryptWithLabel / DecryptWithLabel) of one path secret, as in an UpdatePath.
    let context = [UInt8](repeating: 0x33, count: 120)
    if let ciphertext = try? provider.encryptWithLabel(publicKey: kem.publicKey, label: "UpdatePathNode", context: context, plaintext: pathSecret.exposedBytes) {
        Benchmark("\(tag) prim EncryptWithLabel") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try? provider.encryptWithLabel(publicKey: kem.publicKey, label: "UpdatePathNode", context: context, plaintext: pathSecret.exposedBytes))
            }
        }
        Benchmark("\(tag) prim DecryptWithLabel") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try? provider.decryptWithLabel(privateKey: kem.privateKey, label: "UpdatePathNode", context: context, ciphertext: ciphertext))
            }
        }
    }
    Benchmark("\(tag) prim KEM public key from private") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try? provider.kemPublicKey(privateKey: kem.privateKey))
        }
    }
    Benchmark("\(tag) prim DeriveKeyPair") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try? provider.deriveKEMKeyPair(ikm: pathSecret))
        }
    }

    // AEAD at the two application message sizes.
    for (sizeName, plaintext) in [("100B", small), ("64KiB", large)] {
        guard let sealed = try? provider.seal(key: aeadKey, nonce: nonce, aad: context, plaintext: plaintext) else { continue }
        Benchmark("\(tag) prim AEAD seal \(sizeName)") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try? provider.seal(key: aeadKey, nonce: nonce, aad: context, plaintext: plaintext))
            }
        }
        Benchmark("\(tag) prim AEAD open \(sizeName)") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try? provider.open(key: aeadKey, nonce: nonce, aad: context, ciphertext: sealed))
            }
        }
    }

    // Hash, MAC and KDF: the per-node and per-epoch bookkeeping.
    let hashInput = [UInt8](repeating: 0x44, count: 100)
    Benchmark("\(tag) prim Hash 100B") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(provider.hash(hashInput)) }
    }
    Benchmark("\(tag) prim Hash 64KiB") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(provider.hash(large)) }
    }
    Benchmark("\(tag) prim MAC 32B") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(provider.mac(key: secret, data: Array(hashInput.prefix(32)))) }
    }
    Benchmark("\(tag) prim ExpandWithLabel") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try? provider.expandWithLabel(secret, label: "path", context: [], length: params.hashLength))
        }
    }
    Benchmark("\(tag) prim Extract") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(provider.extract(salt: hashInput, ikm: secret)) }
    }
}
