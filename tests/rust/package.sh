#!/usr/bin/env bash
# Packages the crate `idiligo` as `cargo publish` would, offline, and checks that the .crate is
# the code the other steps tested:
#   - `cargo package` verifies it: it unpacks the .crate and builds it on its own, here with
#     the `sandbox` feature so the packaged server code is compiled too (the dependencies come
#     from the local registry cache, hence --offline);
#   - the .crate holds the sandbox's HTTP server (src/sandbox/server/, with tiny_http's
#     licences) byte for byte as in the working tree, every tracked file under core/src, and
#     nothing from a vendor directory;
#   - its Cargo.toml and Cargo.lock name no tiny_http (no crates.io release of the server may
#     stand in for our patched copy) and its dependencies no path.
# --allow-dirty: the working tree, as tested, is what is packaged (committed or not).
set -euo pipefail
shopt -s inherit_errexit
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
target="${CARGO_TARGET_DIR:-$root/target}"

version="$(cargo metadata --offline --no-deps --format-version 1 |
    python3 -c 'import json,sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"] == "idiligo"))')"
crate="$target/package/idiligo-$version.crate"
rm -f "$crate"

start=$SECONDS
cargo package -p idiligo --offline --allow-dirty --features sandbox
echo "cargo package (with verification build): $((SECONDS - start)) s"
[[ -f "$crate" ]] || {
    echo "no $crate after cargo package" >&2
    exit 1
}
echo "$crate: $(stat -c %s "$crate") bytes"

# What `cargo package --list` announces must be what the .crate holds.
cargo package -p idiligo --offline --allow-dirty --list >"$target/package/idiligo.list"

python3 - "$crate" "idiligo-$version" "$target/package/idiligo.list" <<'EOF'
import subprocess, sys, tarfile, tomllib

crate, prefix, listing = sys.argv[1], sys.argv[2], sys.argv[3]
problems = []
with tarfile.open(crate, "r:gz") as tar:
    members = {m.name.removeprefix(prefix + "/"): m for m in tar.getmembers() if m.isfile()}

    def text(name):
        return tar.extractfile(members[name]).read()

    listed = set(open(listing).read().split())
    if listed != set(members):
        problems.append(f"--list and the .crate differ: {sorted(listed ^ set(members))}")

    server = [
        "src/sandbox/server/mod.rs", "src/sandbox/server/client.rs", "src/sandbox/server/common.rs",
        "src/sandbox/server/request.rs", "src/sandbox/server/response.rs",
        "src/sandbox/server/util/mod.rs", "src/sandbox/server/util/task_pool.rs",
        "src/sandbox/server/LICENSE-MIT", "src/sandbox/server/LICENSE-APACHE",
    ]
    for name in server:
        if name not in members:
            problems.append(f"missing from the .crate: {name}")
    # Every tracked source file, as it is in the working tree.
    tracked = subprocess.run(["git", "ls-files", "core/src"], capture_output=True, text=True, check=True)
    for path in tracked.stdout.split():
        name = path.removeprefix("core/")
        if name not in members:
            problems.append(f"tracked but not packaged: {path}")
        elif text(name) != open(path, "rb").read():
            problems.append(f"packaged {name} differs from the working tree")
    # The task-pool fix (patch 1) is in the packaged server.
    if "src/sandbox/server/util/task_pool.rs" in members:
        if b"waiting_tasks.load(Ordering::Acquire) <= queue.len()" not in text("src/sandbox/server/util/task_pool.rs"):
            problems.append("the packaged task_pool.rs lacks the idiligo patch (waiters against queue length)")
    for name in members:
        if "vendor" in name.split("/"):
            problems.append(f"a vendor path is packaged: {name}")

    manifest = tomllib.loads(text("Cargo.toml").decode())
    if "tiny_http" in text("Cargo.toml").decode() or "tiny_http" in text("Cargo.lock").decode():
        problems.append("the packaged Cargo.toml or Cargo.lock names tiny_http")
    for section in ("dependencies", "dev-dependencies", "build-dependencies"):
        for dep, spec in manifest.get(section, {}).items():
            if isinstance(spec, dict) and "path" in spec:
                problems.append(f"[{section}] {dep} is a path dependency: {spec}")
    features = manifest.get("features", {})
    if features.get("default") != [] or "sandbox" not in features:
        problems.append(f"features: the crate's default must be empty and `sandbox` exist: {features}")

print(f"{len(members)} files in the .crate, {sum(m.size for m in members.values())} bytes unpacked")
for p in problems:
    print("PROBLEM:", p)
sys.exit(1 if problems else 0)
EOF
echo "package: ok"
