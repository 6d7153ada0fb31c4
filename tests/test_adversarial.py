"""Hostile inputs end with a result or a clear error, never a hang.

Pack patterns run under the `regex` module's per-call timeout (tested in test_engine). The
built-in detectors use stdlib `re` with bounded quantifiers; these inputs are the shapes that
make careless patterns backtrack, at sizes far beyond any real message. The bound is generous
on purpose: this guards against a hang, it does not measure speed (benchmarks/ does).
"""

from __future__ import annotations

import time

import pytest

from bsm_lint import Linter, Message

HOSTILE = {
    "at-signs": "a@" * 20_000,
    "spelled-at": "jane at " * 10_000,
    "dots": "a." * 30_000,
    "brackets": "[at]" * 10_000,
    "url-ish": "http://" + "a." * 20_000,
    "spaces": " \u200b " * 20_000,
    "combining": "e" + "\u0301" * 30_000,
    "digits": "1-" * 20_000,
    "newlines": "\n" * 50_000,
    "cjk": "レビュー" * 10_000,
}


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter()


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_input_finishes(linter: Linter, name: str) -> None:
    started = time.monotonic()
    report = linter.lint(Message(body=HOSTILE[name]))
    assert time.monotonic() - started < 20, name
    for v in report.violations:
        assert 0 <= v.start <= v.end <= len(HOSTILE[name])
