#!/usr/bin/env bash
# Mutation testing of core/src with cargo-mutants, in three passes (not part of CI: see
# CONTRIBUTING.md "Mutation testing" for the cost, core/mutants.md for the results).
#
#   tests/mutants.sh [--out DIR] [--jobs N] [--passes 1|2|3] [--first-pass 1|2]
#                    [--shard K/N] [--shuffle] [--re REGEX] [--since REV] [FILE...]
#
# FILE: source files under core/src (default: all); REGEX narrows them to the mutants whose
# names it matches (`--re 'xml.rs:9[0-9]:'`); --shard K/N takes every Nth of those, from the
# Kth (0-based: a sample, for a quick estimate of a large file set); --shuffle tests them in
# random order (a run stopped early is then a random sample). --since REV takes only the
# mutants on lines changed since commit REV (`git diff REV`, given to cargo-mutants'
# `--in-diff`: the check of a change). --first-pass 2 starts with
# pass 2 (for files the unit tests hardly reach, such as the sandbox's). A mutant counts as
# caught as soon as one pass catches it; each pass re-runs only what the one before missed, with more tests:
#   1. the unit tests (`--lib`), without the two slow linear-time tests (seconds per mutant);
#   2. the unit tests and every integration test except `faults` and `load`;
#   3. everything: the unit tests with the linear-time tests, and every integration test.
# The tree is copied to DIR/tree first (its target/ is kept from run to run, so builds are
# incremental there) and mutated only in cargo-mutants' own copies of that. The result, per
# file and in total, is written to DIR/summary.md; each mutant's final outcome to
# DIR/final.tsv.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
if [ ! -f "$root/core/src/ops.rs" ]; then
    echo "mutants.sh: $root is not the idiligo tree (run the script where it is, in tests/)" >&2
    exit 2
fi
out=/tmp/idiligo-mutants
jobs=2
passes=3
first=1
shard=
shuffle=
only_re=
since=
files=()
while [ $# -gt 0 ]; do
    case $1 in
        --out) out=$2; shift 2 ;;
        --jobs) jobs=$2; shift 2 ;;
        --passes) passes=$2; shift 2 ;;
        --re) only_re=$2; shift 2 ;;
        --since) since=$2; shift 2 ;;
        --first-pass) first=$2; shift 2 ;;
        --shard) shard=$2; shift 2 ;;
        --shuffle) shuffle=--shuffle; shift ;;
        -h|--help) sed -n 2,24p "$0"; exit 0 ;;
        -*) echo "mutants.sh: unknown option $1" >&2; exit 2 ;;
        *) files+=("$1"); shift ;;
    esac
done
command -v cargo-mutants >/dev/null || cargo install cargo-mutants --version 27.1.0 --locked

mkdir -p "$out"
out=$(cd "$out" && pwd)
# The sources are copied afresh; the copy's target/ stays from the last run, so only what
# changed is rebuilt (the first run builds everything: a few minutes).
echo "copying the tree to $out/tree"
mkdir -p "$out/tree"
find "$out/tree" -mindepth 1 -maxdepth 1 ! -name target -exec rm -rf {} +
tar -C "$root" --exclude=./.git --exclude=./target -cf - . | tar -C "$out/tree" -xf -
rm -rf "$out"/pass1 "$out"/pass2 "$out"/pass3
cd "$out/tree"

# Builds without debug information link in a fraction of the time; mold, where installed,
# links faster still. Neither changes what the tests see.
if command -v mold >/dev/null; then
    export RUSTFLAGS="${RUSTFLAGS:-} -C link-arg=-fuse-ld=mold"
fi
# Each pass first runs its tests on the unmutated tree (cargo-mutants' baseline): a test that
# already fails would count every mutant as caught.
common=(-p idiligo -j "$jobs" --copy-target true --profile mutants
        --build-timeout 600 -C --features=sandbox -C --lib)
slow_unit=(--skip references_without_semicolons_take_linear_time
           --skip hostile_text_redacts_in_linear_time)
# Every integration test target (core/tests/*.rs; support/ holds their shared modules).
mapfile -t all_tests < <(cd core/tests && ls -- *.rs | sed 's/\.rs$//')
pass2_tests=()
for t in "${all_tests[@]}"; do
    case $t in faults|load) ;; *) pass2_tests+=(-C "--test=$t") ;; esac
done
pass3_tests=()
for t in "${all_tests[@]}"; do pass3_tests+=(-C "--test=$t"); done

file_args=()
for f in "${files[@]}"; do file_args+=(--file "$f"); done
if [ -n "$only_re" ]; then file_args+=(--re "$only_re"); fi
if [ -n "$since" ]; then
    git -C "$root" diff "$since" -- core/src > "$out/since.diff"
    file_args+=(--in-diff "$out/since.diff")
fi
if [ -n "$shard" ]; then file_args+=(--shard "$shard" --sharding round-robin); fi
if [ -n "$shuffle" ]; then file_args+=("$shuffle"); fi
case $first in 1|2) ;; *) echo "mutants.sh: --first-pass is 1 or 2" >&2; exit 2 ;; esac

regex_of() { # the mutants named in file $1, as one anchored regex
    python3 - "$1" <<'EOF'
import re, sys
names = [l.rstrip("\n") for l in open(sys.argv[1]) if l.strip()]
print("^(" + "|".join(re.escape(n) for n in names) + ")$")
EOF
}

files_of() { # --file for each file of the mutants named in file $1 (cargo-mutants 27.1
    # applies --re to every genre but "delete field", which only --file narrows)
    cut -d: -f1 "$1" | sort -u | sed 's/^/--file\n/'
}

run_pass() { # name, then cargo-mutants arguments
    local name=$1; shift
    local start=$SECONDS rc=0
    echo "pass $name: $(date -u +%H:%M:%S)"
    # cargo-mutants exits 2 when mutants were missed, 3 on timeouts; 1 is a usage error, 4 a
    # failing baseline.
    cargo mutants "${common[@]}" -o "$out/$name" "$@" > "$out/$name.log" 2>&1 || rc=$?
    echo "pass $name: rc=$rc, $((SECONDS - start)) s" | tee -a "$out/$name.log"
    case $rc in 0|2|3) ;; *) tail -20 "$out/$name.log" >&2; exit 1 ;; esac
}

if [ "$first" = 1 ]; then
    run_pass pass1 --timeout 20 "${file_args[@]}" -- -- "${slow_unit[@]}"
    prev=pass1
else
    run_pass pass2 --timeout 120 "${file_args[@]}" "${pass2_tests[@]}" -- -- "${slow_unit[@]}"
    prev=pass2
fi
if [ "$first" = 1 ] && [ "$passes" -ge 2 ] && [ -s "$out/pass1/mutants.out/missed.txt" ]; then
    mapfile -t narrow < <(files_of "$out/pass1/mutants.out/missed.txt")
    run_pass pass2 --timeout 120 --re "$(regex_of "$out/pass1/mutants.out/missed.txt")" "${narrow[@]}" \
        "${pass2_tests[@]}" -- -- "${slow_unit[@]}"
    prev=pass2
fi
if [ "$passes" -ge 3 ] && [ -s "$out/$prev/mutants.out/missed.txt" ]; then
    mapfile -t narrow < <(files_of "$out/$prev/mutants.out/missed.txt")
    run_pass pass3 --timeout 180 --re "$(regex_of "$out/$prev/mutants.out/missed.txt")" "${narrow[@]}" \
        "${pass3_tests[@]}"
fi

python3 "$root/tests/mutants_summary.py" "$out" | tee "$out/summary.md"
