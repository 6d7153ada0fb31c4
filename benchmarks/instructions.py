#!/usr/bin/env python3
"""Work per message counted, not timed: instructions, cache misses and branch mispredicts
of the contact and link rules and of the floor, under valgrind's cachegrind.

    python benchmarks/instructions.py [--n 800] [--warm 200] [--no-sim]

Wall and CPU time on a shared machine swing 10-20 % between runs; the instructions a pass
executes do not (hash seed fixed), so two commits compare exactly. Each scanner runs twice
under cachegrind, over `--warm` messages and over `--warm` + `--n`: the difference, divided
by `--n`, is the steady-state work per message, start-up and warm-up taken out. With the
cache and branch simulation (the default; `--no-sim` is about twice as fast), it also
shows why time and instructions disagree: interpreted code misses the first-level caches
and mispredicts branches far more often than one regex loop does. Needs `valgrind` on the
PATH; takes a few minutes (cachegrind runs Python about 50x slower).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from throughput import CONTACT_AND_LINKS, FLOOR, corpus

HERE = Path(__file__).resolve().parent
#: The counters read from cachegrind's summary, by the label it prints.
COUNTERS = {
    "I   refs": "instructions",
    "I1  misses": "L1 instruction misses",
    "D1  misses": "L1 data misses",
    "Mispredicts": "branch mispredicts",
}
_SUMMARY = re.compile(r"==\d+== (I   refs|I1  misses|D1  misses|Mispredicts):\s+([\d,]+)")


def run_scanner(which: str, count: int, seed: int) -> None:
    """The measured pass itself (run inside cachegrind by `measure`)."""
    texts = corpus(5000, seed)[:count]
    if which == "floor":
        for t in texts:
            FLOOR.findall(t)
        return
    import bsm_lint

    linter = bsm_lint.Linter(config=bsm_lint.LintConfig(select=CONTACT_AND_LINKS))
    message = bsm_lint.Message
    for t in texts:
        linter.lint(message(body=t))


def measure(which: str, count: int, seed: int, sim: bool) -> dict[str, int]:
    cmd = [
        "valgrind",
        "--tool=cachegrind",
        f"--cache-sim={'yes' if sim else 'no'}",
        f"--branch-sim={'yes' if sim else 'no'}",
        "--cachegrind-out-file=/dev/null",
        sys.executable,
        str(Path(__file__).resolve()),
        "--run",
        which,
        str(count),
        "--seed",
        str(seed),
    ]
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True).stderr
    return {label: int(n.replace(",", "")) for label, n in _SUMMARY.findall(out)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--n", type=int, default=800)
    ap.add_argument("--warm", type=int, default=200)
    ap.add_argument("--seed", type=int, default=20251123)
    ap.add_argument("--no-sim", action="store_true", help="count instructions only")
    ap.add_argument("--run", nargs=2, metavar=("SCANNER", "COUNT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.run:
        which, count = args.run
        run_scanner(which, int(count), args.seed)
        return
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (Debian: apt-get install valgrind)")
    corpus(5000, args.seed)  # generate it outside cachegrind
    rows: dict[str, dict[str, float]] = {}
    for which in ("floor", "contact and link rules"):
        name = "floor" if which == "floor" else "lint"
        warm = measure(name, args.warm, args.seed, not args.no_sim)
        both = measure(name, args.warm + args.n, args.seed, not args.no_sim)
        rows[which] = {k: (both[k] - warm[k]) / args.n for k in warm}
    print(f"{args.n} messages after {args.warm} warm ones, per message (hash seed 0)")
    print(f"{'counter':<26} {'floor':>12} {'contact+link':>14} {'x floor':>8}")
    for label, name in COUNTERS.items():
        if label not in rows["floor"]:
            continue
        # The floor's cache misses round to nothing (a few, or a few below the warm run's).
        floor, lint = max(0.0, rows["floor"][label]), rows["contact and link rules"][label]
        ratio = f"{lint / floor:8.2f}" if floor >= 100 else f"{'-':>8}"
        print(f"{name:<26} {floor:>12,.0f} {lint:>14,.0f} {ratio}")


if __name__ == "__main__":
    main()
