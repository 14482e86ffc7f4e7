import Foundation

/// The API contract, Resources/openapi.yaml, as served at `GET /openapi.yaml`.
public enum OpenAPIDocument {
    public static let yaml: String = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"),
              let text = try? String(contentsOf: url, encoding: .utf8) else {
            return "# openapi.yaml resource missing from this build\n"
        }
        return text
    }()
}
