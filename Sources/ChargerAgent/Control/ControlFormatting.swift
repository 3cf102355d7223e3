import OCPP

/// Human output of `chargerctl`: compact tables, coloured only when asked (a terminal without NO_COLOR).
///
/// Lives in the library so the tables are snapshot-tested without running the binary.
public struct ControlFormatting: Sendable {
    public var color: Bool

    public init(color: Bool) {
        self.color = color
    }

    enum Tone {
        case good, warning, bad, plain
    }

    func paint(_ text: String, _ tone: Tone) -> String {
        guard color else { return text }
        let code: String
        switch tone {
        case .good: code = "32"
        case .warning: code = "33"
        case .bad: code = "31"
        case .plain: return text
        }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }

    /// Lays out rows in columns, padding by visible width (colour codes added after padding).
    func table(_ header: [String], _ rows: [[(String, Tone)]]) -> String {
        var widths = header.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.0.count)
            }
        }
        func line(_ cells: [(String, Tone)]) -> String {
            cells.enumerated().map { index, cell in
                let padded =
                    index == cells.count - 1
                    ? cell.0 : cell.0 + String(repeating: " ", count: widths[index] - cell.0.count)
                return paint(padded, cell.1)
            }
            .joined(separator: "  ")
            .trailingSpacesRemoved
        }
        return ([line(header.map { ($0, .plain) })] + rows.map(line)).joined(separator: "\n")
    }

    // MARK: status

    /// The `status` result as a station line, an EVSE table and an inputs line.
    public func status(_ result: JSONValue) -> String {
        let station = result["station"] ?? [:]
        let registration = station["registration"]?.stringValue ?? "unknown"
        let link = station["link"]?.stringValue ?? "unknown"
        var out =
            "Station \(station["id"]?.stringValue ?? "?")  registration "
            + paint(registration, registration == "Accepted" ? .good : .bad) + "  link "
            + paint(link, link == "connected" ? .good : .bad)
        if station["emergencyStop"]?.boolValue == true { out += "  " + paint("EMERGENCY STOP", .bad) }
        out += "\n"
        let rows = (result["evses"]?.arrayValue ?? []).map { evse -> [(String, Tone)] in
            let connector = evse["connectorStatus"]?.stringValue ?? "?"
            let connectorTone: Tone =
                switch connector {
                case "Available": .good
                case "Faulted", "Unavailable": .bad
                default: .warning
                }
            let transaction = evse["transactionId"]?.stringValue.map { String($0.prefix(8)) } ?? "-"
            let energy = kilo(evse["energyWh"]?.numberValue ?? 0)
            let power = kilo(evse["powerW"]?.numberValue ?? 0)
            let cost = evse["runningCost"]?.numberValue.map { "\($0)" } ?? "-"
            let commanded = evse["contactor"]?["commanded"]?.stringValue ?? "?"
            let feedback = evse["contactor"]?["feedback"]?.stringValue ?? "?"
            let health = evse["meterHealth"]?.stringValue ?? "?"
            let error = evse["lastError"]?.stringValue ?? "-"
            let pilot = evse["pilotState"]?.stringValue ?? "-"
            let cable = cableText(evse["cable"])
            let offered = evse["offeredCurrentA"]?.numberValue.map { amps(String($0)) } ?? "-"
            return [
                ("\(evse["id"]?.intValue ?? 0)", .plain),
                (connector, connectorTone),
                (transaction, .plain),
                (energy, .plain),
                (power, .plain),
                (cost, .plain),
                (pilot, pilot == "E" || pilot == "F" ? .bad : .plain),
                (cable, cable.hasPrefix("unusable") ? .bad : .plain),
                (offered, .plain),
                ("\(commanded)/\(feedback)", commanded == feedback ? .plain : .bad),
                (evse["indicator"]?.stringValue ?? "?", .plain),
                (health, health == "ok" ? .good : health == "unknown" ? .warning : .bad),
                (error, error == "-" ? .plain : .bad),
            ]
        }
        out += table(
            [
                "EVSE", "CONNECTOR", "TX", "kWh", "kW", "COST", "PILOT", "CABLE", "OFFER", "CONTACTOR cmd/fb", "LED",
                "METER", "ERROR",
            ],
            rows
        )
        if let token = station["lastToken"], let type = token["type"]?.stringValue {
            out += "\nLast card: \(type) \(token["id"]?.stringValue ?? "?")"
            if let at = token["at"]?.stringValue { out += " at \(at)" }
        }
        let inputs = (result["inputs"]?.objectValue?.members ?? []).sorted { $0.key < $1.key }
        if !inputs.isEmpty {
            out +=
                "\nInputs: "
                + inputs.map { input in
                    let value = input.value
                    let text = value.boolValue.map { $0 ? "on" : "off" } ?? value.stringValue ?? value.jsonText
                    return "\(input.key)=" + paint(text, value.boolValue == true ? .bad : .plain)
                }
                .joined(separator: "  ")
        }
        return out
    }

    /// "tethered", "20 A", "unusable: <why>" or "-" (no cable read).
    func cableText(_ cable: JSONValue?) -> String {
        switch cable?["kind"]?.stringValue {
        case "tethered": "tethered"
        case "rated": cable?["amps"]?.numberValue.map { amps(String($0)) } ?? "?"
        case "unusable": "unusable: " + (cable?["reason"]?.stringValue ?? "?")
        default: "-"
        }
    }

    /// "16 A" for 16.0, "13.5 A" for 13.5.
    func amps(_ number: String) -> String {
        (number.hasSuffix(".0") ? String(number.dropLast(2)) : number) + " A"
    }

    func kilo(_ value: Double) -> String {
        let thousandths = Int((value).rounded())
        let sign = thousandths < 0 ? "-" : ""
        let magnitude = abs(thousandths)
        let fraction = magnitude % 1000
        let padded = fraction < 10 ? "00\(fraction)" : fraction < 100 ? "0\(fraction)" : "\(fraction)"
        return "\(sign)\(magnitude / 1000).\(padded)"
    }

    // MARK: diag

    /// One line per check: status, title, detail, and the hint under anything that is not a pass.
    public func diag(_ report: DiagnosticReport) -> String {
        var lines: [String] = []
        let width = report.checks.map(\.title.count).max() ?? 0
        for check in report.checks {
            let tone: Tone =
                switch check.status {
                case .pass: .good
                case .warn: .warning
                case .fail: .bad
                }
            let label = paint(check.status.rawValue.uppercased().padding(4), tone)
            lines.append("\(label)  \(check.title.padding(width))  \(check.detail)")
            if check.status != .pass, !check.hint.isEmpty {
                lines.append("      \(String(repeating: " ", count: width))  hint: \(check.hint)")
            }
        }
        let failed = report.checks.filter { $0.status == .fail }.count
        let warned = report.checks.filter { $0.status == .warn }.count
        let summary =
            failed > 0
            ? paint("\(failed) check(s) failed", .bad) : paint("all checks passed", .good)
        lines.append(
            "\(summary)\(warned > 0 ? ", \(warned) warning(s)" : "") (\(report.source == "daemon" ? "asked the running daemon" : "probed directly, daemon not running"))"
        )
        return lines.joined(separator: "\n")
    }

    // MARK: meter

    public func meter(_ result: JSONValue) -> String {
        let rows = (result["evses"]?.arrayValue ?? []).map { evse -> [(String, Tone)] in
            let id = "\(evse["id"]?.intValue ?? 0)"
            guard evse["ok"]?.boolValue == true else {
                return [
                    (id, .plain), ("-", .plain), ("-", .plain), ("-", .plain), ("-", .plain),
                    (evse["error"]?.stringValue ?? "failed", .bad),
                ]
            }
            func phases(_ value: JSONValue?) -> String {
                let values = ["l1", "l2", "l3"].compactMap { value?[$0]?.numberValue }
                return values.isEmpty ? "-" : values.map { "\(($0 * 10).rounded() / 10)" }.joined(separator: "/")
            }
            return [
                (id, .plain),
                (kilo(evse["energyImportWh"]?.numberValue ?? 0), .plain),
                (kilo(evse["powerW"]?.numberValue ?? 0), .plain),
                (phases(evse["voltageV"]), .plain),
                (phases(evse["currentA"]), .plain),
                ("ok", .good),
            ]
        }
        return table(["EVSE", "IMPORT kWh", "kW", "V (L1/L2/L3)", "A (L1/L2/L3)", "STATE"], rows)
    }

    // MARK: selftest

    public func selftest(_ result: JSONValue) -> String {
        var rows: [[(String, Tone)]] = []
        for evse in result["evses"]?.arrayValue ?? [] {
            for step in evse["steps"]?.arrayValue ?? [] {
                let ok = step["ok"]?.boolValue == true
                rows.append([
                    ("\(evse["id"]?.intValue ?? 0)", .plain),
                    (step["name"]?.stringValue ?? "?", .plain),
                    (ok ? "ok" : "FAIL", ok ? .good : .bad),
                    (step["error"]?.stringValue ?? "", ok ? .plain : .bad),
                ])
            }
        }
        let passed = result["passed"]?.boolValue == true
        return table(["EVSE", "STEP", "RESULT", "ERROR"], rows) + "\n"
            + (passed ? paint("self-test passed", .good) : paint("self-test FAILED", .bad))
    }
}

extension String {
    fileprivate var trailingSpacesRemoved: String {
        var text = Substring(self)
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }

    fileprivate func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
