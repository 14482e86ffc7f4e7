extension CoveClient {
    /// Brings this device up to date like ``sync()`` (outbox sent, queue fetched and processed,
    /// own devices checked) but does not take the events: they stay recorded for the next
    /// ``sync()`` to report, so a caller that only needs fresh state (list the groups, resolve a
    /// name) does not swallow messages a later `receive` must show. Open ``events()`` streams
    /// get them at once, as with ``sync()``.
    public func refresh() async throws {
        try await locked {
            try await self.flushOutbox()
            try await self.processQueue()
            try await self.monitorOwnDevices()
            if !self.liveStreams.isEmpty { _ = try await self.drainEvents() }
        }
    }
}
