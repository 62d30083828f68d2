#!/usr/bin/env bash
# The C ABI test run: builds libidiligo, checks the committed header, the exported symbols, the
# soname, ffi/idiligo.def and the soname link in the build output, installs under a temporary
# prefix (stripped; DESTDIR staging; uninstall), then compiles the C tests as C11 and C++17
# (-Wall -Wextra -Werror) against the shared and the static library and runs them, runs them
# under valgrind and in an ASan+UBSan build, runs a simple client program under valgrind's
# default settings with and without ffi/valgrind.supp, builds the README example through pkg-config and
# CMake, runs the ffi crate's Rust tests, and the .NET steps: compiles the C# wrapper
# (ffi/dotnet/Idiligo.cs) with Mono's mcs into Idiligo.dll, checks that its DllImports are exactly
# the header's functions (tests/dotnet/ImportsTest.cs), runs its tests with mono
# (tests/dotnet/IdiligoTest.cs from source, tests/dotnet/LibraryTest.cs against the DLL: async,
# cancellation, lifecycle), packs the NuGet package with Debian's nuget (ffi/dotnet/Idiligo.nuspec)
# and installs it from a folder feed into a fresh program (tests/dotnet/nuget/Program.cs).
# Ends with "N passed, M failed" and exits non-zero if anything failed.
#
#   tests/c/run.sh                          # every step
#   tests/c/run.sh --only header,install    # just these steps (the others are listed as skipped)
#   tests/c/run.sh --dotnet                 # the .NET steps and the build and install they need
#
# Each step fails when any command in it fails (tests/lib/steps.sh).
set -euo pipefail
shopt -s inherit_errexit

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
target="${CARGO_TARGET_DIR:-$root/target}/release"
work="$(mktemp -d "${TMPDIR:-/tmp}/idiligo-ffi-test.XXXXXX")"
# IDILIGO_KEEP_WORK=1 keeps the work directory (step logs, the NuGet package) and prints it.
trap 'if [[ -n "${IDILIGO_KEEP_WORK:-}" ]]; then echo "work directory kept: $work"; else rm -rf "$work"; fi' EXIT
# shellcheck source=../lib/steps.sh
source "$root/tests/lib/steps.sh"
# shellcheck source=../lib/apt.sh
source "$root/tests/lib/apt.sh"
args=()
for a in "$@"; do
    if [[ "$a" == --dotnet ]]; then
        args+=(--only build,install,dotnet-lib,dotnet-imports,dotnet,dotnet-library,dotnet-nuget,dotnet-cross-process,readme-dotnet)
    else
        args+=("$a")
    fi
done
steps_init "$work/logs" ${args[@]+"${args[@]}"}
if ((${#STEPS_ARGS[@]})); then
    echo "unknown arguments: ${STEPS_ARGS[*]} (usage: tests/c/run.sh [--only STEP,...] [--dotnet])" >&2
    exit 2
fi
prefix="$work/prefix"
cbindgen="${CBINDGEN:-$(command -v cbindgen || echo "${CARGO_HOME:-$HOME/.cargo}/bin/cbindgen")}"
cbindgen_version="0.29.4"

# What a fresh Debian 12 machine with Rust, gcc and Python lacks for this run.
# nuget: Debian's NuGet 2.8.7 (a Mono program), for the dotnet-nuget step.
apt_install g++ valgrind pkg-config cmake mono-mcs mono-runtime nuget
if [[ ! -x "$cbindgen" ]] || [[ "$("$cbindgen" --version | awk '{print $2}')" != "$cbindgen_version" ]]; then
    echo "installing cbindgen $cbindgen_version (pinned; generates include/idiligo.h)"
    cargo install -q cbindgen --version "$cbindgen_version" --locked
    cbindgen="${CARGO_HOME:-$HOME/.cargo}/bin/cbindgen"
fi

build() {
    cargo build --release -p idiligo-ffi
    # The stand-alone sandbox: the server of the "valgrind-supp" step's client program.
    cargo build --release -p idiligo --features sandbox --example sandbox
}

header() {
    local v version
    v="$("$cbindgen" --version | awk '{print $2}')"
    if [[ "$v" != "$cbindgen_version" ]]; then
        echo "cbindgen $v found; the header is generated with $cbindgen_version" \
            "(cargo install cbindgen --version $cbindgen_version --locked)"
        return 1
    fi
    "$cbindgen" --quiet --config ffi/cbindgen.toml --crate idiligo-ffi --output "$work/idiligo.h" ffi
    diff -u include/idiligo.h "$work/idiligo.h"
    version="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)"
    [[ -n "$version" ]]
    grep -q "#define IDILIGO_VERSION_STRING \"$version\"" include/idiligo.h
}

symbols() {
    local all others declared
    all="$(nm -D --defined-only "$target/libidiligo.so" | awk '{print $3}' | sort -u)"
    others="$(grep -v '^idiligo_' <<<"$all" || true)"
    echo "$(wc -l <<<"$all") exported symbols"
    if [[ -n "$others" ]]; then
        echo "symbols outside idiligo_*:"
        echo "$others"
        return 1
    fi
    # Every function declared in the header is exported, and the other way round.
    declared="$(grep -oE '\bidiligo_[a-z0-9_]+\(' include/idiligo.h | tr -d '(' | sort -u)"
    [[ -n "$all" && -n "$declared" ]]
    diff <(echo "$declared") <(echo "$all")
    local dynamic
    dynamic="$(readelf -d "$target/libidiligo.so")"
    grep -q 'SONAME.*\[libidiligo\.so\.0\]' <<<"$dynamic"
}

def_file() {
    # ffi/idiligo.def (Windows exports) is generated from the header and lists exactly what
    # the shared library exports.
    ffi/gen-def.sh >"$work/idiligo.def"
    diff -u ffi/idiligo.def "$work/idiligo.def"
    diff <(sed -n 's/^    \(idiligo_[a-z0-9_]*\)$/\1/p' ffi/idiligo.def) \
        <(nm -D --defined-only "$target/libidiligo.so" | awk '{print $3}' | sort -u)
}

soname_link() {
    # ffi/build.rs makes target/release/libidiligo.so.0 -> libidiligo.so, so a program linked
    # against the build output finds its soname with LD_LIBRARY_PATH or an rpath.
    test -L "$target/libidiligo.so.0"
    [[ "$(readlink "$target/libidiligo.so.0")" == libidiligo.so ]]
    rm -rf "$work/tl" && mkdir -p "$work/tl"
    gcc -std=c11 "${warn[@]}" -Iinclude tests/c/example.c -L"$target" -lidiligo -o "$work/tl/example"
    gcc -std=c11 "${warn[@]}" -Iinclude tests/c/example.c -L"$target" -lidiligo -Wl,-rpath,"$target" \
        -o "$work/tl/example_rpath"
    local dynamic
    dynamic="$(readelf -d "$work/tl/example")"
    grep -q 'NEEDED.*\[libidiligo\.so\.0\]' <<<"$dynamic"
    (cd "$work/tl" && LD_LIBRARY_PATH="$target" ./example >/dev/null)
    (cd "$work/tl" && env -u LD_LIBRARY_PATH ./example_rpath >/dev/null)
    # Without either the loader does not find it (so the runs above used them).
    local rc=0
    (cd "$work/tl" && env -u LD_LIBRARY_PATH ./example >/dev/null 2>&1) || rc=$?
    ((rc != 0))
}

install_prefix() {
    local version so_build a_build so_inst a_inst
    version="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)"
    ffi/install.sh "$prefix" --no-build
    test -L "$prefix/lib/libidiligo.so.0"
    test -f "$prefix/lib/libidiligo.a"
    cmp include/idiligo.h "$prefix/include/idiligo.h"
    cmp ffi/valgrind.supp "$prefix/share/idiligo/valgrind.supp"
    test -f "$prefix/lib/cmake/idiligo/idiligoConfig.cmake"
    PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --exists --print-errors "idiligo >= 0.1.0"
    # Stripped of debug information (and the static library of LLVM bitcode), symbols kept;
    # the compile and run steps below link both.
    # (Outputs go to files first: `cmd | grep -q` fails with SIGPIPE under pipefail.)
    local f
    for f in "$prefix/lib/libidiligo.so.$version" "$prefix/lib/libidiligo.a"; do
        readelf -S -W "$f" >"$work/sections.txt"
        if grep -qE '\.debug_|\.llvmbc' "$work/sections.txt"; then
            echo "$f still has debug or bitcode sections"
            return 1
        fi
        nm "$f" >"$work/nm.txt" 2>/dev/null
        grep -q ' T idiligo_client_new$' "$work/nm.txt"
    done
    so_build=$(stat -c %s "$target/libidiligo.so")
    a_build=$(stat -c %s "$target/libidiligo.a")
    so_inst=$(stat -c %s "$prefix/lib/libidiligo.so.$version")
    a_inst=$(stat -c %s "$prefix/lib/libidiligo.a")
    echo "shared: $so_build -> $so_inst bytes; static: $a_build -> $a_inst bytes"
    ((so_inst < so_build / 3))
    ((a_inst < a_build / 3))
    # The .pc file names an absolute prefix, also for a relative PREFIX argument.
    [[ "$(pc --variable=prefix)" == "$prefix" ]]
    (cd "$work" && "$root/ffi/install.sh" rel-prefix --no-build >/dev/null)
    [[ "$(PKG_CONFIG_LIBDIR="$work/rel-prefix/lib/pkgconfig" pkg-config --variable=prefix idiligo)" == "$work/rel-prefix" ]]
    ffi/install.sh --uninstall "$work/rel-prefix" >/dev/null
    test ! -e "$work/rel-prefix"
}

tree_of() { (cd "$1" && find . -printf '%y %p\n' | sort); }

destdir() {
    # Staged: every file under DESTDIR/PREFIX, the paths inside say PREFIX; nothing at PREFIX.
    local stage="$work/stage" fake="/opt/idiligo-destdir-test-$$"
    [[ ! -e "$fake" ]]
    DESTDIR="$stage" ffi/install.sh "$fake" --no-build
    test -f "$stage$fake/lib/libidiligo.so.0.1.0"
    test -L "$stage$fake/lib/libidiligo.so"
    [[ ! -e "$fake" ]]
    grep -qx "prefix=$fake" "$stage$fake/lib/pkgconfig/idiligo.pc"
    if grep -rq "$stage" "$stage$fake/lib/pkgconfig" "$stage$fake/lib/cmake"; then
        echo "the staging directory leaked into the installed .pc or CMake files"
        return 1
    fi
    # A relative PREFIX cannot be staged.
    local rc=0
    DESTDIR="$stage" ffi/install.sh relative/prefix --no-build 2>"$work/destdir.err" || rc=$?
    ((rc != 0))
    grep -q "must be an absolute path" "$work/destdir.err"
    DESTDIR="$stage" ffi/install.sh --uninstall "$fake"
    [[ "$(tree_of "$stage")" == "$(printf 'd .\nd ./opt')" ]]
}

uninstall() {
    # Removes exactly what was installed: a prefix with files of its own before the install
    # looks the same after install + reinstall + uninstall.
    local p="$work/shared-prefix" before
    mkdir -p "$p/lib/pkgconfig" "$p/include" "$p/share"
    echo other >"$p/lib/libother.so"
    echo other >"$p/lib/pkgconfig/other.pc"
    echo other >"$p/include/other.h"
    before="$(tree_of "$p")"
    ffi/install.sh "$p" --no-build >/dev/null
    [[ "$(tree_of "$p")" != "$before" ]]
    ffi/install.sh "$p" --no-build >/dev/null
    ffi/install.sh --uninstall "$p"
    diff <(echo "$before") <(tree_of "$p")
    # Nothing installed there (any more): a clear refusal.
    local rc=0
    ffi/install.sh --uninstall "$p" 2>"$work/uninstall.err" || rc=$?
    ((rc != 0))
    grep -q "nothing installed" "$work/uninstall.err"
}

# pkg-config against the prefix only; always assign its output to a variable first
# (`cmd $(pc ...)` would drop a pkg-config failure).
pc() { PKG_CONFIG_LIBDIR="$prefix/lib/pkgconfig" PKG_CONFIG_PATH="" pkg-config "$@" idiligo; }
warn=(-Wall -Wextra -Werror)

# static_libs: sets the array STATIC_LIBS to the static library and the native libraries it needs.
static_libs() {
    local native
    native="$(pc --static --libs-only-l)"
    # shellcheck disable=SC2206
    STATIC_LIBS=("$prefix/lib/libidiligo.a" ${native//-lidiligo/})
}

# no_libidiligo_so BINARY: fails if BINARY needs libidiligo.so.
no_libidiligo_so() {
    local deps
    deps="$(ldd "$1")"
    if grep -q libidiligo <<<"$deps"; then
        echo "$1 depends on libidiligo.so:"
        echo "$deps"
        return 1
    fi
}

compile() { # compile LANG LINK OUT
    local lang="$1" link="$2" out="$3" cflags libs
    local std=(-std=c11 -x c) cc=gcc
    if [[ "$lang" == cpp ]]; then std=(-std=c++17 -x c++); cc=g++; fi
    cflags="$(pc --cflags)"
    if [[ "$link" == shared ]]; then
        libs="$(pc --libs)"
        # shellcheck disable=SC2086
        $cc "${std[@]}" "${warn[@]}" -g $cflags tests/c/test_idiligo.c -x none $libs -lpthread -o "$out"
    else
        static_libs
        # shellcheck disable=SC2086
        $cc "${std[@]}" "${warn[@]}" -g $cflags tests/c/test_idiligo.c -x none "${STATIC_LIBS[@]}" -lpthread -o "$out"
        # The static build must not depend on libidiligo.so.
        no_libidiligo_so "$out"
    fi
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
    local cflags
    cflags="$(pc --cflags)"
    static_libs
    # shellcheck disable=SC2086
    gcc -std=c11 "${warn[@]}" -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
        -fno-sanitize-recover=undefined $cflags tests/c/test_idiligo.c "${STATIC_LIBS[@]}" -lpthread \
        -o "$work/test_asan"
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        "$work/test_asan"
}

example_pkgconfig() {
    local cflags libs
    cflags="$(pc --cflags)"
    libs="$(pc --libs)"
    rm -rf "$work/pc" && mkdir -p "$work/pc"
    # shellcheck disable=SC2086
    gcc -std=c11 "${warn[@]}" $cflags tests/c/example.c $libs -o "$work/pc/example"
    (cd "$work/pc" && LD_LIBRARY_PATH="$prefix/lib" ./example)
    test -d "$work/pc/idiligo-downloads"
}

example_cmake() {
    # The package must come from the prefix (not a registry or a system-wide install).
    cmake -S tests/c/cmake -B "$work/cmake-build" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release \
        -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF -DCMAKE_FIND_USE_SYSTEM_PACKAGE_REGISTRY=OFF
    grep -qx "idiligo_DIR:PATH=$prefix/lib/cmake/idiligo" "$work/cmake-build/CMakeCache.txt"
    cmake --build "$work/cmake-build"
    mkdir -p "$work/cm"
    (cd "$work/cm" && "$work/cmake-build/example_cmake" && "$work/cmake-build/example_cmake_static")
    no_libidiligo_so "$work/cmake-build/example_cmake_static"
}

valgrind_supp() {
    # What valgrind's default leak settings report for a simple client program (no in-process
    # sandbox), and that ffi/valgrind.supp suppresses exactly that, linked shared and static.
    local sb_pid url apikey username password keep
    mkfifo "$work/sb.in"
    "$target/examples/sandbox" --exit-on-stdin-eof <"$work/sb.in" >"$work/sb.out" 2>"$work/sb.err" &
    sb_pid=$!
    # shellcheck disable=SC2064
    trap "kill $sb_pid 2>/dev/null || true" EXIT
    exec {keep}>"$work/sb.in" # its standard input; closing it stops the sandbox
    local i
    for i in $(seq 100); do [[ -s "$work/sb.out" ]] && break; sleep 0.1; done
    # One JSON line: url, port, apikey, username, password, ticket, pid.
    field() { python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())[sys.argv[2]])' "$work/sb.out" "$1"; }
    url="$(field url)"
    apikey="$(field apikey)"
    username="$(field username)"
    password="$(field password)"
    [[ "$url" == http://127.0.0.1:* && -n "$apikey" && -n "$password" ]]
    local cflags libs
    cflags="$(pc --cflags)"
    libs="$(pc --libs)"
    static_libs
    # shellcheck disable=SC2086
    gcc -std=c11 "${warn[@]}" -g $cflags tests/c/valgrind_client.c $libs -o "$work/vc_shared"
    # shellcheck disable=SC2086
    gcc -std=c11 "${warn[@]}" -g $cflags tests/c/valgrind_client.c "${STATIC_LIBS[@]}" -o "$work/vc_static"
    local kind bare with rc
    for kind in shared static; do
        mkdir -p "$work/vc-$kind"
        rc=0
        LD_LIBRARY_PATH="$prefix/lib" valgrind --leak-check=full --error-exitcode=97 "$work/vc_$kind" \
            "$url" "$apikey" "$username" "$password" "$work/vc-$kind" 2>"$work/vg-$kind-bare.log" || rc=$?
        bare="$(grep -oE 'possibly lost: [0-9,]+ bytes in [0-9,]+ blocks' "$work/vg-$kind-bare.log" | grep -oE '[0-9,]+ bytes in [0-9,]+ blocks')"
        echo "$kind, default settings: exit $rc, possibly lost: $bare"
        grep -q "definitely lost: 0 bytes" "$work/vg-$kind-bare.log"
        grep -q "indirectly lost: 0 bytes" "$work/vg-$kind-bare.log"
        LD_LIBRARY_PATH="$prefix/lib" valgrind --leak-check=full --error-exitcode=97 \
            --suppressions="$prefix/share/idiligo/valgrind.supp" "$work/vc_$kind" \
            "$url" "$apikey" "$username" "$password" "$work/vc-$kind" 2>"$work/vg-$kind-supp.log"
        with="$(grep -oE 'suppressed: [0-9,]+ bytes in [0-9,]+ blocks' "$work/vg-$kind-supp.log" | grep -oE '[0-9,]+ bytes in [0-9,]+ blocks')"
        echo "$kind, with valgrind.supp: suppressed: $with"
        grep -q "ERROR SUMMARY: 0 errors" "$work/vg-$kind-supp.log"
        grep -q "possibly lost: 0 bytes" "$work/vg-$kind-supp.log"
        # Exactly what the default settings reported, no more: the file is needed and enough.
        ((rc == 97))
        [[ -n "$bare" && "$bare" == "$with" ]]
    done
    exec {keep}>&-
    for i in $(seq 50); do kill -0 "$sb_pid" 2>/dev/null || break; sleep 0.1; done
    kill "$sb_pid" 2>/dev/null || true
}

readme_snippet() { # readme_snippet LANG [FILE]: prints the fenced block of that language in FILE (ffi/README.md)
    awk -v lang="$1" '$0 == "```" lang {on=1; next} on && $0 == "```" {exit} on {print}' "${2:-ffi/README.md}"
}

readme_dotnet() {
    # ffi/dotnet/README.md's example is the NuGet step's program (tests/dotnet/nuget/Program.cs).
    local snippet
    snippet="$(readme_snippet "csharp Program.cs" ffi/dotnet/README.md)"
    [[ -n "$snippet" ]]
    diff <(echo "$snippet") tests/dotnet/nuget/Program.cs
}

readme_examples() {
    # The README's C example is tests/c/example.c (built above); the C# one is built and run here.
    local c_snippet
    c_snippet="$(readme_snippet "c example.c")"
    [[ -n "$c_snippet" ]]
    diff <(echo "$c_snippet") tests/c/example.c
    # The build commands for it, run as written (the user's PREFIX replaced by the test's):
    # shared with an rpath, shared with LD_LIBRARY_PATH, static.
    local build_snippet
    build_snippet="$(readme_snippet "sh example-build")"
    grep -q '^PREFIX="$HOME/.local"' <<<"$build_snippet"
    rm -rf "$work/rb" && mkdir -p "$work/rb"
    cp tests/c/example.c "$work/rb/"
    sed "s|^PREFIX=\"\$HOME/.local\"|PREFIX=\"$prefix\"|" <<<"$build_snippet" >"$work/rb/build.sh"
    grep -q "^PREFIX=\"$prefix\"" "$work/rb/build.sh"
    (cd "$work/rb" && env -u LD_LIBRARY_PATH bash -euo pipefail build.sh)
    test -d "$work/rb/idiligo-downloads"
    readme_snippet csharp >"$work/Program.cs"
    test -s "$work/Program.cs"
    mcs -nologo -warnaserror -out:"$work/Program.exe" "$work/Program.cs" ffi/dotnet/Idiligo.cs
    (cd "$work" && LD_LIBRARY_PATH="$prefix/lib" mono Program.exe)
}

rust_tests() { cargo test --release -p idiligo-ffi --lib; }

# The .NET library as it ships: Idiligo.dll compiled from ffi/dotnet/Idiligo.cs by mcs.
dotnet_dir="$work/dotnet"
dotnet_lib() {
    rm -rf "$dotnet_dir" && mkdir -p "$dotnet_dir"
    mcs -nologo -warnaserror -target:library -out:"$dotnet_dir/Idiligo.dll" ffi/dotnet/Idiligo.cs ffi/dotnet/AssemblyInfo.cs
    test -s "$dotnet_dir/Idiligo.dll"
    # The assembly's version is the workspace's.
    local version
    version="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)"
    grep -q "AssemblyVersion(\"$version.0\")" ffi/dotnet/AssemblyInfo.cs
    grep -q "AssemblyInformationalVersion(\"$version\")" ffi/dotnet/AssemblyInfo.cs
}

# Every function of the header has its DllImport in Idiligo.dll and the other way round.
dotnet_imports() {
    mcs -nologo -warnaserror -out:"$dotnet_dir/ImportsTest.exe" tests/dotnet/ImportsTest.cs
    mono "$dotnet_dir/ImportsTest.exe" include/idiligo.h "$dotnet_dir/Idiligo.dll"
}

# The DLL as a library: async methods, CancellationToken against stalled calls (the cancel
# latency is printed), cancel handles, Dispose, the functions added for issue 11.
dotnet_library() {
    mcs -nologo -warnaserror -r:"$dotnet_dir/Idiligo.dll" -out:"$dotnet_dir/LibraryTest.exe" tests/dotnet/LibraryTest.cs
    LD_LIBRARY_PATH="$prefix/lib" mono "$dotnet_dir/LibraryTest.exe" tests/fixtures/asmx/wsdl.http
}

# zip_list FILE: the entries of a zip file (a .nupkg), sorted.
zip_list() { python3 -c 'import sys, zipfile; print("\n".join(sorted(zipfile.ZipFile(sys.argv[1]).namelist())))' "$1"; }

# The NuGet package: packed with Debian's nuget 2.8.7 from ffi/dotnet/Idiligo.nuspec, then
# installed from a local folder feed into a fresh program and run the way a .NET user runs it.
dotnet_nuget() {
    local version nu="$work/nuget" pkg inst
    version="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)"
    rm -rf "$nu" && mkdir -p "$nu/stage" "$nu/feed" "$nu/packages" "$nu/app" "$nu/run" "$nu/home"
    cp "$dotnet_dir/Idiligo.dll" ffi/dotnet/README.md "$nu/stage/"
    cp "$prefix/lib/libidiligo.so.$version" "$nu/stage/libidiligo.so" # the stripped library
    # nuget keeps its configuration under $HOME; a network access would meet a dead proxy.
    export HOME="$nu/home" http_proxy=http://127.0.0.1:9 https_proxy=http://127.0.0.1:9 no_proxy=
    nuget pack ffi/dotnet/Idiligo.nuspec -Version "$version" -BasePath "$nu/stage" -OutputDirectory "$nu/feed" \
        -NonInteractive >"$nu/pack.log" 2>&1 || { cat "$nu/pack.log"; return 1; }
    pkg="$nu/feed/Idiligo.$version.nupkg"
    test -f "$pkg"
    echo "packed $(basename "$pkg"): $(stat -c %s "$pkg") bytes"
    zip_list "$pkg" >"$nu/entries.txt"
    cat "$nu/entries.txt"
    for want in lib/netstandard2.0/Idiligo.dll runtimes/linux-x64/native/libidiligo.so README.md Idiligo.nuspec; do
        grep -qx "$want" "$nu/entries.txt"
    done
    # Nothing else but the package's own metadata.
    if grep -vxE 'lib/netstandard2\.0/Idiligo\.dll|runtimes/linux-x64/native/libidiligo\.so|README\.md|Idiligo\.nuspec|_rels/\.rels|\[Content_Types\]\.xml|package/services/metadata/core-properties/[0-9a-f]+\.psmdcp' "$nu/entries.txt"; then
        echo "unexpected entries in the package (above)"
        return 1
    fi
    python3 -c 'import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read("Idiligo.nuspec").decode())' "$pkg" >"$nu/packed.nuspec"
    grep -q "<version>$version</version>" "$nu/packed.nuspec"
    grep -q "<id>Idiligo</id>" "$nu/packed.nuspec"
    if grep -q Unsupported "$nu/packed.nuspec"; then echo "nuget wrote an Unsupported framework"; return 1; fi

    # A fresh program consumes it: install from the folder feed, reference lib/netstandard2.0,
    # and put the runtimes/linux-x64/native asset next to the program (what the .NET SDK's
    # build does with a package's native assets). No LD_LIBRARY_PATH: the package's copy loads.
    nuget install Idiligo -Source "$nu/feed" -OutputDirectory "$nu/packages" -NonInteractive
    inst="$nu/packages/Idiligo.$version"
    cmp "$inst/lib/netstandard2.0/Idiligo.dll" "$dotnet_dir/Idiligo.dll"
    cmp "$inst/runtimes/linux-x64/native/libidiligo.so" "$prefix/lib/libidiligo.so.$version"
    mcs -nologo -warnaserror -r:"$inst/lib/netstandard2.0/Idiligo.dll" -out:"$nu/app/Program.exe" tests/dotnet/nuget/Program.cs
    cp "$inst/lib/netstandard2.0/Idiligo.dll" "$inst/runtimes/linux-x64/native/libidiligo.so" "$nu/app/"
    (cd "$nu/run" && env -u LD_LIBRARY_PATH mono ../app/Program.exe) >"$nu/run.out"
    cat "$nu/run.out"
    grep -q '^agent:       http://127.0.0.1:' "$nu/run.out"
    grep -q '^PolicyNumber = P-1234$' "$nu/run.out"
    [[ "$(grep -c '^saved ' "$nu/run.out")" == 2 ]]
    test -f "$nu/run/idiligo-downloads/offer.pdf"
    grep -qE '^cancelled after [0-9]+ ms$' "$nu/run.out"
    # Without the package's native library next to it the program cannot run (so the run above
    # loaded that copy, not one from elsewhere).
    rm "$nu/app/libidiligo.so"
    local rc=0
    (cd "$nu/run" && env -u LD_LIBRARY_PATH mono ../app/Program.exe) >"$nu/run2.out" 2>&1 || rc=$?
    ((rc != 0))
    grep -q 'DllNotFoundException' "$nu/run2.out"
}

dotnet() {
    # The wrapper ships in ffi/dotnet/; its test checks the error table against the header.
    mcs -nologo -warnaserror -out:"$work/IdiligoTest.exe" ffi/dotnet/Idiligo.cs tests/dotnet/IdiligoTest.cs
    LD_LIBRARY_PATH="$prefix/lib" mono "$work/IdiligoTest.exe" "$root/include/idiligo.h"
}

# The WSDL check (tests/c/test_wsdl.c) as C11 and C++17 against the shared library.
wsdl_tests() {
    local cflags libs
    cflags="$(pc --cflags)"
    libs="$(pc --libs)"
    # shellcheck disable=SC2086
    gcc -std=c11 -x c "${warn[@]}" -g $cflags tests/c/test_wsdl.c -x none $libs -o "$work/test_wsdl"
    # shellcheck disable=SC2086
    g++ -std=c++17 -x c++ "${warn[@]}" -g $cflags tests/c/test_wsdl.c -x none $libs -o "$work/test_wsdl_cpp"
    run_shared "$work/test_wsdl" tests/fixtures/asmx/wsdl.http
    run_shared "$work/test_wsdl_cpp" tests/fixtures/asmx/wsdl.http
}

# The stand-alone sandbox as a separate process, driven through its control API
# (tests/c/cross_process.c), with libidiligo as the client.
cross_process() {
    local cflags libs
    cargo build --release -p idiligo-cli
    cflags="$(pc --cflags)"
    libs="$(pc --libs)"
    # shellcheck disable=SC2086
    gcc -std=c11 "${warn[@]}" -g $cflags tests/c/cross_process.c $libs -lpthread -o "$work/cross_process"
    mkdir -p "$work/cross"
    run_shared "$work/cross_process" "$target/idiligo" "$work/cross"
}

# The same cross-process scenario through the C# wrapper (tests/dotnet/CrossProcessTest.cs).
dotnet_cross_process() {
    cargo build --release -p idiligo-cli
    mcs -nologo -warnaserror -out:"$work/CrossProcessTest.exe" ffi/dotnet/Idiligo.cs tests/dotnet/CrossProcessTest.cs
    mkdir -p "$work/cross-dotnet"
    LD_LIBRARY_PATH="$prefix/lib" mono "$work/CrossProcessTest.exe" "$target/idiligo" "$work/cross-dotnet"
}

step build "cargo build --release -p idiligo-ffi" build
step header "header is up to date (cbindgen $cbindgen_version)" header
step boundary "every export goes through the boundary macro" python3 tests/c/check_boundary.py
step symbols "exports only idiligo_*, soname libidiligo.so.0" symbols
step def "ffi/idiligo.def matches the header and the exports" def_file
step soname-link "build output: libidiligo.so.0 link, LD_LIBRARY_PATH and rpath" soname_link
step install "install under a prefix: stripped, absolute .pc prefix" install_prefix
step destdir "DESTDIR staging install and uninstall" destdir
step uninstall "uninstall removes exactly what was installed" uninstall
step compile-c-shared "compile C11 shared" compile c shared "$work/test_c_shared"
step compile-c-static "compile C11 static" compile c static "$work/test_c_static"
step compile-cpp-shared "compile C++17 shared" compile cpp shared "$work/test_cpp_shared"
step compile-cpp-static "compile C++17 static" compile cpp static "$work/test_cpp_static"
step run-c-shared "run C11 shared" run_shared "$work/test_c_shared"
step run-c-static "run C11 static" "$work/test_c_static"
step run-cpp-shared "run C++17 shared" run_shared "$work/test_cpp_shared"
step run-cpp-static "run C++17 static" "$work/test_cpp_static"
step valgrind "valgrind (no errors, no definite/indirect leaks)" valgrind_run
step valgrind-supp "valgrind defaults + ffi/valgrind.supp: a client program is clean" valgrind_supp
step asan "ASan + UBSan (static)" asan
step example-pkgconfig "README C example via pkg-config" example_pkgconfig
step example-cmake "README C example via CMake find_package" example_cmake
step rust "Rust unit tests of the ffi crate" rust_tests
step wsdl "WSDL check through the C ABI (C11, C++17)" wsdl_tests
step cross-process "stand-alone sandbox in another process, control API from C" cross_process
step dotnet-lib "Idiligo.dll compiled by mcs from ffi/dotnet/Idiligo.cs" dotnet_lib
step dotnet-imports "Idiligo.dll imports exactly the header's functions" dotnet_imports
step dotnet "C# wrapper test (mcs + mono)" dotnet
step dotnet-library "Idiligo.dll: async, cancellation, lifecycle (mono)" dotnet_library
step dotnet-nuget "NuGet package (nuget 2.8.7): pack, install, run" dotnet_nuget
step dotnet-cross-process "stand-alone sandbox in another process, control API from C#" dotnet_cross_process
step readme "README examples (C matches example.c and builds as shown; C# runs)" readme_examples
step readme-dotnet "ffi/dotnet/README.md example is the NuGet step's program" readme_dotnet

steps_finish
