"""`proximity`: the older name of an `intent` rule with a required `b` and nothing else.

`intent` grew out of this kind (term A within N words of term B in one sentence, unless
negated) and does everything it did, with the same defaults, so the two are one
implementation: packs that still say `check = "proximity"` keep working and get the
intent kind's per-language prefilter and sentence windows. New rules should use `intent`.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from .base import CheckOptions
from .intent import IntentCheck, IntentOptions


class ProximityOptions(IntentOptions):
    """The options `proximity` always had; `b` stays required, as it was."""

    b: tuple[str, ...] = Field(min_length=1)


class ProximityCheck(IntentCheck):
    kind = "proximity"
    Options: ClassVar[type[CheckOptions]] = ProximityOptions
