#!/usr/bin/env python3
"""Write the JSON Schemas users point their editors at; `--check` compares (CI runs it).

python scripts/gen_schemas.py [--check]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bsm_lint.schemas import schema_for

OUT = Path(__file__).resolve().parents[1] / "schemas"
FILES = {
    "bsm-lint-config.schema.json": "config",
    "bsm-pack.schema.json": "pack",
    "bsm-report.schema.json": "report",
}


def generated() -> dict[str, str]:
    return {name: json.dumps(schema_for(which), indent=2) + "\n" for name, which in FILES.items()}


def stale(out: Path = OUT) -> list[str]:
    return sorted(
        name
        for name, text in generated().items()
        if not (out / name).is_file() or (out / name).read_text(encoding="utf-8") != text
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    if args.check:
        bad = stale()
        for name in bad:
            print(f"stale: schemas/{name} (run python scripts/gen_schemas.py)")
        return 1 if bad else 0
    OUT.mkdir(exist_ok=True)
    for name, text in generated().items():
        (OUT / name).write_text(text, encoding="utf-8")
    print(f"wrote {len(FILES)} schemas to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
