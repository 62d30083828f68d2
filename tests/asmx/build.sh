#!/usr/bin/env bash
# Build the InsideService20 ASMX replica and its host.
#   tests/asmx/build.sh [OUTDIR]        (default: <repo>/target/asmx)
# Lays out OUTDIR/www/ (web root: .asmx, .ashx, web.config, bin/*.dll, bin/IdiligoAsmxHost.exe).
# Idempotent: recompiles only when a source is newer than its output.
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

# compile OUTPUT SOURCE -- mcs args...
compile() {
  local output="$1" source="$2"; shift 2
  if [[ -f "$output" && ! "$source" -nt "$output" && ! "$here/build.sh" -nt "$output" ]]; then
    return 0
  fi
  echo "build.sh: mcs $(basename "$source") -> $output" >&2
  # Compile under the final file name (mcs derives the assembly name from it), then move.
  local tmpdir
  tmpdir="$(mktemp -d "$out/.build.XXXXXX")"
  if ! mcs -nologo -debug- -optimize+ -warn:4 "$@" -out:"$tmpdir/$(basename "$output")" "$source"; then
    rm -rf "$tmpdir"
    echo "build.sh: mcs failed for $source" >&2
    exit 1
  fi
  mv -f "$tmpdir/$(basename "$output")" "$output"
  rm -rf "$tmpdir"
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
