"""What the daemon binaries link: the daemon's graph stays free of full Foundation (and its ICU data),
and the executables carry packed relative relocations (see Benchmarks/chargerd-footprint.md)."""

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
