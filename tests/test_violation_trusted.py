"""`Violation.trusted` must be indistinguishable from a validated `Violation`."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bsm_lint.model import Fix, Severity, Violation

_text = st.text(max_size=20)
_pos = st.integers(min_value=0, max_value=10_000)
_one = st.integers(min_value=1, max_value=10_000)


@given(
    rule_id=_text,
    rule_name=_text,
    category=_text,
    severity=st.sampled_from(list(Severity)),
    message=_text,
    field=_text,
    start=_pos,
    end=_pos,
    line=_one,
    column=_one,
    end_line=_one,
    end_column=_one,
    match=_text,
    policy=_text,
    fix=st.none() | st.builds(Fix, replacement=_text, description=_text),
)
def test_trusted_equals_validated(**values: object) -> None:
    validated = Violation(**values)  # type: ignore[arg-type]
    trusted = Violation.trusted(**values)  # type: ignore[arg-type]
    assert trusted == validated
    assert trusted.model_dump_json() == validated.model_dump_json()
    assert trusted.model_dump() == validated.model_dump()
    assert trusted.model_fields_set == validated.model_fields_set
    assert trusted.__pydantic_extra__ == validated.__pydantic_extra__
    assert trusted.__pydantic_private__ == validated.__pydantic_private__
    assert list(vars(trusted)) == list(vars(validated))
    moved = trusted.model_copy(update={"start": 0, "suppressed": True})
    assert moved == validated.model_copy(update={"start": 0, "suppressed": True})
    assert hash(trusted) == hash(validated)
