import OCPP

/// The outcome of one diagnostic check.
public enum DiagnosticStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case pass
    /// Works, but needs attention (a certificate expiring soon, a state directory filling up).
    case warn
    case fail
}

/// One diagnostic check: what was checked, how it went, and what to do about it.
public struct DiagnosticCheck: Sendable, Hashable {
    /// A stable id for scripts and the README's troubleshooting table ("meter", "csms.tcp", …).
    public var id: String
    /// What was checked, for people ("EVSE 1 meter answers").
    public var title: String
    public var status: DiagnosticStatus
    /// What was found.
    public var detail: String
    /// What to do when it is not a pass; empty on a pass.
    public var hint: String

    public init(id: String, title: String, status: DiagnosticStatus, detail: String, hint: String = "") {
        self.id = id
        self.title = title
        self.status = status
        self.detail = detail
        self.hint = hint
    }

    public static func pass(_ id: String, _ title: String, _ detail: String) -> DiagnosticCheck {
        DiagnosticCheck(id: id, title: title, status: .pass, detail: detail)
    }

    public static func warn(_ id: String, _ title: String, _ detail: String, hint: String) -> DiagnosticCheck {
        DiagnosticCheck(id: id, title: title, status: .warn, detail: detail, hint: hint)
    }

    public static func fail(_ id: String, _ title: String, _ detail: String, hint: String) -> DiagnosticCheck {
        DiagnosticCheck(id: id, title: title, status: .fail, detail: detail, hint: hint)
    }

    public var jsonValue: JSONValue {
        [
            "id": .string(id), "title": .string(title), "status": .string(status.rawValue),
            "detail": .string(detail), "hint": .string(hint),
        ]
    }

    public init(json: JSONValue) {
        id = json["id"]?.stringValue ?? "?"
        title = json["title"]?.stringValue ?? id
        status = json["status"]?.stringValue.flatMap(DiagnosticStatus.init(rawValue:)) ?? .fail
        detail = json["detail"]?.stringValue ?? ""
        hint = json["hint"]?.stringValue ?? ""
    }
}

/// All the checks of one `diag` run, in order.
public struct DiagnosticReport: Sendable, Hashable {
    public var checks: [DiagnosticCheck]
    /// "daemon" when the running daemon answered, "direct" when chargerctl probed the board itself.
    public var source: String

    public init(checks: [DiagnosticCheck], source: String) {
        self.checks = checks
        self.source = source
    }

    /// True when no check failed (warnings do not fail the run).
    public var passed: Bool { !checks.contains { $0.status == .fail } }

    public var jsonValue: JSONValue {
        [
            "passed": .bool(passed), "source": .string(source),
            "checks": .array(checks.map(\.jsonValue)),
        ]
    }

    public init(json: JSONValue) {
        checks = (json["checks"]?.arrayValue ?? []).map(DiagnosticCheck.init(json:))
        source = json["source"]?.stringValue ?? "daemon"
    }
}
