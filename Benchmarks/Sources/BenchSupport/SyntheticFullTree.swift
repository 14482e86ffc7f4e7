// A full ratchet tree for n members, built directly instead of by replaying n/2 commits.
//
// The tree is the one that results when the members at odd leaves (and the last member, if n is
// odd) have each committed an UpdatePath, in increasing leaf order, after one big Add:
// - a parent node is blank iff the right half of its subtree holds no member (it is then on no
//   member's filtered direct path, RFC 9420 §4.1.2, so no commit ever sets it);
// - every other parent node holds a key and no unmerged leaves; it was last set by the last
//   committer below it, whose chain runs through its right child, so its parent hash chain is
//   valid from the right (§7.9.2); a left child keeps the stale parent_hash of an earlier
//   epoch (random bytes here, which a verifier cannot tell from real stale values);
// - the committers' leaves have source `commit` with the chained parent_hash, re-signed.
// Member b (leaf 2) is given the path secret of its parent through the Welcome, signed by its
// sibling (leaf 3), and every key on b's direct path derives from that one path-secret chain;
// every other parent key is random. a (leaf 0) gets the secret of its common ancestor with
// leaf 3. The library's join validates all of it.
//
// With `blank: true` it builds instead the tree right after one big Add by leaf 0: the n
// KeyPackage leaves and no parent node, and a Welcome signed by leaf 0 for every member
// (no path secrets), as the big Add's Welcome would be (with one extra entry, for leaf 0).
// Used for n > 1,000 only, where the library's own big Add is quadratic (docs/PERFORMANCE.md).
import MLS

public struct SyntheticFullTree {
    public let bundles: [KeyPackageBundle]
    public let aLeaf = 0
    public let bLeaf = 2
    public let welcome: MLSMessage

    public init(env: BenchEnv, n: Int, blank: Bool = false) throws {
        guard n >= 4 else { throw FixtureError.unexpected("synthetic tree needs n >= 4") }
        let provider = env.provider
        let bundles = try env.members(n, prefix: "f")
        self.bundles = bundles

        var tree = RatchetTree(leaf: bundles[0].keyPackage.leafNode)
        for bundle in bundles.dropFirst() { _ = try tree.add(bundle.keyPackage.leafNode) }
        let leafCount = tree.leafCount
        let groupID = provider.randomBytes(16).exposedBytes

        // Keys: b's direct path from one path-secret chain, the rest random.
        var pathSecrets: [NodeIndex: SecretBytes] = [:]
        var keys: [NodeIndex: [UInt8]] = [:]
        var secret = provider.randomBytes(provider.hashLength)
        for node in TreeMath.directPath(LeafIndex(UInt32(bLeaf)).nodeIndex, leafCount: leafCount) {
            pathSecrets[node] = secret
            keys[node] = try TreeKEM.nodeKeyPair(pathSecret: secret, provider).publicKey
            secret = try TreeKEM.nextPathSecret(secret, provider)
        }

        var builder = Builder(
            nodes: tree.nodes, n: UInt32(n), keys: keys, groupID: groupID,
            bundles: bundles, provider: provider
        )
        let root = TreeMath.root(leafCount: leafCount)
        let rootHash = blank ? tree.treeHash(provider) : try builder.finalize(root, field: [], chain: true)
        let nodes = blank ? tree.serialized : RatchetTreeNodes(nodes: builder.trimmedNodes)

        // Sanity: the library agrees on the tree hash and the parent hashes.
        var check = try RatchetTree(nodes)
        check.cacheTreeHashes(provider)
        try check.verifyParentHashes(provider)
        guard check.treeHash(provider) == rootHash else { throw FixtureError.unexpected("tree hash mismatch") }

        let context = GroupContext(
            cipherSuite: env.suite, groupID: groupID, epoch: 100, treeHash: rootHash,
            confirmedTranscriptHash: provider.randomBytes(provider.hashLength).exposedBytes, extensions: []
        )
        let joinerSecret = provider.randomBytes(provider.hashLength)
        let schedule = try KeySchedule(provider: provider).join(joinerSecret: joinerSecret, pskSecret: nil, groupContext: context.mlsEncoded)
        let tag = provider.mac(key: schedule.epochSecrets.confirmationKey, data: context.confirmedTranscriptHash)
        let signer = LeafIndex(UInt32(blank ? aLeaf : bLeaf + 1))
        let groupInfo = try GroupInfo.sign(
            groupContext: context,
            extensions: [Extension(extensionType: .ratchetTree, extensionData: nodes.mlsEncoded)],
            confirmationTag: tag, signer: signer,
            signaturePrivateKey: bundles[Int(signer.rawValue)].signingIdentity.signaturePrivateKey, provider: provider
        )
        if blank {
            let built = try Welcome.create(
                groupInfo: groupInfo, joinerSecret: joinerSecret, psks: [],
                newMembers: bundles.map { Welcome.NewMember(keyPackage: $0.keyPackage, pathSecret: nil) },
                provider: provider
            )
            welcome = MLSMessage(version: .mls10, body: .welcome(built))
            return
        }
        let aAncestor = TreeMath.commonAncestor(LeafIndex(UInt32(aLeaf)).nodeIndex, signer.nodeIndex)
        let bAncestor = TreeMath.commonAncestor(LeafIndex(UInt32(bLeaf)).nodeIndex, signer.nodeIndex)
        guard let aSecret = pathSecrets[aAncestor], let bSecret = pathSecrets[bAncestor] else {
            throw FixtureError.unexpected("no path secret for the common ancestors")
        }
        let built = try Welcome.create(
            groupInfo: groupInfo, joinerSecret: joinerSecret, psks: [],
            newMembers: [
                Welcome.NewMember(keyPackage: bundles[aLeaf].keyPackage, pathSecret: aSecret),
                Welcome.NewMember(keyPackage: bundles[bLeaf].keyPackage, pathSecret: bSecret),
            ],
            provider: provider
        )
        welcome = MLSMessage(version: .mls10, body: .welcome(built))
    }

    /// Fills in parent nodes and committers' leaves top-down, returning subtree hashes (§7.8).
    struct Builder {
        var nodes: [Node?]
        let n: UInt32
        let keys: [NodeIndex: [UInt8]]
        let groupID: [UInt8]
        let bundles: [KeyPackageBundle]
        let provider: any CipherSuiteProvider

        var trimmedNodes: [Node?] {
            var out = nodes
            while let last = out.last, last == nil { out.removeLast() }
            return out
        }

        func node(_ x: NodeIndex) -> Node? { Int(x.rawValue) < nodes.count ? nodes[Int(x.rawValue)] : nil }

        func hasMember(under x: NodeIndex) -> Bool { TreeMath.leafRange(under: x).lowerBound < n }

        /// `field`: the parent_hash this node carries; `chain`: whether it is the valid link of
        /// a chain from above (a leaf on a chain becomes a committer's leaf).
        mutating func finalize(_ x: NodeIndex, field: [UInt8], chain: Bool) throws -> [UInt8] {
            guard let left = TreeMath.left(x), let right = TreeMath.right(x) else {
                let leafIndex = x.rawValue / 2
                guard var leaf = node(x)?.leafNode else { return Self.leafHash(leafIndex, nil, provider) }
                if chain {
                    guard leafIndex != 0, leafIndex != 2 else { throw FixtureError.unexpected("a or b on a chain") }
                    leaf.source = .commit(parentHash: field)
                    leaf.signature = try provider.signWithLabel(
                        privateKey: bundles[Int(leafIndex)].signingIdentity.signaturePrivateKey,
                        label: LeafNode.signatureLabel,
                        content: leaf.toBeSigned(groupID: groupID, leafIndex: LeafIndex(leafIndex))
                    )
                    nodes[Int(x.rawValue)] = .leaf(leaf)
                }
                return Self.leafHash(leafIndex, leaf, provider)
            }
            guard hasMember(under: right) else {
                // Blank: on no filtered direct path. The chain passes through to the left.
                if Int(x.rawValue) < nodes.count { nodes[Int(x.rawValue)] = nil }
                let leftHash = try finalize(left, field: field, chain: chain)
                let rightHash = try finalize(right, field: [], chain: false)
                return Self.parentHash(nil, leftHash, rightHash, provider)
            }
            let key = try keys[x] ?? provider.generateKEMKeyPair().publicKey
            let stale = provider.randomBytes(provider.hashLength).exposedBytes
            let leftHash = try finalize(left, field: stale, chain: false)
            var input = MLSWriter()
            input.writeOpaque(key)
            input.writeOpaque(field)
            input.writeOpaque(leftHash)
            let rightHash = try finalize(right, field: provider.hash(input.bytes), chain: true)
            let parent = ParentNode(encryptionKey: key, parentHash: field, unmergedLeaves: [])
            nodes[Int(x.rawValue)] = .parent(parent)
            return Self.parentHash(parent, leftHash, rightHash, provider)
        }

        // struct { uint32 leaf_index; optional<LeafNode> leaf_node; } LeafNodeHashInput;
        static func leafHash(_ index: UInt32, _ leaf: LeafNode?, _ provider: any CipherSuiteProvider) -> [UInt8] {
            var w = MLSWriter()
            w.write(UInt8(1))
            w.write(index)
            w.writeOptional(leaf)
            return provider.hash(w.bytes)
        }

        // struct { optional<ParentNode> parent_node; opaque left_hash<V>; opaque right_hash<V>; } ParentNodeHashInput;
        static func parentHash(_ parent: ParentNode?, _ left: [UInt8], _ right: [UInt8], _ provider: any CipherSuiteProvider) -> [UInt8] {
            var w = MLSWriter()
            w.write(UInt8(2))
            w.writeOptional(parent)
            w.writeOpaque(left)
            w.writeOpaque(right)
            return provider.hash(w.bytes)
        }
    }
}
