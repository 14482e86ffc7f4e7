import MLSCrypto

/// One sender's handshake or application hash ratchet (RFC 9420 §9.1):
///
/// ```
/// ratchet_secret_[N]_[j]
///       +--> DeriveTreeSecret(., "nonce", j, AEAD.Nn) = ratchet_nonce_[N]_[j]
///       +--> DeriveTreeSecret(., "key", j, AEAD.Nk)   = ratchet_key_[N]_[j]
///       V
/// DeriveTreeSecret(., "secret", j, KDF.Nh) = ratchet_secret_[N]_[j+1]
/// ```
///
/// Only the secret of the next generation is kept, plus at most
/// ``SecretTree/Configuration/maxRetainedKeys`` keys of skipped generations (for messages that
/// arrive out of order). A key handed out is deleted from the ratchet (RFC 9420 §9.2).
struct HashRatchet: Sendable {
    /// `ratchet_secret_[N]_[nextGeneration]`; nil once generation 2^32 - 1 has been produced.
    private var secret: SecretBytes?
    /// The lowest generation not yet derived (up to 2^32).
    private(set) var nextGeneration: UInt64
    /// Keys of skipped, still unconsumed generations below `nextGeneration`.
    private var retained: [UInt32: RatchetKey]

    /// A ratchet whose generation `nextGeneration` has the secret `secret` (0 for a ratchet
    /// fresh from the secret tree; later values only in tests of the generation bounds).
    init(secret: SecretBytes, nextGeneration: UInt32 = 0) {
        self.secret = secret
        self.nextGeneration = UInt64(nextGeneration)
        retained = [:]
    }

    /// The key of the next unused generation (sender side); consumes it.
    mutating func nextKey(provider: any CipherSuiteProvider, configuration: SecretTree.Configuration) throws -> RatchetKey {
        guard nextGeneration <= UInt64(UInt32.max) else { throw MLSError(.ratchetExhausted) }
        return try key(generation: UInt32(nextGeneration), provider: provider, configuration: configuration)
    }

    /// The key of `generation` (receiver side); consumes it and every earlier secret.
    ///
    /// State is changed only on success: on any error the ratchet is left as it was.
    mutating func key(generation: UInt32, provider: any CipherSuiteProvider, configuration: SecretTree.Configuration) throws -> RatchetKey {
        let target = UInt64(generation)
        if target < nextGeneration {
            guard let key = retained.removeValue(forKey: generation) else {
                throw MLSError(.ratchetGenerationConsumed, "generation \(generation)")
            }
            return key
        }
        guard target - nextGeneration <= UInt64(configuration.maxForwardDistance) else {
            throw MLSError(.ratchetGenerationTooFarAhead, "generation \(generation)")
        }
        guard var current = secret else { throw MLSError(.ratchetExhausted) }

        var kept = retained
        let keepFrom = target >= UInt64(configuration.maxRetainedKeys) ? target - UInt64(configuration.maxRetainedKeys) : 0
        var j = nextGeneration
        while j < target {
            let g = UInt32(j)
            if j >= keepFrom, configuration.maxRetainedKeys > 0 {
                kept[g] = try Self.derive(current, generation: g, provider: provider)
            }
            current = try provider.deriveTreeSecret(current, label: "secret", generation: g, length: provider.hashLength)
            j += 1
        }
        let result = try Self.derive(current, generation: generation, provider: provider)
        let following: SecretBytes? = generation == UInt32.max
            ? nil
            : try provider.deriveTreeSecret(current, label: "secret", generation: generation, length: provider.hashLength)

        // Keep only the newest `maxRetainedKeys` skipped keys.
        while kept.count > Int(configuration.maxRetainedKeys), let oldest = kept.keys.min() {
            kept.removeValue(forKey: oldest)
        }
        retained = kept
        secret = following
        nextGeneration = target + 1
        return result
    }

    private static func derive(_ secret: SecretBytes, generation: UInt32, provider: any CipherSuiteProvider) throws -> RatchetKey {
        let parameters = provider.parameters
        return RatchetKey(
            generation: generation,
            key: try provider.deriveTreeSecret(secret, label: "key", generation: generation, length: parameters.aeadKeyLength),
            nonce: try provider.deriveTreeSecret(secret, label: "nonce", generation: generation, length: parameters.aeadNonceLength)
        )
    }
}

extension HashRatchet {
    /// The live state of this ratchet: the next generation's secret and the retained keys of
    /// skipped generations. Nothing of a consumed generation is in it.
    var state: SecretTree.RatchetState {
        SecretTree.RatchetState(
            nextGeneration: nextGeneration, secret: secret,
            retainedKeys: retained.values.sorted { $0.generation < $1.generation }
        )
    }

    /// A ratchet continuing from `state`, which must already be structurally valid
    /// (``SecretTree/RatchetState/validate()``); lengths are checked by ``SecretTree``.
    init(restoring state: SecretTree.RatchetState) {
        secret = state.secret
        nextGeneration = state.nextGeneration
        var keys: [UInt32: RatchetKey] = [:]
        for key in state.retainedKeys { keys[key.generation] = key }
        retained = keys
    }
}
