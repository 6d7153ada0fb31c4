#!/usr/bin/env python3
"""What the pre-send guard costs on top of `Linter.lint`, per message, in one run.

    python benchmarks/guard_overhead.py [--n 2000] [--repeat 7]

Lints the same small set of messages (written here, clean and dirty) with `Linter.lint`,
`Guard.check` on that linter, `bsm_lint.guard` with the cached default linter, and, when
python-amazon-sp-api is installed, `GuardedMessaging.judge` (body parsing and context, no
request). Each figure is the median of `--repeat` passes, the passes interleaved so machine
noise hits every variant alike; compare figures from the same run only.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import bsm_lint
from bsm_lint import Context, Guard, Linter, Message

TEXTS = [
    "Could you confirm the engraving text before we start on your order?",
    "Write to jane@shop.example if the size is wrong.",
    "Thanks for your order!!! We hope you love it.",
    "Your replacement part leaves our warehouse tomorrow; which delivery day suits you?",
    "See http://shop.example/manual for the assembly steps.",
    "Bitte bestätigen Sie die Farbe, bevor wir das Paket versenden.",
    "Please leave a review once the sofa has arrived, it helps a lot.",
    "The invoice for order 123-1234567-1234567 is attached as requested.",
]


def bench(fn: Callable[[Message], object], messages: list[Message]) -> float:
    start = time.perf_counter()
    for m in messages:
        fn(m)
    return (time.perf_counter() - start) / len(messages)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000, help="messages per pass")
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()

    messages = [Message(body=TEXTS[i % len(TEXTS)]) for i in range(args.n)]
    context = Context(message_type="confirmOrderDetails")
    linter = Linter()
    g = Guard(linter)
    bsm_lint.guard(messages[0])  # build the default linter outside the timing

    variants: dict[str, Callable[[Message], object]] = {
        "Linter.lint": lambda m: linter.lint(m, context),
        "Guard.check": lambda m: g.check(m, context),
        "bsm_lint.guard (default linter)": lambda m: bsm_lint.guard(m, context),
    }
    try:
        from bsm_lint.integrations.spapi import GuardedMessaging

        class Offline:  # judge() never calls the client; only its marketplace id is read
            marketplace_id = "ATVPDKIKX0DER"

        wrapped = GuardedMessaging(Offline(), linter=linter)
        variants["GuardedMessaging.judge"] = lambda m: wrapped.judge(
            "create_confirm_order_details", ("1",), {"body": {"text": m.body}}
        )
    except ImportError:  # pragma: no cover - the integration imports nothing optional
        pass

    times: dict[str, list[float]] = {k: [] for k in variants}
    for _ in range(args.repeat):
        for name, fn in variants.items():
            times[name].append(bench(fn, messages))

    base = statistics.median(times["Linter.lint"])
    print(f"{args.n} messages x {args.repeat} passes, median per message")
    for name, ts in times.items():
        med = statistics.median(ts)
        over = med - base
        print(
            f"  {name:34s} {med * 1e6:8.1f} us   overhead {over * 1e6:+7.1f} us ({med / base:.2f}x)"
        )


if __name__ == "__main__":
    main()
