@testable import CoveClient
import CoveProtocol
import Foundation
import Testing

/// The `device.linked` statement (Transparency/DeviceLinkStatement.swift) and the trusted set the
/// monitor derives from statements: only statements by trusted devices count, transitively.
@Suite("Device link statements")
struct SecurityDeviceLinkStatementTests {
    typealias Device = LinkedDevices.Device

    func device(_ id: String, _ byte: UInt8) -> Device { Device(deviceId: id, signatureKey: Base64Bytes([UInt8](repeating: byte, count: 32))) }

    @Test func theContentRoundTripsAndMalformedStatementsAreRefused() throws {
        let statement = DeviceLinkStatement(deviceId: "tablet-id", signatureKey: Base64Bytes([UInt8](repeating: 7, count: 32)))
        let decoded = try #require(AppContent.decode(AppContent.deviceLinked(statement).encoded))
        #expect(decoded.type == "device.linked" && decoded.linked == statement)

        func encoded(_ linked: String) -> [UInt8] { Array(#"{"v":1,"type":"device.linked","linked":\#(linked)}"#.utf8) }
        let key = Data([UInt8](repeating: 7, count: 32)).base64EncodedString()
        #expect(AppContent.decode(encoded(#"{"deviceId":"d","signatureKey":"\#(key)"}"#)) != nil)
        // No statement, an empty or over-long device id, a key that is not 32 bytes: ignored.
        #expect(AppContent.decode(Array(#"{"v":1,"type":"device.linked"}"#.utf8)) == nil)
        #expect(AppContent.decode(encoded(#"{"deviceId":"","signatureKey":"\#(key)"}"#)) == nil)
        #expect(AppContent.decode(encoded(#"{"deviceId":"\#(String(repeating: "x", count: 129))","signatureKey":"\#(key)"}"#)) == nil)
        let short = Data([UInt8](repeating: 7, count: 31)).base64EncodedString()
        #expect(AppContent.decode(encoded(#"{"deviceId":"d","signatureKey":"\#(short)"}"#)) == nil)
        #expect(AppContent.decode(Array(#"{"v":2,"type":"device.linked","linked":{"deviceId":"d","signatureKey":"\#(key)"}}"#.utf8)) == nil)
    }

    @Test func statementsCountOnlyFromTrustedDevicesAndTransitively() {
        let laptop = device("laptop", 1), phone = device("phone", 2), tablet = device("tablet", 3), desktop = device("desktop", 4)
        let ghost = device("ghost", 9)
        var linked = LinkedDevices(baselineDone: true, devices: [laptop, phone])
        #expect(linked.trusted == [laptop, phone])

        // The desktop's statement arrives before the tablet's: order does not matter.
        linked.vouches = [.init(by: tablet, device: desktop), .init(by: phone, device: tablet)]
        #expect(linked.trusted == [laptop, phone, tablet, desktop])

        // A statement by a device nobody trusted (the ghost vouching for itself or for another)
        // counts for nothing.
        linked.vouches?.append(.init(by: ghost, device: ghost))
        linked.vouches?.append(.init(by: ghost, device: device("ghost2", 8)))
        #expect(!linked.trusted.contains(ghost))
        #expect(linked.trusted.count == 4)

        // A trusted device id with another key is another device: its statements do not count.
        linked.vouches = [.init(by: device("phone", 99), device: ghost)]
        #expect(linked.trusted == [laptop, phone])
        // The monitor's set carries ids and keys as bytes.
        #expect(linked.monitorSet.count == 2)
        #expect(linked.monitorSet.contains(.init(deviceID: Array("phone".utf8), signatureKey: [UInt8](repeating: 2, count: 32))))
    }
}
