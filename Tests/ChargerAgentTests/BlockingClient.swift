import Foundation

/// Runs blocking work (the synchronous `ControlClient`, as chargerctl uses it) on a thread of its own, not on
/// the cooperative pool: two tests blocking both of its threads while their servers need it stalled a whole
/// parallel run until the clients' timeouts.
func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread {
            continuation.resume(with: Result { try body() })
        }
    }
}
