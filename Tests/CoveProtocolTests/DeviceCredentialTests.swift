import CoveProtocol
import Testing

@Suite struct DeviceCredentialTests {
    @Test func roundTrip() {
        let c = DeviceCredential(username: "alice.b-2_", deviceId: "0f3c2a1e-7d7e-4b52-9a55-5b1c1a0d9e11")
        #expect(DeviceCredential(identity: c.identity) == c)
        #expect(c.identity == Array("alice.b-2_/0f3c2a1e-7d7e-4b52-9a55-5b1c1a0d9e11".utf8))
    }

    @Test(arguments: ["", "alice", "/dev", "alice/", "Alice/dev", "al ice/dev", "alice/de/v", "alice/dév",
                      String(repeating: "a", count: 65) + "/dev", "alice/" + String(repeating: "d", count: 129)])
    func rejects(_ identity: String) {
        #expect(DeviceCredential(identity: Array(identity.utf8)) == nil)
    }
}
