import MLS
import Testing

/// Random sequences of adds, removes, updates and commits among simulated members: after
/// every commit all members agree on epoch, epoch authenticator and tree hash, and
/// application messages round-trip.
@Suite("Group property")
struct GroupPropertyTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let suite: CipherSuite
        let seed: UInt64
        let steps: Int
        let maxMembers: Int
        var testDescription: String { "suite 0x\(String(suite.rawValue, radix: 16)) seed \(seed)" }
    }

    static let cases: [Case] = {
        var cases: [Case] = []
        var suites: [CipherSuite] = [.mls128DHKEMX25519AES128GCMSHA256Ed25519]
        if GroupTestSupport.crypto.supportedSuites.contains(.mls128XWingAES128GCMSHA256Ed25519) {
            suites.append(.mls128XWingAES128GCMSHA256Ed25519)
        }
        for suite in suites {
            for seed: UInt64 in [1, 2, 3] { cases.append(Case(suite: suite, seed: seed, steps: 10, maxMembers: 12)) }
            cases.append(Case(suite: suite, seed: 42, steps: 2, maxMembers: 50))
        }
        return cases
    }()

    @Test("random operations keep every member in sync", arguments: cases)
    func randomOperations(_ testCase: Case) throws {
        var rng = SeededRandom(seed: testCase.seed)
        let suite = testCase.suite
        let provider = try GroupTestSupport.provider(suite)
        var nameCounter = 0
        func newName() -> String { nameCounter += 1; return "member-\(nameCounter)" }

        // Start with 2 members (or a big group for the large case).
        let initial = testCase.maxMembers >= 50 ? 44 : 1
        var groups = try GroupTestSupport.makeGroup(suite: suite, members: (0..<initial).map { _ in newName() })
        try checkSync(groups, provider: provider)

        for _ in 0..<testCase.steps {
            let committer = Int.random(in: 0..<groups.count, using: &rng)
            var proposals: [Proposal] = []
            var newBundles: [KeyPackageBundle] = []
            let operation = Int.random(in: 0..<4, using: &rng)
            switch operation {
            case 0 where groups.count < testCase.maxMembers:
                // Add 1...5 members by value.
                let count = min(Int.random(in: 1...5, using: &rng), testCase.maxMembers - groups.count)
                for _ in 0..<count {
                    let bundle = try GroupTestSupport.keyPackage(newName(), suite: suite)
                    newBundles.append(bundle)
                    proposals.append(.add(AddProposal(keyPackage: bundle.keyPackage)))
                }
            case 1 where groups.count > 2:
                // Another member proposes a Remove; the committer includes it by reference.
                var victim = Int.random(in: 0..<groups.count, using: &rng)
                if victim == committer { victim = (victim + 1) % groups.count }
                var proposer = Int.random(in: 0..<groups.count, using: &rng)
                if proposer == victim { proposer = committer }
                let message = try groups[proposer].propose(.remove(RemoveProposal(removed: groups[victim].ownLeafIndex)))
                try broadcastProposal(message, from: proposer, groups: &groups)
            case 2:
                // Some other member proposes an Update.
                let updater = Int.random(in: 0..<groups.count, using: &rng)
                if updater != committer {
                    let message = try groups[updater].proposeUpdate()
                    try broadcastProposal(message, from: updater, groups: &groups)
                }
            default:
                break  // empty commit (path only)
            }

            // Sometimes a member sends a message just before the commit; it arrives late.
            var lateMessage: (sender: LeafIndex, data: [UInt8], message: MLSMessage)? = nil
            if Bool.random(using: &rng), groups.allSatisfy({ $0.pendingProposals.isEmpty }) {
                let sender = Int.random(in: 0..<groups.count, using: &rng)
                let data = Array("late \(nameCounter)".utf8)
                lateMessage = (groups[sender].ownLeafIndex, data, try groups[sender].encryptApplicationData(data))
            }

            let previousMembers = Set(groups.map(\.signer.signaturePublicKey))
            let output = try groups[committer].commit(proposals)
            try groups[committer].merge(output.stagedCommit)
            var next: [MLSGroup] = []
            for i in groups.indices {
                if i == committer {
                    next.append(groups[i])
                    continue
                }
                guard case .commit(let staged) = try groups[i].process(output.commit) else {
                    Issue.record("expected a commit")
                    return
                }
                try groups[i].merge(staged)
                if !staged.removesSelf { next.append(groups[i]) }
            }
            if let welcome = output.welcome {
                for bundle in newBundles {
                    next.append(try MLSGroup.join(welcome: welcome, keyPackages: [bundle], configuration: GroupTestSupport.configuration()))
                }
            }
            groups = next
            try checkSync(groups, provider: provider)

            // Members still in the group read the late message from the previous epoch.
            if let late = lateMessage {
                for i in groups.indices where previousMembers.contains(groups[i].signer.signaturePublicKey) {
                    if groups[i].ownLeafIndex == late.sender { continue }
                    guard case .application(let received) = try groups[i].process(late.message) else {
                        Issue.record("expected the late message")
                        return
                    }
                    #expect(received.data == late.data)
                }
            }

            // A random member is persisted and restored.
            let restoredIndex = Int.random(in: 0..<groups.count, using: &rng)
            groups[restoredIndex] = try MLSGroup(encoded: groups[restoredIndex].encoded(), configuration: GroupTestSupport.configuration())

            // A random member talks; everyone else reads it.
            let speaker = Int.random(in: 0..<groups.count, using: &rng)
            let text = Array("step \(nameCounter) from \(speaker)".utf8)
            let message = try groups[speaker].encryptApplicationData(text)
            for i in groups.indices where i != speaker {
                guard case .application(let received) = try groups[i].process(message) else {
                    Issue.record("expected application data")
                    return
                }
                #expect(received.data == text)
                #expect(received.sender == groups[speaker].ownLeafIndex)
            }
        }
    }

    private func broadcastProposal(_ message: MLSMessage, from sender: Int, groups: inout [MLSGroup]) throws {
        for i in groups.indices where i != sender {
            guard case .proposal = try groups[i].process(message) else {
                Issue.record("expected a proposal")
                return
            }
        }
    }

    private func checkSync(_ groups: [MLSGroup], provider: any CipherSuiteProvider) throws {
        GroupTestSupport.expectInSync(groups)
        for group in groups {
            // The tree each member holds hashes to the tree hash of its GroupContext.
            #expect(try RatchetTree(group.ratchetTree).treeHash(provider) == group.treeHash)
            #expect(group.members.count == groups.count)
        }
    }
}
