#!/usr/bin/env bash
# Installs libidiligo (shared + static, stripped), include/idiligo.h, a pkg-config file and a
# CMake package config under a prefix, and uninstalls them again:
#
#   ffi/install.sh /usr/local                      # builds the release library first
#   ffi/install.sh "$HOME/.local" --no-build       # installs what target/release holds
#   DESTDIR=/tmp/stage ffi/install.sh /usr         # staged: files under /tmp/stage/usr, paths say /usr
#   ffi/install.sh --uninstall /usr/local          # removes exactly what the install put there
#
# Layout: PREFIX/lib/libidiligo.so.X.Y.Z (+ .so.X and .so symlinks), PREFIX/lib/libidiligo.a,
# PREFIX/include/idiligo.h, PREFIX/lib/pkgconfig/idiligo.pc,
# PREFIX/lib/cmake/idiligo/idiligoConfig.cmake (+ ConfigVersion),
# PREFIX/share/idiligo/valgrind.supp, and the list of what was installed,
# PREFIX/share/idiligo/install-manifest.txt (read by --uninstall).
#
# Options:
#   --no-build   do not run `cargo build --release -p idiligo-ffi` first
#   --no-strip   keep the debug information (the release profile builds with line tables:
#                about 31 MB shared and 91 MB static instead of 4.4 MB and 20 MB)
# Environment:
#   DESTDIR          staging root prepended to every installed path (PREFIX must be absolute);
#                    the .pc and CMake files record PREFIX itself
#   STRIP            the strip program (default: strip)
#   CARGO_TARGET_DIR where the build output is (default: the repository's target/)
#
# Stripping removes debug information only (--strip-debug): the symbol tables stay, so
# backtraces in gdb, perf and valgrind name the library's functions (and ffi/valgrind.supp
# can match them) for about 1 MB; the static library keeps every symbol a linker needs. The
# static library also loses its .llvmbc/.llvmcmd sections (LLVM bitcode that only rustc's
# cross-language LTO reads; a C linker discards them).
set -euo pipefail
usage="usage: ffi/install.sh PREFIX [--no-build] [--no-strip] | ffi/install.sh --uninstall PREFIX"
die() { echo "ffi/install.sh: $*" >&2; exit 1; }
(($# >= 1)) || { echo "$usage" >&2; exit 2; }

dest="${DESTDIR:-}"
dest="${dest%/}"
manifest_rel="share/idiligo/install-manifest.txt"

# absolute_prefix PREFIX: prints PREFIX as an absolute path (with DESTDIR it must already be
# one; without, a relative one is resolved, so it must exist).
absolute_prefix() {
    local p="$1"
    if [[ -n "$dest" ]]; then
        [[ "$p" == /* ]] || die "with DESTDIR, PREFIX must be an absolute path (got '$p')"
        p="${p%/}"
        echo "${p:-/}"
        return
    fi
    [[ -d "$p" ]] || die "$p does not exist"
    (cd "$p" && pwd)
}

uninstall() {
    local prefix root manifest kind rel
    prefix="$(absolute_prefix "$1")"
    root="$dest$prefix"
    manifest="$root/$manifest_rel"
    [[ -f "$manifest" ]] || die "no $manifest: nothing installed by ffi/install.sh under $root"
    local dirs=()
    while read -r kind rel; do
        [[ -n "$kind" ]] || continue
        case "$rel" in /* | *..*) die "unexpected path '$rel' in $manifest" ;; esac
        case "$kind" in
        f | l) if [[ -e "$root/$rel" || -L "$root/$rel" ]]; then rm -f "$root/$rel"; echo "removed $root/$rel"; fi ;;
        d) dirs+=("$rel") ;;
        *) die "unexpected entry '$kind $rel' in $manifest" ;;
        esac
    done <"$manifest"
    rm -f "$manifest"
    # Directories the install created, deepest first, if nothing else is in them now.
    local d
    while read -r d; do
        [[ -z "$d" ]] && continue
        if [[ "$d" == "." ]]; then rmdir "$root" 2>/dev/null && echo "removed $root/" || true
        else rmdir "$root/$d" 2>/dev/null && echo "removed $root/$d/" || true; fi
    done < <(printf '%s\n' "${dirs[@]}" | awk '{print length($0) "\t" $0}' | sort -rn | cut -f2-)
    echo "uninstalled libidiligo from $root"
}

if [[ "$1" == "--uninstall" ]]; then
    (($# == 2)) || { echo "$usage" >&2; exit 2; }
    uninstall "$2"
    exit 0
fi

prefix_arg="$1"
shift
build=1
strip=1
for a in "$@"; do
    case "$a" in
    --no-build) build=0 ;;
    --no-strip) strip=0 ;;
    *) echo "$usage (unknown argument: $a)" >&2; exit 2 ;;
    esac
done
root_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="${CARGO_TARGET_DIR:-$root_dir/target}/release"
strip_cmd="${STRIP:-strip}"
if ((strip)) && ! command -v "$strip_cmd" >/dev/null; then
    die "$strip_cmd not found (install binutils, set STRIP, or pass --no-strip)"
fi
if ((build)); then
    cargo build --release -p idiligo-ffi --manifest-path "$root_dir/Cargo.toml"
fi
for f in "$target/libidiligo.so" "$target/libidiligo.a"; do
    [[ -f "$f" ]] || die "$f not found (build it, or drop --no-build)"
done
version="$(sed -n 's/^version = "\(.*\)"/\1/p' "$root_dir/Cargo.toml" | head -n 1)"
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "no X.Y.Z version in $root_dir/Cargo.toml (got '$version')"
IFS=. read -r major minor _patch <<<"$version"
# Native libraries the static library needs (from `rustc --print native-static-libs`).
native_libs="-lgcc_s -lutil -lrt -lpthread -lm -ldl -lc"
cmake_native_libs="gcc_s;util;rt;pthread;m;dl;c"

# The .pc and CMake files record the prefix: an absolute one.
prefix_existed=1
if [[ -n "$dest" ]]; then
    [[ "$prefix_arg" == /* ]] || die "with DESTDIR, PREFIX must be an absolute path (got '$prefix_arg')"
    [[ -d "$dest$prefix_arg" ]] || { prefix_existed=0; mkdir -p "$dest$prefix_arg"; }
else
    [[ -d "$prefix_arg" ]] || { prefix_existed=0; mkdir -p "$prefix_arg"; }
fi
prefix="$(absolute_prefix "$prefix_arg")"
root="$dest$prefix"
[[ "$prefix" == "/" ]] && prefix_in_files="" || prefix_in_files="$prefix"

# What this install creates, for --uninstall: kept from an earlier install (still present)
# plus this one's.
entries=()
[[ "$prefix_existed" == 1 ]] || entries+=("d .")
old_manifest="$root/$manifest_rel"
if [[ -f "$old_manifest" ]]; then
    while read -r kind rel; do
        [[ -n "$kind" ]] || continue
        if [[ "$kind" == d ]]; then [[ -d "$root/$rel" ]] && entries+=("d $rel")
        elif [[ -e "$root/$rel" || -L "$root/$rel" ]]; then entries+=("$kind $rel"); fi
    done <"$old_manifest"
fi
make_dir() { # make_dir REL: creates PREFIX/REL and each missing parent, recording them
    local rel="$1" part="" p
    IFS=/ read -r -a parts <<<"$rel"
    for p in "${parts[@]}"; do
        part="${part:+$part/}$p"
        if [[ ! -d "$root/$part" ]]; then mkdir "$root/$part"; entries+=("d $part"); fi
    done
}
put() { # put MODE SRC REL
    install -m "$1" "$2" "$root/$3"
    entries+=("f $3")
}
link() { # link TARGET REL
    ln -sfn "$1" "$root/$2"
    entries+=("l $2")
}

make_dir lib/pkgconfig
make_dir lib/cmake/idiligo
make_dir include
make_dir share/idiligo
lib="lib/libidiligo.so.$version"
put 0755 "$target/libidiligo.so" "$lib"
link "libidiligo.so.$version" "lib/libidiligo.so.$major"
link "libidiligo.so.$major" lib/libidiligo.so
put 0644 "$target/libidiligo.a" lib/libidiligo.a
if ((strip)); then
    "$strip_cmd" --strip-debug "$root/$lib"
    "$strip_cmd" --strip-debug --remove-section=.llvmbc --remove-section=.llvmcmd "$root/lib/libidiligo.a"
fi
put 0644 "$root_dir/include/idiligo.h" include/idiligo.h
put 0644 "$root_dir/ffi/valgrind.supp" share/idiligo/valgrind.supp
subst() { # subst TEMPLATE REL
    sed -e "s|@PREFIX@|$prefix_in_files|g" -e "s|@VERSION@|$version|g" -e "s|@MAJOR@|$major|g" \
        -e "s|@MINOR@|$minor|g" -e "s|@NATIVE_LIBS@|$native_libs|g" \
        -e "s|@CMAKE_NATIVE_LIBS@|$cmake_native_libs|g" "$1" >"$root/$2"
    chmod 0644 "$root/$2"
    entries+=("f $2")
}
subst "$root_dir/ffi/pkg/idiligo.pc.in" lib/pkgconfig/idiligo.pc
subst "$root_dir/ffi/pkg/idiligoConfig.cmake.in" lib/cmake/idiligo/idiligoConfig.cmake
subst "$root_dir/ffi/pkg/idiligoConfigVersion.cmake.in" lib/cmake/idiligo/idiligoConfigVersion.cmake
printf '%s\n' "${entries[@]}" | awk '!seen[$0]++' >"$root/$manifest_rel.tmp"
mv "$root/$manifest_rel.tmp" "$root/$manifest_rel"
chmod 0644 "$root/$manifest_rel"
echo "installed libidiligo $version under $root${dest:+ (prefix $prefix)}"
