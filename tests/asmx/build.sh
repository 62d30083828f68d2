#!/usr/bin/env bash
# Build the InsideService20 ASMX replica and its host.
#   tests/asmx/build.sh [OUTDIR]        (default: <repo>/target/asmx)
# Lays out OUTDIR/www/ (web root: .asmx, .ashx, web.config, bin/*.dll, bin/IdiligoAsmxHost.exe).
# Idempotent: recompiles an output only when what it is built from changed in *content*: the
# SHA-256 of its source or of this script, the mcs arguments, or the compiler's version (kept per
# output in OUTDIR/.stamps/). File times are not trusted: after a git checkout or rebase a source
# can be older than a DLL built from other content.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
out="${1:-$repo/target/asmx}"

need_pkgs="mono-mcs mono-runtime libmono-system-web4.0-cil libmono-system-web-services4.0-cil libmono-system-web-extensions4.0-cil libmono-posix4.0-cil"
for tool in mcs mono; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "build.sh: '$tool' not found. Install Mono: apt-get install -y $need_pkgs" >&2
    exit 1
  fi
done

# Run-time assemblies the replica needs besides mcs' own references (System.Web.Extensions: the
# machine web.config maps *.asmx to its ScriptHandlerFactory).
monolib="$(cd "$(dirname "$(command -v mono)")/../lib/mono/4.5" 2>/dev/null && pwd || echo /usr/lib/mono/4.5)"
for asm in System.Web.dll System.Web.Services.dll System.Web.Extensions.dll Mono.Posix.dll; do
  if [[ ! -f "$monolib/$asm" ]]; then
    echo "build.sh: $monolib/$asm not found. Install: apt-get install -y $need_pkgs (or run tests/asmx/install-deps.sh)" >&2
    exit 1
  fi
done

mkdir -p "$out/www/bin"
out="$(cd "$out" && pwd)"
www="$out/www"
bin="$www/bin"

# What an output is built from, written to OUTDIR/.stamps/<output>.sha256 once it is built:
# the SHA-256 of its source and of this script, the mcs arguments and the compiler's version.
# All file hashes come from one sha256sum run, and the rest uses bash builtins, so the check
# stays a few milliseconds when nothing changed.
stamps="$out/.stamps"
mkdir -p "$stamps"
declare -A sha=()
while read -r sum file; do
  sha["$file"]="$sum"
done < <(sha256sum "$here/InsideService20.cs" "$here/Host.cs" "$here/build.sh")

# read_file VAR FILE: VAR = FILE's content without its final newline ("" if absent), no fork.
read_file() {
  local -n _into="$1"
  _into=""
  if [[ -f "$2" ]]; then
    IFS= read -r -d '' _into <"$2" || true
    _into="${_into%$'\n'}"
  fi
}

# The compiler's version. `mcs --version` starts mono (0.1-0.2 s on a loaded machine), so its
# answer is cached under a key made of the identity of the files involved (the mcs wrapper,
# mono, mcs.exe: inode, size, modification and change time; a package upgrade replaces them,
# which changes the key), and asked again only when the key changes.
mcs_key="$(stat -L -c '%n %i %s %Y %Z' "$(command -v mcs)" "$(command -v mono)" "$monolib/mcs.exe" 2>/dev/null || true)"
read_file mcs_cached "$stamps/mcs-version"
if [[ -n "$mcs_cached" && "${mcs_cached%%$'\n--\n'*}" == "$mcs_key" ]]; then
  mcs_version="${mcs_cached#*$'\n--\n'}"
else
  if ! mcs_version="$(mcs --version 2>&1)" || [[ -z "$mcs_version" ]]; then
    echo "build.sh: 'mcs --version' failed: $mcs_version" >&2
    exit 1
  fi
  printf '%s\n--\n%s\n' "$mcs_key" "$mcs_version" >"$stamps/mcs-version.tmp.$$"
  mv -f "$stamps/mcs-version.tmp.$$" "$stamps/mcs-version"
fi

# compile OUTPUT SOURCE -- mcs args...
compile() {
  local output="$1" source="$2"; shift 2
  local stamp="$stamps/${output##*/}.sha256" want have args
  printf -v args '%q ' "$@"
  printf -v want 'source %s %s\nbuild.sh %s\nargs %s\nmcs %s' \
    "${sha[$source]:?no hash of $source}" "${source##*/}" "${sha[$here/build.sh]:?no hash of build.sh}" \
    "$args" "$mcs_version"
  read_file have "$stamp"
  if [[ -f "$output" && "$have" == "$want" ]]; then
    return 0
  fi
  echo "build.sh: mcs ${source##*/} -> $output" >&2
  # Compile under the final file name (mcs derives the assembly name from it), then move.
  # The stamp goes out of the way first and is written only once the output is in place, so
  # an interrupted or failed build is redone next time.
  rm -f "$stamp"
  local tmpdir
  tmpdir="$(mktemp -d "$out/.build.XXXXXX")"
  if ! mcs -nologo -debug- -optimize+ -warn:4 "$@" -out:"$tmpdir/${output##*/}" "$source"; then
    rm -rf "$tmpdir"
    echo "build.sh: mcs failed for $source" >&2
    exit 1
  fi
  mv -f "$tmpdir/${output##*/}" "$output"
  rm -rf "$tmpdir"
  printf '%s\n' "$want" >"$stamp"
}

compile "$bin/Idiligo.InsideService20.dll" "$here/InsideService20.cs" \
  -target:library -r:System.dll -r:System.Web.dll -r:System.Web.Services.dll -r:System.Xml.dll

compile "$bin/IdiligoAsmxHost.exe" "$here/Host.cs" \
  -target:exe -r:System.dll -r:System.Web.dll -r:Mono.Posix.dll

for f in InsideService20.asmx Download.ashx web.config; do
  if ! cmp -s "$here/webroot/$f" "$www/$f"; then
    cp "$here/webroot/$f" "$www/$f"
  fi
done

echo "$out"
