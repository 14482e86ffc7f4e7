@testable import MLSCore
import MLS
import Testing

/// Welcome rules (RFC 9420 §12.4.3.1) with Welcomes built by hand from a member's real keys.
@Suite("Group negative: Welcome")
struct GroupNegativeWelcomeTests {
    static let suite = CipherSuite.mls128DHKEMX25519AES128GCMSHA256Ed25519

    /// A Welcome to `joiner` carrying `groupInfo`, under a joiner secret of our choosing.
    func welcome(_ groupInfo: GroupInfo, to joiner: KeyPackageBundle, psks: [PreSharedKeyID] = [], pskSecret: SecretBytes? = nil) throws -> MLSMessage {
        let provider = try GroupTestSupport.provider(Self.suite)
        let built = try Welcome.create(
            groupInfo: groupInfo, joinerSecret: provider.randomBytes(provider.hashLength), pskSecret: pskSecret,
            psks: psks, newMembers: [Welcome.NewMember(keyPackage: joiner.keyPackage, pathSecret: nil)], provider: provider
        )
        return MLSMessage(version: .mls10, body: .welcome(built))
    }

    func groupInfo(of group: MLSGroup) throws -> GroupInfo {
        guard case .groupInfo(let info) = try group.groupInfo().body else { throw MLSError(.unexpectedWireFormat, "test") }
        return info
    }

    @Test func ownLeafMissing() throws {
        let groups = try GroupTestSupport.makeGroup(suite: Self.suite, members: ["bob"])
        let dave = try GroupTestSupport.keyPackage("dave", suite: Self.suite)
        // A correctly signed GroupInfo whose tree does not contain Dave.
        let message = try welcome(try groupInfo(of: groups[0]), to: dave)
        #expect(GroupTestSupport.code {
            _ = try MLSGroup.join(welcome: message, keyPackages: [dave], configuration: GroupTestSupport.configuration())
        } == .ownLeafNotFound)
    }

    @Test func wrongJoinerSecretFailsConfirmation() throws {
        var groups = try GroupTestSupport.makeGroup(suite: Self.suite, members: ["bob"])
        let dave = try GroupTestSupport.keyPackage("dave", suite: Self.suite)
        let output = try groups[0].commit([.add(AddProposal(keyPackage: dave.keyPackage))])
        try groups[0].merge(output.stagedCommit)
        // The real GroupInfo with Dave in the tree, but under a joiner secret that does not
        // give the epoch's confirmation key.
        let message = try welcome(try groupInfo(of: groups[0]), to: dave)
        #expect(GroupTestSupport.code {
            _ = try MLSGroup.join(welcome: message, keyPackages: [dave], configuration: GroupTestSupport.configuration())
        } == .invalidConfirmationTag)
    }

    @Test func outOfBandTreeMismatch() throws {
        var groups = try GroupTestSupport.makeGroup(suite: Self.suite, members: ["bob"])
        groups[0].configuration.includeRatchetTreeInWelcome = false
        let configuration = GroupTestSupport.configuration()
        let staleTree = groups[0].ratchetTree
        let dave = try GroupTestSupport.keyPackage("dave", suite: Self.suite)
        let output = try groups[0].commit([.add(AddProposal(keyPackage: dave.keyPackage))])
        try groups[0].merge(output.stagedCommit)
        #expect(GroupTestSupport.code {
            _ = try MLSGroup.join(welcome: try #require(output.welcome), keyPackages: [dave], ratchetTree: staleTree, configuration: configuration)
        } == .treeHashMismatch)
    }

    @Test func branchPSKOutsideEpochOne() throws {
        var groups = try GroupTestSupport.makeGroup(suite: Self.suite, members: ["bob"])
        let dave = try GroupTestSupport.keyPackage("dave", suite: Self.suite)
        let output = try groups[0].commit([.add(AddProposal(keyPackage: dave.keyPackage))])
        try groups[0].merge(output.stagedCommit)
        #expect(groups[0].epoch == 2)
        let id = PreSharedKeyID(psk: .resumption(usage: .branch, pskGroupID: [7], pskEpoch: 3), pskNonce: [UInt8](repeating: 1, count: 32))
        var store = PreSharedKeyStore()
        let psk = SecretBytes([UInt8](repeating: 5, count: 32))
        store.addResumptionPSK(groupID: [7], epoch: 3, secret: psk)
        let provider = try GroupTestSupport.provider(Self.suite)
        let pskSecret = try GroupPSK.secret([(id, psk)], provider: provider)
        let message = try welcome(try groupInfo(of: groups[0]), to: dave, psks: [id], pskSecret: pskSecret)
        #expect(GroupTestSupport.code {
            _ = try MLSGroup.join(welcome: message, keyPackages: [dave], pskStore: store, configuration: GroupTestSupport.configuration())
        } == .welcomeInvalidResumptionPSK)
        // Two reinit/branch PSKs are rejected outright.
        let second = PreSharedKeyID(psk: .resumption(usage: .reinit, pskGroupID: [7], pskEpoch: 3), pskNonce: [UInt8](repeating: 2, count: 32))
        let twice = try welcome(try groupInfo(of: groups[0]), to: dave, psks: [id, second])
        #expect(GroupTestSupport.code {
            _ = try MLSGroup.join(welcome: twice, keyPackages: [dave], pskStore: store, configuration: GroupTestSupport.configuration())
        } == .multipleReInitOrBranchPSKs)
    }
}
