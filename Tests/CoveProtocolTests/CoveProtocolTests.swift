import CoveProtocol
import Foundation
import Testing

@Suite struct CoveProtocolTests {
    struct Box: Codable, Equatable { var data: Base64Bytes }

    @Test func base64RoundTrip() throws {
        let box = Box(data: Base64Bytes([0, 1, 2, 250, 251, 252]))
        let json = try JSONEncoder().encode(box)
        #expect(String(decoding: json, as: UTF8.self) == #"{"data":"AAEC+vv8"}"#)
        #expect(try JSONDecoder().decode(Box.self, from: json) == box)
    }

    @Test(arguments: ["AAA", "AA=A", "!!!!", "AAEC+vv8 ", "YQ", "YR=="])
    func base64RejectsNonCanonical(_ text: String) {
        let json = Data(#"{"data":"\#(text)"}"#.utf8)
        #expect {
            _ = try JSONDecoder().decode(Box.self, from: json)
        } throws: { error in
            guard case DecodingError.dataCorrupted(let ctx) = error else { return false }
            return ctx.debugDescription == Base64Bytes.invalidBase64Description
        }
    }

    @Test func base64DescriptionHidesContent() {
        #expect(Base64Bytes([1, 2, 3]).description == "Base64Bytes(3 bytes)")
    }

    @Test func groupIDIsCanonicalBase64URL() throws {
        let id = GroupID([0xFB, 0xFF, 0x00])
        #expect(id.string == "-_8A")
        #expect(GroupID(string: "-_8A") == id)
        for bad in ["", "-_8A=", "+/8A", "-", "a b", String(repeating: "A", count: 400)] {
            #expect(GroupID(string: bad) == nil, "\(bad)")
        }
        // Non-canonical trailing bits are rejected ("QR" decodes like "QQ").
        #expect(GroupID(string: "QR") == nil)
    }

    @Test func errorBodyShape() throws {
        let body = APIErrorBody(code: .epochConflict, message: "late", currentEpoch: 4)
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(body)) as? [String: Any]
        #expect(json?["code"] as? String == "group.epoch_conflict")
        #expect(json?["message"] as? String == "late")
        #expect(json?["currentEpoch"] as? Int == 4)
    }

    @Test func commitRequestDeviceListsAreOptional() throws {
        let json = Data(#"{"clientMessageId":"a","commit":"AAEC"}"#.utf8)
        let request = try JSONDecoder().decode(SubmitCommitRequest.self, from: json)
        #expect(request.addedDeviceIds.isEmpty && request.removedDeviceIds.isEmpty && request.welcome == nil)
    }

    @Test func challengeBytesAreDomainSeparated() {
        #expect(AuthChallenge.signedBytes(deviceId: "d", nonce: [9]) == Array("cove-auth-v1".utf8) + [0, 0x64, 0, 9])
    }
}
