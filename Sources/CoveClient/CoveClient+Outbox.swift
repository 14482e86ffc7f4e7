import CoveProtocol
import Foundation
import MLS

/// What the server made of a submission from the outbox.
enum SubmitOutcome: Sendable {
    case accepted
    /// A commit lost its epoch to another one.
    case conflict
    /// Refused for good (the error says why); the entry is dropped.
    case rejected(CoveClientError)
}

extension CoveClient {
    static let outboxMessage = "message"
    static let outboxCommit = "commit"

    /// Submits one outbox entry and settles it: on acceptance the entry goes (and a commit's
    /// pending state becomes the group's state); on a conflict or a refusal the entry and the
    /// pending state go. A transport failure leaves both for the next attempt.
    func submit(_ entry: OutboxRecord) async throws -> SubmitOutcome {
        let path = "/v1/groups/\(GroupID(entry.groupId).string)/" + (entry.kind == Self.outboxCommit ? "commits" : "messages")
        let outcome: SubmitOutcome
        do {
            let _: SubmitResponse = try await authed(.POST, path, json: entry.request)
            outcome = .accepted
        } catch let failure as APIFailure {
            switch failure.code {
            case .epochConflict where entry.kind == Self.outboxCommit:
                outcome = .conflict
            case .clientMessageIDReused:
                // Only possible if this id was used for other bytes: the first submission won.
                outcome = .accepted
            case .rateLimited, .unavailable, .internalError:
                throw failure.clientError
            default:
                logger.warning("submission refused", metadata: ["code": "\(failure.code.rawValue)"])
                outcome = .rejected(failure.clientError)
            }
        }
        var batch = StoreBatch([.deleteOutbox(id: entry.id)])
        if entry.kind == Self.outboxCommit, let record = try await store.group(id: entry.groupId), record.pendingCommitId == entry.id {
            var next = record
            if case .accepted = outcome, let pending = record.sealedPendingState {
                let group = try unsealGroup(pending, id: record.groupId, pending: true)
                next = try updated(record, with: group)
            } else {
                next.sealedPendingState = nil
                next.pendingCommitId = nil
            }
            batch.append(.putGroup(next))
        }
        try await store.apply(batch)
        return outcome
    }

    /// Sends every outbox entry in order (lock held).
    func flushOutbox() async throws {
        for entry in try await store.outbox() {
            _ = try await submit(entry)
        }
    }
}
