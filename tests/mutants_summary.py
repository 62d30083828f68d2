#!/usr/bin/env python3
"""Combines the passes of tests/mutants.sh into one outcome per mutant and a score per file.

    mutants_summary.py OUT            # OUT/pass1, OUT/pass2, OUT/pass3 (those that exist)
    mutants_summary.py DIR [DIR ...]  # cargo-mutants output directories, earliest first

A mutant's outcome is the first pass that caught it (or timed out on it); one that no pass
caught keeps the outcome of the last pass that tested it. Writes Markdown to stdout and the
final outcome of every mutant, tab-separated, to OUT/final.tsv (or ./final.tsv).
"""

import json
import os
import sys
from collections import Counter, defaultdict

KILLED = {"CaughtMutant", "Timeout"}
SHORT = {
    "CaughtMutant": "caught",
    "Timeout": "timeout",
    "MissedMutant": "missed",
    "Unviable": "unviable",
}


def outcome_dirs(args):
    if len(args) == 1 and not os.path.exists(os.path.join(args[0], "outcomes.json")) and not \
            os.path.exists(os.path.join(args[0], "mutants.out")):
        base = args[0]
        found = [os.path.join(base, p) for p in ("pass1", "pass2", "pass3")
                 if os.path.isdir(os.path.join(base, p))]
        return base, found
    return ".", args


def outcomes(d):
    path = os.path.join(d, "mutants.out", "outcomes.json")
    if not os.path.exists(path):
        path = os.path.join(d, "outcomes.json")
    with open(path) as f:
        data = json.load(f)
    for o in data["outcomes"]:
        scenario = o["scenario"]
        if not isinstance(scenario, dict) or "Mutant" not in scenario:
            continue  # the baseline
        m = scenario["Mutant"]
        yield m["name"], m["file"], o["summary"]


def main(args):
    if not args:
        print(__doc__, file=sys.stderr)
        return 2
    base, dirs = outcome_dirs(args)
    final = {}
    files = {}
    for d in dirs:
        for name, file, summary in outcomes(d):
            files[name] = file
            before = final.get(name)
            if before in KILLED or before == "Unviable":
                continue
            final[name] = summary
    per_file = defaultdict(Counter)
    for name, summary in final.items():
        per_file[files[name]][SHORT.get(summary, summary)] += 1

    def score(c):
        killed = c["caught"] + c["timeout"]
        viable = killed + c["missed"]
        return f"{100.0 * killed / viable:.1f} %" if viable else "–"

    print("| file | caught | timeout | missed | unviable | score |")
    print("|---|---|---|---|---|---|")
    total = Counter()
    for file in sorted(per_file):
        c = per_file[file]
        total.update(c)
        print(f"| {file} | {c['caught']} | {c['timeout']} | {c['missed']} | {c['unviable']} | {score(c)} |")
    print(f"| **all** | {total['caught']} | {total['timeout']} | {total['missed']} | "
          f"{total['unviable']} | **{score(total)}** |")
    missed = sorted(n for n, s in final.items() if s == "MissedMutant")
    if missed:
        print(f"\nMissed ({len(missed)}):\n")
        for n in missed:
            print(f"- `{n}`")
    with open(os.path.join(base, "final.tsv"), "w") as f:
        for name in sorted(final):
            f.write(f"{files[name]}\t{SHORT.get(final[name], final[name])}\t{name}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
