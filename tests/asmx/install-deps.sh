#!/usr/bin/env bash
# Install the Debian packages the ASMX replica needs (Mono 6.8 on Debian 12). Needs root.
# Does nothing when everything is already installed.
set -euo pipefail
pkgs=(mono-mcs mono-runtime libmono-system-web4.0-cil libmono-system-web-services4.0-cil
      libmono-system-web-extensions4.0-cil libmono-posix4.0-cil)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi
echo "install-deps.sh: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}"
