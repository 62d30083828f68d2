#!/usr/bin/env bash
# Fuzzes the response parsers, redaction and safe_file_name (core/fuzz, cargo-fuzz + libFuzzer
# on the nightly toolchain). Installs cargo-fuzz when it is missing; fails when a target
# crashes (libFuzzer then leaves the input in core/fuzz/artifacts/<target>/).
#
#   tests/fuzz.sh              # the short run of the test command: 25 s per target
#   tests/fuzz.sh 120          # N seconds per target (the long run: e.g. 3600)
#   tests/fuzz.sh 60 redact    # selected targets
#
# Corpora live in core/fuzz/corpus/<target>/ (not committed); the XML targets are seeded with
# the captured answers in tests/fixtures/ on every run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECONDS_PER_TARGET="${1:-25}"
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=(xml_scalar xml_complex fault_text redact safe_file_name)

rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "== installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi

cd "$ROOT/core/fuzz"
seed() {
  # seed TARGET FILES...: the bodies of captured answers (after the blank line that ends the
  # headers) into the target's corpus, named by content.
  local dir="corpus/$1"; shift
  mkdir -p "$dir"
  for f in "$@"; do
    local body
    body="$(mktemp)"
    sed '1,/^\r\{0,1\}$/d' "$f" > "$body"
    if [ -s "$body" ]; then mv "$body" "$dir/seed-$(sha1sum "$body" | cut -c1-16)"; else rm -f "$body"; fi
  done
}
mapfile -t answers < <(find "$ROOT/tests/fixtures" -type f -name '*.http' | sort)
seed xml_scalar "${answers[@]}"
seed xml_complex "${answers[@]}"
seed fault_text "${answers[@]}"
mkdir -p corpus/redact corpus/safe_file_name
printf 'A potentially dangerous Request.Form value was detected (password="<b...").\001<b-secret' > corpus/redact/seed-aspnet
printf 'echo J%%C3%%A4ger &#228; \\u00e4 +\001J\xc3\xa4ger +' > corpus/redact/seed-escapes
printf '../../etc/passwd\0001' > corpus/safe_file_name/seed-traversal
printf 'CON.txt\000' > corpus/safe_file_name/seed-device

# -s none: the fuzzed code (core's parsers, redaction, safe_file_name) is safe Rust, where
# AddressSanitizer has nothing to find that a panic would not already show, so its
# instrumentation (of every crate) is skipped. The targets are built once, up front.
SAN=(-s none)
echo "== building the fuzz targets"
cargo +nightly fuzz build "${SAN[@]}" 2> build.log || { tail -40 build.log; exit 1; }

status=0
for t in "${TARGETS[@]}"; do
  echo "== fuzzing $t for ${SECONDS_PER_TARGET}s"
  # -rss_limit_mb: the parsers hold whole bodies; 2 GiB is far above any real answer.
  if ! cargo +nightly fuzz run "${SAN[@]}" "$t" -- -max_total_time="$SECONDS_PER_TARGET" -rss_limit_mb=2048 \
      -max_len=65536 -print_final_stats=1 2> "target-$t.log"; then
    echo "!! $t failed:"; tail -40 "target-$t.log"; status=1
  else
    grep -E '^stat::number_of_executed_units|^Done' "target-$t.log" | sed "s/^/   $t: /"
  fi
done
exit $status
