import MLSCodec

// struct {
//     opaque cert_data<V>;
// } Certificate;
//
// struct {
//     CredentialType credential_type;
//     select (Credential.credential_type) {
//         case basic:
//             opaque identity<V>;
//
//         case x509:
//             Certificate certificates<V>;
//     };
// } Credential;
/// A member's credential (RFC 9420 §5.3). The body of an unknown credential type has no length
/// prefix and cannot be skipped, so decoding rejects unknown types.
public enum Credential: Hashable, Sendable {
    /// An identity the application interprets; authenticity comes from the application.
    case basic(identity: [UInt8])
    /// A chain of DER certificates, leaf first.
    case x509(certificates: [[UInt8]])

    public var credentialType: CredentialType {
        switch self {
        case .basic: .basic
        case .x509: .x509
        }
    }
}

extension Credential: MLSCodable {
    public func encode(to writer: inout MLSWriter) {
        writer.write(credentialType)
        switch self {
        case .basic(let identity):
            writer.writeOpaque(identity)
        case .x509(let certificates):
            writer.writeVector { w in
                for certificate in certificates { w.writeOpaque(certificate) }
            }
        }
    }

    public init(from reader: inout MLSReader) throws(CodecError) {
        let type = try reader.read(CredentialType.self)
        switch type {
        case .basic:
            self = .basic(identity: try reader.readOpaque(maxLength: WireLimits.identifier))
        case .x509:
            let certificates = try reader.readVector(maxLength: WireLimits.message) {
                (r: inout MLSReader) throws(CodecError) -> [[UInt8]] in
                var list: [[UInt8]] = []
                while !r.isAtEnd {
                    guard list.count < MLSLimits.maxListCount else { throw CodecError(.lengthLimitExceeded, "certificates") }
                    list.append(try r.readOpaque(maxLength: WireLimits.message))
                }
                return list
            }
            self = .x509(certificates: certificates)
        default:
            throw CodecError(.invalidValue, "CredentialType")
        }
    }
}
