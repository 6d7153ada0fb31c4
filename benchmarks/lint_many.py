#!/usr/bin/env python3
"""Throughput of `Linter.lint_many` on 1 and 2 worker processes, beside a plain loop.

    python benchmarks/lint_many.py [--n 5000] [--workers 1,2] [--chunksize 32]

Same seeded corpus as `throughput.py` (built by `../shared/bench/gen_corpus.py`). Each row is
the median of `--repeat` whole passes (interleaved), wall clock, from the first message
read to the last report received; a pool's start-up (fork, and one `Linter` compiled per
worker) is inside the figure, and is also printed alone, from a pass over a handful of
messages. CPU seconds count the workers too. Machines here are shared and
noisy: compare rows of one run only.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import corpus


def cpu() -> float:
    """CPU seconds of this process and its reaped children (the pool's workers)."""
    me, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def timed(fn: Callable[[], int]) -> tuple[float, float, int]:
    c0, t0 = cpu(), time.perf_counter()
    n = fn()
    return time.perf_counter() - t0, cpu() - c0, n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--n", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=20251123)
    ap.add_argument("--workers", default="1,2", help="comma list of worker counts")
    ap.add_argument("--chunksize", type=int, default=None)
    ap.add_argument("--repeat", type=int, default=3, help="passes per row; the median is shown")
    args = ap.parse_args()

    import bsm_lint
    from bsm_lint import Message

    texts = corpus(args.n, args.seed)
    messages = [Message(body=t) for t in texts]
    linter = bsm_lint.Linter()
    for m in messages:  # warm-up: phrase tries compile lazily, per language, on first use
        linter.lint(m)

    def loop() -> int:
        return sum(len(linter.lint(m).violations) for m in messages)

    def many(workers: int, items: list[Message]) -> Callable[[], int]:
        def run() -> int:
            stream = linter.lint_many(items, workers=workers, chunksize=args.chunksize)
            return sum(len(r.unwrap().violations) for r in stream)

        return run

    found = loop()
    runs: dict[str, Callable[[], int]] = {"plain loop: Linter.lint per message": loop}
    for w in (int(x) for x in args.workers.split(",")):
        runs[f"lint_many(workers={w})"] = many(w, messages)
    passes: dict[str, list[tuple[float, float]]] = {name: [] for name in runs}
    for _ in range(args.repeat):  # interleaved, so a burst of load hits every row alike
        for name, fn in runs.items():
            secs, used, n = timed(fn)
            if n != found:
                sys.exit(f"{name} found {n} violations, the loop {found}")
            passes[name].append((secs, used))
    rows = [
        (name, statistics.median(s for s, _ in p), statistics.median(u for _, u in p))
        for name, p in passes.items()
    ]
    startup = {w: timed(many(w, messages[:4]))[:2] for w in (2,)}

    load = os.getloadavg()
    print(
        f"{len(messages)} messages, {len(linter.rules)} rules, {found} violations; "
        f"median of {args.repeat}; {os.cpu_count()} CPUs, "
        f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )
    base = rows[0][1]
    print(f"{'run':<40} {'wall s':>8} {'msg/s':>9} {'speed-up':>9} {'CPU s':>8}")
    for name, secs, used in rows:
        print(
            f"{name:<40} {secs:>8.2f} {len(messages) / secs:>9,.0f} {base / secs:>8.2f}x"
            f" {used:>8.2f}"
        )
    for w, (secs, used) in startup.items():
        print(
            f"pool start-up and teardown, {w} workers, 4 messages: {secs:.2f} s wall,"
            f" {used:.2f} s CPU"
        )


if __name__ == "__main__":
    main()
