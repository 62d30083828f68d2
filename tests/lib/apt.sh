# shellcheck shell=bash
# apt_install [--with-recommends] PKG... : installs the Debian packages of PKG that are not
# installed (dpkg's status "install ok installed"; a removed package whose configuration stayed
# counts as missing), through sudo when not root and sudo exists. Does nothing when all are
# there. Without --with-recommends, recommended packages are not pulled in. Sourced by the
# stage scripts (tests/c/run.sh, tests/cli/run.sh, tests/python/run.sh,
# tests/rust/cross-check.sh, tests/asmx/install-deps.sh); a failing apt-get fails the caller.
apt_install() {
    local recommends=(--no-install-recommends)
    if [[ "${1:-}" == --with-recommends ]]; then
        recommends=()
        shift
    fi
    local p missing=()
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    ((${#missing[@]})) || return 0
    local sudo=()
    if [[ "$(id -u)" != 0 ]] && command -v sudo >/dev/null; then sudo=(sudo); fi
    echo "installing Debian packages: ${missing[*]}"
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${recommends[@]}" "${missing[@]}" >/dev/null
}
