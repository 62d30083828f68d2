#!/usr/bin/env bash
# Installs libidiligo (shared + static), include/idiligo.h, a pkg-config file and a CMake
# package config under a prefix:
#
#   ffi/install.sh /usr/local            # builds the release library first
#   ffi/install.sh "$HOME/.local" --no-build
#
# Layout: PREFIX/lib/libidiligo.so.X.Y.Z (+ .so.X and .so symlinks), PREFIX/lib/libidiligo.a,
# PREFIX/include/idiligo.h, PREFIX/lib/pkgconfig/idiligo.pc,
# PREFIX/lib/cmake/idiligo/idiligoConfig.cmake (+ ConfigVersion).
set -euo pipefail
usage="usage: ffi/install.sh PREFIX [--no-build]"
prefix="${1:?$usage}"
build=1
case "${2-}" in
"") ;;
--no-build) build=0 ;;
*) echo "$usage (unknown argument: $2)" >&2; exit 2 ;;
esac
if (($# > 2)); then echo "$usage (too many arguments)" >&2; exit 2; fi
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}/release"
if ((build)); then
    cargo build --release -p idiligo-ffi --manifest-path "$root/Cargo.toml"
fi
for f in "$target/libidiligo.so" "$target/libidiligo.a"; do
    [[ -f "$f" ]] || { echo "ffi/install.sh: $f not found (build it, or drop --no-build)" >&2; exit 1; }
done
# The .pc and CMake files record the prefix: make it absolute.
mkdir -p "$prefix"
prefix="$(cd "$prefix" && pwd)"
version="$(sed -n 's/^version = "\(.*\)"/\1/p' "$root/Cargo.toml" | head -n 1)"
if [[ ! "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
    echo "ffi/install.sh: no X.Y.Z version in $root/Cargo.toml (got '$version')" >&2
    exit 1
fi
IFS=. read -r major minor _patch <<<"$version"
# Native libraries the static library needs (from `rustc --print native-static-libs`).
native_libs="-lgcc_s -lutil -lrt -lpthread -lm -ldl -lc"
cmake_native_libs="gcc_s;util;rt;pthread;m;dl;c"

mkdir -p "$prefix/lib/pkgconfig" "$prefix/lib/cmake/idiligo" "$prefix/include"
install -m 0755 "$target/libidiligo.so" "$prefix/lib/libidiligo.so.$version"
ln -sf "libidiligo.so.$version" "$prefix/lib/libidiligo.so.$major"
ln -sf "libidiligo.so.$major" "$prefix/lib/libidiligo.so"
install -m 0644 "$target/libidiligo.a" "$prefix/lib/libidiligo.a"
install -m 0644 "$root/include/idiligo.h" "$prefix/include/idiligo.h"
subst() {
    sed -e "s|@PREFIX@|$prefix|g" -e "s|@VERSION@|$version|g" -e "s|@MAJOR@|$major|g" \
        -e "s|@MINOR@|$minor|g" -e "s|@NATIVE_LIBS@|$native_libs|g" \
        -e "s|@CMAKE_NATIVE_LIBS@|$cmake_native_libs|g" "$1" >"$2"
}
subst "$root/ffi/pkg/idiligo.pc.in" "$prefix/lib/pkgconfig/idiligo.pc"
subst "$root/ffi/pkg/idiligoConfig.cmake.in" "$prefix/lib/cmake/idiligo/idiligoConfig.cmake"
subst "$root/ffi/pkg/idiligoConfigVersion.cmake.in" "$prefix/lib/cmake/idiligo/idiligoConfigVersion.cmake"
echo "installed libidiligo $version under $prefix"
