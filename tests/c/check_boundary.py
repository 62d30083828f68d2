#!/usr/bin/env python3
"""Checks that every exported function in ffi/src has a boundary macro as its whole body.

cbindgen cannot expand macros on a stable toolchain, so `#[no_mangle]` is written on each
function; this check keeps the rule "no export without the boundary" enforced.
"""
import pathlib
import re
import sys

root = pathlib.Path(__file__).resolve().parents[2] / "ffi" / "src"
bad = []
count = 0
for path in sorted(root.glob("*.rs")):
    text = path.read_text()
    for m in re.finditer(r"#\[no_mangle\]\s*pub (?:unsafe )?extern \"C\" fn (\w+)", text):
        count += 1
        # The first statement after the signature's opening brace.
        body = text[m.end():]
        brace = body.index("{\n")
        first = body[brace + 1:].lstrip()
        if not (first.startswith("ffi_status!(") or first.startswith("ffi_value!(")):
            bad.append(f"{path.name}: {m.group(1)}")
        if m.group(1).startswith("idiligo_") is False:
            bad.append(f"{path.name}: {m.group(1)} is not named idiligo_*")
if "no_mangle" in "".join(p.read_text() for p in root.glob("*.rs")).replace("#[no_mangle]", ""):
    bad.append("a no_mangle attribute in another form")
for b in bad:
    print("boundary check:", b)
print(f"boundary check: {count} exports, {len(bad)} problems")
sys.exit(1 if bad or count == 0 else 0)
