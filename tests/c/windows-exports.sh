#!/usr/bin/env bash
# Cross-builds idiligo.dll for x86_64-pc-windows-gnu (MinGW) and checks that it exports
# exactly the functions of ffi/idiligo.def (= include/idiligo.h), and that the import library
# Cargo wrote names the same functions. Nothing is run: this machine has no Windows.
#
#   tests/c/windows-exports.sh            # needs: rustup target add x86_64-pc-windows-gnu,
#                                         #        apt-get install gcc-mingw-w64-x86-64-posix
# Not part of tests/c/run.sh (the cross build takes minutes and needs the two above).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
triple=x86_64-pc-windows-gnu
rustup target list --installed | grep -qx "$triple" || { echo "rustup target add $triple first" >&2; exit 2; }
command -v x86_64-w64-mingw32-objdump >/dev/null || { echo "install gcc-mingw-w64-x86-64-posix first" >&2; exit 2; }
cargo build -q -p idiligo-ffi --target "$triple"
out="${CARGO_TARGET_DIR:-$root/target}/$triple/debug"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
sed -n 's/^    \(idiligo_[a-z0-9_]*\)$/\1/p' ffi/idiligo.def | sort >"$work/def"
[[ -s "$work/def" ]]
# The export name table of the DLL.
x86_64-w64-mingw32-objdump -p "$out/idiligo.dll" |
    sed -n '/\[Ordinal\/Name Pointer\] Table/,/^$/p' | awk 'NF >= 2 && $NF ~ /^[a-z_]/ {print $NF}' | sort >"$work/dll"
echo "idiligo.dll: $(wc -l <"$work/dll") exports; ffi/idiligo.def: $(wc -l <"$work/def")"
diff "$work/def" "$work/dll"
# The MinGW import library Cargo wrote (libidiligo.dll.a) defines the same functions.
x86_64-w64-mingw32-nm --defined-only "$out/libidiligo.dll.a" 2>/dev/null |
    awk '$2 == "T" && $3 ~ /^idiligo_/ {print $3}' | sort -u >"$work/implib"
diff "$work/def" "$work/implib"
echo "ok: idiligo.dll and libidiligo.dll.a export exactly ffi/idiligo.def"
