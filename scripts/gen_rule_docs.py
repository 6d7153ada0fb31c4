#!/usr/bin/env python3
"""Write docs/rules/ (one page per rule) from the default pack; `--check` only compares.

python scripts/gen_rule_docs.py          # regenerate
python scripts/gen_rule_docs.py --check  # exit 1 when the committed pages are stale
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bsm_lint.packs.docs import render_rule_docs
from bsm_lint.packs.loader import load_pack

OUT = Path(__file__).resolve().parents[1] / "docs" / "rules"


def generated() -> dict[str, str]:
    pack = load_pack()
    return render_rule_docs(
        [r.spec for r in pack.rules], dict(pack.data.get("sources", {})), pack.id, pack.version
    )


def stale(out: Path = OUT) -> list[str]:
    """Pages that are missing, different, or left over."""
    want = generated()
    have = {p.name for p in out.glob("*.md")} if out.is_dir() else set()
    bad = [
        n
        for n, text in want.items()
        if not (out / n).is_file() or (out / n).read_text(encoding="utf-8") != text
    ]
    bad += sorted(have - set(want))
    return sorted(bad)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    if args.check:
        bad = stale()
        for name in bad:
            print(f"stale: docs/rules/{name}")
        return 1 if bad else 0
    OUT.mkdir(parents=True, exist_ok=True)
    want = generated()
    for old in OUT.glob("*.md"):
        if old.name not in want:
            old.unlink()
    for name, text in want.items():
        (OUT / name).write_text(text, encoding="utf-8")
    print(f"wrote {len(want)} pages to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
