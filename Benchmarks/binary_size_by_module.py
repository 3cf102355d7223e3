#!/usr/bin/env python3
"""What each dependency costs in an unstripped static binary: symbol sizes (`nm -S`) summed per owner.

Swift symbols carry their module in the mangling ($s<len><Module>...), C symbols are attributed by
prefix (CNIOBoringSSL_ -> NIOSSL, yaml_ -> libyaml, sqlite3 -> SQLite, ICU's versioned names -> ICU).
Text, read-only data and data symbols are counted; what nm cannot size (unnamed sections, the
dynamic-linking tables) is reported as "unattributed" against the file's loadable size.

With --pid PID (a running process of BINARY; needs root for /proc/PID/pagemap), it also attributes the
binary's *resident* pages: every resident page of the binary's mappings is shared among the symbols that
lie in it, so the file-backed part of the RSS is split by owner the same way. Heap (anonymous) memory is
not attributable this way and is reported as one figure.

Usage: binary_size_by_module.py BINARY [--pid PID] [--json]
"""

import json
import os
import re
import struct
import subprocess
import sys
from collections import defaultdict

GROUPS = [
    ("swift-nio (NIO*)", re.compile(r"^(NIO(?!SSL)|_NIO|CNIO(?!BoringSSL))")),
    ("swift-nio-ssl (NIOSSL + BoringSSL)", re.compile(r"^(NIOSSL|CNIOBoringSSL|NIOTLS)")),
    ("GRDB", re.compile(r"^GRDB")),
    ("Yams + libyaml", re.compile(r"^(Yams|CYaml)")),
    ("Foundation (non-Essentials)", re.compile(r"^(Foundation$|FoundationNetworking|FoundationXML|CoreFoundation)")),
    ("FoundationEssentials", re.compile(r"^(FoundationEssentials|_FoundationCShims|_FoundationCollections)")),
    ("FoundationInternationalization + ICU", re.compile(r"^(FoundationInternationalization|_FoundationICU|ICU)")),
    ("Swift runtime + stdlib", re.compile(r"^(Swift$|_Concurrency|_StringProcessing|RegexBuilder|Synchronization|_RegexParser|Distributed|Observation|SwiftRuntime)")),
    ("Dispatch", re.compile(r"^(Dispatch|CDispatch)")),
    ("swift-log / lifecycle / argument-parser / async-algorithms", re.compile(r"^(Logging|ServiceLifecycle|UnixSignals|ArgumentParser|AsyncAlgorithms|DequeModule|OrderedCollections|Collections|InternalCollectionsUtilities|Atomics|_AtomicsShims|SystemPackage|CSystem)")),
    ("our targets", re.compile(r"^(OCPP|OCPPRPC|OCPPWebSocket|HAL|HALSimulated|HALModbus|HALGPIO|CModbus|CGPIOD|StationStore|ChargingStation|ChargerAgent|YAMLFields|chargerd)$")),
]


def swift_module(symbol):
    """The module of a Swift-mangled symbol ($s / _$s / $S), or None."""
    # "$ss…" is the standard library; "$sS<x>…" starts with a standard-library type (String, Array,
    # Sequence…): generic stdlib code, possibly specialized for one of our types, is counted as stdlib.
    match = re.match(r"^_?\$[sS](?:(\d+)([A-Za-z_][A-Za-z0-9_]*)|(s|S[a-zA-Z]))", symbol)
    if not match:
        return None
    if match.group(3):
        return "Swift"
    length = int(match.group(1))
    return match.group(2)[:length]


def c_owner(symbol):
    if symbol.startswith("icudt") or "icu_7" in symbol or re.match(r"^_ZL\d+(u[a-z]+_|props|ucase|ubidi)", symbol):
        return "ICU"
    if symbol.startswith("_ZN4bssl") or "nistz256" in symbol:
        return "CNIOBoringSSL"
    if symbol.startswith("__CFUniChar"):
        return "_FoundationCShims"  # swift-foundation's Unicode property tables (FoundationEssentials)
    if symbol.startswith("__CF"):
        return "CoreFoundation"
    if "_swift_stdlib" in symbol or symbol.startswith(("_ZN5swift", "_ZL", "_ZN12_GLOBAL__N_1")) and "swift" in symbol:
        return "SwiftRuntime"
    if symbol.startswith(("CNIOBoringSSL", "BORINGSSL", "boringssl")):
        return "CNIOBoringSSL"
    if symbol.startswith("yaml_"):
        return "CYaml"
    if symbol.startswith("sqlite3"):
        return "SQLite (C)"
    if re.search(r"_7[0-9]$", symbol) and re.match(r"^(u|ucol|ubrk|ucal|udat|unum|uloc|ures|ucnv|icu)", symbol):
        return "ICU"
    if symbol.startswith(("icu_", "_ZN6icu_")):
        return "ICU"
    if symbol.startswith(("swift_", "_swift", "swift::", "_ZN5swift")):
        return "SwiftRuntime"
    if symbol.startswith(("dispatch_", "_dispatch")):
        return "Dispatch"
    if symbol.startswith("modbus_"):
        return "CModbus"
    if symbol.startswith("gpiod_"):
        return "CGPIOD"
    if symbol.startswith("_CF") or symbol.startswith("CF"):
        return "CoreFoundation"
    if symbol.startswith("nio_") or symbol.startswith("c_nio"):
        return "CNIO"
    return None


def symbols(binary):
    """(address, size, module) of every sized symbol."""
    output = subprocess.run(["nm", "-S", "--size-sort", binary], capture_output=True, text=True, check=True).stdout
    found = []
    for line in output.splitlines():
        parts = line.split(maxsplit=3)
        if len(parts) != 4 or parts[2].lower() not in "tdrbv":
            continue
        symbol = parts[3]
        found.append((int(parts[0], 16), int(parts[1], 16), swift_module(symbol) or c_owner(symbol) or "other C/C++"))
    return found


def group_of(module):
    for name, pattern in GROUPS:
        if pattern.match(module):
            return name
    return "other (libc, libstdc++, unmatched)" if module == "other C/C++" else f"other: {module}"


def resident_pages(pid, binary):
    """The load bias and the set of resident page addresses of the binary's mappings in process pid."""
    real = os.path.realpath(binary)
    ranges, bias = [], None
    with open(f"/proc/{pid}/maps") as maps:
        for line in maps:
            fields = line.split()
            if len(fields) < 6 or os.path.realpath(fields[5]) != real:
                continue
            start, end = (int(x, 16) for x in fields[0].split("-"))
            if int(fields[2], 16) == 0 and bias is None:
                bias = start
            ranges.append((start, end))
    page = os.sysconf("SC_PAGE_SIZE")
    resident = set()
    with open(f"/proc/{pid}/pagemap", "rb") as pagemap:
        for start, end in ranges:
            pagemap.seek(start // page * 8)
            data = pagemap.read((end - start) // page * 8)
            for index in range(len(data) // 8):
                entry = struct.unpack_from("<Q", data, index * 8)[0]
                if entry >> 63 & 1:
                    resident.add(start + index * page)
    return bias or 0, resident, page


def elf_sections(binary):
    """(start, end, name) of the binary's allocated sections, from `readelf -SW`."""
    output = subprocess.run(["readelf", "-SW", binary], capture_output=True, text=True, check=True).stdout
    sections = []
    for line in output.splitlines():
        match = re.match(r"^\s*\[\s*\d+\]\s+(\S+)\s+\S+\s+([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)", line)
        if match and int(match.group(2), 16):
            start = int(match.group(2), 16)
            sections.append((start, start + int(match.group(3), 16), match.group(1)))
    return sections


def resident_by_group(pid, binary, found):
    """Resident bytes of the binary per owner: each resident page split among the symbols in it."""
    bias, resident, page = resident_pages(pid, binary)
    per_page = defaultdict(list)  # page -> [(bytes, group)]
    for address, size, module in found:
        if size == 0:
            continue
        start = address + bias
        first = start // page * page
        for page_start in range(first, start + size, page):
            if page_start in resident:
                overlap = min(start + size, page_start + page) - max(start, page_start)
                per_page[page_start].append((overlap, group_of(module)))
    sections = elf_sections(binary)
    groups = defaultdict(float)
    for page_start in resident:
        owners = per_page.get(page_start)
        if not owners:
            address = page_start - bias
            name = next((n for start, end, n in sections if start <= address < end), "?")
            groups[f"no sized symbol: section {name}"] += page
            continue
        total = sum(size for size, _ in owners)
        for size, group in owners:
            groups[group] += page * size / total
    anonymous = 0
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("RssAnon:"):
                anonymous = int(line.split()[1]) * 1024
    return dict(groups), len(resident) * page, anonymous


def table(title, groups, total, unit=1e6):
    print(f"{title:<58}{'MB':>8}{'share':>8}")
    for name, size in sorted(groups.items(), key=lambda item: -item[1]):
        if size < 50_000:
            continue
        print(f"{name:<58}{size / unit:>8.2f}{size / total * 100:>7.1f}%")
    print(f"{'(total)':<58}{total / unit:>8.2f}")


def main():
    binary = sys.argv[1]
    found = symbols(binary)
    by_module = defaultdict(int)
    groups = defaultdict(int)
    for _, size, module in found:
        by_module[module] += size
        groups[group_of(module)] += size
    total = sum(groups.values())
    result = {"total_symbol_bytes": total, "groups": dict(groups), "modules": dict(by_module)}
    pid = int(sys.argv[sys.argv.index("--pid") + 1]) if "--pid" in sys.argv else None
    if pid:
        resident, resident_total, anonymous = resident_by_group(pid, binary, found)
        result.update({"resident_groups": resident, "resident_file_bytes": resident_total, "anon_bytes": anonymous})
    if "--json" in sys.argv:
        print(json.dumps(result))
        return
    table("size of sized symbols, by owner", groups, total)
    if pid:
        print()
        table(f"resident pages of the binary in pid {pid}, by owner", resident, resident_total)
        print(f"{'heap and other anonymous memory (not by owner)':<58}{anonymous / 1e6:>8.2f}")


if __name__ == "__main__":
    main()
