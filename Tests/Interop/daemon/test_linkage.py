"""What the daemon binaries link: the daemon's graph stays free of full Foundation (and its ICU data), the
executables carry packed relative relocations and the C++ runtime linked in statically, and chargerd has its
hot-text layout (see Benchmarks/chargerd-footprint.md)."""

import subprocess

import pytest

# Full Foundation, its internationalization layer and the ICU data it brings: ~40 MB on disk and ~4 MB of
# resident memory in a static chargerd. FoundationEssentials (JSON, Date, Data) is fine.
FOUNDATION_LIBRARIES = ("libFoundation.so", "libFoundationInternationalization.so", "lib_FoundationICU.so")


def linked_libraries(binary):
    output = subprocess.run(["ldd", str(binary)], capture_output=True, text=True, check=True).stdout
    return [line.split()[0] for line in output.splitlines() if line.strip()]


@pytest.mark.parametrize("name", ["chargerd", "charger-sim"])
def test_daemon_binaries_link_no_full_foundation(bin_dir, name):
    libraries = linked_libraries(bin_dir / name)
    assert "libFoundationEssentials.so" in libraries or not any("swift" in lib for lib in libraries), libraries
    pulled = [lib for lib in libraries if lib in FOUNDATION_LIBRARIES]
    assert not pulled, f"{name} links {pulled}: something in its graph imports Foundation instead of FoundationEssentials"


@pytest.mark.parametrize("name", ["chargerd", "charger-sim", "chargerctl"])
def test_executables_use_packed_relative_relocations(bin_dir, name):
    sections = subprocess.run(["readelf", "-SW", str(bin_dir / name)], capture_output=True, text=True, check=True)
    assert ".relr.dyn" in sections.stdout, f"{name} was not linked with -z pack-relative-relocs"
    dynamic = subprocess.run(["readelf", "--dyn-syms", "-W", str(bin_dir / name)], capture_output=True, text=True)
    exported = [line for line in dynamic.stdout.splitlines() if " GLOBAL " in line and " UND " not in line]
    assert len(exported) < 50, f"{name} exports {len(exported)} dynamic symbols (linked without --no-export-dynamic?)"


def needed(binary):
    dynamic = subprocess.run(["readelf", "-dW", str(binary)], capture_output=True, text=True, check=True).stdout
    return [line.split("[", 1)[1].rstrip("]") for line in dynamic.splitlines() if "(NEEDED)" in line]


@pytest.mark.parametrize("name", ["chargerd", "charger-sim", "chargerctl"])
def test_executables_link_the_cpp_runtime_statically(bin_dir, name):
    libraries = needed(bin_dir / name)
    assert "libc.so.6" in libraries, libraries
    shared_cpp = [lib for lib in libraries if lib.startswith(("libstdc++", "libgcc_s"))]
    assert not shared_cpp, f"{name} needs {shared_cpp}: Scripts/link/static-libstdc++ was not on its search path"
    symbols = subprocess.run(["nm", "-D", "--undefined-only", str(bin_dir / name)], capture_output=True, text=True)
    assert "GLIBCXX" not in symbols.stdout and "CXXABI" not in symbols.stdout


def test_hot_text_script_is_well_formed_and_linked(bin_dir, repo_root):
    script = (repo_root / "Scripts" / "link" / "chargerd-hot-text.ld").read_text()
    entries = [line.strip() for line in script.splitlines() if line.startswith("    ")]
    assert len(entries) > 1000, "the hot-text list lost its entries; regenerate it (Benchmarks/chargerd_layout.sh)"
    assert len(set(entries)) == len(entries), "a section is listed twice"
    for entry in entries:
        assert entry.startswith("*") and entry.endswith('")') and '("' in entry, entry
    assert script.rstrip().endswith("} INSERT BEFORE .text;")
    # chargerd is linked with the script (Package.swift, hotText): even in a debug build some listed sections exist
    # (comdat functions and the C++ runtime's are in sections of their own without -function-sections), so lld
    # makes .text.hot. The layout's effect on RSS is measured by Benchmarks/chargerd_footprint.sh (release).
    sections = subprocess.run(["readelf", "-SW", str(bin_dir / "chargerd")], capture_output=True, text=True).stdout
    assert " .text.hot " in sections, "chargerd was linked without Scripts/link/chargerd-hot-text.ld"
    other = subprocess.run(["readelf", "-SW", str(bin_dir / "chargerctl")], capture_output=True, text=True).stdout
    assert " .text.hot " not in other, "the hot-text layout is chargerd's only"
