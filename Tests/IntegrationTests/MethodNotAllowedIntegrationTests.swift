import Foundation
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Regression for schemathesis' unsupported-method check (`--checks all`): a documented path with
/// a method openapi.yaml does not list answered 404; it must answer 405 with `Allow`.
@Suite("Undocumented methods against a live cove-server", .serialized)
struct MethodNotAllowedIntegrationTests {
    func call(_ method: String, _ url: String) async throws -> (status: Int, allow: String?, code: String?) {
        var request = URLRequest(url: try #require(URL(string: url)))
        request.httpMethod = method
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as? HTTPURLResponse
        let code = (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["code"] as? String
        return (http?.statusCode ?? 0, http?.value(forHTTPHeaderField: "Allow"), code)
    }

    @Test("a documented path with another method is 405 request.method_not_allowed with Allow; unknown paths stay 404")
    func methodNotAllowed() async throws {
        let server = try await ServerProcess()
        defer { server.stop() }
        let base = server.baseURL
        let trace = try await call("TRACE", base + "/health")
        #expect(trace.status == 405 && trace.allow == "GET" && trace.code == "request.method_not_allowed")
        let deleteAccounts = try await call("DELETE", base + "/v1/accounts")
        #expect(deleteAccounts.status == 405 && deleteAccounts.allow == "POST")
        let pin = try await call("GET", base + "/v1/blobs/AAAAAAAAAAAAAAAAAAAAAA/pin")
        #expect(pin.status == 405 && pin.allow == "POST, DELETE")
        let unknown = try await call("GET", base + "/v1/nothing-here")
        #expect(unknown.status == 404 && unknown.code == "request.not_found")
        // A documented method still reaches its handler.
        #expect(try await call("GET", base + "/health").status == 200)
    }
}
