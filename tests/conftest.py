from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"


@pytest.fixture
def make_pack(tmp_path: Path):
    """Write a pack folder from {relative path: text} and return its folder."""

    def make(files: dict[str, str], name: str = "p") -> Path:
        folder = tmp_path / name
        for rel, text in files.items():
            f = folder / rel
            f.parent.mkdir(parents=True, exist_ok=True)
            f.write_text(text, encoding="utf-8")
        return folder

    return make


#: Python source that makes every socket call fail: prepended to scripts run in a
#: subprocess to prove that bsm-lint never reaches the network.
NO_NETWORK_PRELUDE = """
import socket

def refuse(*args, **kwargs):
    raise RuntimeError("network access attempted")

socket.socket.connect = refuse
socket.socket.connect_ex = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse
"""

PACK_HEADER = """
[pack]
id = "test-pack"
version = "0.0.1"
"""


def rule_toml(
    code: str = "TST101",
    check: str = "pattern",
    options: str = "",
    extra: str = "",
    category: str = "marketing",
) -> str:
    return f"""
[[rules]]
code = "{code}"
name = "rule-{code.lower()}"
category = "{category}"
severity = "error"
check = "{check}"
message = "found {{match}}"
summary = "test rule"
policy = "TEST"
{extra}
[rules.options]
{options}
"""


def found(linter: Any, body: str, language: str = "en", *, kind: str = "proactive") -> list[Any]:
    """The unsuppressed violations of one message (a `Linter`, a body, its language)."""
    from bsm_lint import Context, Message

    report = linter.lint(Message(body=body, kind=kind, language=language), Context())
    return [v for v in report.violations if not v.suppressed]


def rule_ids(linter: Any, body: str, language: str = "en", *, kind: str = "proactive") -> set[str]:
    return {v.rule_id for v in found(linter, body, language, kind=kind)}


def categories(
    linter: Any, body: str, language: str = "en", *, kind: str = "proactive"
) -> set[str]:
    return {v.category for v in found(linter, body, language, kind=kind)}
