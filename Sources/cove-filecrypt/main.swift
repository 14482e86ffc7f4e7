// cove-filecrypt: encrypt, decrypt and range-read files in Cove's encrypted-file format
// (docs/file-format.md). Used for the measurements in docs/PERFORMANCE.md and by hand.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@_spi(TestVectors) import CoveFileCrypto
import MLSCrypto

let usage = """
usage: cove-filecrypt keygen [-o KEYFILE]
       cove-filecrypt encrypt -k KEYFILE [--cipher aes256gcm|chacha20poly1305] [-i IN] [-o OUT]
       cove-filecrypt decrypt -k KEYFILE [-i IN] [-o OUT]
       cove-filecrypt range -k KEYFILE -i IN --offset N --length N [-o OUT]
       cove-filecrypt vector
A KEYFILE holds the 32-byte file key as 64 hex digits. IN/OUT default to stdin/stdout.
Decrypted output is authentic only if the command exits 0; on failure a regular OUT file is removed.
"""

struct UsageError: Error { let message: String }

func fail(_ message: String, code: Int32) -> Never {
    FileHandleOut.stderr("cove-filecrypt: \(message)\n")
    exit(code)
}

enum FileHandleOut {
    static func stderr(_ text: String) {
        var s = FileDescriptorStream(fileDescriptor: 2)
        try? Array(text.utf8).withUnsafeBytes { try s.write($0) }
    }
}

func hex(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef")
    return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] })
}

func unhex(_ text: String) -> [UInt8]? {
    let chars = Array(text.utf8)
    guard chars.count % 2 == 0 else { return nil }
    func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: c - 48
        case 97...102: c - 87
        case 65...70: c - 55
        default: nil
        }
    }
    var out: [UInt8] = []
    var i = 0
    while i < chars.count {
        guard let hi = nibble(chars[i]), let lo = nibble(chars[i + 1]) else { return nil }
        out.append(hi << 4 | lo)
        i += 2
    }
    return out
}

func openInput(_ path: String?) throws -> Int32 {
    guard let path, path != "-" else { return 0 }
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { throw UsageError(message: "cannot open \(path): errno \(errno)") }
    return fd
}

func openOutput(_ path: String?) throws -> Int32 {
    guard let path, path != "-" else { return 1 }
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard fd >= 0 else { throw UsageError(message: "cannot create \(path): errno \(errno)") }
    return fd
}

/// Removes a partially written regular output file after a failure.
func discardOutput(_ path: String?) {
    guard let path, path != "-" else { return }
    var info = stat()
    if stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG { unlink(path) }
}

func readKey(_ path: String?) throws -> FileKey {
    guard let path else { throw UsageError(message: "missing -k KEYFILE") }
    var input = FileDescriptorStream(fileDescriptor: try openInput(path))
    defer { close(input.fileDescriptor) }
    var text: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 256)
    while true {
        let n = try buffer.withUnsafeMutableBytes { try input.read(into: $0) }
        if n == 0 { break }
        text += buffer[0..<n]
        guard text.count < 4096 else { throw UsageError(message: "key file too long") }
    }
    let trimmed = String(decoding: text, as: UTF8.self).filter { !$0.isWhitespace }
    guard let bytes = unhex(trimmed) else { throw UsageError(message: "key file is not hex") }
    return try FileKey(SecretBytes(bytes))
}

func printVector() throws {
    let key = try FileKey(SecretBytes((0..<32).map { UInt8($0) }))
    let salt = (0..<32).map { UInt8(0x20 + $0) }
    for (name, plaintext) in [("short", Array("Hello, Cove!".utf8)), ("empty", [])] as [(String, [UInt8])] {
        var encryptor = try FileEncryptor(key: key, cipher: .aes256GCM, unsafeFixedSalt: salt)
        var out = ByteBuffer()
        try encryptor.update(plaintext) { try out.write($0) }
        try encryptor.finish { try out.write($0) }
        print("\(name): plaintext \(hex(plaintext))")
        print("\(name): ciphertext \(hex(out.bytes))")
    }
}

/// swift-crypto returns every sealed or opened chunk in a fresh ~64 KiB buffer. With glibc's
/// default 128 KiB trim threshold the top of the heap goes back to the kernel and is faulted in
/// again for every chunk (two brk calls and up to 18 page faults per chunk: 40% of the CPU time of
/// ChaCha20-Poly1305 encryption). Keeping up to 16 MiB of free heap lets those buffers reuse the
/// same pages. Process-wide tuning, so it belongs to the executable, not the library; mallopt is
/// looked up at run time because Swift's Glibc module does not export malloc.h.
func tuneAllocator() {
    #if canImport(Glibc)
    typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
    guard let symbol = dlsym(nil, "mallopt") else { return }
    let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
    _ = mallopt(-1, 16 << 20)  // M_TRIM_THRESHOLD
    _ = mallopt(-2, 1 << 20)   // M_TOP_PAD
    #endif
}

tuneAllocator()

do {
    var args = Array(CommandLine.arguments.dropFirst())
    guard let command = args.first else { throw UsageError(message: "missing command") }
    args.removeFirst()
    var options: [String: String] = [:]
    while !args.isEmpty {
        let flag = args.removeFirst()
        guard ["-k", "-i", "-o", "--cipher", "--offset", "--length"].contains(flag), !args.isEmpty else {
            throw UsageError(message: "unexpected argument \(flag)")
        }
        options[flag] = args.removeFirst()
    }
    switch command {
    case "keygen":
        var out = FileDescriptorStream(fileDescriptor: try openOutput(options["-o"]))
        let line = hex(FileKey.generate().secret.exposedBytes) + "\n"
        try Array(line.utf8).withUnsafeBytes { try out.write($0) }
    case "encrypt":
        let key = try readKey(options["-k"])
        let cipher: FileCipher
        switch options["--cipher"] ?? "aes256gcm" {
        case "aes256gcm": cipher = .aes256GCM
        case "chacha20poly1305": cipher = .chaCha20Poly1305
        default: throw UsageError(message: "unknown cipher")
        }
        var input = FileDescriptorStream(fileDescriptor: try openInput(options["-i"]))
        var output = FileDescriptorStream(fileDescriptor: try openOutput(options["-o"]))
        do {
            try FileCrypto.encrypt(key: key, cipher: cipher, from: &input, to: &output)
        } catch {
            discardOutput(options["-o"])
            throw error
        }
    case "decrypt":
        let key = try readKey(options["-k"])
        var input = FileDescriptorStream(fileDescriptor: try openInput(options["-i"]))
        var output = FileDescriptorStream(fileDescriptor: try openOutput(options["-o"]))
        do {
            try FileCrypto.decrypt(key: key, from: &input, to: &output)
        } catch {
            discardOutput(options["-o"])
            throw error
        }
    case "range":
        let key = try readKey(options["-k"])
        guard let path = options["-i"], let offset = options["--offset"].flatMap({ UInt64($0) }),
              let length = options["--length"].flatMap({ UInt64($0) }) else {
            throw UsageError(message: "range needs -i IN --offset N --length N")
        }
        let reader = try FileRangeReader(key: key, source: FileDescriptorStream(fileDescriptor: try openInput(path)))
        var output = FileDescriptorStream(fileDescriptor: try openOutput(options["-o"]))
        try reader.read(offset: offset, count: length) { try output.write($0) }
    case "vector":
        try printVector()
    case "-h", "--help", "help":
        print(usage)
    default:
        throw UsageError(message: "unknown command \(command)")
    }
} catch let error as UsageError {
    fail("\(error.message)\n\(usage)", code: 2)
} catch let error as FileCryptoError {
    fail(error.description, code: 1)
} catch {
    fail("\(error)", code: 1)
}
