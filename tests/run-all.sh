#!/usr/bin/env bash
# Runs every test of every language: Rust (fmt, clippy, unit, integration and doc tests, the
# crate without its sandbox feature, cargo package),
# the C ABI (C11, C++17, valgrind, ASan/UBSan, C#/Mono), the Python package, the
# command-line tool against the stand-alone sandbox, the conformance suite against the
# Mono-hosted ASMX replica, the fault suite (every case of tests/faults/cases.tsv through Rust,
# C and Python against a hostile loopback server), the meta stage, which shows in a
# throw-away copy of the tree that the other stages fail when a fault is planted, and a short
# fuzz run of the parsers, redaction and safe_file_name (tests/fuzz.sh).
# Installs what it needs.
#
#   ./tests/run-all.sh            # everything
#   ./tests/run-all.sh rust c     # selected stages: rust, c, python, cli, conformance, faults, meta, fuzz
#
# Ends with a line "N passed, M failed" counting the stages; exits non-zero if any failed.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export CARGO_TERM_COLOR=never

stage_rust() {
  rustup component list --installed 2>/dev/null | grep -q rustfmt || rustup component add rustfmt clippy
  bash tests/rust/run.sh
}

stage_c() { bash tests/c/run.sh; }
stage_python() { bash tests/python/run.sh; }
stage_cli() { bash tests/cli/run.sh; }
stage_conformance() { bash tests/conformance/run.sh; }
stage_faults() { bash tests/faults/run.sh; }
stage_meta() { bash tests/meta/run.sh; }
# The short fuzz run (25 s per target; IDILIGO_FUZZ_SECONDS overrides); the long run is
# `tests/fuzz.sh 3600`.
stage_fuzz() { bash tests/fuzz.sh "${IDILIGO_FUZZ_SECONDS:-25}"; }

ALL_STAGES=(rust c python cli conformance faults meta fuzz)
STAGES=("$@")
[ ${#STAGES[@]} -eq 0 ] && STAGES=("${ALL_STAGES[@]}")
for s in "${STAGES[@]}"; do
  if [[ " ${ALL_STAGES[*]} " != *" $s "* ]]; then
    echo "unknown stage '$s' (stages: ${ALL_STAGES[*]})" >&2
    exit 2
  fi
done

passed=0; failed=0; failed_names=()
for s in "${STAGES[@]}"; do
  echo
  echo "==================== stage: $s ===================="
  start=$(date +%s)
  if "stage_$s"; then
    passed=$((passed + 1)); result=ok
  else
    failed=$((failed + 1)); failed_names+=("$s"); result=FAILED
  fi
  echo "==================== stage $s: $result ($(( $(date +%s) - start )) s)"
done
echo
[ $failed -gt 0 ] && echo "failed stages: ${failed_names[*]}"
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
