import MLS

/// `key-schedule.json`: the key schedule, external_pub and the exporter (RFC 9420 §8).
struct KeyScheduleVectors: VectorFamily {
    let name = "key-schedule"

    func matches(_ entry: VectorEntry) -> Bool { entry.has("initial_init_secret") }

    func run(_ entry: VectorEntry, context: VectorContext) throws {
        let suite = CipherSuite(rawValue: UInt16(try entry.int("cipher_suite")))
        let provider = try context.crypto.provider(for: suite)
        let schedule = KeySchedule(provider: provider)
        let groupID = try entry.hex("group_id")
        var initSecret = SecretBytes(try entry.hex("initial_init_secret"))

        for (index, epoch) in try entry.entries("epochs").enumerated() {
            let what = "epoch \(index)"
            // GroupContext with epoch = i and no extensions.
            let groupContext = GroupContext(
                cipherSuite: suite, groupID: groupID, epoch: UInt64(index), treeHash: try epoch.hex("tree_hash"),
                confirmedTranscriptHash: try epoch.hex("confirmed_transcript_hash"), extensions: [])
            try VectorEntry.expectEqual(groupContext.mlsEncoded, try epoch.hex("group_context"), "\(what) group_context")

            let output = try schedule.advance(
                initSecret: initSecret, commitSecret: SecretBytes(try epoch.hex("commit_secret")),
                pskSecret: SecretBytes(try epoch.hex("psk_secret")), groupContext: groupContext)
            let secrets = output.epochSecrets
            let expected: [(SecretBytes, String)] = [
                (output.joinerSecret, "joiner_secret"), (output.welcomeSecret, "welcome_secret"),
                (secrets.initSecret, "init_secret"), (secrets.senderDataSecret, "sender_data_secret"),
                (secrets.encryptionSecret, "encryption_secret"), (secrets.exporterSecret, "exporter_secret"),
                (secrets.epochAuthenticator, "epoch_authenticator"), (secrets.externalSecret, "external_secret"),
                (secrets.confirmationKey, "confirmation_key"), (secrets.membershipKey, "membership_key"),
                (secrets.resumptionPSK, "resumption_psk"),
            ]
            for (actual, field) in expected {
                try VectorEntry.expectEqual(actual.exposedBytes, try epoch.hex(field), "\(what) \(field)")
            }

            // The joiner's path reaches the same epoch from joiner_secret.
            let joined = try schedule.join(
                joinerSecret: output.joinerSecret, pskSecret: SecretBytes(try epoch.hex("psk_secret")), groupContext: groupContext)
            try VectorEntry.expectEqual(joined, output, "\(what) joiner's schedule")

            let externalPub = try schedule.externalKeyPair(externalSecret: secrets.externalSecret).publicKey
            try VectorEntry.expectEqual(externalPub, try epoch.hex("external_pub"), "\(what) external_pub")

            // The exporter label is a text label: the hex-looking string is used as-is, not decoded.
            let exporter = try epoch.entry("exporter")
            let exported = try secrets.export(
                label: Array(try exporter.string("label").utf8), context: try exporter.hex("context"),
                length: try exporter.int("length"), provider: provider)
            try VectorEntry.expectEqual(exported.exposedBytes, try exporter.hex("secret"), "\(what) exporter")

            initSecret = secrets.initSecret
        }
    }
}
