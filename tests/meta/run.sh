#!/usr/bin/env bash
# The stages can fail: in a throw-away copy of the working tree, plants one fault per case and
# shows that the real stage scripts (run with an explicit --only) fail with it and pass
# without it, so no case can pass for the wrong reason:
#
#   (0) the step runner (tests/lib/steps.sh): a step whose first command fails is FAIL even
#       though its last command passes; a step called from a condition refuses to run; an
#       --only naming no step fails;
#   (a) a stale header (a line appended to include/idiligo.h): the C stage's header step fails;
#   (b) a broken install (ffi/install.sh exits 0 and installs nothing): the C stage's install,
#       compile, run and both README example steps fail;
#   (c) a failing Python assertion (in tests/python/test_meeting.py): the Python stage fails;
#   (d) a replica that does not start (tests/asmx/run-host.sh exits 1): the conformance
#       stage's smoke, python and c steps fail. (Its wsdl and rust steps are not run in the copy:
#       their test binaries have their source directory compiled in, env!("CARGO_MANIFEST_DIR"),
#       so there they would start the real tree's replica and pass for the wrong reason.)
#
#   tests/meta/run.sh
#
# The copy shares the cargo target directory (CARGO_TARGET_DIR; the copy keeps the files'
# times, so cargo sees the real tree's build as current and rebuilds nothing); the release
# library is built in the real tree first. Everything the run creates lives under one
# temporary directory, removed at the end; every process is started and stopped (by pid) by
# the stage scripts themselves. Ends with "N passed, M failed" (cases) and exits non-zero if
# any case did not behave.
set -euo pipefail
shopt -s inherit_errexit
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
unset IDILIGO_ASMX_DIR
if (($#)); then
  echo "tests/meta/run.sh takes no arguments" >&2
  exit 2
fi

META="$(mktemp -d "${TMPDIR:-/tmp}/idiligo-meta.XXXXXX")"
trap 'rm -rf "$META"' EXIT
COPY="$META/tree"
VENV="$META/venv"
T0=$SECONDS

echo "== building the release library in the real tree (the copy reuses it)"
cargo build -q --release -p idiligo-ffi

echo "== copying the working tree to $COPY (tracked and untracked files, times kept)"
mkdir -p "$COPY"
if git -C "$ROOT" ls-files -z -co --exclude-standard >"$META/files.all"; then
  # Files deleted in the working tree are still listed by git: copy what exists.
  while IFS= read -r -d '' f; do
    if [[ -e "$f" || -L "$f" ]]; then printf '%s\0' "$f"; fi
  done <"$META/files.all" >"$META/files"
  tar --null -T "$META/files" -cf - | tar -xpf - -C "$COPY"
else
  echo "   (not a git checkout: copying everything but target/ and .git/)"
  tar --exclude=./target --exclude=./.git -cf - . | tar -xpf - -C "$COPY"
fi
for f in tests/c/run.sh tests/python/run.sh tests/conformance/run.sh tests/lib/steps.sh include/idiligo.h \
  ffi/install.sh tests/asmx/run-host.sh tests/python/test_meeting.py; do
  [[ -f "$COPY/$f" ]] || { echo "the copy lacks $f" >&2; exit 1; }
done

passed=0
failed=0
failures=()
case_ok() { passed=$((passed + 1)); echo "ok     $1"; }
case_bad() {
  failed=$((failed + 1)); failures+=("$1"); echo "FAIL   $1: $2"
  if [[ -f "${3:-}" ]]; then tail -n 30 "$3" | sed 's/^/       | /'; fi
}

# run LOG CMD...: runs a stage script, its output into LOG; sets RC and SUMMARY (its last line).
run() {
  local log="$1"
  shift
  local t=$SECONDS
  set +e
  "$@" >"$log" 2>&1 </dev/null
  RC=$?
  set -e
  SUMMARY="$(tail -n 1 "$log")"
  echo "       ran: ${*#"$COPY/"} -> exit $RC, \"$SUMMARY\" ($((SECONDS - t)) s)"
}

# expect NAME LOG WANT_RC(0|nonzero) WANT_SUMMARY
expect() {
  local name="$1" log="$2" want_rc="$3" want_summary="$4"
  if [[ "$want_rc" == 0 && "$RC" != 0 ]]; then case_bad "$name" "exit $RC, want 0" "$log"; return; fi
  if [[ "$want_rc" != 0 && "$RC" == 0 ]]; then case_bad "$name" "exit 0, want a failure" "$log"; return; fi
  if [[ "$SUMMARY" != "$want_summary" ]]; then
    case_bad "$name" "summary \"$SUMMARY\", want \"$want_summary\"" "$log"
    return
  fi
  case_ok "$name"
}

# plant FILE: keeps the original of FILE (unplant restores it).
plant() { cp -p "$COPY/$1" "$META/orig.$(tr / _ <<<"$1")"; }
unplant() { cp -p "$META/orig.$(tr / _ <<<"$1")" "$COPY/$1"; }

# --------------------------------------------------------------- (0) the step runner itself
echo
echo "== (0) the step runner: tests/lib/steps.sh"
cat >"$META/runner-1.sh" <<'EOF'
set -euo pipefail
source "$1"
steps_init "$2"
first_fails() { false; echo "reached the command after the failure"; true; }
passes() { true; }
step first-fails "first command fails, last passes" first_fails
step passes "every command passes" passes
steps_finish
EOF
run "$META/runner-1.log" bash "$META/runner-1.sh" "$COPY/tests/lib/steps.sh" "$META/runner-1"
expect "(0) a step whose first command fails is FAIL, a passing step ok" "$META/runner-1.log" nonzero "1 passed, 1 failed"
if grep -q "reached the command after the failure" "$META/runner-1/step-first-fails.log"; then
  case_bad "(0) the failing step stopped at its failing command" "it ran on" "$META/runner-1/step-first-fails.log"
else
  case_ok "(0) the failing step stopped at its failing command"
fi
cat >"$META/runner-2.sh" <<'EOF'
set -euo pipefail
source "$1"
steps_init "$2"
passes() { true; }
if step passes "called from an if" passes; then echo "ran in a condition"; fi
steps_finish
EOF
run "$META/runner-2.log" bash "$META/runner-2.sh" "$COPY/tests/lib/steps.sh" "$META/runner-2"
if [[ "$RC" == 2 ]] && grep -q "refusing to run" "$META/runner-2.log"; then
  case_ok "(0) a step called from a condition refuses to run"
else
  case_bad "(0) a step called from a condition refuses to run" "exit $RC" "$META/runner-2.log"
fi
cat >"$META/runner-3.sh" <<'EOF'
set -euo pipefail
source "$1"
steps_init "$2" --only no-such-step
passes() { true; }
step passes "not selected" passes
steps_finish
EOF
run "$META/runner-3.log" bash "$META/runner-3.sh" "$COPY/tests/lib/steps.sh" "$META/runner-3"
if [[ "$RC" != 0 ]] && grep -q "do not exist: no-such-step" "$META/runner-3.log"; then
  case_ok "(0) --only naming no step fails"
else
  case_bad "(0) --only naming no step fails" "exit $RC" "$META/runner-3.log"
fi

# --------------------------------------------------------------- (a) a stale header
echo
echo "== (a) stale header: a line appended to include/idiligo.h; C stage, step header"
run "$META/a-clean.log" bash "$COPY/tests/c/run.sh" --only header
expect "(a) header step passes unplanted" "$META/a-clean.log" 0 "1 passed, 0 failed"
plant include/idiligo.h
echo "/* planted by tests/meta/run.sh: not what cbindgen generates */" >>"$COPY/include/idiligo.h"
run "$META/a-planted.log" bash "$COPY/tests/c/run.sh" --only header
expect "(a) header step fails with a stale header" "$META/a-planted.log" nonzero "0 passed, 1 failed"
unplant include/idiligo.h

# --------------------------------------------------------------- (b) a broken install
echo
echo "== (b) broken install: ffi/install.sh exits 0 and installs nothing; C stage"
b_steps=install,compile-c-shared,run-c-shared,example-pkgconfig,example-cmake
run "$META/b-clean.log" bash "$COPY/tests/c/run.sh" --only "$b_steps"
expect "(b) install, compile, run, pkg-config and CMake examples pass unplanted" "$META/b-clean.log" 0 "5 passed, 0 failed"
plant ffi/install.sh
printf '#!/usr/bin/env bash\n# planted by tests/meta/run.sh: claims success, installs nothing\nexit 0\n' \
  >"$COPY/ffi/install.sh"
run "$META/b-planted.log" bash "$COPY/tests/c/run.sh" --only "$b_steps"
expect "(b) each of those five steps fails with a broken install" "$META/b-planted.log" nonzero "0 passed, 5 failed"
unplant ffi/install.sh

# --------------------------------------------------------------- (c) a failing Python assertion
echo
echo "== (c) a failing assertion in tests/python/test_meeting.py; Python stage"
run "$META/c-clean.log" bash "$COPY/tests/python/run.sh" --venv "$VENV" --only install,cli,pytest
expect "(c) install, cli and pytest pass unplanted" "$META/c-clean.log" 0 "3 passed, 0 failed"
plant tests/python/test_meeting.py
sed -i 's/assert snap.script_code == "INTAKE"/assert snap.script_code == "PLANTED-BY-META"/' \
  "$COPY/tests/python/test_meeting.py"
if ! grep -q PLANTED-BY-META "$COPY/tests/python/test_meeting.py"; then
  case_bad "(c) plant the assertion" "the line to change is gone from test_meeting.py"
else
  run "$META/c-planted.log" bash "$COPY/tests/python/run.sh" --venv "$VENV" --only pytest
  expect "(c) pytest step fails with the planted assertion" "$META/c-planted.log" nonzero "0 passed, 1 failed"
  if grep -q "FAILED .*test_meeting.py::test_start_meeting_full" "$META/c-planted.log"; then
    case_ok "(c) the failure is the planted assertion"
  else
    case_bad "(c) the failure is the planted assertion" "not in the pytest report" "$META/c-planted.log"
  fi
fi
unplant tests/python/test_meeting.py

# --------------------------------------------------------------- (d) a replica that does not start
echo
echo "== (d) the replica does not start: tests/asmx/run-host.sh exits 1; conformance stage"
echo "       (steps wsdl and rust are not run in the copy: their test binaries would start the real tree's replica)"
# Unplanted, the steps that start the replica from the copy (python, c) must pass; the smoke
# step is left out here because the conformance stage runs it anyway (it takes 70-150 s).
run "$META/d-clean.log" bash "$COPY/tests/conformance/run.sh" --venv "$VENV" --only build,python,c
expect "(d) build, python and c pass unplanted" "$META/d-clean.log" 0 "3 passed, 0 failed"
plant tests/asmx/run-host.sh
printf '#!/usr/bin/env bash\necho "planted by tests/meta/run.sh: the replica does not start" >&2\nexit 1\n' \
  >"$COPY/tests/asmx/run-host.sh"
run "$META/d-planted.log" bash "$COPY/tests/conformance/run.sh" --venv "$VENV" --only build,smoke,python,c
expect "(d) smoke, python and c fail when the replica does not start" "$META/d-planted.log" nonzero "1 passed, 3 failed"
unplant tests/asmx/run-host.sh

echo
if ((failed > 0)); then printf 'failed cases: %s\n' "${failures[*]}"; fi
echo "meta: $((SECONDS - T0)) s"
echo "$passed passed, $failed failed"
((failed == 0 && passed > 0))
