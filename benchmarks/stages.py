#!/usr/bin/env python3
"""Where the time of the contact and link rules goes: stages and rules, in CPU time.

    python benchmarks/stages.py [--n 2000] [--repeat 3] [--top 25]

Stages: whole `lint`; `document` (field views, normalisation, language detection, tokens);
the prefilter's `scan` and `runnable`; `lint` with every check a no-op (the engine's own
work); the rest is checks and violations. Rules: the CPU time of each rule's `run` inside
`lint`, so a rule that is the first to need a shared per-field view (`find_links`, sentence
starts, number stretches) pays for it. Least CPU time of `--repeat` passes; the per-rule
wrapper adds about 1 us a call. Reads the corpus `throughput.py` writes.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import TypeVar

from throughput import CONTACT_AND_LINKS, corpus

import bsm_lint
from bsm_lint.checks.base import Document, FieldView, Hit

T = TypeVar("T")


def least(fn: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best


def each(fn: Callable[[T], object], items: list[T]) -> Callable[[], None]:
    """A pass that calls `fn` on every item and keeps nothing: holding 2,000 documents or
    reports alive made allocation dearer and added about 20 us a message to `document`."""

    def run() -> None:
        for x in items:
            fn(x)

    return run


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=20251123)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--top", type=int, default=25)
    args = ap.parse_args()
    messages = [bsm_lint.Message(body=t) for t in corpus(5000, args.seed)[: args.n]]
    linter = bsm_lint.Linter(config=bsm_lint.LintConfig(select=CONTACT_AND_LINKS))
    prefilter = linter._prefilter
    n = len(messages)

    def us(secs: float) -> str:
        return f"{secs / n * 1e6:8.1f}"

    for m in messages:  # warm: phrase tries, the prefilter's token memo
        linter.lint(m)
    whole = least(each(linter.lint, messages), args.repeat)
    document = least(each(linter.document, messages), args.repeat)
    fields = [f for m in messages for f in linter.document(m).fields]
    for f in fields:
        _ = f.tokens
    scan = least(each(prefilter.scan, fields), args.repeat)
    found = [prefilter.scan(f) for f in fields]
    runnable = least(each(prefilter.runnable, found), args.repeat)

    cost: dict[str, float] = defaultdict(float)
    calls: dict[str, int] = defaultdict(int)
    originals = {r.code: r.check.run for r in linter.rules}

    def timed(code: str, run: Callable[[FieldView, Document], Iterator[Hit]]) -> object:
        def wrapper(field: FieldView, doc: Document) -> Iterator[Hit]:
            t0 = time.process_time()
            hits = list(run(field, doc))
            cost[code] += time.process_time() - t0
            calls[code] += 1
            return iter(hits)

        return wrapper

    for r in linter.rules:
        r.check.run = timed(r.code, originals[r.code])  # type: ignore[method-assign]
    best: dict[str, float] = {}
    for _ in range(args.repeat):
        cost.clear()
        calls.clear()
        each(linter.lint, messages)()
        if not best or sum(cost.values()) < sum(best.values()):
            best = dict(cost)
    counts = dict(calls)
    for r in linter.rules:
        r.check.run = lambda field, doc: iter(())  # type: ignore[method-assign]
    engine = least(each(linter.lint, messages), args.repeat)

    print(f"{n} messages, {len(linter.rules)} contact and link rules, us per message (CPU)")
    print(f"{us(whole)}  whole lint")
    print(f"{us(document)}  document (field views, language)")
    print(f"{us(scan)}  prefilter scan")
    print(f"{us(runnable)}  prefilter runnable")
    print(f"{us(engine)}  engine with every check a no-op")
    print(f"{us(whole - engine)}  checks and violations")
    print(f"{us(sum(best.values()))}  of which rules' run (per rule below, with its calls)")
    for code, secs in sorted(best.items(), key=lambda kv: -kv[1])[: args.top]:
        rule = next(r for r in linter.rules if r.code == code)
        print(f"{us(secs)}  {code} {rule.check.kind:<16} {counts[code]:>6} calls")


if __name__ == "__main__":
    main()
