"""`text`: ruff-like `path:line:col: CODE [severity] message`, a caret excerpt, a summary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from .common import FileResult, RunInfo, excerpt_line, pluralize


def render(results: Sequence[FileResult], run: RunInfo) -> str:
    lines: list[str] = []
    count = 0
    files_with = 0
    suppressed = 0
    by_rule: Counter[tuple[str, str]] = Counter()
    for r in results:
        if r.error is not None:
            error = r.error.removeprefix(f"{r.path}: ")  # errors often name the file already
            lines.append(f"{r.path}: error: {error}")
            continue
        assert r.report is not None
        shown = [v for v in r.report.violations if not v.suppressed]
        suppressed += len(r.report.violations) - len(shown)
        if shown:
            files_with += 1
        for v in shown:
            count += 1
            by_rule[(v.rule_id, v.rule_name)] += 1
            field = "" if v.field == "body" else f" ({v.field})"
            lines.append(
                f"{r.path}:{v.line}:{v.column}: {v.rule_id} [{v.severity.value}] {v.message}{field}"
            )
            src = excerpt_line(r, v)
            if src is not None:
                same_line = v.end_line == v.line
                width = (v.end_column - v.column) if same_line else len(src) - v.column + 1
                lines.append(f"    {src}")
                lines.append(f"    {' ' * (v.column - 1)}{'^' * max(1, width)}")
        for notice in r.report.notices:
            lines.append(f"{r.path}:{notice.line}:{notice.column}: notice: {notice.message}")
    errors = sum(1 for r in results if r.error is not None)
    if run.statistics and by_rule:
        lines.append("")
        for (code, name), n in by_rule.most_common():
            lines.append(f"{n:>5}  {code}  {name}")
    tail = f" ({suppressed} suppressed)" if suppressed else ""
    if count:
        lines.append(
            f"Found {pluralize(count, 'violation')} in {pluralize(files_with, 'file')} "
            f"({len(results)} checked){tail}."
        )
    elif not errors:
        lines.append(f"All clear: {pluralize(len(results), 'file')} checked{tail}.")
    if errors:
        lines.append(f"{pluralize(errors, 'file')} could not be linted.")
    return "\n".join(lines) + "\n"
