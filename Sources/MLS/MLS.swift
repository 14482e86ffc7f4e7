// The umbrella product: one import for applications.
@_exported import MLSCodec
@_exported import MLSCore
@_exported import MLSCrypto
@_exported import MLSSwiftCrypto
