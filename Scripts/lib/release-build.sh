# shellcheck shell=bash
# The release build of the executables, used by Scripts/install.sh and the benchmarks: the static Swift standard
# library, and every function of ours and of the packages (Swift and C) in a section of its own, so the linker
# can drop what is unused and place what chargerd runs together (Scripts/link/chargerd-hot-text.ld). Source it,
# then `release_build --product chargerd` and `release_bin_path`.
#
# It has a build directory of its own (.build/release-lean): SwiftPM does not recompile objects it already has when
# only -Xswiftc/-Xcc flags change, so sharing .build with a plain `swift build -c release` would silently keep
# objects without function sections.
RELEASE_BUILD_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RELEASE_BUILD_FLAGS=(
    --package-path "$RELEASE_BUILD_ROOT" --scratch-path "$RELEASE_BUILD_ROOT/.build/release-lean"
    -c release --static-swift-stdlib
    -Xswiftc -Xfrontend -Xswiftc -function-sections
    -Xcc -ffunction-sections
)

# SwiftPM does not track the content of the linker script Package.swift passes to chargerd's link: when chargerd
# is built, the linked one is removed first, so it is always linked with the script as it is now (~15 s).
release_build() {
    case " $* " in
    *" chargerd "*) rm -f "$(release_bin_path)/chargerd" ;;
    esac
    swift build "${RELEASE_BUILD_FLAGS[@]}" "$@"
}

release_bin_path() {
    swift build "${RELEASE_BUILD_FLAGS[@]}" --show-bin-path "$@"
}
