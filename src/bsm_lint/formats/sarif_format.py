"""`sarif`: SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

Every active rule is described (help text, policy, a link to the first policy source that
has one); results carry a redacted snippet, `partialFingerprints` that survive line moves,
and `suppressions` for findings waived in source. Columns are Unicode code points, which
SARIF's `columnKind` says explicitly.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from typing import Any

from ..model import Severity, Violation
from .common import FileResult, RunInfo, excerpt_line, shown_match

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/bsm-lint/bsm-lint"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_KEY = re.compile(r"[A-Z][A-Z0-9-]+(?:-[A-Za-z0-9]+)*")


def fingerprint(path: str, v: Violation) -> str:
    """Stable across edits elsewhere in the file: rule, file, field and the matched text
    (not its line), hashed so the contact detail itself never appears."""
    key = "\0".join((v.rule_id, path, v.field, v.match.casefold()))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def _policy_uri(policy: str, sources: dict[str, str]) -> str | None:
    for key in _KEY.findall(policy):
        if key in sources:
            return sources[key]
    return None


def _rule(spec: Any, run: RunInfo) -> dict[str, Any]:
    help_text = (
        f"{spec.summary}\n\n{spec.rationale.strip()}\n\nPolicy: {spec.policy}".strip()
        if spec.rationale
        else f"{spec.summary}\n\nPolicy: {spec.policy}"
    )
    rule: dict[str, Any] = {
        "id": spec.code,
        "name": spec.name,
        "shortDescription": {"text": spec.summary},
        "fullDescription": {"text": spec.rationale.strip() or spec.summary},
        "help": {"text": help_text},
        "defaultConfiguration": {"level": _LEVEL[spec.severity]},
        "properties": {"category": spec.category, "policy": spec.policy, "tags": [spec.category]},
    }
    uri = _policy_uri(spec.policy, run.sources)
    if uri:
        rule["helpUri"] = uri
    return rule


def render(results: Sequence[FileResult], run: RunInfo) -> str:
    rules = [_rule(s, run) for s in run.rules]
    index = {s.code: i for i, s in enumerate(run.rules)}
    sarif_results: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    pack: dict[str, Any] = {}
    for r in results:
        if r.error is not None:
            notifications.append(
                {
                    "level": "error",
                    "message": {"text": r.error},
                    "locations": [{"physicalLocation": {"artifactLocation": {"uri": r.path}}}],
                }
            )
            continue
        assert r.report is not None
        pack = r.report.pack.model_dump()
        for v in r.report.violations:
            region: dict[str, Any] = {
                "startLine": v.line,
                "startColumn": v.column,
                "endLine": v.end_line,
                "endColumn": v.end_column,
            }
            snippet = excerpt_line(r, v)
            if snippet is not None:
                region["snippet"] = {"text": snippet}
            res: dict[str, Any] = {
                "ruleId": v.rule_id,
                "level": _LEVEL[v.severity],
                "message": {"text": v.message},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": r.path},
                            "region": region,
                        },
                        "logicalLocations": [{"name": v.field, "kind": "member"}],
                    }
                ],
                "partialFingerprints": {"bsmLint/v1": fingerprint(r.path, v)},
                "properties": {"category": v.category, "match": shown_match(v)},
            }
            if v.rule_id in index:
                res["ruleIndex"] = index[v.rule_id]
            if v.suppressed:
                res["suppressions"] = [
                    {"kind": "inSource", "justification": v.suppression_reason or ""}
                ]
            sarif_results.append(res)
        for n in r.report.notices:
            notifications.append(
                {
                    "level": "warning",
                    "message": {"text": n.message},
                    "locations": [
                        {
                            "physicalLocation": {
                                "artifactLocation": {"uri": r.path},
                                "region": {"startLine": n.line, "startColumn": n.column},
                            }
                        }
                    ],
                }
            )
    doc = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "bsm-lint",
                        "version": run.tool_version,
                        "semanticVersion": run.tool_version,
                        "informationUri": INFORMATION_URI,
                        "rules": rules,
                    }
                },
                "invocations": [
                    {
                        "executionSuccessful": not any(r.error for r in results),
                        "toolExecutionNotifications": notifications,
                    }
                ],
                "columnKind": "unicodeCodePoints",
                "results": sarif_results,
                "properties": {"pack": pack},
            }
        ],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
