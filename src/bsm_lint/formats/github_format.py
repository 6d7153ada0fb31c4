"""`github`: GitHub Actions workflow commands, one annotation per finding.

Properties and data escape differently (GitHub's toolkit: data escapes `%`, CR and LF;
property values also `:` and `,`), a classic source of broken annotations.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Severity
from .common import FileResult, RunInfo

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(results: Sequence[FileResult], run: RunInfo) -> str:
    out: list[str] = []
    for r in results:
        if r.error is not None:
            out.append(f"::error file={escape_property(r.path)}::{escape_data(r.error)}")
            continue
        assert r.report is not None
        for v in r.report.violations:
            if v.suppressed:
                continue
            props = ",".join(
                (
                    f"file={escape_property(r.path)}",
                    f"line={v.line}",
                    f"col={v.column}",
                    f"endLine={v.end_line}",
                    f"endColumn={v.end_column}",
                    f"title={escape_property(f'{v.rule_id} {v.rule_name}')}",
                )
            )
            out.append(f"::{_COMMAND[v.severity]} {props}::{escape_data(v.message)}")
        for n in r.report.notices:
            props = f"file={escape_property(r.path)},line={n.line},col={n.column}"
            out.append(f"::warning {props}::{escape_data(n.message)}")
    return "\n".join(out) + ("\n" if out else "")
