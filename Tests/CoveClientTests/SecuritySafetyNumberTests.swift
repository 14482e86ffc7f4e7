import Foundation
import Testing
@testable import CoveClient

/// Safety numbers: known answers from an independent Python implementation
/// (SecurityFixtures/make_safety_numbers.py, standard library only), symmetry, and sensitivity
/// to every device key.
@Suite struct SecuritySafetyNumberTests {
    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        var localUser: String
        var localKeys: [String]
        var remoteUser: String
        var remoteKeys: [String]
        var localFingerprint: String
        var remoteFingerprint: String
        var safetyNumber: String
        var testDescription: String { "\(localUser)/\(localKeys.count) vs \(remoteUser)/\(remoteKeys.count)" }
    }

    static func fixture<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "SecurityFixtures") else {
            throw CoveClientError(.init("test.fixture_missing"), "fixture \(name).json is missing")
        }
        return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
    }

    static func key(_ seed: Int) -> [UInt8] { (0..<32).map { UInt8(truncatingIfNeeded: seed &* 31 &+ $0) } }

    @Test func knownAnswersFromPython() throws {
        let cases = try Self.fixture("safety_numbers", as: [Case].self)
        #expect(cases.count == 5)
        for item in cases {
            let local = item.localKeys.map(SecurityScryptTests.hex)
            let remote = item.remoteKeys.map(SecurityScryptTests.hex)
            #expect(try SafetyNumber.fingerprint(user: item.localUser, deviceKeys: local) == item.localFingerprint)
            #expect(try SafetyNumber.fingerprint(user: item.remoteUser, deviceKeys: remote) == item.remoteFingerprint)
            let number = try SafetyNumber(
                localUser: item.localUser, localDeviceKeys: local, remoteUser: item.remoteUser, remoteDeviceKeys: remote)
            #expect(number.digits == item.safetyNumber, "\(item.testDescription)")
        }
    }

    @Test func symmetric() throws {
        let a = try SafetyNumber(localUser: "alice", localDeviceKeys: [Self.key(1), Self.key(2)],
                                 remoteUser: "bob", remoteDeviceKeys: [Self.key(3)])
        let b = try SafetyNumber(localUser: "bob", localDeviceKeys: [Self.key(3)],
                                 remoteUser: "alice", remoteDeviceKeys: [Self.key(2), Self.key(1)])
        #expect(a == b)
    }

    @Test func shapeIsSixtyDigitsInTwelveGroups() throws {
        let number = try SafetyNumber(localUser: "a", localDeviceKeys: [Self.key(1)],
                                      remoteUser: "b", remoteDeviceKeys: [Self.key(2)])
        #expect(number.digits.count == 60)
        #expect(number.digits.allSatisfy(\.isASCII) && number.digits.allSatisfy(\.isNumber))
        #expect(number.groups.count == 12)
        #expect(number.groups.allSatisfy { $0.count == 5 })
        #expect(number.lines.count == 3)
        #expect(number.description == number.groups.joined(separator: " "))
        #expect(number.qrPayload == Array("cove-sn-v0:\(number.digits)".utf8))
    }

    @Test func changesWhenAnyDeviceKeyChanges() throws {
        let aliceKeys = [Self.key(1), Self.key(2)]
        let bobKeys = [Self.key(3), Self.key(4)]
        let base = try SafetyNumber(localUser: "alice", localDeviceKeys: aliceKeys, remoteUser: "bob", remoteDeviceKeys: bobKeys)
        // Replace each key of each side in turn, and flip one bit of it.
        for side in 0..<2 {
            for index in 0..<2 {
                var a = aliceKeys, b = bobKeys
                if side == 0 { a[index][7] ^= 0x01 } else { b[index][7] ^= 0x01 }
                let changed = try SafetyNumber(localUser: "alice", localDeviceKeys: a, remoteUser: "bob", remoteDeviceKeys: b)
                #expect(changed != base, "side \(side) key \(index)")
            }
        }
        // An added device (a ghost) or a removed one changes it too.
        let ghost = try SafetyNumber(localUser: "alice", localDeviceKeys: aliceKeys, remoteUser: "bob",
                                     remoteDeviceKeys: bobKeys + [Self.key(9)])
        #expect(ghost != base)
        let fewer = try SafetyNumber(localUser: "alice", localDeviceKeys: aliceKeys, remoteUser: "bob",
                                     remoteDeviceKeys: [Self.key(3)])
        #expect(fewer != base)
        // So does the username.
        let renamed = try SafetyNumber(localUser: "alice", localDeviceKeys: aliceKeys, remoteUser: "bobby", remoteDeviceKeys: bobKeys)
        #expect(renamed != base)
    }

    @Test func orderAndDuplicatesDoNotMatter() throws {
        let a = try SafetyNumber.fingerprint(user: "u", deviceKeys: [Self.key(1), Self.key(2)])
        let b = try SafetyNumber.fingerprint(user: "u", deviceKeys: [Self.key(2), Self.key(1), Self.key(2)])
        #expect(a == b)
    }

    @Test func keysAreLengthPrefixed() throws {
        // [ab, c] and [a, bc] must not collide.
        let a = try SafetyNumber.fingerprint(user: "u", deviceKeys: [[0x61, 0x62], [0x63]])
        let b = try SafetyNumber.fingerprint(user: "u", deviceKeys: [[0x61], [0x62, 0x63]])
        #expect(a != b)
    }

    @Test func invalidInputsThrow() {
        let noDevices = #expect(throws: CoveClientError.self) {
            try SafetyNumber(localUser: "a", localDeviceKeys: [Self.key(1)], remoteUser: "b", remoteDeviceKeys: [])
        }
        #expect(noDevices?.code == .verifyNoDevices)
        let emptyKey = #expect(throws: CoveClientError.self) { try SafetyNumber.fingerprint(user: "a", deviceKeys: [[]]) }
        #expect(emptyKey?.code == .verifyInvalidKey)
        let longKey = #expect(throws: CoveClientError.self) {
            try SafetyNumber.fingerprint(user: "a", deviceKeys: [[UInt8](repeating: 1, count: 65536)])
        }
        #expect(longKey?.code == .verifyInvalidKey)
        let noUser = #expect(throws: CoveClientError.self) { try SafetyNumber.fingerprint(user: "", deviceKeys: [Self.key(1)]) }
        #expect(noUser?.code == .verifyInvalidUsername)
    }

    @Test func matchesTypedInput() throws {
        let number = try SafetyNumber(localUser: "a", localDeviceKeys: [Self.key(1)], remoteUser: "b", remoteDeviceKeys: [Self.key(2)])
        #expect(number.matches(number.description))
        #expect(number.matches(number.digits))
        #expect(number.matches(number.lines.joined(separator: "\n")))
        var wrong = Array(number.digits)
        wrong[59] = wrong[59] == "0" ? "1" : "0"
        #expect(!number.matches(String(wrong)))
        #expect(!number.matches(String(number.digits.dropLast())))
        #expect(!number.matches(number.digits + "0"))
        #expect(!number.matches("x" + number.digits))
    }
}
