"""The prefilter remembers each token's keywords; a full memo starts afresh mid-field, and
the keywords found must not depend on what was remembered before."""

from __future__ import annotations

import pytest

from bsm_lint import LintConfig, Linter, engine
from bsm_lint.checks.base import FieldView

TEXTS = [
    "Please email me at jo@example.com or call 0171 2345678 before Friday.",
    "Bitte abmelden, wenn Sie keine Nachrichten mehr möchten: www.example.de",
    "Order 123-4567890-1234567 ships today; reach us off amazon at our shop.",
    "Merci, désabonnez-vous ici: https://example.fr/unsub",
]


def _found(linter: Linter) -> list[set[tuple[bool, str]]]:
    return [linter._prefilter.scan(FieldView("body", t)) for t in TEXTS * 3]


def test_keywords_do_not_depend_on_the_memo(monkeypatch: pytest.MonkeyPatch) -> None:
    config = LintConfig(select=("contact", "link", "off-platform"))
    expected = _found(Linter(config=config))
    monkeypatch.setattr(engine, "_TOKEN_CACHE_SIZE", 3)  # cleared several times per field
    small = Linter(config=config)
    assert _found(small) == expected
    assert len(small._prefilter._memo) <= 3
    assert any(found for found in expected)
