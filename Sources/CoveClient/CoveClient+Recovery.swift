import CoveProtocol
import Foundation
import MLS

/// `GET /v1/groups/{id}/group-info`.
struct StoredGroupInfo: Codable, Sendable {
    var epoch: UInt64
    var groupInfo: Base64Bytes
}

extension CoveClient {
    /// Rejoins a group whose local state fell behind or forked: an external commit from the
    /// GroupInfo the server stored with the group's latest commit, removing this device's old
    /// leaf in the same commit (resync). Messages sent in the epochs this device missed stay
    /// unreadable, so the user gets an `alert`. Lock held.
    func rejoin(_ loaded: LoadedGroup, reason: String, batch: inout StoreBatch) async throws -> [ClientEvent] {
        let name = displayName(loaded.record)
        let id = GroupID(loaded.record.groupId)
        for _ in 0..<5 {
            let info: StoredGroupInfo
            do {
                info = try await authed(.GET, "/v1/groups/\(id.string)/group-info")
            } catch let failure as APIFailure {
                logger.warning("no group info for rejoin", metadata: ["code": "\(failure.code.rawValue)"])
                return [alert("out_of_sync", "'\(name)' is out of sync (\(reason)) and cannot be recovered now; new messages may be unreadable", id)]
            }
            guard let message = try? MLSMessage(mlsEncoded: info.groupInfo.bytes) else {
                return [alert("out_of_sync", "'\(name)' is out of sync and the server's recovery data is invalid", id)]
            }
            let joined: (group: MLSGroup, commit: MLSMessage)
            do {
                joined = try MLSGroup.joinByExternalCommit(groupInfo: message, signer: signer, resyncRemoving: loaded.group.ownLeafIndex,
                                                           configuration: configuration)
            } catch {
                do {
                    joined = try MLSGroup.joinByExternalCommit(groupInfo: message, signer: signer, configuration: configuration)
                } catch {
                    logger.warning("external join failed", metadata: ["error": "\(error)"])
                    return [alert("out_of_sync", "'\(name)' is out of sync and could not be rejoined", id)]
                }
            }
            let request = SubmitCommitRequest(clientMessageId: "r-" + UUID().uuidString.lowercased(),
                                              commit: Base64Bytes(joined.commit.mlsEncoded))
            switch try await writeAndSubmitCommit(request, group: loaded.record, next: joined.group, groupInfo: try joined.group.groupInfo()) {
            case .accepted:
                return [alert("rejoined", "'\(name)' was out of sync (\(reason)); this device rejoined it and may have missed messages", id)]
            case .conflict:
                continue
            case .rejected(let error):
                return [alert("out_of_sync", "'\(name)' is out of sync and the server refused the rejoin (\(error.message))", id)]
            }
        }
        return [alert("out_of_sync", "'\(name)' is out of sync; rejoining kept conflicting", id)]
    }
}
