import CoveTransparency
import Testing

/// Cross-check against an independent Python implementation of RFC 9162 §2.1 (hashlib only,
/// recursive definitions): Tests/CoveTransparencyTests/rfc9162_reference.py printed these
/// values for the entries "entry 0", "entry 1", ... (the same as `makeLog`). They cover
/// larger, non-power-of-two trees than the 8-leaf CT vectors.
struct CrossCheckTests {
    static let roots: [(UInt64, String)] = [
        (1000, "346c6b9cb89c4b76fac9dcb20cda86e3a01c0a57417c139028eacd4538fde95b"),
        (1023, "4effdfb19d997ad0eeb11957a76e4064ce19e45df19a6c8048e652cde1188958"),
        (1024, "90e4420d8d1cb79f7466fbff9cbce27c50494325cbcc3e0bd25671667a6bb0fe"),
        (1025, "e5e0d1f6ff7a1e83bbeb36403191c8758f1006b910b8cfe9269e8148e1876e92"),
    ]

    @Test func rootsAndProofsMatchPythonReference() throws {
        let (log, _) = try makeLog(count: 1025)
        for (size, root) in Self.roots {
            #expect(try log.rootHash(treeSize: size) == hex(root), "size \(size)")
        }
        let path: [String] = [
            "eef4e0ce5a6032ed9cea32e49d330b5ea8917f43691995de78d35dbf4796055e",
            "33ee27a26cd3bbd9b4d027fce4497d8cebe6e6136849ac06420df6a26620236f",
            "4c16c6bda4400cd1a646caa24f232940913569ae61e2d3d211a6464189b52305",
            "06801cc1e2d81d7e6dfebb2c8e256a15ec52af3ed011a6dd75b064ffb7b9b0ce",
            "781988f5961975872664874bee4e6d7e2f1881cf7ef529c7b0b2cdd42ab19c4a",
            "d8c36e0c43083ac54865be0d8a0cb01f5bd215ed08fd00c62428830b2f1c7033",
            "d9c14bb25e750116ab16a8c25a53999384ac3b77057d1e473b8e9ca3eecb30cd",
            "e1ca07dac792bfb07103520ce22b2b0737a07b7073dfcc672ff52c0e8da1ae45",
            "a00fa12392d539bf28cdee35ac426deb3e988d083bf315719637842551fc135c",
            "c6db949e76cfd5d61407c73a481921265ab024ea6131d02dc6b70defdfd4fada",
        ]
        #expect(try log.inclusionProof(index: 617, treeSize: 1000) == path.map(hex))
        let consistency: [String] = [
            "48cb524ccc5b3b60cce0b1fa2eaf59dc0b053083ca586127c10b1f71ab0bd331",
            "c831215a3bc87314099f903fdadf736f1e8572ea48a0c8da31afae209a343a76",
            "0f5ef4c0fd8e97811cd512857633fcb29d042fbf57495b9431966bec6978caab",
            "6dde88c7044d1f1c1ded64e606662fe90946836aa5bde6def5385197a1ceec04",
            "192cb155d317df324f01517c0bc272b30447991f234943e0c9576364adb9ca59",
            "6a34a12c3d1831f804503e66509c51b88c46f845e4acd44248faf5c63cce24ed",
            "b8762920c83fc809b9b866823b79c37c834f5656587b6d8ef71312d5bbf022ab",
            "b2b41e92630351d4109d2940f05bccdeca28c7da890586c811e9b94498f7c162",
            "5f497073519e9407492f5d4bc6c8113c1b8062424e4c368fa9a85253ba0718c0",
            "da6596d95369f5fef322ab8e4e0da3b0b50236aa9c8a3b1d246f7411c9e2e32e",
            "2fcb468bcea416f73684441045651e53494b5db6aa2f0fb04fb9592171da5c2f",
            "5d905bc4c4d7e21344cc2d476f1b82c7e8f2af9ba351ca7e8c6f3bac2e94aa2a",
        ]
        #expect(try log.consistencyProof(oldSize: 377, newSize: 1025) == consistency.map(hex))
    }
}
