"""Output formats, one module each, all with the same signature: `render(results, run)`."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence

from . import github_format, json_format, sarif_format, text_format
from .common import FileResult, RunInfo

Renderer = Callable[[Sequence[FileResult], RunInfo], str]

FORMATS: dict[str, Renderer] = {
    "text": text_format.render,
    "json": json_format.render,
    "sarif": sarif_format.render,
    "github": github_format.render,
}
FORMAT_CHOICES = (*FORMATS, "auto")


def resolve_format(name: str) -> str:
    """`auto` is `github` inside GitHub Actions (annotations show on the diff), else `text`."""
    if name == "auto":
        return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    return name


__all__ = ["FORMATS", "FORMAT_CHOICES", "FileResult", "Renderer", "RunInfo", "resolve_format"]
