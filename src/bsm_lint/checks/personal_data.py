"""`personal.data`: payment card numbers and IBANs, proven by their checksums.

A digit run is only a card number when everything a real card has holds at once: 13 to 19
digits, written solid or in the groups cards are printed in (4-4-4-4, 4-6-5), a known
issuer prefix with a length that issuer uses, and a valid Luhn check digit. That keeps order
ids (3-7-7), phone numbers, tracking numbers and prices out. An IBAN needs a known country,
that country's exact length and a valid mod-97 check. Both are looked for in the normalised
text, so fullwidth digits and odd spacing are already undone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Literal

import regex

from .base import Check, CheckOptions, CompileContext, Document, FieldView, Hit
from .phrases import expand_terms, phrases_pattern

#: Card networks: issuer prefix ranges (inclusive, equal-length strings) and card lengths.
#: Visa's legacy 13-digit numbers are left out on purpose: 13-digit EAN barcodes starting
#: with 40-44 (Germany) would pass Luhn one time in ten.
Network = tuple[tuple[tuple[str, str], ...], tuple[int, ...]]
NETWORKS: dict[str, Network] = {
    "visa": ((("4", "4"),), (16, 19)),
    "mastercard": ((("51", "55"), ("2221", "2720")), (16,)),
    "amex": ((("34", "34"), ("37", "37")), (15,)),
    "discover": ((("6011", "6011"), ("644", "649"), ("65", "65")), (16, 17, 18, 19)),
    "diners": ((("300", "305"), ("36", "36"), ("38", "39")), (14, 16)),
    "jcb": ((("3528", "3589"),), (16, 17, 18, 19)),
    "unionpay": ((("62", "62"),), (16, 17, 18, 19)),
    "maestro": (
        (
            ("5018", "5018"),
            ("5020", "5020"),
            ("5038", "5038"),
            ("5893", "5893"),
            ("6304", "6304"),
            ("6759", "6759"),
            ("6761", "6763"),
        ),
        (13, 14, 15, 16, 17, 18, 19),
    ),
    "mir": ((("2200", "2204"),), (16, 17, 18, 19)),
}

#: IBAN length per country (SWIFT IBAN registry).
IBAN_LENGTHS: dict[str, int] = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22,
    "BH": 22, "BI": 27, "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24,
    "DE": 22, "DJ": 27, "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18,
    "FK": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27,
    "GT": 28, "HN": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26,
    "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20,
    "LU": 20, "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MN": 20,
    "MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18, "NO": 15, "OM": 23, "PK": 24,
    "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33, "SA": 24,
    "SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25,
    "SV": 28, "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
    "YE": 30,
}  # fmt: skip

# A maximal run of 13+ digits in groups joined by single spaces or dashes. Digit-led, with
# the run-start tests after the first digit, so the scan is fast; what may stand around the
# run (no word, no `+` phone prefix, no decimal point) is checked on the few matches.
_CARD_RUN = re.compile(r"[0-9](?<![0-9][0-9])(?<![0-9][ -][0-9])(?:[ -]?[0-9]){12,}")
_CARD_GROUP_SEP = re.compile(r"[ -]")
_NOT_BEFORE_CARD = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz+.,/")
# IBAN check digits, found digit-led: two digits right after two letters.
_IBAN_CHECK = re.compile(r"[0-9][0-9](?<=[A-Za-z]{2}[0-9]{2})")
_ALNUM = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_DIGIT_CHARS = frozenset("0123456789")


def luhn_valid(digits: str) -> bool:
    """The Luhn (mod 10) check every payment card number carries."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def iban_valid(iban: str) -> bool:
    """ISO 13616 mod-97 check of an IBAN without spaces (country, check digits, BBAN)."""
    moved = (iban[4:] + iban[:4]).upper()
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


def card_layout_ok(groups: list[str]) -> bool:
    """Solid, or grouped as cards are printed: fours with a shorter last group (16 and 19
    digits), or 4-6-5 / 4-6-4 (Amex, Diners). Phones (3-3-4) and order ids (3-7-7) fail."""
    if len(groups) == 1:
        return True
    sizes = [len(g) for g in groups]
    if len(sizes) >= 3 and all(s == 4 for s in sizes[:-1]) and 1 <= sizes[-1] <= 4:
        return True
    return sizes in ([4, 6, 5], [4, 6, 4])


def card_network(digits: str, networks: dict[str, Network]) -> str | None:
    """The network whose prefix and length fit `digits`, or None."""
    for name, (ranges, lengths) in networks.items():
        if len(digits) not in lengths:
            continue
        for lo, hi in ranges:
            if lo <= digits[: len(lo)] <= hi:
                return name
    return None


class PersonalDataOptions(CheckOptions):
    detect: Literal["card", "iban"]
    #: Card networks to report (keys of NETWORKS); empty: all.
    networks: tuple[str, ...] = ()
    #: IBAN countries to report; empty: all of the registry.
    countries: tuple[str, ...] = ()
    #: Phrases (`@list` allowed) that, right before a digit run, say it is something else:
    #: "order", "tracking", "EAN", "IMEI". Up to 12 non-digit characters may sit between.
    skip_labels: tuple[str, ...] = ()


class PersonalDataCheck(Check):
    kind = "personal.data"
    Options = PersonalDataOptions
    options: PersonalDataOptions
    provides = frozenset({"network", "country"})
    safe_data = frozenset({"network", "country"})
    # No prefilter: nearly every message has digits, and ten substring tests would cost
    # more than the digit-led scan itself.

    def __init__(self, options: PersonalDataOptions, ctx: CompileContext) -> None:
        super().__init__(options, ctx)
        unknown = [n for n in options.networks if n not in NETWORKS]
        if unknown:
            raise ctx.error(f"unknown card network {unknown[0]!r}", "networks")
        bad = [c for c in options.countries if c.upper() not in IBAN_LENGTHS]
        if bad:
            raise ctx.error(f"unknown IBAN country {bad[0]!r}", "countries")
        self.networks = {
            n: spec for n, spec in NETWORKS.items() if not options.networks or n in options.networks
        }
        self.countries = (
            {c.upper(): IBAN_LENGTHS[c.upper()] for c in options.countries}
            if options.countries
            else IBAN_LENGTHS
        )
        self.skip: regex.Pattern[str] | None = None
        if options.skip_labels:
            try:
                terms = expand_terms(options.skip_labels, ctx.lists, None)
            except KeyError as exc:
                raise ctx.error(f"unknown phrase list @{exc.args[0]}", "skip_labels") from exc
            self.skip = ctx.compile_regex(
                rf"(?:{phrases_pattern(terms)})[^\n0-9]{{0,12}}\Z",
                regex.IGNORECASE,
                "skip_labels",
            )

    def run(self, field: FieldView, doc: Document) -> Iterator[Hit]:
        if self.options.detect == "card":
            yield from self._cards(field.text, field.number_stretches)
        else:
            yield from self._ibans(field.text)

    def _labelled(self, text: str, start: int) -> bool:
        return self.skip is not None and (
            self.skip.search(text, max(0, start - 40), start, timeout=self.timeout) is not None
        )

    def _cards(self, text: str, stretches: list[tuple[int, int]]) -> Iterator[Hit]:
        """Card runs, searched only in the field's number stretches of 13 characters or
        more: a run's characters (digits, spaces, dashes) all belong to a stretch, which
        runs on as far as they do, so each run lies inside one."""
        n = len(text)
        runs = (m for s, e in stretches if e - s >= 13 for m in _CARD_RUN.finditer(text, s, e))
        for m in runs:
            start, end = m.span()
            if start > 0 and text[start - 1] in _NOT_BEFORE_CARD:
                continue
            if end < n and (
                text[end] in _ALNUM
                or (text[end] in ".,/" and end + 1 < n and text[end + 1] in _DIGIT_CHARS)
            ):
                continue
            run = m.group()
            groups = _CARD_GROUP_SEP.split(run)
            digits = "".join(groups)
            if not 13 <= len(digits) <= 19:
                continue
            if " " in run and "-" in run:
                continue  # a mix of spaces and dashes is not how a card is written
            if not card_layout_ok(groups) or not luhn_valid(digits):
                continue
            network = card_network(digits, self.networks)
            if network is None or self._labelled(text, m.start()):
                continue
            yield Hit(start, end, {"network": network})

    def _ibans(self, text: str) -> Iterator[Hit]:
        n = len(text)
        pos = 0
        for m in _IBAN_CHECK.finditer(text):
            start = m.start() - 2
            if start < pos or (start > 0 and text[start - 1] in _ALNUM):
                continue
            country = text[start : m.start()].upper()
            length = self.countries.get(country)
            if length is None:
                continue
            need = length - 4
            chars: list[str] = []
            i = m.end()
            while len(chars) < need and i < n:
                c = text[i]
                if c in _ALNUM:
                    chars.append(c)
                    i += 1
                elif c == " " and i + 1 < n and text[i + 1] in _ALNUM:
                    i += 1
                else:
                    break
            if len(chars) < need or (i < n and text[i] in _ALNUM):
                continue  # too short, or a longer token than this country's IBAN
            if not iban_valid(country + m.group() + "".join(chars)):
                continue
            pos = i
            yield Hit(start, i, {"country": country})
