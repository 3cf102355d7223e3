#!/usr/bin/env python3
"""Generates the OCPP 2.0.1 Swift types from the official OCA JSON schemas.

The schemas are the 128 files the OCA publishes, as shipped in the PyPI package `ocpp==2.1.0` under
`ocpp/v201/schemas`. By default this script downloads that wheel with pip (no install) into
`.build/ocpp-schemas/` and reads the schemas from it; `--schemas DIR` uses a directory instead.

Writes:
  Sources/OCPP/Generated/Enums.swift        every enum definition
  Sources/OCPP/Generated/DataTypes.swift    every object definition (the `...Type` classes)
  Sources/OCPP/Generated/Messages.swift     the 128 request/response payloads
  Sources/OCPP/Generated/Actions.swift      OCPPAction: the 64 actions and their payload types
  Tests/OCPPTests/Generated/Samples.swift   per action: a minimal and a fully filled request and response

Usage: python3 Scripts/generate-ocpp.py [--schemas DIR] [--check]
  --check  regenerate in memory and fail if the committed files differ (used by Scripts/test.sh).
"""

import argparse
import glob
import hashlib
import json
import os
import re
import subprocess
import sys
import zipfile

OCPP_WHEEL = "ocpp==2.1.0"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

HEADER = """\
// GENERATED FILE — do not edit.
// Made by Scripts/generate-ocpp.py from the OCA OCPP 2.0.1 JSON schemas (PyPI ocpp==2.1.0, ocpp/v201/schemas).
// Regenerate: python3 Scripts/generate-ocpp.py
"""

SWIFT_KEYWORDS = {
    "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init",
    "inout", "internal", "let", "open", "operator", "private", "protocol", "public", "rethrows", "static",
    "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue", "default", "defer",
    "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return", "throw", "switch", "where",
    "while", "as", "false", "is", "nil", "self", "Self", "super", "throws", "true", "try", "any", "some",
}

CASE_NAME_OVERRIDES = {"IKEv2": "ikev2"}


# ---------------------------------------------------------------------------------------------- schemas

def schema_dir(args):
    if args.schemas:
        return args.schemas
    cache = os.path.join(ROOT, ".build", "ocpp-schemas")
    wheels = glob.glob(os.path.join(cache, "ocpp-2.1.0-*.whl"))
    if not wheels:
        os.makedirs(cache, exist_ok=True)
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
             "-d", cache, OCPP_WHEEL],
            check=True,
        )
        wheels = glob.glob(os.path.join(cache, "ocpp-2.1.0-*.whl"))
    out = os.path.join(cache, "v201")
    if not os.path.isdir(out):
        with zipfile.ZipFile(wheels[0]) as wheel:
            for name in wheel.namelist():
                if "/v201/schemas/" in name and name.endswith(".json"):
                    target = os.path.join(out, os.path.basename(name))
                    os.makedirs(out, exist_ok=True)
                    with open(target, "wb") as f:
                        f.write(wheel.read(name))
    return out


def load(directory):
    files = sorted(glob.glob(os.path.join(directory, "*.json")))
    if len(files) != 128:
        sys.exit(f"expected 128 schema files in {directory}, found {len(files)}")
    messages = {}
    definitions = {}
    for path in files:
        name = os.path.basename(path)[:-5]
        with open(path, encoding="utf-8") as f:
            schema = json.load(f)
        for def_name, definition in schema.get("definitions", {}).items():
            # Files repeat shared definitions, sometimes with different descriptions; the constraints must agree.
            if def_name in definitions:
                if without_descriptions(definitions[def_name]) != without_descriptions(definition):
                    sys.exit(f"definition {def_name} differs between schema files")
                if len(definition.get("description", "")) <= len(definitions[def_name].get("description", "")):
                    continue
            definitions[def_name] = definition
        messages[name] = schema
    return messages, definitions


def without_descriptions(value):
    if isinstance(value, dict):
        return {k: without_descriptions(v) for k, v in value.items() if k != "description"}
    if isinstance(value, list):
        return [without_descriptions(v) for v in value]
    return value


# ---------------------------------------------------------------------------------------------- naming

def lower_camel_token(token):
    if token in CASE_NAME_OVERRIDES:
        return CASE_NAME_OVERRIDES[token]
    match = re.match(r"^[A-Z0-9]+", token)
    if not match:
        return token
    run = match.group(0)
    rest = token[len(run):]
    if rest and rest[0].islower() and len(run) > 1 and run[-1].isalpha():
        return run[:-1].lower() + run[-1] + rest
    return run.lower() + rest


def case_name(raw):
    tokens = [t for t in re.split(r"[^A-Za-z0-9]+", raw) if t]
    name = lower_camel_token(tokens[0]) + "".join(t[0].upper() + t[1:] for t in tokens[1:])
    if name[0].isdigit():
        name = "_" + name
    return f"`{name}`" if name in SWIFT_KEYWORDS else name


def member_name(prop):
    return f"`{prop}`" if prop in SWIFT_KEYWORDS else prop


def plain(name):
    return name.strip("`")


def doc_lines(description, indent):
    """The human part of a schema description: drops the dotted class path and the urn line."""
    if not description:
        return []
    parts = [p.strip() for p in description.replace("\r", "").split("\n") if p.strip()]
    text = [p for p in parts if not p.startswith("urn:x-") and not re.match(r"^[\w ]+(\. [\w ]+)+$", p)]
    return [f"{indent}/// {line}" for line in text]


# ---------------------------------------------------------------------------------------------- types

class Prop:
    def __init__(self, name, schema, required, definitions):
        self.name = name
        self.required = required
        self.schema = schema
        self.description = schema.get("description", "")
        self.is_array = schema.get("type") == "array"
        element = schema["items"] if self.is_array else schema
        self.min_items = schema.get("minItems")
        self.max_items = schema.get("maxItems")
        self.max_length = element.get("maxLength")
        self.minimum = integral(element.get("minimum"))
        self.maximum = integral(element.get("maximum"))
        self.kind, self.swift = self.element_type(element, definitions)

    @staticmethod
    def element_type(element, definitions):
        if "$ref" in element:
            ref = element["$ref"].split("/")[-1]
            return ("enum" if "enum" in definitions[ref] else "object"), ref
        kind = element.get("type")
        if kind == "string":
            return ("date", "Date") if element.get("format") == "date-time" else ("string", "String")
        if kind == "integer":
            return "integer", "Int"
        if kind == "number":
            return "number", "Double"
        if kind == "boolean":
            return "boolean", "Bool"
        if kind is None:
            return "any", "JSONValue"
        sys.exit(f"unsupported schema element {element}")

    @property
    def swift_type(self):
        base = f"[{self.swift}]" if self.is_array else self.swift
        return base if self.required else base + "?"

    def decode_expr(self):
        key = json.dumps(self.name)
        which = "required" if self.required else "optional"
        if self.is_array:
            args = [key, f"{self.swift}.self", f"minItems: {fmt(self.min_items)}", f"maxItems: {fmt(self.max_items)}"]
            if self.max_length is not None:
                args.append(f"maxLength: {self.max_length}")
            return f"try reader.{which}Array({', '.join(args)})"
        if self.kind == "string" and self.max_length is not None:
            return f"try reader.{which}({key}, String.self, maxLength: {self.max_length})"
        if self.kind == "integer" and (self.minimum is not None or self.maximum is not None):
            return (f"try reader.{which}({key}, Int.self, minimum: {fmt(self.minimum)}, "
                    f"maximum: {fmt(self.maximum)})")
        return f"try reader.{which}({key}, {self.swift}.self)"

    def encode_stmt(self, value):
        return f'object.append({json.dumps(self.name)}, {encode_value(self, value)})'


def encode_value(prop, value):
    return f".array({value}.map(\\.ocppJSON))" if prop.is_array else f"{value}.ocppJSON"


def integral(v):
    """Schema bounds are written as 0.0; every bounded property is an integer, so print them as one."""
    if v is None:
        return None
    if float(v) != int(v):
        sys.exit(f"non-integral bound {v}")
    return int(v)


def fmt(v):
    return "nil" if v is None else str(v)


def props_of(schema, definitions):
    required = set(schema.get("required", []))
    return [Prop(n, s, n in required, definitions) for n, s in schema.get("properties", {}).items()]


def struct_source(name, schema, definitions, conformances, doc):
    props = props_of(schema, definitions)
    if schema.get("additionalProperties", True) is not False and name != "CustomDataType":
        sys.exit(f"{name} allows additional properties; only CustomDataType is expected to")
    lines = []
    lines += doc_lines(doc, "")
    lines.append(f"public struct {name}: {conformances} {{")
    for p in props:
        lines += doc_lines(p.description, "    ")
        lines.append(f"    public var {member_name(p.name)}: {p.swift_type}")
    lines.append("")
    params = ", ".join(
        f"{member_name(p.name)}: {p.swift_type}" + ("" if p.required else " = nil") for p in props
    )
    lines.append(f"    public init({params}) {{")
    for p in props:
        lines.append(f"        self.{plain(member_name(p.name))} = {member_name(p.name)}")
    lines.append("    }")
    lines.append("")
    lines.append("    public init(json: JSONValue) throws(OCPPValidationError) {")
    if props:
        lines.append("        var reader = try OCPPObjectReader(json)")
        for p in props:
            lines.append(f"        self.{plain(member_name(p.name))} = {p.decode_expr()}")
        lines.append("        try reader.finish(known: Self.jsonKeys)")
    else:
        lines.append("        let reader = try OCPPObjectReader(json)")
        lines.append("        try reader.finish(known: Self.jsonKeys)")
    lines.append("    }")
    lines.append("")
    keys = ", ".join(json.dumps(p.name) for p in props)
    lines.append(f"    static let jsonKeys: [String] = [{keys}]")
    lines.append("")
    lines.append("    public func jsonValue() -> JSONValue {")
    if props:
        lines.append("        var object = JSONObject()")
        lines.append(f"        object.reserveCapacity({len(props)})")
        for p in props:
            member = member_name(p.name)
            if p.required:
                lines.append(f"        {p.encode_stmt('self.' + plain(member))}")
            else:
                lines.append(f"        if let {member} {{ {p.encode_stmt(member)} }}")
        lines.append("        return .object(object)")
    else:
        lines.append("        .object(JSONObject())")
    lines.append("    }")
    lines.append("")
    lines.append("    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }")
    lines.append("    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }")
    lines.append("}")
    return "\n".join(lines)


def custom_data_source(schema):
    props = schema["properties"]
    assert list(props) == ["vendorId"] and schema["required"] == ["vendorId"], "CustomDataType changed shape"
    max_length = props["vendorId"]["maxLength"]
    return f"""/// Vendor-specific data that may be attached to any OCPP 2.0.1 class.
///
/// The only class without `additionalProperties: false`: besides `vendorId` it may carry any members,
/// which are kept in `extra` so they survive a decode/encode round trip.
public struct CustomDataType: OCPPPayload {{
    public var vendorId: String
    /// Every member other than `vendorId`, in wire order.
    public var extra: JSONObject

    public init(vendorId: String, extra: JSONObject = JSONObject()) {{
        self.vendorId = vendorId
        self.extra = extra
    }}

    public init(json: JSONValue) throws(OCPPValidationError) {{
        var reader = try OCPPObjectReader(json)
        self.vendorId = try reader.required("vendorId", String.self, maxLength: {max_length})
        var extra = JSONObject()
        for member in reader.object.members where member.key != "vendorId" {{ extra.append(member.key, member.value) }}
        self.extra = extra
    }}

    public func jsonValue() -> JSONValue {{
        var object = JSONObject()
        object.reserveCapacity(1 + extra.count)
        object.append("vendorId", vendorId.ocppJSON)
        for member in extra.members where member.key != "vendorId" {{ object.append(member.key, member.value) }}
        return .object(object)
    }}

    public init(from decoder: any Decoder) throws {{ try self.init(json: JSONValue(from: decoder)) }}
    public func encode(to encoder: any Encoder) throws {{ try jsonValue().encode(to: encoder) }}
}}"""


def enum_source(name, definition):
    cases = [(case_name(v), v) for v in definition["enum"]]
    names = [plain(c) for c, _ in cases]
    if len(set(names)) != len(names):
        sys.exit(f"case name collision in {name}: {names}")
    lines = doc_lines(definition.get("description", ""), "")
    lines.append(f"public enum {name}: String, OCPPEnum {{")
    for case, raw in cases:
        lines.append(f"    case {case} = {json.dumps(raw)}" if plain(case) != raw else f"    case {case}")
    lines.append("}")
    return "\n".join(lines)


def check_acyclic(definitions):
    graph = {}
    for name, d in definitions.items():
        refs = set()
        for p in d.get("properties", {}).values():
            element = p.get("items", p)
            if "$ref" in element:
                refs.add(element["$ref"].split("/")[-1])
        graph[name] = refs
    state = {}

    def visit(n, stack):
        if state.get(n) == "done":
            return
        if state.get(n) == "active":
            sys.exit(f"recursive definition: {' -> '.join(stack + [n])}; needs an indirect type")
        state[n] = "active"
        for m in graph[n]:
            visit(m, stack + [n])
        state[n] = "done"

    for n in graph:
        visit(n, [])


def action_case(action):
    return action[0].lower() + action[1:]


def generate_sources(messages, definitions):
    check_acyclic(definitions)
    enums = sorted(n for n, d in definitions.items() if "enum" in d)
    objects = sorted(n for n, d in definitions.items() if "enum" not in d)
    imports = "#if canImport(FoundationEssentials)\nimport FoundationEssentials\n#else\nimport Foundation\n#endif\n"

    enum_file = HEADER + "\n" + "\n\n".join(enum_source(n, definitions[n]) for n in enums) + "\n"

    type_parts = []
    for n in objects:
        if n == "CustomDataType":
            type_parts.append(custom_data_source(definitions[n]))
        else:
            type_parts.append(struct_source(n, definitions[n], definitions, "OCPPPayload",
                                            definitions[n].get("description", "")))
    types_file = HEADER + "\n" + imports + "\n" + "\n\n".join(type_parts) + "\n"

    actions = sorted(n[: -len("Request")] for n in messages if n.endswith("Request"))
    if len(actions) != 64 or any(a + "Response" not in messages for a in actions):
        sys.exit(f"expected 64 request/response pairs, got {len(actions)}")
    message_parts = []
    for a in actions:
        for kind in ("Request", "Response"):
            schema = messages[a + kind]
            doc = f"The {a} {kind.lower()} payload (OCPP 2.0.1 `{a}{kind}.json`)."
            message_parts.append(struct_source(a + kind, schema, definitions, "OCPPPayload", doc))
        message_parts.append(
            f"extension {a}Request: OCPPRequest {{\n"
            f"    public typealias Response = {a}Response\n"
            f"    public static var action: OCPPAction {{ .{action_case(a)} }}\n}}"
        )
    messages_file = HEADER + "\n" + imports + "\n" + "\n\n".join(message_parts) + "\n"

    lines = [HEADER, "/// The 64 actions of OCPP 2.0.1, named as on the wire.",
             "public enum OCPPAction: String, CaseIterable, Sendable, Codable {"]
    lines += [f"    case {action_case(a)} = \"{a}\"" for a in actions]
    lines += ["", "    /// The payload type of this action's CALL.", "    public var requestType: any OCPPPayload.Type {",
              "        switch self {"]
    lines += [f"        case .{action_case(a)}: {a}Request.self" for a in actions]
    lines += ["        }", "    }", "", "    /// The payload type of this action's CALLRESULT.",
              "    public var responseType: any OCPPPayload.Type {", "        switch self {"]
    lines += [f"        case .{action_case(a)}: {a}Response.self" for a in actions]
    lines += ["        }", "    }", "}"]
    actions_file = "\n".join(lines) + "\n"

    return {
        "Sources/OCPP/Generated/Enums.swift": enum_file,
        "Sources/OCPP/Generated/DataTypes.swift": types_file,
        "Sources/OCPP/Generated/Messages.swift": messages_file,
        "Sources/OCPP/Generated/Actions.swift": actions_file,
        "Tests/OCPPTests/Generated/Samples.swift": samples_source(messages, definitions, actions),
    }


# ---------------------------------------------------------------------------------------------- samples

def sample_value(prop, definitions, full, depth):
    """A Swift expression for one property value. `full` fills every optional and uses boundary sizes."""
    def element():
        if prop.kind == "enum":
            values = definitions[prop.swift]["enum"]
            return "." + case_name(values[-1] if full else values[0])
        if prop.kind == "object":
            return sample_struct(prop.swift, definitions[prop.swift], definitions, full, depth + 1)
        if prop.kind == "string":
            # Filled strings are exactly maxLength code points and include a non-ASCII letter, so the
            # length check must count code points as JSON Schema does, not bytes.
            length = prop.max_length if full and prop.max_length else 5
            text = (("é" if full else "A") + "b9_" + prop.name) * (length // 4 + 1)
            return json.dumps(text[:length], ensure_ascii=False)
        if prop.kind == "date":
            return "Samples.date"
        if prop.kind == "integer":
            if prop.maximum is not None and full:
                return str(prop.maximum)
            if prop.minimum is not None:
                return str(prop.minimum)
            return "42" if full else "1"
        if prop.kind == "number":
            return "12.5" if full else "0.1"
        if prop.kind == "boolean":
            return "true" if full else "false"
        if prop.kind == "any":
            return '["vendorBlob": ["n": 1.5, "list": [true, nil, "x"]]]' if full else '"text"'
        raise AssertionError(prop.kind)

    if prop.is_array:
        if full:
            count = prop.max_items if prop.max_items is not None and prop.max_items <= 4 else 2
            count = max(count, prop.min_items or 0)
        else:
            count = prop.min_items or 1
        return "[" + ", ".join(element() for _ in range(count)) + "]"
    return element()


def sample_struct(name, schema, definitions, full, depth):
    if name == "CustomDataType":
        return ('CustomDataType(vendorId: "com.example.charger-agent", extra: ["note": "kept", "n": 3])'
                if full else 'CustomDataType(vendorId: "com.example")')
    props = props_of(schema, definitions)
    args = []
    for p in props:
        if not p.required and not full:
            continue
        args.append(f"{member_name(p.name)}: {sample_value(p, definitions, full, depth)}")
    return f"{name}(" + ", ".join(args) + ")"


def samples_source(messages, definitions, actions):
    lines = [HEADER, "import Foundation", "import OCPP", "",
             "/// For each action: a request and a response with only the required fields, and with every field filled.",
             "/// Filled strings are exactly as long as the schema allows, arrays as long as allowed (or 2).",
             "enum Samples {",
             "    /// A date with a millisecond fraction, exactly representable in a Double.",
             "    static let date = Date(timeIntervalSince1970: 1_764_056_344.25)", "",
             "    typealias Sample = (action: OCPPAction, kind: String, label: String, value: any OCPPPayload)", "",
             "    /// One statement per sample keeps the type checker fast on 256 large expressions.",
             "    static let all: [Sample] = {", "        var all: [Sample] = []"]
    for a in actions:
        for kind in ("Request", "Response"):
            schema = messages[a + kind]
            for full in (False, True):
                label = f"{a}{kind}.{'full' if full else 'minimal'}"
                expr = sample_struct(a + kind, schema, definitions, full, 0)
                lines.append(f"        all.append((.{action_case(a)}, \"{kind.lower()}\", \"{label}\", {expr}))")
    lines += ["        return all", "    }()", "}"]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------- main

def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schemas", help="directory holding the 128 OCPP 2.0.1 JSON schemas")
    parser.add_argument("--check", action="store_true", help="fail if committed output is stale")
    args = parser.parse_args()
    directory = schema_dir(args)
    messages, definitions = load(directory)
    outputs = generate_sources(messages, definitions)
    stale = []
    for relative, text in outputs.items():
        path = os.path.join(ROOT, relative)
        current = open(path, encoding="utf-8").read() if os.path.exists(path) else None
        if current == text:
            continue
        if args.check:
            stale.append(relative)
            continue
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        print(f"wrote {relative} ({text.count(chr(10))} lines)")
    if stale:
        sys.exit("generated files are stale, run Scripts/generate-ocpp.py: " + ", ".join(stale))
    digest = hashlib.sha256()
    for path in sorted(glob.glob(os.path.join(directory, "*.json"))):
        digest.update(open(path, "rb").read())
    print(f"{len(messages)} schemas, {len(definitions)} definitions, schema digest {digest.hexdigest()[:16]}")


if __name__ == "__main__":
    main()
