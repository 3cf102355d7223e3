extension OCPPAction {
    /// Checks a CALL payload for this action against the request schema.
    public func validateRequest(_ payload: JSONValue) throws(OCPPValidationError) {
        _ = try requestType.init(json: payload)
    }

    /// Checks a CALLRESULT payload for this action against the response schema.
    public func validateResponse(_ payload: JSONValue) throws(OCPPValidationError) {
        _ = try responseType.init(json: payload)
    }

    /// Decodes a CALL payload into this action's typed request.
    public func decodeRequest(_ payload: JSONValue) throws(OCPPValidationError) -> any OCPPPayload {
        try requestType.init(json: payload)
    }

    /// Decodes a CALLRESULT payload into this action's typed response.
    public func decodeResponse(_ payload: JSONValue) throws(OCPPValidationError) -> any OCPPPayload {
        try responseType.init(json: payload)
    }
}
