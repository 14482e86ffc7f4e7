import MLS
import MLSTestSupport
import Testing

/// Inputs found by the fuzz targets in FuzzTesting/ (docs/fuzzing.md), kept after the fix.
/// Each one used to trap; now it must decode or fail with a clean `CodecError`/`MLSError`, and
/// where a later stage rejects it, with the exact code. Hex literals are the crash inputs or a
/// hand-minimised equivalent with the same root cause (noted per case).
@Suite struct FuzzRegressionTests {
    let provider: any CipherSuiteProvider

    init() throws {
        provider = try SwiftCryptoProvider().provider(for: .mls128DHKEMX25519AES128GCMSHA256Ed25519)
    }

    func bytes(_ hex: String) throws -> [UInt8] {
        try #require(Hex.decode(hex))
    }

    /// The code of the `MLSError` thrown by `body`, nil if it succeeds or throws something else.
    func errorCode(_ body: () throws -> Void) -> MLSError.Code? {
        do { try body() } catch let error as MLSError { return error.code } catch { return nil }
        return nil
    }

    /// Decodes a ratchet_tree extension and builds the tree, as a joiner does.
    func tree(_ hex: String) throws -> RatchetTree {
        let nodes = try RatchetTreeNodes(mlsEncoded: try bytes(hex))
        return try RatchetTree(nodes)
    }

    // MARK: FuzzRatchetTree

    /// FuzzRatchetTree, 2026-11-24: a parent node listing unmerged leaf 0x80000000 trapped in
    /// `LeafIndex.nodeIndex` (`2 * leaf` overflowed UInt32) inside `validateUnmergedLeaves`.
    /// Hand-minimised: [leaf, parent(unmerged: [2^31]), leaf].
    @Test func unmergedLeafBeyondUInt32NodeIndex() throws {
        let tree = try tree("2c0101010101020001000000000000020000010201030004800000000101010401050001000000000000020000")
        let huge = LeafIndex(1 << 31)
        #expect(huge.nodeIndex == NodeIndex(UInt32.max))
        #expect(tree.leafNode(at: huge) == nil)
        #expect(!tree.contains(huge))
        #expect(errorCode { try tree.validateUnmergedLeaves() } == .invalidUnmergedLeaves)
        #expect(errorCode { try tree.validate(groupID: [], provider: provider) } == .invalidUnmergedLeaves)
        _ = tree.resolution(of: NodeIndex(1))
        _ = tree.treeHash(provider)
        #expect(errorCode { try tree.verifyParentHashes(provider) } != nil)
    }

    /// Found reading the tree code while triaging the case above (the tree helper fixed it in
    /// parallel; kept as a regression test): a node list of even length (ending at a
    /// parent position) made `TreeMath.leafCount(nodeWidth:)` round down, and `RatchetTree.init`
    /// trapped building an array with a negative count. Now it is padded to the next perfect
    /// tree like any other list. Input: [leaf, parent].
    @Test func evenLengthNodeList() throws {
        #expect(TreeMath.leafCount(nodeWidth: 2) == 2)
        #expect(TreeMath.leafCount(nodeWidth: 4) == 4)
        #expect(TreeMath.leafCount(nodeWidth: 6) == 4)
        let tree = try tree("170101010101020001000000000000020000010201030000")
        #expect(tree.leafCount == 2)
        #expect(tree.nodes.count == 3)
        #expect(tree.serialized.nodes.count == 2)
        // A parent above a single member cannot be parent-hash valid (RFC 9420 §7.9.2).
        #expect(errorCode { try tree.verifyParentHashes(provider) } == .invalidParentHash)
    }

    // MARK: FuzzGroup

    /// Other ways to the `LeafIndex.nodeIndex` overflow above, through a live group (keys
    /// differ per run, so no hex literal): a Remove of leaf 2^31 reaches `tree.leafNode(at:)`
    /// when committed; a PublicMessage from member 2^31 is rejected (here at the membership
    /// tag, which covers the sender; with a valid tag it would reach the same lookup).
    @Test func memberSenderBeyondUInt32NodeIndex() throws {
        var groups = try GroupTestSupport.makeGroup(suite: .mls128DHKEMX25519AES128GCMSHA256Ed25519, members: ["bob", "carol"])
        let proposal = try groups[1].propose(.remove(RemoveProposal(removed: LeafIndex(2))))
        guard case .publicMessage(var message) = proposal.body else {
            Issue.record("expected a PublicMessage")
            return
        }
        message.content.sender = .member(LeafIndex(1 << 31))
        let forged = try MLSMessage(mlsEncoded: MLSMessage(version: .mls10, body: .publicMessage(message)).mlsEncoded)
        var alice = groups[0]
        #expect(errorCode { _ = try alice.process(forged) } == .invalidMembershipTag)
        // A Remove of that leaf, committed by alice.
        #expect(errorCode { _ = try groups[0].commit([.remove(RemoveProposal(removed: LeafIndex(1 << 31)))]) } == .proposalRemoveBlankLeaf)
    }
}
