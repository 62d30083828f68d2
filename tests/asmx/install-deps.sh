#!/usr/bin/env bash
# Install the Debian packages the ASMX replica needs (Mono 6.8 on Debian 12), as root or through sudo.
# Does nothing when everything is already installed.
set -euo pipefail
pkgs=(mono-mcs mono-runtime libmono-system-web4.0-cil libmono-system-web-services4.0-cil
      libmono-system-web-extensions4.0-cil libmono-posix4.0-cil)
# shellcheck source=../lib/apt.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/apt.sh"
apt_install --with-recommends "${pkgs[@]}"
