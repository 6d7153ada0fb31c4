"""`json`: one document for the whole run, versioned (`schema_version`); see docs/api.md.

Contact details are redacted in `match` and `message`; `start`/`end` are code-point offsets
into the field, `line`/`column` point into the file.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ..model import OUTPUT_SCHEMA_VERSION
from .common import FileResult, RunInfo, shown_match


def render(results: Sequence[FileResult], run: RunInfo) -> str:
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
        total += sum(1 for v in r.report.violations if not v.suppressed)
        files.append(
            {
                "path": r.path,
                "ok": r.report.ok,
                "violations": vs,
                "notices": [n.model_dump(mode="json") for n in r.report.notices],
            }
        )
    doc = {
        "schema_version": OUTPUT_SCHEMA_VERSION,
        "tool": {"name": "bsm-lint", "version": run.tool_version},
        "pack": pack,
        "files": files,
        "summary": {
            "files": len(results),
            "violations": total,
            "suppressed": sum(
                1 for r in results if r.report for v in r.report.violations if v.suppressed
            ),
            "errors": sum(1 for r in results if r.error is not None),
        },
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
