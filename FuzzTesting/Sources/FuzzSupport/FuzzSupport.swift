#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The libFuzzer driver lives in the sanitizer runtime (`-sanitize=fuzzer`). Each fuzz target's
// main.swift registers its body and hands control to the driver.

@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

// Set once in `runFuzzer` before the driver starts; libFuzzer calls back on one thread.
nonisolated(unsafe) private var fuzzBody: (([UInt8]) -> Void)?

/// libFuzzer's entry point. The sanitizer runtime references this symbol even when the
/// driver is started through `LLVMFuzzerRunDriver`.
@_cdecl("LLVMFuzzerTestOneInput")
public func LLVMFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes: [UInt8] = (data == nil || size == 0) ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    fuzzBody?(bytes)
    return 0
}

/// Runs libFuzzer with the process's arguments, calling `body` for every input.
/// `body` must return normally for every input; a trap is a finding.
public func runFuzzer(_ body: @escaping ([UInt8]) -> Void) -> Never {
    fuzzBody = body
    var argc = CommandLine.argc
    var argv = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&argc, &argv) { LLVMFuzzerTestOneInput($0, $1) })
}

/// The codec's canonical-encoding property: whatever decodes must re-encode to the same
/// bytes. A difference means the decoder accepted a non-canonical form (two encodings of one
/// value), which breaks signatures and transcript hashes: report it as a crash.
public func requireCanonical(_ input: [UInt8], _ reencoded: [UInt8], _ what: String) {
    if input != reencoded {
        print("non-canonical \(what): input \(input.count) bytes re-encoded to \(reencoded.count) bytes")
        abort()
    }
}

/// A property every input must satisfy; a violation is reported as a crash.
public func require(_ condition: Bool, _ what: String) {
    if !condition {
        print("property violated: \(what)")
        abort()
    }
}

/// Writes `bytes` to `path` (seed generation); false on any error.
public func writeFile(_ path: String, _ bytes: [UInt8]) -> Bool {
    guard let file = fopen(path, "wb") else { return false }
    defer { fclose(file) }
    return bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, file) } == bytes.count
}
