import OCPP
import StationStore

/// Tariff and cost (OCPP 2.0.1 I): the running cost the CSMS tells (I02 CostUpdated, and the totalCost of a
/// TransactionEventResponse), kept with the transaction for the display and the receipt.
///
/// A block with a narrow context: it reads only the running transactions and returns what the station must
/// do; it never sees the actor, the store or the link. The actor hands it `Context`, carries out `Action`s.
enum TariffAndCost {
    /// What the block may read.
    struct Context: Sendable {
        /// The transactions running now, as stored.
        var running: [TransactionRecord]
    }

    /// What the block may ask for.
    enum Action: Sendable, Equatable {
        /// Keep this record (with its new cost) in memory and in the store.
        case updateTransaction(TransactionRecord)
        /// A cost for a transaction that is not running (ended meanwhile, unknown id): noted, nothing kept.
        case ignoredCostForUnknownTransaction(transactionId: String)
    }

    /// I02: the cost goes with the running transaction. CostUpdatedResponse has no status to refuse with, so
    /// a cost for a transaction not running is answered all the same and only noted.
    static func costUpdated(_ request: CostUpdatedRequest, in context: Context) -> (CostUpdatedResponse, [Action]) {
        guard var record = context.running.first(where: { $0.transactionId == request.transactionId }) else {
            return (CostUpdatedResponse(), [.ignoredCostForUnknownTransaction(transactionId: request.transactionId)])
        }
        record.totalCost = request.totalCost
        return (CostUpdatedResponse(), [.updateTransaction(record)])
    }
}

extension ChargingStation {
    func registerTariffAndCostHandlers() {
        serve(CostUpdatedRequest.self) { station, request, _ in
            await station.costUpdated(request)
        }
    }

    var tariffContext: TariffAndCost.Context {
        TariffAndCost.Context(running: evseStates.keys.sorted().compactMap { evseStates[$0]?.running })
    }

    func costUpdated(_ request: CostUpdatedRequest) -> CostUpdatedResponse {
        let (response, actions) = TariffAndCost.costUpdated(request, in: tariffContext)
        perform(actions)
        return response
    }

    func perform(_ actions: [TariffAndCost.Action]) {
        for action in actions {
            switch action {
            case .updateTransaction(let record):
                evseStates[record.evseId]?.running = record
                do {
                    try store.updateTransaction(record)
                } catch {
                    logger.error("could not store the running cost", metadata: ["error": "\(error)"])
                }
            case .ignoredCostForUnknownTransaction(let transactionId):
                logger.notice("cost for a transaction not running", metadata: ["transaction-id": "\(transactionId)"])
            }
        }
    }

    /// The running cost of the transaction on `evseId`, as the CSMS last told it (CostUpdated or a
    /// TransactionEventResponse.totalCost), in the CSMS's currency; nil without a transaction or a cost.
    public func runningCost(evseId: Int) -> Double? {
        evseStates[evseId]?.running?.totalCost
    }
}
