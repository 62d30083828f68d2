#!/usr/bin/env python3
"""Cross-surface completeness check: every surface follows the operation table.

The table comes from the Rust core itself (``cargo run -p idiligo --example operation_table``),
never from a second list. For each operation with a ``typed`` name ``t`` the check requires:

* Rust:   ``Client::t``                 (a ``pub fn t`` in ``core/src``)
* C:      ``idiligo_client_t``          (declared in ``include/idiligo.h``)
* Python: ``Client.t``                  (in the stub ``python/idiligo/_native.pyi`` and on the
  built module, ``import idiligo``)
* C#:     ``Client.T`` (PascalCase)     (a public method of ``Client`` in ``ffi/dotnet/Idiligo.cs``)

and on every surface the call by name, the table introspection, the meeting-results helper and
one accessor per member of the ``CallDTO`` record (``CallRecord``). Every missing piece is named
on its own line. Then it checks itself: the same check on copies of the sources with one piece
removed per surface must name exactly that piece, so this check cannot pass by being blind.

    python tests/surfaces/check.py        # needs cargo and an importable `idiligo` (the wheel)

Exit status 0 when complete, 1 with a list of what is missing.
"""

from __future__ import annotations

import ast
import pathlib
import re
import subprocess
import sys
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Set, Tuple

ROOT = pathlib.Path(__file__).resolve().parents[2]


@dataclass
class Table:
    """The parts of the operation table this check needs."""

    typed: List[Tuple[str, str]] = field(default_factory=list)  # (wire name, typed name)
    members: Dict[str, List[str]] = field(default_factory=dict)  # complex type -> member names


def load_table() -> Table:
    out = subprocess.run(
        ["cargo", "run", "-q", "-p", "idiligo", "--example", "operation_table"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    t = Table()
    for line in out.splitlines():
        cols = line.split("\t")
        if cols[0] == "op" and cols[2] != "-":
            t.typed.append((cols[1], cols[2]))
        elif cols[0] == "member":
            t.members.setdefault(cols[1], []).append(cols[2])
    if len(t.typed) < 11 or "CallDTO" not in t.members:
        raise SystemExit(f"the operation table printed by the example looks wrong:\n{out[:500]}")
    return t


def snake(member: str) -> str:
    """`SC_UseJpeg` -> `sc_use_jpeg`, `callId` -> `call_id` (the Rust field names)."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", member).lower()


def pascal(name: str) -> str:
    return "".join(w[:1].upper() + w[1:] for w in name.split("_"))


@dataclass
class Sources:
    """The text of every surface (so the self-test can feed altered copies)."""

    rust: str  # core/src, concatenated
    rust_model: str  # core/src/model.rs
    header: str
    stub: str
    csharp: str
    module: Optional[object]  # the imported `idiligo` package, or None
    module_error: str = ""


def read_sources() -> Sources:
    rust = "".join(p.read_text() for p in sorted((ROOT / "core" / "src").rglob("*.rs")))
    module: Optional[object] = None
    error = ""
    try:
        import idiligo  # noqa: PLC0415 - the built wheel, not the source tree

        module = idiligo
    except ImportError as e:  # pragma: no cover - reported as a missing piece
        error = str(e)
    return Sources(
        rust=rust,
        rust_model=(ROOT / "core" / "src" / "model.rs").read_text(),
        header=(ROOT / "include" / "idiligo.h").read_text(),
        stub=(ROOT / "python" / "idiligo" / "_native.pyi").read_text(),
        csharp=(ROOT / "ffi" / "dotnet" / "Idiligo.cs").read_text(),
        module=module,
        module_error=error,
    )


def c_functions(header: str) -> Set[str]:
    return set(re.findall(r"\b(idiligo_[a-z0-9_]+)\(", header))


def stub_members(stub: str) -> Tuple[Dict[str, Set[str]], Set[str]]:
    """Members of every class of the stub, and its module-level functions."""
    tree = ast.parse(stub)
    classes: Dict[str, Set[str]] = {}
    functions: Set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            classes[node.name] = {n.name for n in node.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
        elif isinstance(node, ast.FunctionDef):
            functions.add(node.name)
    return classes, functions


def csharp_class(src: str, name: str) -> str:
    """The body of `class name` (brace-matched), or ''."""
    m = re.search(r"\bclass\s+" + re.escape(name) + r"\b[^{]*\{", src)
    if not m:
        return ""
    depth, i = 1, m.end()
    while i < len(src) and depth:
        depth += {"{": 1, "}": -1}.get(src[i], 0)
        i += 1
    return src[m.end() : i]


def csharp_members(body: str) -> Set[str]:
    """Public methods and properties declared in a class body."""
    methods = re.findall(r"public\s+(?:static\s+)?[\w<>\[\],.? ]+?\s+(\w+)\s*\(", body)
    props = re.findall(r"public\s+[\w<>\[\],.? ]+?\s+(\w+)\s*(?:\{|=>)", body)
    return set(methods) | set(props)


def check(table: Table, src: Sources) -> List[str]:
    missing: List[str] = []
    cfuncs = c_functions(src.header)
    classes, functions = stub_members(src.stub)
    stub_client = classes.get("Client", set())
    stub_record = set()
    rec = re.search(r"class CallRecord:(.*?)(?=\n@final|\nclass |\ndef |\Z)", src.stub, re.S)
    if rec:
        stub_record = set(re.findall(r"def (\w+)\(self\)", rec.group(1)))
    cs_client = csharp_members(csharp_class(src.csharp, "Client"))
    cs_record = csharp_members(csharp_class(src.csharp, "CallRecord"))
    cs_ops = csharp_members(csharp_class(src.csharp, "Operations"))
    mod = src.module
    mod_client = getattr(mod, "Client", None)
    mod_record = getattr(mod, "CallRecord", None)
    if mod is None:
        missing.append(f"Python: the built module is not importable ({src.module_error}); run after pip install ./python")

    def rust_fn(name: str) -> bool:
        return re.search(r"\bpub fn " + re.escape(name) + r"\s*[(<]", src.rust) is not None

    def need(ok: bool, what: str) -> None:
        if not ok:
            missing.append(what)

    def method_everywhere(rust: str, c: str, py: str, cs: str, why: str) -> None:
        need(rust_fn(rust), f"Rust: Client::{rust} ({why})")
        need(c in cfuncs, f"C: {c} in include/idiligo.h ({why})")
        need(py in stub_client, f"Python stub: Client.{py} in python/idiligo/_native.pyi ({why})")
        if mod_client is not None:
            need(hasattr(mod_client, py), f"Python module: idiligo.Client.{py} ({why})")
        need(cs in cs_client, f"C#: Client.{cs} in ffi/dotnet/Idiligo.cs ({why})")

    for op, t in table.typed:
        method_everywhere(t, f"idiligo_client_{t}", t, pascal(t), f"typed operation {op}")
    method_everywhere("call", "idiligo_client_call", "call", "Call", "the call by name")
    method_everywhere("meeting_results", "idiligo_client_meeting_results", "meeting_results", "MeetingResults", "meeting results")
    # The table introspection.
    why = "the table introspection"
    need(rust_fn("operations"), f"Rust: ops::operations ({why})")
    for f in ("count", "name", "typed", "effect", "bindings", "param_count", "param_name", "param_type"):
        need(f"idiligo_operation_{f}" in cfuncs, f"C: idiligo_operation_{f} in include/idiligo.h ({why})")
    need("operations" in functions, f"Python stub: idiligo.operations in python/idiligo/_native.pyi ({why})")
    if mod is not None:
        need(callable(getattr(mod, "operations", None)), f"Python module: idiligo.operations ({why})")
    need("All" in cs_ops, f"C#: Operations.All in ffi/dotnet/Idiligo.cs ({why})")
    # One accessor per CallDTO member (GetCall, GetCallByPublicId).
    model = re.search(r"pub struct CallRecord \{(.*?)\n\}", src.rust_model, re.S)
    rust_fields = set(re.findall(r"pub (\w+):", model.group(1))) if model else set()
    for m in table.members["CallDTO"]:
        s, why = snake(m), f"CallDTO member {m}"
        need(s in rust_fields, f"Rust: CallRecord::{s} ({why})")
        need(f"idiligo_call_record_{s}" in cfuncs, f"C: idiligo_call_record_{s} in include/idiligo.h ({why})")
        need(s in stub_record, f"Python stub: CallRecord.{s} in python/idiligo/_native.pyi ({why})")
        if mod_record is not None:
            need(hasattr(mod_record, s), f"Python module: idiligo.CallRecord.{s} ({why})")
        need(pascal(s) in cs_record, f"C#: CallRecord.{pascal(s)} in ffi/dotnet/Idiligo.cs ({why})")
    return missing


def self_test(table: Table, src: Sources) -> List[str]:
    """Removes one piece per surface from copies of the sources and expects exactly it named."""
    op, t = table.typed[-1]
    member = table.members["CallDTO"][-1]
    s = snake(member)

    class Lacking:  # a built module whose Client lacks one method
        Client = type("Client", (), {n: None for n in dir(getattr(src.module, "Client", object)) if n != t and not n.startswith("__")})
        CallRecord = getattr(src.module, "CallRecord", None)
        operations = getattr(src.module, "operations", None)

    cases: Sequence[Tuple[str, Sources]] = [
        (f"Rust: Client::{t} ", Sources(**{**src.__dict__, "rust": re.sub(r"\bpub fn " + t + r"\s*\(", "fn x_(", src.rust)})),
        (f"C: idiligo_client_{t} ", Sources(**{**src.__dict__, "header": src.header.replace(f"idiligo_client_{t}(", "x(")})),
        (f"Python stub: Client.{t} ", Sources(**{**src.__dict__, "stub": src.stub.replace(f"def {t}(", "def x_(")})),
        (f"Python module: idiligo.Client.{t} ", Sources(**{**src.__dict__, "module": Lacking})),
        (f"C#: Client.{pascal(t)} ", Sources(**{**src.__dict__, "csharp": re.sub(r"\b" + pascal(t) + r"\(", "X_(", src.csharp)})),
        ("C: idiligo_client_call ", Sources(**{**src.__dict__, "header": src.header.replace("idiligo_client_call(", "x(")})),
        ("C#: Operations.All ", Sources(**{**src.__dict__, "csharp": src.csharp.replace("All()", "X_()")})),
        (f"C: idiligo_call_record_{s} ", Sources(**{**src.__dict__, "header": src.header.replace(f"idiligo_call_record_{s}(", "x(")})),
        (f"C#: CallRecord.{pascal(s)} ", Sources(**{**src.__dict__, "csharp": re.sub(r"\b" + pascal(s) + r"\s*\{", "X_ {", src.csharp)})),
    ]
    problems = []
    for expected, altered in cases:
        found = check(table, altered)
        if len(found) != 1 or not found[0].startswith(expected):
            problems.append(f"self-test: removing {expected.strip()!r} was reported as {found}")
    return problems


def main() -> int:
    table = load_table()
    src = read_sources()
    missing = check(table, src)
    for m in missing:
        print("missing:", m)
    problems = self_test(table, src) if not missing else []
    for p in problems:
        print(p)
    print(
        f"cross-surface check: {len(table.typed)} typed operations, {len(table.members['CallDTO'])} CallDTO members, "
        f"{len(missing)} missing, self-test {'skipped' if missing else f'{len(problems)} problems'}"
    )
    return 1 if missing or problems else 0


if __name__ == "__main__":
    sys.exit(main())
