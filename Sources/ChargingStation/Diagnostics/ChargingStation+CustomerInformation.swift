import OCPP
import OCPPRPC
import StationStore

/// The diagnostics block (OCPP 2.0.1 N) in the station: CustomerInformation (N09/N10). The actor looks up
/// what the store holds about the customer, `CustomerInformation` decides, the actor clears the rows and
/// sends the NotifyCustomerInformation pages after the answer.
extension ChargingStation {
    func registerDiagnosticsHandlers() {
        serve(CustomerInformationRequest.self) { station, request, call in
            await station.customerInformation(request, call: call)
        }
    }

    /// N09/N10: answers, clears (before the answer, so Accepted means the rows are gone) and schedules the
    /// report. A removal the store refuses turns the answer into Rejected and sends nothing; the removals
    /// done before it stay done, and the CSMS may ask again.
    func customerInformation(
        _ request: CustomerInformationRequest,
        call: CallContext? = nil
    ) -> CustomerInformationResponse {
        let holdings = CustomerInformation.customer(of: request).flatMap { try? customerHoldings($0) }
        let context = CustomerInformation.Context(now: now, holdings: holdings)
        let (response, actions) = CustomerInformation.answer(request, in: context)
        logger.info(
            "CustomerInformation",
            metadata: [
                "requestId": "\(request.requestId)", "report": "\(request.report)", "clear": "\(request.clear)",
                "status": "\(response.status.rawValue)",
            ]
        )
        for action in actions {
            switch action {
            case .removeCacheEntry(let key):
                do { try store.removeCachedAuthorization(for: key) } catch { return clearFailed(request, error) }
            case .deleteTransaction(let id):
                do { try store.deleteEndedTransaction(id: id) } catch { return clearFailed(request, error) }
            case .removeIdentifierRecord(let key):
                do { try store.removeValue(forKey: key) } catch { return clearFailed(request, error) }
            case .notify(let pages):
                let send: @Sendable () async -> Void = { [weak self] in
                    await self?.sendCustomerInformation(requestId: request.requestId, pages: pages)
                }
                if let call { call.afterResponse(send) } else { startTask { _ in await send() } }
            }
        }
        return response
    }

    /// What the store holds about one customer (`CustomerInformation.Holdings`).
    func customerHoldings(_ customer: CustomerInformation.Customer) throws(StoreError) -> CustomerInformation.Holdings {
        var holdings = CustomerInformation.Holdings()
        switch customer {
        case .idToken(let token):
            let key = IdTokenKey(folding: token)
            holdings.cacheEntry = try store.cachedAuthorization(for: key)?.info
            holdings.localListEntry = try store.localListEntry(for: key)
            let queued = Set(try store.queuedMessages(limit: .max).compactMap(\.transactionId))
            holdings.transactions = try store.allTransactions()
                .filter { $0.idToken?.matches(token) == true }
                .map { (record: $0, owesMessages: $0.state == .started || queued.contains($0.transactionId)) }
        case .identifier(let identifier):
            holdings.identifierRecord = try store.value(forKey: CustomerInformation.recordKey(for: identifier))
        case .certificate:
            break
        }
        return holdings
    }

    private func clearFailed(_ request: CustomerInformationRequest, _ error: StoreError) -> CustomerInformationResponse
    {
        logger.error(
            "CustomerInformation clear not stored",
            metadata: ["requestId": "\(request.requestId)", "error": "\(error)"]
        )
        return CustomerInformationResponse(
            status: .rejected,
            statusInfo: StatusInfoType(reasonCode: "InternalError", additionalInfo: "store refused the clear")
        )
    }

    /// Sends the pages in order; stops at a page the registration does not allow or that fails.
    func sendCustomerInformation(requestId: Int, pages: [NotifyCustomerInformationRequest]) async {
        for page in pages {
            // Asked for by the CSMS, so it may go out while Pending too (B02).
            guard registration.maySend(.notifyCustomerInformation, triggered: true) else {
                logger.info("NotifyCustomerInformation not sent: registration does not allow it")
                return
            }
            do {
                _ = try await session.call(page)
            } catch {
                logger.warning(
                    "NotifyCustomerInformation failed; report abandoned",
                    metadata: ["requestId": "\(requestId)", "error": "\(error)"]
                )
                return
            }
        }
    }
}
