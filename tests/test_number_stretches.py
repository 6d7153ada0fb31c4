"""Card runs are searched only inside a field's number stretches (shared with the phone
check): they must be exactly the runs a scan of the whole text finds."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from bsm_lint.checks.base import FieldView
from bsm_lint.checks.personal_data import _CARD_RUN

_ALPHABET = st.sampled_from([*"0123456789 -+()./\nOIlxA,:_", "4111 1111 1111 1111"])


@settings(max_examples=500)
@given(st.lists(_ALPHABET, max_size=40).map("".join))
@example("call 4111-1111-1111-1111 or +44 (0)20 7946 0958.")
@example("x1234 5678 9012 3456789012345")
def test_card_runs_lie_in_number_stretches(text: str) -> None:
    view = FieldView("body", text)
    inside = [
        m.span()
        for s, e in view.number_stretches
        if e - s >= 13
        for m in _CARD_RUN.finditer(view.text, s, e)
    ]
    assert inside == [m.span() for m in _CARD_RUN.finditer(view.text)]
