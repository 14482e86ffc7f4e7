import MLSCodec

// enum {
//   reserved(0),
//   application(1),
//   reinit(2),
//   branch(3),
//   (255)
// } ResumptionPSKUsage;
/// Why a resumption PSK is injected (RFC 9420 §8.4).
public enum ResumptionPSKUsage: UInt8, Hashable, Sendable, CaseIterable {
    case application = 1
    case reinit = 2
    case branch = 3
}

extension ResumptionPSKUsage: MLSCodable {
    public func encode(to writer: inout MLSWriter) { writer.write(rawValue) }
    public init(from reader: inout MLSReader) throws(CodecError) {
        guard let value = ResumptionPSKUsage(rawValue: try reader.readUInt8()) else {
            throw CodecError(.invalidValue, "ResumptionPSKUsage")
        }
        self = value
    }
}
