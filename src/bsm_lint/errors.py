"""Errors the library raises. Each says where the problem is, so a user can fix it at once."""

from __future__ import annotations

from pathlib import Path


class BsmLintError(Exception):
    """Base class: the engine could not decide. Callers that guard a send must fail closed."""


class PackError(BsmLintError):
    """A rule pack cannot be loaded: names the file, the line where known, and the key."""

    def __init__(
        self,
        problem: str,
        *,
        file: Path | str | None = None,
        line: int | None = None,
        key: str | None = None,
    ) -> None:
        self.problem = problem
        self.file = str(file) if file is not None else None
        self.line = line
        self.key = key
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.file or "<pack>"
        if self.line is not None:
            where += f":{self.line}"
        key = f" {self.key}:" if self.key else ""
        return f"{where}:{key} {self.problem}"


class ConfigError(BsmLintError):
    """A configuration value is invalid."""


class InputError(BsmLintError):
    """An input cannot be read, e.g. a template that is not UTF-8."""


class LintTimeout(BsmLintError):
    """A rule's pattern took longer than the time budget on this input (never a hang)."""

    def __init__(self, rule_id: str, field: str, budget: float) -> None:
        self.rule_id = rule_id
        self.field = field
        self.budget = budget
        super().__init__(
            f"rule {rule_id} exceeded its {budget:g}s regex time budget on field {field!r}; "
            "the pattern or the input is pathological"
        )
