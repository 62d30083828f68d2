#!/usr/bin/env bash
# The C ABI test run: builds libidiligo, checks the committed header, the exported symbols and
# the soname, installs under a temporary prefix, then compiles the C tests as C11 and C++17
# (-Wall -Wextra -Werror) against the shared and the static library and runs them, runs them
# under valgrind and in an ASan+UBSan build, builds the README example through pkg-config and
# CMake, runs the ffi crate's Rust tests, and compiles and runs the C# test with mcs/mono.
# Ends with "N passed, M failed" and exits non-zero if anything failed.
#
#   tests/c/run.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
target="${CARGO_TARGET_DIR:-$root/target}/release"
work="$(mktemp -d "${TMPDIR:-/tmp}/idiligo-ffi-test.XXXXXX")"
trap 'rm -rf "$work"' EXIT
prefix="$work/prefix"
cbindgen="${CBINDGEN:-$(command -v cbindgen || echo "${CARGO_HOME:-$HOME/.cargo}/bin/cbindgen")}"
cbindgen_version="0.29.4"

# What a fresh Debian 12 machine with Rust, gcc and Python lacks for this run.
sudo=""
if [[ "$(id -u)" != 0 ]] && command -v sudo >/dev/null; then sudo="sudo"; fi
missing=()
for p in g++ valgrind pkg-config cmake mono-mcs mono-runtime; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if ((${#missing[@]})); then
    echo "installing Debian packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if [[ ! -x "$cbindgen" ]] || [[ "$("$cbindgen" --version | awk '{print $2}')" != "$cbindgen_version" ]]; then
    echo "installing cbindgen $cbindgen_version (pinned; generates include/idiligo.h)"
    cargo install -q cbindgen --version "$cbindgen_version" --locked
    cbindgen="${CARGO_HOME:-$HOME/.cargo}/bin/cbindgen"
fi

passed=0
failed=0
failures=()
step() { # step NAME COMMAND...: runs a step, logs its output, counts it.
    local name="$1"
    shift
    local log="$work/log.$((passed + failed))"
    local t0=$SECONDS
    if "$@" >"$log" 2>&1; then
        passed=$((passed + 1))
        printf 'ok     %-44s (%ss) %s\n' "$name" "$((SECONDS - t0))" "$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -1 || true)"
    else
        failed=$((failed + 1))
        failures+=("$name")
        printf 'FAIL   %-44s (%ss)\n' "$name" "$((SECONDS - t0))"
        tail -n 40 "$log" | sed 's/^/       | /'
    fi
}

build() { cargo build --release -p idiligo-ffi; }

header() {
    local v
    v="$("$cbindgen" --version | awk '{print $2}')"
    if [[ "$v" != "$cbindgen_version" ]]; then
        echo "cbindgen $v found; the header is generated with $cbindgen_version" \
            "(cargo install cbindgen --version $cbindgen_version --locked)"
        return 1
    fi
    "$cbindgen" --quiet --config ffi/cbindgen.toml --crate idiligo-ffi --output "$work/idiligo.h" ffi
    diff -u include/idiligo.h "$work/idiligo.h"
    grep -q "#define IDILIGO_VERSION_STRING \"$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)\"" include/idiligo.h
}

symbols() {
    local all others
    all="$(nm -D --defined-only "$target/libidiligo.so" | awk '{print $3}')"
    others="$(grep -v '^idiligo_' <<<"$all" || true)"
    echo "$(wc -l <<<"$all") exported symbols"
    if [[ -n "$others" ]]; then
        echo "symbols outside idiligo_*:"
        echo "$others"
        return 1
    fi
    # Every function declared in the header is exported, and the other way round.
    diff <(grep -oE '\bidiligo_[a-z0-9_]+\(' include/idiligo.h | tr -d '(' | sort -u) <(sort -u <<<"$all")
    readelf -d "$target/libidiligo.so" | grep -q 'SONAME.*\[libidiligo\.so\.0\]'
}

install_prefix() {
    ffi/install.sh "$prefix" --no-build
    test -L "$prefix/lib/libidiligo.so.0"
    PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --exists --print-errors "idiligo >= 0.1.0"
}

pc() { PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config "$@" idiligo; }
warn=(-Wall -Wextra -Werror)
static_libs() { echo "$prefix/lib/libidiligo.a $(pc --static --libs-only-l | sed 's/-lidiligo//')"; }

compile() { # compile LANG LINK OUT
    local lang="$1" link="$2" out="$3"
    local std=(-std=c11 -x c) cc=gcc
    if [[ "$lang" == cpp ]]; then std=(-std=c++17 -x c++); cc=g++; fi
    if [[ "$link" == shared ]]; then
        # shellcheck disable=SC2046
        $cc "${std[@]}" "${warn[@]}" -g $(pc --cflags) tests/c/test_idiligo.c -x none $(pc --libs) -lpthread -o "$out"
    else
        # shellcheck disable=SC2046
        $cc "${std[@]}" "${warn[@]}" -g $(pc --cflags) tests/c/test_idiligo.c -x none $(static_libs) -lpthread -o "$out"
    fi
    # The static build must not depend on libidiligo.so.
    if [[ "$link" == static ]] && ldd "$out" | grep -q libidiligo; then return 1; fi
}

run_shared() { LD_LIBRARY_PATH="$prefix/lib" "$@"; }

valgrind_run() {
    LD_LIBRARY_PATH="$prefix/lib" valgrind --error-exitcode=1 --leak-check=full \
        --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \
        --fair-sched=yes "$work/test_c_shared" 2>"$work/valgrind.log"
    grep -E "ERROR SUMMARY|definitely lost|indirectly lost|possibly lost" "$work/valgrind.log" || true
    grep -q "ERROR SUMMARY: 0 errors" "$work/valgrind.log"
}

asan() {
    # shellcheck disable=SC2046
    gcc -std=c11 "${warn[@]}" -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
        -fno-sanitize-recover=undefined $(pc --cflags) tests/c/test_idiligo.c $(static_libs) -lpthread \
        -o "$work/test_asan"
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        "$work/test_asan"
}

example_pkgconfig() {
    # shellcheck disable=SC2046
    gcc -std=c11 "${warn[@]}" $(pc --cflags) tests/c/example.c $(pc --libs) -o "$work/example"
    (cd "$work" && LD_LIBRARY_PATH="$prefix/lib" ./example)
    test -d "$work/idiligo-downloads"
}

example_cmake() {
    if ! command -v cmake >/dev/null; then
        apt-get install -y --no-install-recommends cmake
    fi
    cmake -S tests/c/cmake -B "$work/cmake-build" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release
    cmake --build "$work/cmake-build"
    mkdir -p "$work/cm"
    (cd "$work/cm" && "$work/cmake-build/example_cmake" && "$work/cmake-build/example_cmake_static")
    ! ldd "$work/cmake-build/example_cmake_static" | grep -q libidiligo
}

readme_snippet() { # readme_snippet LANG: prints the fenced block of that language in ffi/README.md
    awk -v lang="$1" '$0 == "```" lang {on=1; next} on && $0 == "```" {exit} on {print}' ffi/README.md
}

readme_examples() {
    # The README's C example is tests/c/example.c (built above); the C# one is built and run here.
    diff <(readme_snippet c) tests/c/example.c
    readme_snippet csharp >"$work/Program.cs"
    test -s "$work/Program.cs"
    mcs -nologo -warnaserror -out:"$work/Program.exe" "$work/Program.cs" tests/dotnet/Idiligo.cs
    (cd "$work" && LD_LIBRARY_PATH="$prefix/lib" mono Program.exe)
}

rust_tests() { cargo test --release -p idiligo-ffi --lib; }

dotnet() {
    if ! command -v mcs >/dev/null || ! command -v mono >/dev/null; then
        apt-get install -y --no-install-recommends mono-mcs mono-runtime
    fi
    mcs -nologo -warnaserror -out:"$work/IdiligoTest.exe" tests/dotnet/Idiligo.cs tests/dotnet/IdiligoTest.cs
    LD_LIBRARY_PATH="$prefix/lib" mono "$work/IdiligoTest.exe"
}

step "cargo build --release -p idiligo-ffi" build
step "header is up to date (cbindgen $cbindgen_version)" header
step "every export goes through the boundary macro" python3 tests/c/check_boundary.py
step "exports only idiligo_*, soname libidiligo.so.0" symbols
step "install under a prefix (pkg-config)" install_prefix
step "compile C11 shared" compile c shared "$work/test_c_shared"
step "compile C11 static" compile c static "$work/test_c_static"
step "compile C++17 shared" compile cpp shared "$work/test_cpp_shared"
step "compile C++17 static" compile cpp static "$work/test_cpp_static"
step "run C11 shared" run_shared "$work/test_c_shared"
step "run C11 static" "$work/test_c_static"
step "run C++17 shared" run_shared "$work/test_cpp_shared"
step "run C++17 static" "$work/test_cpp_static"
step "valgrind (no errors, no definite/indirect leaks)" valgrind_run
step "ASan + UBSan (static)" asan
step "README C example via pkg-config" example_pkgconfig
step "README C example via CMake find_package" example_cmake
step "Rust unit tests of the ffi crate" rust_tests
step "C# wrapper test (mcs + mono)" dotnet
step "README examples (C matches example.c; C# runs)" readme_examples

if ((failed > 0)); then
    printf 'failed: %s\n' "${failures[@]}"
fi
echo "$passed passed, $failed failed"
((failed == 0))
