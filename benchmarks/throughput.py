#!/usr/bin/env python3
"""Throughput of `Linter.lint` on the seeded benchmark corpus, beside a floor, in one run.

    python benchmarks/throughput.py [--n 5000] [--repeat 5]

The corpus comes from `../shared/bench/gen_corpus.py` (seeded, so every run lints the same
messages). The floor is one precompiled stdlib `re` alternation for emails, URLs and phone-ish
digit runs over the same texts: the least any scanner must do. Machines here are noisy (up to
2x between runs), so compare numbers from the same run only; each figure is the median of
`--repeat` whole passes. Also printed: cold start (import + default pack, strict load) and the
share of rule runs the prefilter skipped.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bsm_lint.taxonomy import CONTACT_AND_LINK_CATEGORIES

HERE = Path(__file__).resolve().parent
# `../shared` beside the repository; from a git worktree (`wt/<name>/`) it sits higher up.
GEN = next(
    (
        p / "shared" / "bench" / "gen_corpus.py"
        for p in HERE.parents
        if (p / "shared" / "bench" / "gen_corpus.py").exists()
    ),
    HERE.parent.parent / "shared" / "bench" / "gen_corpus.py",
)
DATA = HERE / ".data"

CONTACT_AND_LINKS = CONTACT_AND_LINK_CATEGORIES  # issue 3's target: within 4x of the floor

FLOOR = re.compile(
    r"[\w.+-]+@[\w-]+\.[\w.-]+|https?://\S+|www\.\S+|\+?\d[\d ()./-]{7,}\d", re.IGNORECASE
)


def corpus(n: int, seed: int) -> list[str]:
    DATA.mkdir(exist_ok=True)
    out = DATA / f"corpus-{n}-{seed}.jsonl"
    if not out.exists():
        if not GEN.exists():
            sys.exit(f"benchmark generator not found at {GEN} (../shared must sit beside the repo)")
        subprocess.run(
            [sys.executable, str(GEN), "--n", str(n), "--seed", str(seed), "--out", str(out)],
            check=True,
        )
    return [json.loads(line)["text"] for line in out.read_text(encoding="utf-8").splitlines()]


def timed(fn, texts: list[str], repeat: int, cpu: bool = False) -> float:
    """Median wall time of `repeat` passes; with `cpu`, the least process CPU time, which
    other work on a shared machine disturbs far less."""
    clock = time.process_time if cpu else time.perf_counter
    runs = []
    for _ in range(repeat):
        t0 = clock()
        for t in texts:
            fn(t)
        runs.append(clock() - t0)
    return min(runs) if cpu else statistics.median(runs)


def phone_matcher(text: str) -> list[object]:
    """What a naive phone scan costs: phonenumbers' matcher once per region."""
    import phonenumbers

    return [
        m
        for region in ("US", "GB", "DE", "JP")
        for m in phonenumbers.PhoneNumberMatcher(text, region)
    ]


def cold_start() -> float:
    code = (
        "import time; t=time.perf_counter(); import bsm_lint; "
        "from bsm_lint.packs.loader import load_pack; "
        "bsm_lint.Linter(load_pack(strict=True)); print(time.perf_counter()-t)"
    )
    runs = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(3)
    ]
    return statistics.median(runs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--n", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=20251123)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument(
        "--cpu", action="store_true", help="least process CPU time instead of median wall time"
    )
    ap.add_argument(
        "--quick", action="store_true", help="only the floor and the contact and link rules"
    )
    args = ap.parse_args()

    import bsm_lint

    texts = corpus(args.n, args.seed)
    chars = sum(map(len, texts))
    linter = bsm_lint.Linter()
    no_prefilter = bsm_lint.Linter(prefilter=False)
    contact_links = bsm_lint.Linter(config=bsm_lint.LintConfig(select=CONTACT_AND_LINKS))
    Message = bsm_lint.Message

    def run(fn: Callable[[str], object]) -> float:
        return timed(fn, texts, args.repeat, args.cpu)

    if args.quick:
        quick = [
            ("floor: one stdlib re alternation", run(FLOOR.findall)),
            (
                "bsm-lint contact and link rules only",
                run(lambda t: contact_links.lint(Message(body=t))),
            ),
        ]
        for name, secs in quick:
            print(f"{name:<46} {secs / len(texts) * 1e6:>9.1f} us/msg {secs / quick[0][1]:>6.2f}x")
        return

    rows = [
        ("floor: one stdlib re alternation", run(FLOOR.findall)),
        ("bsm-lint Linter.lint, default pack", run(lambda t: linter.lint(Message(body=t)))),
        ("bsm-lint without prefilter", run(lambda t: no_prefilter.lint(Message(body=t)))),
        (
            "bsm-lint contact and link rules only",
            run(lambda t: contact_links.lint(Message(body=t))),
        ),
        ("  of which Message() construction", run(lambda t: Message(body=t))),
        ("phonenumbers PhoneNumberMatcher US+GB+DE+JP", run(phone_matcher)),
    ]
    floor = rows[0][1]
    print(
        f"{len(texts)} messages, mean {chars / len(texts):.0f} chars, "
        f"{len(linter.rules)} rules, {'least CPU' if args.cpu else 'median'} of {args.repeat} runs"
    )
    print(f"{'scanner':<46} {'msg/s':>10} {'us/msg':>9} {'x floor':>8}")
    for name, secs in rows:
        print(
            f"{name:<46} {len(texts) / secs:>10,.0f} {secs / len(texts) * 1e6:>9.1f} "
            f"{secs / floor:>8.2f}"
        )
    print(f"cold start (import + strict default pack): {cold_start() * 1000:.0f} ms")


if __name__ == "__main__":
    main()
