import Logging
import OCPP
import Synchronization

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Our CALLs one at a time (OCPP-J: at most one CALL of ours in flight): the FIFO of callers waiting for
/// their turn, the answer each waits for, and what a lost link or the end of `run()` does to them.
extension RPCSession {
    /// Waits until `ticket` may send (FIFO after every earlier caller).
    func acquireSlot(_ ticket: UInt64) async -> SlotGrant {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<SlotGrant, Never>) in
                let immediate = state.withLock { s -> SlotGrant? in
                    if s.stopped { return .stopped }
                    if Task.isCancelled { return .cancelled }
                    if !s.slotBusy {
                        s.slotBusy = true
                        return .granted
                    }
                    s.queue.append((ticket, continuation))
                    return nil
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let waiter = state.withLock { s -> CheckedContinuation<SlotGrant, Never>? in
                guard let index = s.queue.firstIndex(where: { $0.ticket == ticket }) else { return nil }
                return s.queue.remove(at: index).continuation
            }
            waiter?.resume(returning: .cancelled)
        }
    }

    /// Ends `ticket`'s turn: forgets its CALL (a late answer is then dropped) and lets the next caller send.
    func releaseSlot(_ ticket: UInt64) {
        let next = state.withLock { s -> CheckedContinuation<SlotGrant, Never>? in
            if s.inFlight?.ticket == ticket { s.inFlight = nil }
            if s.queue.isEmpty {
                s.slotBusy = false
                return nil
            }
            return s.queue.removeFirst().continuation
        }
        next?.resume(returning: .granted)
    }

    /// The answer to `ticket`'s CALL, or `.timeout` when the clock reaches `deadline` (elapsed time) first.
    func awaitOutcome(_ ticket: UInt64, until deadline: Duration) async -> Outcome {
        let sleep = sleepUntil
        return await withTaskGroup(of: Outcome?.self) { group in
            group.addTask { await self.waitForOutcome(ticket) }
            group.addTask {
                do {
                    try await sleep(deadline)
                } catch {
                    return nil
                }
                return .failure(.timeout)
            }
            var outcome: Outcome = .failure(.cancelled)
            while let next = await group.next() {
                if let next {
                    outcome = next
                    break
                }
            }
            group.cancelAll()
            return outcome
        }
    }

    func waitForOutcome(_ ticket: UInt64) async -> Outcome {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Outcome, Never>) in
                let immediate = state.withLock { s -> Outcome? in
                    guard var inFlight = s.inFlight, inFlight.ticket == ticket else { return .failure(.cancelled) }
                    if let outcome = inFlight.outcome { return outcome }
                    if Task.isCancelled { return .failure(.cancelled) }
                    inFlight.waiter = continuation
                    s.inFlight = inFlight
                    return nil
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let waiter = state.withLock { s -> CheckedContinuation<Outcome, Never>? in
                guard s.inFlight?.ticket == ticket, let waiter = s.inFlight?.waiter else { return nil }
                s.inFlight?.waiter = nil
                return waiter
            }
            waiter?.resume(returning: .failure(.cancelled))
        }
    }

    /// Settles our CALL in flight if `messageId` is its id (any id when nil); false when nothing matched.
    @discardableResult
    func settleInFlight(messageId: String?, with outcome: Outcome) -> Bool {
        let (matched, waiter) = state.withLock { s -> (Bool, CheckedContinuation<Outcome, Never>?) in
            guard var inFlight = s.inFlight, inFlight.outcome == nil else { return (false, nil) }
            if let messageId, inFlight.messageId != messageId { return (false, nil) }
            inFlight.outcome = outcome
            let waiter = inFlight.waiter
            inFlight.waiter = nil
            s.inFlight = inFlight
            return (true, waiter)
        }
        waiter?.resume(returning: outcome)
        return matched
    }

    /// Fails the call in flight and every queued call.
    func failAllCalls(_ error: RPCCallError, stopping: Bool) {
        let queued = state.withLock { s -> [CheckedContinuation<SlotGrant, Never>] in
            s.connected = false
            if stopping { s.stopped = true }
            let queued = s.queue.map(\.continuation)
            s.queue.removeAll()
            return queued
        }
        settleInFlight(messageId: nil, with: .failure(error))
        for waiter in queued { waiter.resume(returning: stopping ? .stopped : .disconnected) }
    }
}
