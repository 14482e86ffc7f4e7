import MLSTestSupport
@testable import MLSSwiftCrypto
import Testing

/// SHAKE256 known answers. The expected outputs were generated with Python's
/// `hashlib.shake_256` (OpenSSL's Keccak, an implementation independent of ours) over the
/// message `m[i] = (7 * i + 3) mod 256`, at input lengths around the 136-byte rate.
@Suite struct SHAKE256Tests {
    static func message(_ length: Int) -> [UInt8] { (0..<length).map { UInt8(truncatingIfNeeded: $0 * 7 + 3) } }

    /// (input length, first 200 output bytes).
    static let knownAnswers: [(Int, String)] = [
        (0, "46b9dd2b0ba88d13233b3feb743eeb243fcd52ea62b81b82b50c27646ed5762fd75dc4ddd8c0f200cb05019d67b592f6fc821c49479ab48640292eacb3b7c4be141e96616fb13957692cc7edd0b45ae3dc07223c8e92937bef84bc0eab862853349ec75546f58fb7c2775c38462c5010d846c185c15111e595522a6bcd16cf86f3d122109e3b1fdd943b6aec468a2d621a7c06c6a957c62b54dafc3be87567d677231395f6147293b68ceab7a9e0c58d864e8efde4e1b9a46cbe854713672f5caaae314ed9083dab"),
        (1, "db4252337900d8ab7f609d170135d459a6798945d5a574d4a9db7b623c754d078fb2239762994969a1f372801817bb304f5b549a6bb5cb7c69950c5f439caf192455668cbfe3f6cce5a3c45d15411243dd4174f8e697af999a0b40d0c0b91828c53d08f286986544b961c7b9c86d789936b6e8a4a3a981cbf8e83442a9392f5b6fc61c9a1c3247a3c8dda02514cd9471c6d1bdad7fe09eaaddc474190995d5f57b38b52fc5d31488c6cf13afa621d5010005b69d94406a54b4bf8fe57a73a882c7591b1ddec112b7"),
        (135, "0213fc98352f009fafdf8ee1ea36391485a85aa6f6c07a5cd81266d21eb17f9af3e3a6aa4a5e03793be3a4da4ba01c438b689164fc6bebb290eb372bfecd569d2a69dc220bc2dae5d6cf9d3995091e4059d9e84618faa6b7de2d5e6f5d35313e6843196ea42cf421268e4d129cfec24bd4d421b1b40473134ade8603b8bc69db9d10b25e24c9de8adbc9e713237b937a4241e5f9ae17257febb0ee240d6977e80bbac531907b909928be689e8a7807e60a211d30c0c9526dcb7552f9a83f0f77a92467ac3421636a"),
        (136, "c00f43811e5b4a38e14e3c06d8a5ce34115a19cd604ce5bac6c3823b76046d5c6b149f173bef3089dbfe66774f9723bc344ecbaa7e9674df4ceb8558811423c5913b6167176f8c2e18378ec5f62a4342aff67ea93d488ca27140a678ce2163ff449e2fad54a00e0e2ab9c0d8a15379cdde8c9de63b699ea9bb935d384f92a76e28b18d0b7dfea5e871497915347b2e44acb263e59b74dab7f5916be955ab1a91f270386e35f596ca60879a96dfe95a79c873069a03031ee6094eb2326c85362cbc553a257e1adb82"),
        (137, "3c983983487bcbe74feba53b35bb1e05812379cb4116d9761f78d2ce3177866edc88e750bfaf43bd31ccd052078d97406fbfca21145c09c8d9bd1e81cd443e31aa69827bf0f1d9fddf4b028252de8dbfae953870c3b10347251986b7b49b2406d3e625526d331a8ac1b4d02976893c1fd0837dbc3327f2ecb90ddf5b4990faba3d1c6fa76502b431aa5c71daf885783a279b9a1c88a753f15d06de7fd52e5c5412daa844cba2d130e036120781dd3a09860fbc326626bf99234241536491813d8ee261efbdb8773f"),
        (1000, "980bf59987a720e516297296f92a27bba960e48a40bd01a0415b2e5dee26313d0a3f3ce47abe9e0f73cf74dc4fe68a5d51259bda988fa50fe68735dcda7edc5228e6915c04011df0e7a7e63b0316b55f06e2abd2062ac11e91c228700a1ee4717c9e4bbe162556e0303f26318c5df69f169856cfd3f8953c1ad3419a9bf51c73a47d19868b347e3dea9ec6fb2d86f70e53f30cdf74d9bb0ba1aa090ef75fefff02402db4e374c9a614ac0bd4f523b8a069a23701dd1e952680c9a3110dce8b9ba259b818bb6c820a"),
    ]

    @Test("FIPS 202: SHAKE256 of the empty string")
    func emptyInput() {
        #expect(Hex.encode(SHAKE256.hash([UInt8](), outputLength: 32))
            == "46b9dd2b0ba88d13233b3feb743eeb243fcd52ea62b81b82b50c27646ed5762f")
    }

    @Test("hashlib.shake_256 known answers", arguments: knownAnswers.map(\.0), [32, 96, 200])
    func knownAnswer(inputLength: Int, outputLength: Int) throws {
        let expected = try #require(Self.knownAnswers.first { $0.0 == inputLength }?.1)
        let output = SHAKE256.hash(Self.message(inputLength), outputLength: outputLength)
        #expect(output.count == outputLength)
        #expect(Hex.encode(output) == String(expected.prefix(2 * outputLength)))
    }

    @Test("zero-length output")
    func zeroOutput() {
        #expect(SHAKE256.hash([1, 2, 3], outputLength: 0).isEmpty)
    }
}
