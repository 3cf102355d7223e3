import OCPP

/// Data transfer (OCPP 2.0.1 P01): vendor-specific messages from the CSMS.
///
/// A block with a narrow context: the vendor id the station answers to is all it reads. No vendor-specific
/// messages are defined yet, so a known vendor gets UnknownMessageId and any other UnknownVendorId.
enum DataTransfer {
    struct Context: Sendable {
        /// The DataTransfer vendor id this station answers to (its vendor name).
        var vendorId: String
    }

    static func answer(_ request: DataTransferRequest, in context: Context) -> DataTransferResponse {
        guard request.vendorId == context.vendorId else { return DataTransferResponse(status: .unknownVendorId) }
        return DataTransferResponse(status: .unknownMessageId)
    }
}

extension ChargingStation {
    func registerDataTransferHandlers() {
        let context = DataTransfer.Context(vendorId: identity.vendorName)
        serve(DataTransferRequest.self) { _, request, _ in
            DataTransfer.answer(request, in: context)
        }
    }
}
