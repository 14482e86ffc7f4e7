import MLS
import Testing

@Suite struct MLSErrorTests {
    @Test("descriptions are the stable code plus safe context")
    func description() {
        let error = MLSError(MLSError.Code(rawValue: "mls.example"), "leaf 3")
        #expect(error.description == "mls.example (leaf 3)")
    }
}
