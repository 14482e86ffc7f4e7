import Crypto
import Foundation
import MLSCrypto

/// The HPKE KEMs of the supported suites: DHKEM (RFC 9180 §4.1) over X25519, P-256, P-384 and
/// P-521, and X-Wing (draft-connolly-cfrg-xwing-kem, KEM id 0x647a).
enum KEMAlgorithm: Sendable {
    case x25519, p256, p384, p521, xWing

    init?(id: UInt16) {
        switch id {
        case 0x0020: self = .x25519
        case 0x0010: self = .p256
        case 0x0011: self = .p384
        case 0x0012: self = .p521
        case 0x647a: self = .xWing
        default: return nil
        }
    }

    var id: UInt16 {
        switch self {
        case .x25519: 0x0020
        case .p256: 0x0010
        case .p384: 0x0011
        case .p521: 0x0012
        case .xWing: 0x647a
        }
    }

    /// Nsecret.
    var secretLength: Int {
        switch self {
        case .x25519, .p256, .xWing: 32
        case .p384: 48
        case .p521: 64
        }
    }

    /// Nenc.
    var encLength: Int {
        switch self {
        case .x25519: 32
        case .p256: 65
        case .p384: 97
        case .p521: 133
        case .xWing: 1120
        }
    }

    /// Npk.
    var publicKeyLength: Int {
        switch self {
        case .xWing: 1216
        default: encLength
        }
    }

    /// Nsk.
    var privateKeyLength: Int {
        switch self {
        case .x25519, .p256, .xWing: 32
        case .p384: 48
        case .p521: 66
        }
    }

    /// The KDF that DHKEM uses internally (RFC 9180 §7.1 table).
    var kdf: HashAlgorithm {
        switch self {
        case .x25519, .p256, .xWing: .sha256
        case .p384: .sha384
        case .p521: .sha512
        }
    }

    /// `suite_id = concat("KEM", I2OSP(kem_id, 2))`.
    var suiteID: [UInt8] { Array("KEM".utf8) + i2osp2(id) }
}
