"""The email check's one-search forms of its substring lists find what the lists find."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bsm_lint.checks.contact_email import (
    _AT_SUBSTRING,
    _AT_SUBSTRINGS,
    _SYMBOL_SUBSTRING,
    _SYMBOL_SUBSTRINGS,
)

_texts = st.text(alphabet=st.sampled_from(list("[({< at.-_@xé")), max_size=16) | st.text()


@settings(max_examples=500)
@given(_texts)
def test_one_search_equals_the_substring_list(text: str) -> None:
    assert (_AT_SUBSTRING.search(text) is not None) == any(s in text for s in _AT_SUBSTRINGS)
    assert (_SYMBOL_SUBSTRING.search(text) is not None) == any(
        s in text for s in _SYMBOL_SUBSTRINGS
    )
