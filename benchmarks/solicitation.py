#!/usr/bin/env python3
"""µs per message of the solicitation rules (BSM3xx) alone, beside the whole pack.

    python benchmarks/solicitation.py [--repeat 5] [--top 10]

Texts: the labelled solicitation cases (tests/cases/solicitation-*.jsonl and
heldout-solicitation.jsonl), which are mostly review requests and so the worst case for
these rules. The pack is the default one with every rule outside BSM300-BSM399 disabled,
so the figure is what the intent, purpose and style rules cost together. Also printed: the
rules costing most, each linted alone (`Linter.lint(only=...)`). Figures are medians of
`--repeat` passes; compare numbers from one run only, the machine is noisy.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from bsm_lint import Linter
from bsm_lint.model import Message

CASES = Path(__file__).resolve().parent.parent / "tests" / "cases"


def messages() -> list[Message]:
    out = []
    for path in sorted(CASES.glob("*solicitation*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                out.append(
                    Message(
                        body=r["text"],
                        subject=r.get("subject"),
                        language=r.get("language"),
                        kind=r.get("kind", "proactive"),
                    )
                )
    return out


def timed(fn: Callable[[Message], object], msgs: list[Message], repeat: int) -> float:
    """Median µs per message over `repeat` passes."""
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for m in msgs:
            fn(m)
        runs.append((time.perf_counter() - t0) / len(msgs) * 1e6)
    return statistics.median(runs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--top", type=int, default=10)
    args = ap.parse_args()
    msgs = messages()
    full = Linter()
    codes = [r.spec.code for r in full.pack.rules if r.spec.code.startswith("BSM3")]
    for m in msgs[:50]:  # warm the caches
        full.lint(m)
    print(f"{len(msgs)} messages, {len(codes)} solicitation rules")
    print(f"whole pack            {timed(full.lint, msgs, args.repeat):8.1f} µs/msg")
    solo = {
        c: timed(lambda m, c=c: full.lint(m, only=c), msgs, max(1, args.repeat // 2)) for c in codes
    }
    base = timed(lambda m: full.lint(m, only="__none__"), msgs, args.repeat)
    total = sum(v - base for v in solo.values())
    print(
        f"solicitation rules    {total:8.1f} µs/msg (sum of rules alone, less the "
        f"{base:.1f} µs of a run with no rule)"
    )
    for c, v in sorted(solo.items(), key=lambda kv: -kv[1])[: args.top]:
        print(f"  {c}  {v - base:7.1f} µs/msg")


if __name__ == "__main__":
    main()
