import MLSCodec

/// Small protocol tables and checks of RFC 9420 shared by the group code.
enum GroupRules {
    /// §7.2: extension types every client implements (never listed in capabilities).
    static func isDefaultExtension(_ type: ExtensionType) -> Bool { (1...5).contains(type.rawValue) }

    /// §7.2: proposal types every client implements (never listed in capabilities).
    static func isDefaultProposal(_ type: ProposalType) -> Bool { (1...7).contains(type.rawValue) }

    /// §12.4: proposal types that require an UpdatePath in the commit covering them.
    static func requiresPath(_ type: ProposalType) -> Bool {
        type == .update || type == .remove || type == .externalInit || type == .groupContextExtensions
    }

    /// §12.1.8: proposal types an `external` sender may send.
    static func allowedFromExternalSender(_ type: ProposalType) -> Bool {
        type == .add || type == .remove || type == .preSharedKey || type == .reInit || type == .groupContextExtensions
    }

    /// The `required_capabilities` extension of a GroupContext, if present and well-formed.
    static func requiredCapabilities(in extensions: [Extension]) throws(MLSError) -> RequiredCapabilitiesExtension? {
        guard let ext = extensions.first(where: { $0.extensionType == .requiredCapabilities }) else { return nil }
        do { return try RequiredCapabilitiesExtension(mlsEncoded: ext.extensionData) } catch {
            throw MLSError(.proposalUnsupportedGroupContextExtensions, "malformed required_capabilities")
        }
    }

    /// The `external_senders` extension of a GroupContext, if present and well-formed.
    static func externalSenders(in extensions: [Extension]) throws(MLSError) -> ExternalSendersExtension? {
        guard let ext = extensions.first(where: { $0.extensionType == .externalSenders }) else { return nil }
        do { return try ExternalSendersExtension(mlsEncoded: ext.extensionData) } catch {
            throw MLSError(.proposalUnsupportedGroupContextExtensions, "malformed external_senders")
        }
    }

    /// §11.1, §7.3: `caps` lists every non-default extension, proposal and credential type
    /// that the group's `required_capabilities` names.
    static func checkRequiredCapabilities(of caps: Capabilities, groupExtensions: [Extension]) throws(MLSError) {
        guard let required = try requiredCapabilities(in: groupExtensions) else { return }
        for type in required.extensionTypes where !isDefaultExtension(type) {
            guard caps.extensions.contains(type) else {
                throw MLSError(.leafNodeMissingRequiredCapability, "extension \(type.rawValue)")
            }
        }
        for type in required.proposalTypes where !isDefaultProposal(type) {
            guard caps.proposals.contains(type) else {
                throw MLSError(.leafNodeMissingRequiredCapability, "proposal \(type.rawValue)")
            }
        }
        for type in required.credentialTypes {
            guard caps.credentials.contains(type) else {
                throw MLSError(.leafNodeMissingRequiredCapability, "credential \(type.rawValue)")
            }
        }
    }

    /// §12.1.7, §13: every non-default GroupContext extension is supported by `caps`.
    static func supportsGroupExtensions(_ caps: Capabilities, _ extensions: [Extension]) -> Bool {
        extensions.allSatisfy { isDefaultExtension($0.extensionType) || caps.extensions.contains($0.extensionType) }
    }
}
