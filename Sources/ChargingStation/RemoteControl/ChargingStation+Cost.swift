import OCPP

/// I03 CostUpdated: the CSMS tells the running cost of a transaction, for the display and the receipt.
extension ChargingStation {
    /// Keeps the cost with the running transaction (memory and store). A cost for a transaction that is not
    /// running (ended meanwhile, unknown id) is ignored: CostUpdatedResponse has no status to refuse with.
    func costUpdated(_ request: CostUpdatedRequest) -> CostUpdatedResponse {
        guard var record = runningTransactions.values.first(where: { $0.transactionId == request.transactionId })
        else {
            logger.notice(
                "cost for a transaction not running",
                metadata: ["transaction-id": "\(request.transactionId)"]
            )
            return CostUpdatedResponse()
        }
        record.totalCost = request.totalCost
        evseStates[record.evseId]?.running = record
        do {
            try store.updateTransaction(record)
        } catch {
            logger.error("could not store the running cost", metadata: ["error": "\(error)"])
        }
        return CostUpdatedResponse()
    }

    /// The running cost of the transaction on `evseId`, as the CSMS last told it (CostUpdated or a
    /// TransactionEventResponse.totalCost), in the CSMS's currency; nil without a transaction or a cost.
    public func runningCost(evseId: Int) -> Double? {
        evseStates[evseId]?.running?.totalCost
    }
}
