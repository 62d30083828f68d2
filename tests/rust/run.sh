#!/usr/bin/env bash
# The Rust stage: formatting, clippy, every workspace test (the sandbox on: ffi, python and cli
# turn it on), the crate `idiligo` without its `sandbox` feature (build, clippy, tests), the
# crate as `cargo package` would publish it (tests/rust/package.sh), and clippy of the whole
# workspace for Windows (tests/rust/cross-check.sh: about 25 s warm after a change in core/,
# 2 min 15 s cold; macOS is checked there only where a C compiler for Darwin exists).
# Ends with "N passed, M failed" (steps) and exits non-zero if a step failed.
#
#   tests/rust/run.sh                        # every step
#   tests/rust/run.sh --only package         # just these steps (the others are listed as skipped)
#
# Each step fails when any command in it fails (tests/lib/steps.sh).
set -euo pipefail
shopt -s inherit_errexit

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
work="$(mktemp -d "${TMPDIR:-/tmp}/idiligo-rust.XXXXXX")"
trap 'rm -rf "$work"' EXIT
# shellcheck source=../lib/steps.sh
source "$root/tests/lib/steps.sh"
steps_init "$work/logs" "$@"
if ((${#STEPS_ARGS[@]})); then
    echo "unknown arguments: ${STEPS_ARGS[*]} (usage: tests/rust/run.sh [--only STEP,...])" >&2
    exit 2
fi

fmt() { cargo fmt --all -- --check; }
clippy() { cargo clippy --workspace --all-targets -- -D warnings; }
# cargo_test ARGS...: cargo test, then one line totalling its "test result" lines (the step's
# summary shows the last "N passed; M failed" line of its log).
cargo_test() {
    cargo test "$@" 2>&1 | tee "$work/cargo-test.log"
    awk '/^test result:/ { p += $4; f += $6 } END { print "all test binaries: " p " passed; " f " failed" }' \
        "$work/cargo-test.log"
}
tests() { cargo_test --workspace; }
clippy_minimal() { cargo clippy -p idiligo --no-default-features --all-targets -- -D warnings; }
build_minimal() { cargo build -p idiligo --no-default-features; }

# The crate without the sandbox: its unit, integration (those that need no sandbox) and doc
# tests. A dev-dependency of the crate on itself with the feature would switch the sandbox back
# on for every test build, so the test list must hold no `sandbox::` test here and some with
# the feature.
test_minimal() {
    cargo_test -p idiligo --no-default-features
    local without with
    without="$(cargo test -q -p idiligo --no-default-features --lib -- --list | grep -c '^sandbox::' || true)"
    with="$(cargo test -q -p idiligo --features sandbox --lib -- --list | grep -c '^sandbox::' || true)"
    echo "sandbox unit tests: $without without the feature, $with with it"
    [[ "$without" == 0 && "$with" -gt 0 ]]
}

# The README's Rust blocks are doc tests (core/src/lib.rs) and must also compile when pasted:
# no rustdoc-hidden lines ("# ..."), each a whole program with its fn main.
readme_paste() {
    awk '
        /^```rust/ { inside = 1; start = NR; has_main = 0; next }
        inside && /^```/ { inside = 0; blocks++; if (!has_main) { print "README.md:" start ": a Rust block without fn main"; bad = 1 }; next }
        inside && /fn main\(/ { has_main = 1 }
        inside && /^#( |$)/ { print "README.md:" NR ": a rustdoc-hidden line breaks the block when pasted: " $0; bad = 1 }
        END { print blocks " Rust blocks"; exit bad || blocks == 0 }
    ' README.md
}

step fmt "cargo fmt --check" fmt
step readme-paste "README Rust blocks: whole programs, no hidden lines" readme_paste
step clippy "cargo clippy --workspace --all-targets -D warnings" clippy
step test "cargo test --workspace" tests
step clippy-minimal "clippy of idiligo without the sandbox feature" clippy_minimal
step build-minimal "cargo build -p idiligo --no-default-features" build_minimal
step test-minimal "cargo test -p idiligo --no-default-features" test_minimal
step package "cargo package -p idiligo (tests/rust/package.sh)" bash tests/rust/package.sh
step cross-check "clippy for Windows, check for macOS (tests/rust/cross-check.sh)" bash tests/rust/cross-check.sh
steps_finish
