import CoveProtocol
import Foundation

/// What sending does when a contact the user verified (safety number) now has other devices
/// than the ones verified. Stored in the home's store (`cove verify --policy block|warn`).
public enum VerificationPolicy: String, Sendable, CaseIterable {
    /// Refuse to send to a conversation with that contact (`verify.contact_changed`) until the
    /// user accepts the change or verifies again. The default.
    case block
    /// Send, and record one `verification` alert per change.
    case warn
}

/// A contact's safety number and where the user stands with it.
public struct ContactVerification: Sendable, Hashable {
    public enum Status: String, Sendable {
        /// Never verified (and never accepted).
        case unverified
        /// The user confirmed this safety number, and the contact's devices are the ones confirmed.
        case verified
        /// The user accepted the contact's current devices without comparing numbers again.
        case accepted
        /// Verified or accepted before, but the contact's devices changed since.
        case changed
    }

    public var user: String
    /// Between this user's devices and the contact's, from log-checked directory answers.
    public var safetyNumber: SafetyNumber
    public var status: Status
    /// The contact's current device ids.
    public var deviceIds: [String]
    /// For ``Status/changed``: devices added and removed since the verified (or accepted) set.
    public var added: [String]
    public var removed: [String]
}

/// The stored record of a verified contact: the device-key set the user verified or accepted.
struct VerifiedContact: Codable, Sendable {
    /// Device id -> Ed25519 signature key.
    var devices: [String: Base64Bytes]
    /// `verified` or `accepted`.
    var state: String
    var updatedAt: Int64
    /// The device-id set of the last change a `warn` alert was recorded for (one alert per change).
    var warnedFor: [String]?
}

extension CoveClient {
    static let verificationAlert = "verification"
    static let verificationPolicyKey = "verify_policy"
    static func verifiedContactKey(_ user: String) -> String { "verify_contact:\(user)" }

    /// The safety number with `user` (docs/safety-numbers.md) from both users' current devices,
    /// each list checked against the transparency log, and whether the user verified it.
    ///
    /// - Throws: `client.unknown_user`, `transparency.*`, `client.invalid_input` for oneself.
    public func safetyNumber(with user: String) async throws -> ContactVerification {
        try await locked { try await self.currentVerification(of: user).verification }
    }

    /// Marks `user` verified when `typed` is the safety number (spaces and dashes ignored): the
    /// contact's current device-key set is stored, and sending checks it from then on.
    ///
    /// - Throws: `verify.mismatch` when the number differs (nothing is stored).
    @discardableResult
    public func confirmSafetyNumber(_ typed: String, for user: String) async throws -> ContactVerification {
        try await locked {
            var (verification, devices) = try await self.currentVerification(of: user)
            guard verification.safetyNumber.matches(typed) else {
                throw CoveClientError(.verifyMismatch, "the number you entered is not your safety number with \(user)",
                                      hint: "compare all 60 digits again; if they really differ, do not trust this contact's "
                                          + "devices and check with \(user) over another channel")
            }
            try await self.storeVerified(user, devices: devices, state: ContactVerification.Status.verified.rawValue)
            verification.status = .verified
            verification.added = []
            verification.removed = []
            return verification
        }
    }

    /// Accepts the current devices of a contact whose devices changed since they were verified,
    /// without comparing safety numbers again: sending works again, the contact is shown as
    /// `accepted` (not verified), and a later change stops sending again.
    ///
    /// - Throws: `verify.not_verified` when the contact was never verified.
    @discardableResult
    public func acceptContactDevices(of user: String) async throws -> ContactVerification {
        try await locked {
            guard try await self.verifiedContact(user) != nil else {
                throw CoveClientError(.verifyNotVerified, "you have not verified \(user): there is no change to accept",
                                      hint: "compare safety numbers with `cove verify \(user)`")
            }
            var (verification, devices) = try await self.currentVerification(of: user)
            try await self.storeVerified(user, devices: devices, state: ContactVerification.Status.accepted.rawValue)
            verification.status = .accepted
            verification.added = []
            verification.removed = []
            return verification
        }
    }

    /// The policy for verified contacts whose devices changed (default ``VerificationPolicy/block``).
    public func verificationPolicy() async throws -> VerificationPolicy {
        guard let bytes = try await store.setting(Self.verificationPolicyKey) else { return .block }
        return VerificationPolicy(rawValue: Settings.string(bytes)) ?? .block
    }

    public func setVerificationPolicy(_ policy: VerificationPolicy) async throws {
        try await store.apply(StoreBatch([.setSetting(key: Self.verificationPolicyKey, value: Array(policy.rawValue.utf8))]))
    }

    // MARK: Internals

    func verifiedContact(_ user: String) async throws -> VerifiedContact? {
        guard let bytes = try await store.setting(Self.verifiedContactKey(user)) else { return nil }
        do { return try JSONDecoder().decode(VerifiedContact.self, from: Data(bytes)) } catch {
            throw CoveClientError(.corruptStore, "the stored verification of \(user) is damaged")
        }
    }

    func storeVerified(_ user: String, devices: [DeviceInfo], state: String) async throws {
        let record = VerifiedContact(devices: Dictionary(devices.map { ($0.deviceId, $0.signatureKey) }, uniquingKeysWith: { a, _ in a }),
                                     state: state, updatedAt: Self.nowMillis)
        try await store.apply(StoreBatch([.setSetting(key: Self.verifiedContactKey(user), value: Array(try JSONEncoder().encode(record)))]))
    }

    /// Both users' log-checked devices, the safety number and the status against the stored record.
    func currentVerification(of user: String) async throws -> (verification: ContactVerification, devices: [DeviceInfo]) {
        guard user != identity.username else {
            throw CoveClientError(.invalidInput, "a safety number is between you and another user",
                                  hint: "to check your own devices, use `cove devices list`")
        }
        let mine = try await directoryDevices(of: identity.username)
        let theirs = try await directoryDevices(of: user)
        let number = try SafetyNumber(localUser: identity.username, localDeviceKeys: mine.map(\.signatureKey.bytes),
                                      remoteUser: user, remoteDeviceKeys: theirs.map(\.signatureKey.bytes))
        var verification = ContactVerification(user: user, safetyNumber: number, status: .unverified,
                                               deviceIds: theirs.map(\.deviceId).sorted(), added: [], removed: [])
        if let record = try await verifiedContact(user) {
            let (added, removed) = Self.difference(record, current: theirs.map { ($0.deviceId, $0.signatureKey.bytes) })
            verification.added = added
            verification.removed = removed
            verification.status = !added.isEmpty || !removed.isEmpty ? .changed : (record.state == "verified" ? .verified : .accepted)
        }
        return (verification, theirs)
    }

    /// Devices (ids) in `current` and not in the record (or with another key), and the reverse.
    static func difference(_ record: VerifiedContact, current: [(id: String, key: [UInt8])]) -> (added: [String], removed: [String]) {
        let now = Dictionary(current.map { ($0.id, $0.key) }, uniquingKeysWith: { a, _ in a })
        let added = now.filter { record.devices[$0.key]?.bytes != $0.value }.map(\.key).sorted()
        let removed = record.devices.keys.filter { now[$0] == nil }.sorted()
        return (added, removed)
    }

    /// Before content goes to a conversation (lock held): for every member user the user
    /// verified, their devices in the directory (log-checked) and in the group must be the
    /// verified (or accepted) set. Otherwise, by policy: throw `verify.contact_changed`, or record
    /// one `verification` alert per change and go on.
    func enforceVerifiedContacts(groupId: [UInt8]) async throws {
        guard let record = try await store.groups().first(where: { $0.groupId == groupId }) else { return }
        var groupDevices: [String: [String]] = [:]
        for member in record.members {
            let parts = member.split(separator: "/", maxSplits: 1).map(String.init)
            if parts.count == 2, parts[0] != identity.username { groupDevices[parts[0], default: []].append(parts[1]) }
        }
        for (user, inGroup) in groupDevices.sorted(by: { $0.key < $1.key }) {
            guard var contact = try await verifiedContact(user) else { continue }
            let directory = try await directoryDevices(of: user)
            var (added, removed) = Self.difference(contact, current: directory.map { ($0.deviceId, $0.signatureKey.bytes) })
            // A device in the group that the verified set does not hold (e.g. one the directory no
            // longer lists) is a change too.
            added = Array(Set(added).union(inGroup.filter { contact.devices[$0] == nil })).sorted()
            guard !added.isEmpty || !removed.isEmpty else { continue }
            let change = (added.isEmpty ? "" : "added: \(added.joined(separator: ", "))")
                + (added.isEmpty || removed.isEmpty ? "" : "; ") + (removed.isEmpty ? "" : "removed: \(removed.joined(separator: ", "))")
            let message = "\(user)'s devices changed since you verified them (\(change))"
            let hint = "compare safety numbers again with `cove verify \(user)` and confirm with `cove verify \(user) --confirm NUMBER`, "
                + "or accept the change with `cove verify \(user) --accept`"
            switch try await verificationPolicy() {
            case .block:
                throw CoveClientError(.verifyContactChanged, message, hint: hint)
            case .warn:
                let key = added.map { "+" + $0 } + removed.map { "-" + $0 }
                guard contact.warnedFor != key else { continue }
                contact.warnedFor = key
                let alert = ClientEvent.alert(ClientAlert(kind: Self.verificationAlert, message: message + "; sent anyway (policy warn): " + hint))
                try await store.apply(StoreBatch([
                    .setSetting(key: Self.verifiedContactKey(user), value: Array(try JSONEncoder().encode(contact))),
                    .addEvent(Array(ClientEventEncoder.jsonLine(alert).utf8)),
                ]))
            }
        }
    }
}

extension CoveClientError.Code {
    /// The safety number the user typed is not the one computed from both users' devices.
    public static let verifyMismatch = Self("verify.mismatch")
    /// `--accept` for a contact that was never verified.
    public static let verifyNotVerified = Self("verify.not_verified")
    /// A verified contact's devices changed and the policy is `block`: nothing was sent.
    public static let verifyContactChanged = Self("verify.contact_changed")
}
