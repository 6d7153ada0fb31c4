"""`text`: ruff-like lines, `path:line:col: CODE [severity] message`, then a summary."""

from __future__ import annotations

from collections.abc import Sequence

from .common import FileResult


def render(results: Sequence[FileResult]) -> str:
    lines: list[str] = []
    count = 0
    files_with = 0
    for r in results:
        if r.error is not None:
            error = r.error.removeprefix(f"{r.path}: ")  # errors often name the file already
            lines.append(f"{r.path}: error: {error}")
            continue
        assert r.report is not None
        shown = [v for v in r.report.violations if not v.suppressed]
        if shown:
            files_with += 1
        for v in shown:
            count += 1
            where = f"{r.path}:{v.line}:{v.column}"
            field = "" if v.field == "body" else f" ({v.field})"
            lines.append(f"{where}: {v.rule_id} [{v.severity.value}] {v.message}{field}")
    errors = sum(1 for r in results if r.error is not None)
    if count:
        lines.append(
            f"Found {count} violation{'s' if count != 1 else ''} in {files_with} "
            f"file{'s' if files_with != 1 else ''} ({len(results)} checked)."
        )
    elif not errors:
        lines.append(f"All clear: {len(results)} file{'s' if len(results) != 1 else ''} checked.")
    if errors:
        lines.append(f"{errors} file{'s' if errors != 1 else ''} could not be linted.")
    return "\n".join(lines) + "\n"
