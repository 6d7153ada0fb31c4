"""`json`: one document for the whole run, versioned (`schema_version`); see docs/api.md.

Contact details are redacted in `match`; `start`/`end` still point at the exact text.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ..model import OUTPUT_SCHEMA_VERSION
from .common import FileResult, shown_match


def render(results: Sequence[FileResult]) -> str:
    files: list[dict[str, Any]] = []
    pack: dict[str, Any] | None = None
    total = 0
    for r in results:
        if r.report is None:
            files.append({"path": r.path, "ok": False, "error": r.error, "violations": []})
            continue
        pack = pack or r.report.pack.model_dump()
        vs = []
        for v in r.report.violations:
            d = v.model_dump(mode="json")
            d["match"] = shown_match(v)
            vs.append(d)
        total += len(vs)
        files.append({"path": r.path, "ok": r.report.ok, "violations": vs})
    doc = {
        "schema_version": OUTPUT_SCHEMA_VERSION,
        "tool": "bsm-lint",
        "pack": pack,
        "files": files,
        "summary": {
            "files": len(results),
            "violations": total,
            "errors": sum(1 for r in results if r.error is not None),
        },
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
