/// Waiting for the station without polling: a waiter's condition is checked again each time the station's
/// state changes (a timer scheduled or fired, a block's actions carried out, a message recorded or
/// delivered, pending work done), so tests and tools await a state instead of sleeping and looking.
struct StationObserver: Sendable {
    let id: UInt64
    let condition: @Sendable (isolated ChargingStation) -> Bool
    let continuation: CheckedContinuation<Void, Never>
}

extension ChargingStation {
    /// Returns once `condition` holds for the station (at once if it already does).
    ///
    /// The condition is evaluated on the actor, each time its state changes; nothing polls. A caller that
    /// needs a bound on real time wraps the wait in its own deadline.
    public func until(_ condition: @escaping @Sendable (isolated ChargingStation) -> Bool) async {
        if condition(self) { return }
        observerCount &+= 1
        let id = observerCount
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if Task.isCancelled {
                    continuation.resume()
                } else {
                    observers.append(StationObserver(id: id, condition: condition, continuation: continuation))
                }
            }
        } onCancel: {
            Task { await self.stopObserving(id) }
        }
    }

    /// A cancelled waiter returns without its condition.
    private func stopObserving(_ id: UInt64) {
        guard let index = observers.firstIndex(where: { $0.id == id }) else { return }
        observers.remove(at: index).continuation.resume()
    }

    /// Whether the station has caught up with its clock: no timer is due and the work timers started
    /// that only waits on the station's own hardware (a meter poll) is done. What waits on the CSMS (a
    /// CALL in flight) or on the clock (a contactor settling) does not count: that is someone else's turn.
    public var isSettled: Bool {
        pendingWork == 0 && (timerSchedule.nextDeadline.map { $0 > elapsed() } ?? true)
    }

    /// Returns once the station has settled (see `isSettled`).
    public func settled() async {
        await until { $0.isSettled }
    }

    /// Re-checks every waiter; the ones whose condition now holds resume.
    func stateChanged() {
        guard !observers.isEmpty else { return }
        var waiting: [StationObserver] = []
        var ready: [StationObserver] = []
        for observer in observers {
            if observer.condition(self) { ready.append(observer) } else { waiting.append(observer) }
        }
        observers = waiting
        for observer in ready { observer.continuation.resume() }
    }
}
