#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FuzzSupport
import MLS

// Feeds arbitrary messages to a live group. A three-member group (alice, bob, carol; suite 1)
// is built once, deterministically (fixed seed for every key and secret, fixed clock); every
// input is read as a sequence of up to four MLSMessages and handed, in order, to a copy of
// alice's group:
// - PublicMessage / PrivateMessage: `process`; a staged commit is merged (the copy moves to
//   the next epoch and sends an application message in it), so a sequence can deliver a
//   proposal then the commit that references it, or a commit then traffic of the new epoch;
// - Welcome: `MLSGroup.join` with the KeyPackage of a fourth client, dave;
// - GroupInfo: `MLSGroup.joinByExternalCommit` as dave.
// Nothing may trap. `FuzzGroup --generate-seeds DIR` writes real messages of this group
// (application, proposals, commits with and without path, by-reference commit, Welcome,
// GroupInfo) to DIR; run.sh does this before fuzzing.

let now: UInt64 = 1_800_000_000
let suite = CipherSuite.mls128DHKEMX25519AES128GCMSHA256Ed25519
let crypto = DeterministicCrypto(seed: "cove FuzzGroup v1")
let configuration = MLSGroupConfiguration(crypto: crypto, clock: { now })
let lifetime = Lifetime(notBefore: now - 3600, notAfter: now + 365 * 86_400)

struct Setup {
    var alice: MLSGroup
    var bob: MLSGroup
    var carol: MLSGroup
    var dave: KeyPackageBundle
}

func identity(_ name: String) throws -> SigningIdentity {
    try SigningIdentity.generate(credential: .basic(identity: Array(name.utf8)), provider: crypto.provider(for: suite))
}

func bundle(_ name: String) throws -> KeyPackageBundle {
    try KeyPackageBundle.create(cipherSuite: suite, signingIdentity: identity(name), lifetime: lifetime, crypto: crypto)
}

func makeSetup() throws -> Setup {
    var alice = try MLSGroup.create(
        groupID: Array("cove fuzz group".utf8), cipherSuite: suite, signer: identity("alice"),
        lifetime: lifetime, configuration: configuration
    )
    let bob = try bundle("bob"), carol = try bundle("carol")
    let output = try alice.commit([.add(AddProposal(keyPackage: bob.keyPackage)), .add(AddProposal(keyPackage: carol.keyPackage))])
    // An UpdatePath would put HPKE ciphertexts (backend randomness) into the transcript.
    require(!output.stagedCommit.hasPath, "the setup commit has no UpdatePath")
    try alice.merge(output.stagedCommit)
    guard let welcome = output.welcome else { throw FuzzSetupError.noWelcome }
    return Setup(
        alice: alice,
        bob: try MLSGroup.join(welcome: welcome, keyPackages: [bob], configuration: configuration),
        carol: try MLSGroup.join(welcome: welcome, keyPackages: [carol], configuration: configuration),
        dave: try bundle("dave")
    )
}

enum FuzzSetupError: Error { case noWelcome, notACommit }

/// Reads up to four concatenated MLSMessages; stops at the first that does not decode.
func messages(_ bytes: [UInt8]) -> [MLSMessage] {
    var reader = MLSReader(bytes)
    var result: [MLSMessage] = []
    while !reader.isAtEnd, result.count < 4, let message = try? reader.read(MLSMessage.self) {
        result.append(message)
    }
    return result
}

func deliver(_ messages: [MLSMessage], to base: MLSGroup, setup: Setup, daveIdentity: SigningIdentity) -> [String] {
    var group = base
    var outcomes: [String] = []
    for message in messages {
        switch message.body {
        case .welcome:
            let joined = try? MLSGroup.join(welcome: message, keyPackages: [setup.dave], configuration: configuration)
            outcomes.append(joined == nil ? "welcome rejected" : "joined")
        case .groupInfo:
            let joined = try? MLSGroup.joinByExternalCommit(groupInfo: message, signer: daveIdentity, configuration: configuration)
            outcomes.append(joined == nil ? "group info rejected" : "joined by external commit")
        case .keyPackage:
            outcomes.append("key package ignored")
        case .publicMessage, .privateMessage:
            do {
                switch try group.process(message) {
                case .application: outcomes.append("application")
                case .proposal: outcomes.append("proposal")
                case .commit(let staged):
                    var next = group
                    try next.merge(staged)
                    group = next
                    _ = try group.encryptApplicationData([0x42])
                    outcomes.append("commit merged, epoch \(group.epoch)")
                }
            } catch {
                outcomes.append("rejected: \(error)")
            }
        }
    }
    return outcomes
}

/// Real messages of the setup group, each a seed; sequences are concatenated messages.
func generateSeeds(_ setup: Setup) throws -> [(String, [UInt8])] {
    var seeds: [(String, [UInt8])] = []
    func add(_ name: String, _ messages: [MLSMessage]) { seeds.append((name, messages.flatMap(\.mlsEncoded))) }

    var bob = setup.bob, carol = setup.carol
    add("application-bob", [try bob.encryptApplicationData(Array("hello alice".utf8), authenticatedData: [1, 2])])
    let update = try carol.proposeUpdate()
    add("proposal-update-carol", [update])
    add("proposal-remove-by-bob", [try bob.propose(.remove(RemoveProposal(removed: LeafIndex(2))))])

    let fullCommit = try setup.bob.commit([], options: CommitOptions(forcePath: true))
    add("commit-path-bob", [fullCommit.commit])
    let removeCommit = try setup.bob.commit([.remove(RemoveProposal(removed: LeafIndex(2)))])
    add("commit-remove-carol", [removeCommit.commit])
    let addDave = try setup.bob.commit([.add(AddProposal(keyPackage: setup.dave.keyPackage))])
    add("commit-add-dave", [addDave.commit])
    if let welcome = addDave.welcome { add("welcome-dave", [welcome]) }
    add("group-info", [try setup.alice.groupInfo()])

    // Carol's Update, then bob's commit covering it by reference.
    var bobAfterUpdate = setup.bob
    _ = try bobAfterUpdate.process(update)
    let byReference = try bobAfterUpdate.commit([])
    add("proposal-then-commit-by-reference", [update, byReference.commit])

    // A commit, then an application message of the new epoch.
    var bobNext = setup.bob
    try bobNext.merge(fullCommit.stagedCommit)
    add("commit-then-application", [fullCommit.commit, try bobNext.encryptApplicationData(Array("epoch 2".utf8))])
    return seeds
}

let setup: Setup
let daveIdentity: SigningIdentity
do {
    setup = try makeSetup()
    daveIdentity = try identity("dave")
} catch {
    print("FuzzGroup setup failed: \(error)")
    abort()
}

let arguments = CommandLine.arguments
if arguments.count == 3, arguments[1] == "--generate-seeds" {
    do {
        for (name, bytes) in try generateSeeds(setup) {
            // Each seed must be accepted by the group it was made for, or it seeds nothing.
            let outcome = deliver(messages(bytes), to: setup.alice, setup: setup, daveIdentity: daveIdentity)
            print("\(name): \(bytes.count) bytes: \(outcome.joined(separator: "; "))")
            require(writeFile(arguments[2] + "/gen-" + name, bytes), "write seed \(name)")
        }
    } catch {
        print("seed generation failed: \(error)")
        abort()
    }
    exit(0)
}

runFuzzer { bytes in
    _ = deliver(messages(bytes), to: setup.alice, setup: setup, daveIdentity: daveIdentity)
}
