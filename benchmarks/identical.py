#!/usr/bin/env python3
"""Prove a speed change leaves every result unchanged: dump, then compare.

    python benchmarks/identical.py --out /tmp/now.jsonl [--n 5000]
    python benchmarks/identical.py --compare /tmp/base.jsonl /tmp/now.jsonl

Lints the seeded benchmark corpus (as `throughput.py` builds it, body only, language
detected) and every case of `tests/cases/*.jsonl` (subject, language, kind, format,
marketplace and config as `scripts/evaluate.py` reads them) with the whole default pack,
and writes one line per message: every violation and notice, serialised in full (code,
field, span, line and column, message, match, fix). Run it on the base commit (e.g. a
`git archive` of it on `PYTHONPATH`) and on the branch; `--compare` prints the lines that
differ and exits 1 if any do.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from throughput import corpus

HERE = Path(__file__).resolve().parent
CASES = HERE.parent / "tests" / "cases"


def dump(out: Path, n: int, seed: int) -> int:
    import bsm_lint
    from bsm_lint import Context, LintConfig, Linter, Message

    linters: dict[str, Linter] = {}

    def linter(config: dict[str, object]) -> Linter:
        key = json.dumps(config, sort_keys=True)
        if key not in linters:
            linters[key] = Linter(config=LintConfig(**config)) if config else Linter()
        return linters[key]

    def line(tag: str, report: bsm_lint.Report) -> str:
        return json.dumps(
            {
                "id": tag,
                "violations": [v.model_dump(mode="json") for v in report.violations],
                "notices": [x.model_dump(mode="json") for x in report.notices],
            },
            sort_keys=True,
            ensure_ascii=False,
        )

    lines = []
    for i, text in enumerate(corpus(n, seed)):
        lines.append(line(f"corpus-{i}", linter({}).lint(Message(body=text))))
    for path in sorted(CASES.glob("*.jsonl")):
        for raw in path.read_text(encoding="utf-8").splitlines():
            if not raw.strip():
                continue
            case = json.loads(raw)
            message = Message(
                subject=case.get("subject"),
                body=case["text"],
                kind="reply" if case.get("kind") == "reply" else "proactive",
                language=case.get("language"),
                format="html" if case.get("format") == "html" else "text",
            )
            context = Context(marketplace=case.get("marketplace"))
            report = linter(case.get("config") or {}).lint(message, context)
            lines.append(line(f"{path.name}:{case['id']}", report))
            # Once more without the language, so detection and unscoped rules are covered too.
            bare = Message(subject=case.get("subject"), body=case["text"])
            lines.append(line(f"{path.name}:{case['id']}:bare", linter({}).lint(bare)))
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = sum(len(json.loads(x)["violations"]) for x in lines)
    print(f"{len(lines)} messages, {found} violations -> {out} (bsm_lint at {bsm_lint.__file__})")
    return 0


def compare(base: Path, now: Path) -> int:
    a = base.read_text(encoding="utf-8").splitlines()
    b = now.read_text(encoding="utf-8").splitlines()
    if len(a) != len(b):
        print(f"different message counts: {len(a)} against {len(b)}")
        return 1
    diffs = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    for x, y in diffs[:10]:
        print(f"- {x}\n+ {y}")
    print(f"{len(a)} messages, {len(diffs)} differing")
    return 1 if diffs else 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--compare", nargs=2, type=Path, metavar=("BASE", "NOW"))
    ap.add_argument("--n", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=20251123)
    args = ap.parse_args()
    if args.compare:
        sys.exit(compare(*args.compare))
    if not args.out:
        ap.error("--out or --compare is required")
    sys.exit(dump(args.out, args.n, args.seed))


if __name__ == "__main__":
    main()
