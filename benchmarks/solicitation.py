#!/usr/bin/env python3
"""µs per message of the solicitation rules (BSM3xx), alone and beside the whole pack.

    python benchmarks/solicitation.py [--repeat 7] [--top 15] [--set solicitation|all]

Texts: the labelled cases in tests/cases. `--set solicitation` (the default) takes the
solicitation files only (mostly review requests: the worst case for these rules); `--set all`
takes every case file (a mix closer to what a seller sends).

Every figure is a difference against a Linter with NO rule selected (document building,
normalisation and language detection cost the same whatever the rules), so it is what the
rules themselves add:

* whole pack: the default Linter;
* BSM3xx: a Linter with `select = ["BSM3"]`, the solicitation rules together (they share a
  field's lower-cased text, word set and sentence split, which a sum of solo figures would
  count once per rule);
* per rule: a Linter with only that rule selected (its own prefilter included).

Each figure is the median of `--repeat` passes, the passes of all Linters interleaved so
that a burst of load hits them alike, timed in CPU time of this process (`process_time`):
on a loaded machine wall time mostly measures waiting for a core. Compare numbers from one
run only. To compare two trees, run the same script with `PYTHONPATH=<other tree>/src`.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from bsm_lint import LintConfig, Linter
from bsm_lint.model import Message

CASES = Path(__file__).resolve().parent.parent / "tests" / "cases"


def messages(which: str) -> list[Message]:
    pattern = "*solicitation*.jsonl" if which == "solicitation" else "*.jsonl"
    out = []
    for path in sorted(CASES.glob(pattern)):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                out.append(
                    Message(
                        body=r["text"],
                        subject=r.get("subject"),
                        language=r.get("language"),
                        kind=r.get("kind", "proactive"),
                        format=r.get("format", "text"),
                    )
                )
    return out


def one_pass(linter: Linter, msgs: list[Message]) -> float:
    """µs per message of one pass."""
    t0 = time.process_time()
    for m in msgs:
        linter.lint(m)
    return (time.process_time() - t0) / len(msgs) * 1e6


def medians(linters: dict[str, Linter], msgs: list[Message], repeat: int) -> dict[str, float]:
    runs: dict[str, list[float]] = {k: [] for k in linters}
    for _ in range(repeat):
        for k, lin in linters.items():
            runs[k].append(one_pass(lin, msgs))
    return {k: statistics.median(v) for k, v in runs.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--top", type=int, default=15)
    ap.add_argument("--set", choices=("solicitation", "all"), default="solicitation")
    ap.add_argument("--no-solo", action="store_true", help="skip the per-rule figures")
    args = ap.parse_args()
    msgs = messages(args.set)
    full = Linter()
    codes = [r.code for r in full.rules if r.code.startswith("BSM3")]
    linters = {
        "none": Linter(config=LintConfig(select=[])),
        "pack": full,
        "bsm3": Linter(config=LintConfig(select=["BSM3"])),
    }
    if not args.no_solo:
        linters.update({c: Linter(config=LintConfig(select=[c])) for c in codes})
    for lin in linters.values():  # warm: lazy per-language compiles, caches
        one_pass(lin, msgs)
    med = medians(linters, msgs, args.repeat)
    base = med.pop("none")
    print(f"{len(msgs)} messages ({args.set}), {len(codes)} BSM3xx rules, {args.repeat} passes")
    print(f"no rule (document only)  {base:8.1f} µs/msg")
    print(f"whole pack               {med.pop('pack') - base:8.1f} µs/msg above that")
    print(f"BSM3xx rules together    {med.pop('bsm3') - base:8.1f} µs/msg above that")
    if med:
        solo = {c: v - base for c, v in med.items()}
        total = sum(solo.values())
        print(f"sum of BSM3xx rules alone {total:7.1f} µs/msg (shared work counted per rule)")
        for c, v in sorted(solo.items(), key=lambda kv: -kv[1])[: args.top]:
            kind = next(r.rule.spec.check for r in full.rules if r.code == c)
            print(f"  {c}  {kind:8s} {v:7.1f} µs/msg")


if __name__ == "__main__":
    main()
