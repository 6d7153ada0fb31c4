"""The prefilter searches a substring keyword with word pieces (`your phone`, `t.e.l`,
`str.`) only when the field's tokens hold its pieces: the gate may let a keyword through
that is absent, but must find every keyword that is present, whatever the text."""

from __future__ import annotations

from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from bsm_lint import Linter
from bsm_lint.checks.base import FieldView


@cache
def _linter() -> Linter:
    return Linter()


def _gated() -> list[str]:
    p = _linter()._prefilter
    return sorted(s for entries in p.gated.values() for s, _ in entries)


# Keywords, their pieces and neighbours, separators, and characters whose lower case or
# word class is unusual (`İ` lower-cases to two characters, `_` is not a token character).
_FRAGMENTS = [
    *_gated(),
    "your",
    "phone",
    "yourphone",
    "d",
    "i",
    "s",
    "str",
    "40",
    "amazon",
    "ihre",
    "nummer",
    " ",
    ".",
    "-",
    "_",
    "/",
    "%",
    "\n",
    "é",
    "İ",
    "ß",
    "Ä",
    "電話",
    "\x1a",
    "x",
    "Y O U",
    "T.E.L",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), min_size=1, max_size=14))
def test_a_gated_keyword_is_found_exactly_when_present(parts: list[str]) -> None:
    text = "".join(parts)
    field = FieldView("body", text)
    found = _linter()._prefilter.scan(field)
    for s in _gated():
        assert ((False, s) in found) == (s in field.lower), s


def test_gates_leave_out_punctuation_keywords() -> None:
    p = _linter()._prefilter
    assert {"@", "//"} <= set(p.ascii_substrings)
    assert {"your phone", "t.e.l"} <= set(_gated())
    found = p.scan(FieldView("body", "Call me: T.E.L 0171, or your phone."))
    assert {(False, "t.e.l"), (False, "your phone")} <= found
    assert (False, "your number") not in p.scan(FieldView("body", "your name, a number"))
