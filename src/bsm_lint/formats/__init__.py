"""Output formats, one module each, all with the same signature: `render(results) -> str`."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from . import json_format, text_format
from .common import FileResult

Renderer = Callable[[Sequence[FileResult]], str]

FORMATS: dict[str, Renderer] = {
    "text": text_format.render,
    "json": json_format.render,
}

__all__ = ["FORMATS", "FileResult", "Renderer"]
