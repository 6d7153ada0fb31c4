"""Cost of chosen rules alone, in microseconds per message, on the benchmark corpus.

    python benchmarks/rule_cost.py [--n 2000] [--repeat 3] [--category X ...]

`throughput.py` times the whole linter; this one answers "what do these rules add?".
Documents are built and prefiltered once, outside the clock (that work is shared by every
rule), then each chosen rule runs exactly as the engine runs it: skipped unless every keyword
group has a keyword in the field, else `check.run`. Figures are medians of `--repeat` passes;
compare numbers from the same machine and load only.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections import defaultdict
from pathlib import Path

from bsm_lint import Linter, Message
from bsm_lint.checks.base import MessageCheck

DATA = Path(__file__).resolve().parent / ".data"
DEFAULT = (
    "contact-address",
    "contact-social",
    "off-platform",
    "template-placeholder",
)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=20251123)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--category", action="append", default=None)
    args = ap.parse_args()
    path = DATA / f"corpus-{args.n}-{args.seed}.jsonl"
    if not path.exists():
        raise SystemExit(f"{path} missing: run benchmarks/throughput.py --n {args.n} once")
    texts = [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()]
    categories = set(args.category or DEFAULT)
    linter = Linter()
    rules = [
        r
        for r in linter.rules
        if r.rule.spec.category in categories and not isinstance(r.check, MessageCheck)
    ]
    prefilter = linter._prefilter  # the engine's own, so skips match lint()
    prepared = []
    for text in texts:
        doc = linter.document(Message(body=text))
        prepared.append([(doc, f, prefilter.scan(f)) for f in doc.fields])
    cost: dict[str, list[float]] = defaultdict(list)
    ran: dict[str, int] = defaultdict(int)
    for rep in range(args.repeat):
        for rule in rules:
            groups = rule.check.keyword_groups
            t0 = time.perf_counter()
            for fields in prepared:
                for doc, field, found in fields:
                    if not all(not g.isdisjoint(found) for g in groups):
                        continue
                    if rep == 0:
                        ran[rule.code] += 1
                    for _ in rule.check.run(field, doc):
                        pass
            cost[rule.code].append(time.perf_counter() - t0)
    n = len(texts)
    by_cat: dict[str, float] = defaultdict(float)
    print(f"{n} messages, median of {args.repeat}; rule, category, runs, us/message")
    for rule in rules:
        us = statistics.median(cost[rule.code]) / n * 1e6
        by_cat[rule.rule.spec.category] += us
        print(f"  {rule.code:10} {rule.rule.spec.category:22} {ran[rule.code]:6} {us:8.2f}")
    for cat, us in sorted(by_cat.items()):
        print(f"{cat:33} {us:8.2f} us/message")
    print(f"{'total':33} {sum(by_cat.values()):8.2f} us/message")


if __name__ == "__main__":
    main()
