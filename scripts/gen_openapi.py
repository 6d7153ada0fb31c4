#!/usr/bin/env python3
"""Write the OpenAPI document of `bsm-lint serve` to schemas/; `--check` compares (a test
runs it), so a change to the wire models or the endpoints shows up in review.

python scripts/gen_openapi.py [--check]      (needs the `server` extra)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bsm_lint.server import openapi_document

OUT = Path(__file__).resolve().parents[1] / "schemas" / "bsm-lint-openapi.json"


def generated() -> str:
    return json.dumps(openapi_document(), indent=2, ensure_ascii=False) + "\n"


def stale(out: Path = OUT) -> bool:
    return not out.is_file() or out.read_text(encoding="utf-8") != generated()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    if args.check:
        if stale():
            print(f"stale: schemas/{OUT.name} (run python scripts/gen_openapi.py)")
            return 1
        return 0
    OUT.write_text(generated(), encoding="utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
