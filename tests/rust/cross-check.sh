#!/usr/bin/env bash
# Cross-target checks of the whole workspace, every target kind (lib, bins, tests, examples,
# benches), from this Linux machine; nothing is linked or run:
#
#   windows   cargo clippy --workspace --all-targets --target x86_64-pc-windows-gnu -- -D warnings
#   macos     cargo check --workspace --all-targets --target x86_64-apple-darwin
#
#   tests/rust/cross-check.sh                 # both; macos is skipped (said so) without a C compiler
#   tests/rust/cross-check.sh windows         # just this one
#   tests/rust/cross-check.sh macos           # fails when there is no C compiler for the target
#
# The rustup targets are added when missing. ring's build script compiles C even for
# clippy/check, so each target needs a C compiler for it: MinGW for Windows (installed with
# apt-get when missing and possible: gcc-mingw-w64-x86-64-posix), and for macOS a clang that
# targets Darwin with its SDK (osxcross's o64-clang, or CC_x86_64_apple_darwin set), which a
# Debian machine does not have. Exits non-zero when a check fails or cannot run.
set -euo pipefail
shopt -s inherit_errexit

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
# shellcheck source=../lib/apt.sh
source "$root/tests/lib/apt.sh"

want=("$@")
explicit=1
if ((${#want[@]} == 0)); then
    want=(windows macos)
    explicit=0
fi

need_target() {
    if ! rustup target list --installed | grep -qx "$1"; then
        echo "adding the rustup target $1"
        rustup target add "$1"
    fi
}

windows() {
    need_target x86_64-pc-windows-gnu
    if ! command -v x86_64-w64-mingw32-gcc >/dev/null; then
        if command -v apt-get >/dev/null; then
            echo "MinGW (gcc-mingw-w64-x86-64-posix) for ring's build script"
            apt_install --with-recommends gcc-mingw-w64-x86-64-posix
        else
            echo "no x86_64-w64-mingw32-gcc: install MinGW (Debian: gcc-mingw-w64-x86-64-posix)" >&2
            return 1
        fi
    fi
    echo "== cargo clippy --workspace --all-targets --target x86_64-pc-windows-gnu -- -D warnings"
    cargo clippy --workspace --all-targets --target x86_64-pc-windows-gnu -- -D warnings
}

macos() {
    need_target x86_64-apple-darwin
    local cc="${CC_x86_64_apple_darwin:-}"
    if [[ -z "$cc" ]]; then
        local c
        for c in o64-clang x86_64-apple-darwin-clang; do
            if command -v "$c" >/dev/null; then
                cc="$c"
                break
            fi
        done
    fi
    if [[ -z "$cc" ]]; then
        local why="no C compiler for x86_64-apple-darwin (o64-clang, x86_64-apple-darwin-clang or CC_x86_64_apple_darwin): ring's build script needs one"
        if ((explicit)); then
            echo "$why" >&2
            return 1
        fi
        echo "skipped macos: $why"
        return 0
    fi
    echo "== cargo check --workspace --all-targets --target x86_64-apple-darwin (CC $cc)"
    CC_x86_64_apple_darwin="$cc" cargo check --workspace --all-targets --target x86_64-apple-darwin
}

failed=0
for t in "${want[@]}"; do
    case "$t" in
    windows | macos)
        # A plain subshell, not `("$t") || ...`: bash ignores `set -e` in a condition, and the
        # function's failing commands would then not stop it (tests/lib/steps.sh).
        set +e
        (
            set -e
            "$t"
        )
        rc=$?
        set -e
        if ((rc != 0)); then
            echo "FAILED: $t" >&2
            failed=1
        fi
        ;;
    *)
        echo "unknown target: $t (usage: tests/rust/cross-check.sh [windows] [macos])" >&2
        exit 2
        ;;
    esac
done
exit "$failed"
