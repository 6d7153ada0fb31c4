#!/usr/bin/env python3
"""Microseconds per message spent in each contact rule's own `run`, on the benchmark corpus.

    python benchmarks/contact_rules.py [--n 2000] [--repeat 5] [--rules BSM101,BSM102,...]

`throughput.py` times whole `Linter.lint` calls, where normalisation and the other rules
drown a single detector. This times only `check.run` of the named rules, on fields that are
built (normalised, prefiltered) once before the clock starts, and skips a rule where the
prefilter would skip it, as the engine does. It reads the corpus `throughput.py` writes to
`benchmarks/.data/` (run that once first). Each figure is the best of `--repeat` passes, the
least disturbed on these shared, noisy machines; compare figures from the same session only.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

DATA = Path(__file__).resolve().parent / ".data"
DEFAULT_RULES = "BSM101,BSM102,BSM103,BSM104,BSM140,BSM141"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=20251123)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--rules", default=DEFAULT_RULES, help="comma-separated rule codes")
    args = ap.parse_args()

    import bsm_lint

    path = DATA / f"corpus-{args.n}-{args.seed}.jsonl"
    if not path.exists():
        sys.exit(f"{path} not found: run benchmarks/throughput.py --n {args.n} once first")
    texts = [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()]
    linter = bsm_lint.Linter()
    docs = [linter.document(bsm_lint.Message(body=t)) for t in texts]
    work = [(doc, field, linter._prefilter.scan(field)) for doc in docs for field in doc.fields]
    rules = {r.code: r for r in linter._field_rules}
    print(f"{len(texts)} messages, best of {args.repeat} runs")
    print(f"{'rule':<8} {'check':<16} {'us/msg':>8} {'ran on':>7} {'hits':>6}")
    for code in args.rules.split(","):
        rule = rules.get(code.strip())
        if rule is None:
            print(f"{code:<8} (no such field rule)")
            continue
        check = rule.check
        groups = check.keyword_groups
        todo = [(d, f) for d, f, found in work if all(not g.isdisjoint(found) for g in groups)]
        runs = []
        hits = 0
        for _ in range(args.repeat):
            hits = 0
            t0 = time.perf_counter()
            for doc, field in todo:
                for _hit in check.run(field, doc):
                    hits += 1
            runs.append(time.perf_counter() - t0)
        secs = min(runs)
        print(
            f"{rule.code:<8} {check.kind:<16} {secs / len(texts) * 1e6:>8.2f} "
            f"{len(todo) / len(work):>6.0%} {hits:>6}"
        )


if __name__ == "__main__":
    main()
