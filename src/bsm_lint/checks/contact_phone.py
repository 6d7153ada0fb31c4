"""`contact.phone`: phone numbers written in digits, in words, or with vanity letters.

One detector per rule (option `detect`):

* `digits`: one stdlib `re` pass finds digit runs with phone separators (spaces, dots,
  dashes, slashes, parentheses, line breaks, `+CC`, `(0)`; letters written for digits,
  "O7911 l23456", next to a phone word); cheap shape tests drop order ids, dates,
  prices, quantities and IBAN tails; only the survivors go to phonenumbers (`parse` +
  `is_valid_number`), for the `+CC` they carry, else for the marketplace's region and then
  the fallback regions. PhoneNumberMatcher over the whole text for each region costs about
  a millisecond per message; this costs microseconds when there is no phone number.
* `words`: runs of spelled-out digits ("five five five ...", "null eins sieben", 〇三…),
  also read in pairs ("zéro six, douze, trente-quatre", "sixty-seven"), turned into digits
  and validated the same way.
* `vanity`: a toll-free prefix followed by letters (1-800-FLOWERS), letters mapped through
  the phone keypad.
* `slot`: a fill-in slot of a template library written as text, "[phone number]",
  "(Telefonnummer)", 【電話番号】: the seller's number goes there. Slots with a template
  syntax (`{{seller_phone}}`, `[seller-phone]`) are masked and left to template-placeholder.

Words just before a run settle the borderline cases: an identifier word directly labelling
it ("order number", "Bestellnummer", 注文番号) rejects it; a phone word a few words before
("call", "Tel.", 電話) lets a plainly written number count. Sources disagree on whether a
carrier's, manufacturer's or warranty line is allowed, so numbers are flagged by default and
a user enables those contexts (`LintConfig.phone_contexts`, or `allow_contexts` in the pack);
what labels each context is data (`contexts`, phrase lists).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, NamedTuple

import phonenumbers
from pydantic import Field

from ..text import CJK_CLASS, is_spaced_word_char, normalize
from .base import Check, CheckOptions, CompileContext, Document, FieldView, Hit, Keyword
from .phrases import anchor, expand_terms, list_languages, phrases_pattern

__all__ = ["PhoneCheck", "PhoneOptions"]

# Marketplace codes that are not phonenumbers region codes.
_MARKET_REGION = {"UK": "GB"}
# The region a message's language points to, tried after the marketplace's.
_LANGUAGE_REGION = {"de": "DE", "fr": "FR", "es": "ES", "it": "IT", "ja": "JP"}
# Regions whose numbers are commonly written without their trunk prefix (Indian mobiles).
_PREFIX_OPTIONAL = frozenset({"IN"})
_DIGIT_KEYS = tuple("0123456789")
_WORD_KEYS = frozenset({*_DIGIT_KEYS, "plus", "double", "triple", "and", "sep"})
# Glue inside a spelled number: "sesenta y ocho", "soixante et onze"; "dot", "tiret".
_GLUE_KEYS = frozenset({"and", "sep"})
_KEYPAD = str.maketrans(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
    "22233344455566677778889999" * 2,
    "-. ",
)

# A digit run: groups of ASCII digits (or a parenthesised group) joined by one separator
# (`-./` with optional spaces around, or a space), an optional leading `+`. Not glued to a
# word, a `+`, `#`, a URL query, a currency sign or a decimal point on either side. The
# groups are possessive and the repeat bounded, so a failed match gives back little.
_RUN = re.compile(
    r"(?<![A-Za-z0-9_+#=&?@$€£¥₹])(?<![A-Za-z0-9][\-/])(?<![0-9][.,])"
    r"(?:\+ ?)?"
    r"(?:\([0-9]{1,5}\)|[0-9]++)"
    r"(?:(?: ?[\-./] ?| |\n|(?<=\)))(?:\([0-9]{1,5}\)|[0-9]++)){0,12}"
    r"(?![A-Za-z0-9@]|[.,][0-9])"
)
_GROUP = re.compile(r"\(([0-9]+)\)|([0-9]+)")
_CURRENCY_BEFORE = re.compile(
    r"(?:[$€£¥₹]|(?<![A-Za-z])(?:USD|EUR|GBP|JPY|CHF|CAD|AUD|MXN|INR|SEK|PLN|US\$|C\$|A\$))"
    r" ?\Z"
)
# The tail of an IBAN (country, check digits, then blocks) just before a digit run.
_IBAN_BEFORE = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){0,8} ?\Z")
# Where phone-ish characters stretch over 7 or more (`FieldView.number_stretches`) are the
# only places a run can be; `_RUN` runs inside them.
# A letter written for a digit ("O7911 l23456", "4I5"): a token of digits and O, I, l.
_LOOKALIKE = re.compile(r"[0-9][OIl]|[OIl][0-9]")
_LOOKALIKE_TOKEN = re.compile(
    r"(?<![A-Za-z0-9])(?=[0-9OIl]*[0-9])(?=[0-9OIl]*[OIl])[0-9OIl]+(?![A-Za-z0-9])"
)
_UNFOLD = str.maketrans("OIl", "011")
_WA_ME = re.compile(r"wa\.me/\+?([0-9]{8,15})(?![0-9])")
# A code of letters and digits just before a run makes it the tail of a tracking number or
# a reference ("1Z 999 AA1 01 2345 6784").
_CODE_BEFORE = re.compile(r"(?<![A-Za-z0-9])(?=[A-Za-z]*[0-9])(?=[0-9]*[A-Za-z])[A-Za-z0-9]{2,} \Z")
# Units that are also prose words ("in", "m"): after a number shaped like a phone they are
# the next word, not a unit.
_PROSE_UNITS = frozenset({"in", "m", "l", "g", "w", "v"})
# Where a sentence ends between a cue word and a number ("Tel." and "Nr." do not end one).
_BOUNDARY = re.compile(r"[?!;。！？\n]|[^\W\d_]{4}\.\s")
_WORDS = re.compile(r"[^\W_]+")
_CJK = re.compile(f"[{CJK_CLASS}\u3000-\u303f]")
_FILLER_CHARS = " \n:#.-(),/°、"
_WORD_SEPARATORS = frozenset(" -,/ー・、().の")
_LOOKBACK = 64  # characters before a run that its cue words may come from
# Where `_split` and `_evaluate` may cut a run into parts: a space or a line break.
_SPLITS = re.compile(r"[ \n]")
# A run of three digit groups joined by one repeated separator: a date, if `_year_date`.
_DATE_RUN = re.compile(r"([0-9]+)([\-./])([0-9]+)\2([0-9]+)")


class PhoneOptions(CheckOptions):
    detect: Literal["digits", "words", "vanity", "slot"] = "digits"
    #: Regions tried after the marketplace's, for numbers written without `+CC`.
    regions: tuple[str, ...] = ("US", "GB", "DE", "FR", "ES", "IT", "JP")
    #: Phone words: a plainly written number counts when one is within `cue_window` words.
    cues: tuple[str, ...] = ()
    cue_window: int = Field(default=4, ge=1, le=20)
    #: Identifier words: a run right after one (only `id_filler` between) is not a phone.
    not_cues: tuple[str, ...] = ()
    id_filler: tuple[str, ...] = ()
    #: Units and currencies right after a run make it a quantity or a price.
    units: tuple[str, ...] = ()
    #: Spelled digits: keys "0".."9", "plus", "double", "triple", "and" (a connector inside
    #: a number word: "y", "et"), "sep" (a separator word: "dot", "tiret"); values are terms.
    digit_words: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    #: Numbers 10-99 as words, for numbers read in pairs ("zéro six, douze, trente-quatre"):
    #: terms "<value> <word>" ("12 douze", "34 trentaquattro"); tens followed by a unit
    #: word ("trente-quatre", "sixty seven") combine.
    number_words: tuple[str, ...] = ()
    #: Toll-free prefixes that vanity numbers start with.
    vanity_prefixes: tuple[str, ...] = ("800", "888", "877", "866", "855", "844", "833")
    #: What a fill-in slot says when it stands for a phone number (`detect = "slot"`).
    slots: tuple[str, ...] = ()
    #: Named contexts (carrier, manufacturer, warranty) and the terms that label them.
    contexts: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    #: Contexts allowed by the pack, besides those the user's config allows.
    allow_contexts: tuple[str, ...] = ()
    context_window: int = Field(default=6, ge=1, le=20)


class _Group(NamedTuple):  # a tuple: made several times a number, and cheaper to make
    digits: str
    start: int
    end: int
    paren: bool
    sep: str  # the separator before this group ("" for the first)


@dataclass(frozen=True, slots=True)
class _Token:
    start: int
    end: int
    key: str  # a number 0-99, "plus", "double", "triple", "and", "sep", or "#" for digits
    text: str


@dataclass(frozen=True, slots=True)
class _WordTable:
    keys: Mapping[str, str]  # lower-case word -> number 0-99, or a `_WORD_KEYS` key
    spaced: frozenset[str]  # the words of spaced scripts, looked up in `FieldView.tokens`
    cjk: tuple[str, ...]  # the others (kanji, kana), found by `cjk_rx`
    cjk_rx: re.Pattern[str] | None
    glue: frozenset[str]  # the connector and separator words ("y", "et", "dot")


def _is_spaced(word: str) -> bool:
    """True for a word of a spaced script, found as a whole token of the field."""
    return all(is_spaced_word_char(c) for c in word)


class _Lexicon:
    """Phrases looked up on the words before a number: a set lookup per word, where one
    alternation of a few hundred phrases tried at every position cost 150 µs a number.
    Phrases of spaced scripts match whole words; the others (Japanese) match as substrings."""

    def __init__(self, phrases: Sequence[str]) -> None:
        by_len: dict[int, set[str]] = {}
        subs: list[str] = []
        for phrase in phrases:
            norm = normalize(phrase).text.strip().lower()
            words = _WORDS.findall(norm)
            if words and not _CJK.search(norm):
                by_len.setdefault(len(words), set()).add(" ".join(words))
            elif norm:
                subs.append(norm)
        self.by_len = {n: frozenset(w) for n, w in sorted(by_len.items())}
        self.words = frozenset(w for ws in self.by_len.values() for p in ws for w in p.split())
        self.substrings = tuple(sorted(set(subs), key=len, reverse=True))

    def ends_at(self, words: Sequence[str], i: int) -> bool:
        """True when a phrase is `words[j..i]` for some j."""
        for n, phrases in self.by_len.items():
            if n > i + 1:
                break
            if (words[i] if n == 1 else " ".join(words[i - n + 1 : i + 1])) in phrases:
                return True
        return False

    def found_in(self, words: Sequence[str], text: str) -> bool:
        return any(self.ends_at(words, i) for i in range(len(words))) or any(
            p in text for p in self.substrings
        )


@lru_cache(maxsize=16384)
def _region_if_valid(number: str, region: str | None) -> str | None:
    """The region of `number` when phonenumbers calls it valid (parsed as from `region`)."""
    try:
        parsed = phonenumbers.parse(number, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    found: str | None = phonenumbers.region_code_for_number(parsed)
    return found or region or "ZZ"


@lru_cache(maxsize=4096)
def _region_if_possible(number: str) -> str | None:
    """The region of a `+CC` number phonenumbers calls valid or, failing that, of the right
    length for its country: written with `+CC` it is a phone number even in a range
    phonenumbers does not list (new ranges, the UK's 07700 900xxx numbers for fiction)."""
    found = _region_if_valid(number, None)
    if found is not None:
        return found
    try:
        parsed = phonenumbers.parse(number, None)
    except phonenumbers.NumberParseException:
        return None
    if parsed.country_code is None or not phonenumbers.is_possible_number(parsed):
        return None
    region: str = phonenumbers.region_code_for_country_code(parsed.country_code)
    return None if region == "ZZ" else region


_SERVICE_TYPES = frozenset(
    {
        phonenumbers.PhoneNumberType.TOLL_FREE,
        phonenumbers.PhoneNumberType.SHARED_COST,
        phonenumbers.PhoneNumberType.UAN,
    }
)


@lru_cache(maxsize=4096)
def _service_number(digits: str, region: str) -> bool:
    """True for a valid toll-free, shared-cost or universal access number of `region`."""
    try:
        parsed = phonenumbers.parse(digits, region)
    except phonenumbers.NumberParseException:
        return False
    return (
        phonenumbers.is_valid_number_for_region(parsed, region)
        and phonenumbers.number_type(parsed) in _SERVICE_TYPES
    )


def _unfold(text: str, lo: int, hi: int) -> tuple[str, int]:
    """`text` with the letters written for digits in the tokens around [lo, hi) made digits
    (same length, so offsets hold), and where the first of those tokens starts."""
    while lo > 0 and (text[lo - 1].isalnum()):
        lo -= 1
    while hi < len(text) and text[hi].isalnum():
        hi += 1
    segment = _LOOKALIKE_TOKEN.sub(lambda m: m.group().translate(_UNFOLD), text[lo:hi])
    return text[:lo] + segment + text[hi:], lo


def _find_all(text: str, ch: str) -> Iterator[int]:
    i = text.find(ch)
    while i >= 0:
        yield i
        i = text.find(ch, i + 1)


def _year_date(a: str, b: str, c: str) -> bool:
    """True for y-m-d, d-m-y or m-d-y with a four-digit year."""
    if len(a) == 4 and len(b) <= 2 and len(c) <= 2:
        return 1900 <= int(a) <= 2099 and 1 <= int(b) <= 12 and 1 <= int(c) <= 31
    if len(c) == 4 and len(a) <= 2 and len(b) <= 2:
        x, y = int(a), int(b)
        return 1900 <= int(c) <= 2099 and 1 <= x <= 31 and 1 <= y <= 31 and min(x, y) <= 12
    return False


def _has_date(groups: Sequence[_Group]) -> bool:
    for i in range(len(groups) - 2):
        a, b, c = groups[i : i + 3]
        if a.paren or b.paren or c.paren or b.sep.strip() != c.sep.strip():
            continue
        if _year_date(a.digits, b.digits, c.digits):
            return True
    return False


def _hopeless(run: str, count: int) -> bool:
    """True for a run `_evaluate` would reject whatever the words around it, decided from
    its text alone (before its groups are built): no `+`, and no space or line break at
    which it could be split or lose a glued group, so it is judged as a whole; then more
    digits than a national number has, with no `00` to make it international (order ids,
    123-4567890-1234567, the commonest long run), or a date with a four-digit year."""
    if run[0] == "+" or _SPLITS.search(run):
        return False
    if count > 14:
        return run[0] not in "(0"
    m = _DATE_RUN.fullmatch(run)
    return m is not None and _year_date(m.group(1), m.group(3), m.group(4))


def _strong_shape(groups: Sequence[_Group]) -> bool:
    """A national-format run that reads as a phone number without a phone word before it."""
    if groups[0].paren:
        return True  # (045) 676-2967, (0221) 100515
    sizes = [len(g.digits) for g in groups]
    if len(groups) >= 7 and max(sizes) == 1:
        return True  # digits spaced out one by one
    if len(groups) >= 2 and groups[0].digits[0] == "0":
        return True  # a trunk prefix: 030 1234567, 0120-254-321, 01 23 45 67 89
    if sizes == [3, 3, 4] or (sizes == [1, 3, 3, 4] and groups[0].digits == "1"):
        return True  # NANP: 415-221-8035, 1-877-761-6330
    if len(groups) == 2 and sizes[0] == 3 and sizes[1] in (6, 7):
        return True  # Italian mobile: 347 1234567
    if len(groups) >= 4 and all(2 <= s <= 4 for s in sizes):
        return True  # 91 234 56 78, 912 34 56 78
    return len(groups) >= 3 and sizes[0] == 3 and all(2 <= s <= 4 for s in sizes[1:])


class PhoneCheck(Check):
    kind = "contact.phone"
    Options = PhoneOptions
    options: PhoneOptions
    provides = frozenset({"region"})
    safe_data = frozenset({"region"})

    def __init__(self, options: PhoneOptions, ctx: CompileContext) -> None:
        super().__init__(options, ctx)
        self._ctx = ctx
        for i, r in enumerate(options.regions):
            if r not in phonenumbers.SUPPORTED_REGIONS:
                raise ctx.error(f"unknown phone region {r!r}", "regions", i)
        self._fallback = options.regions
        self._prefix = {
            r: "" if r in _PREFIX_OPTIONAL else self._national_prefix(r)
            for r in phonenumbers.SUPPORTED_REGIONS
        }
        self._region_cache: dict[tuple[str | None, str | None], tuple[str, ...]] = {}
        self._cues = _Lexicon(self._expand(options.cues, "cues"))
        self._cue_words = self._cues.words
        self._not_cues = _Lexicon(self._expand(options.not_cues, "not_cues"))
        self._filler = _Lexicon(self._expand(options.id_filler, "id_filler"))
        units = self._expand(options.units, "units")
        self._units = (
            re.compile(f" ?(?:{phrases_pattern(units)})", re.IGNORECASE) if units else None
        )
        self._contexts = {
            name: _Lexicon(self._expand(terms, "contexts", name))
            for name, terms in options.contexts.items()
        }
        for i, name in enumerate(options.allow_contexts):
            if name not in self._contexts:
                raise ctx.error(f"no context {name!r} in `contexts`", "allow_contexts", i)
        self._word_tables: dict[str | None, _WordTable] = {}
        self._word_languages: set[str] = set()
        self._token_rx: dict[
            tuple[frozenset[str], bool], tuple[re.Pattern[str], re.Pattern[str]]
        ] = {}
        if options.detect == "digits":
            self.keyword_groups = (frozenset((False, d) for d in _DIGIT_KEYS),)
        elif options.detect == "words":
            self.keyword_groups = (self._compile_words(),)
        elif options.detect == "vanity":
            self.keyword_groups = (self._compile_vanity(),)
        else:
            self.keyword_groups = (self._compile_slots(),)

    # -- compilation -----------------------------------------------------------------------

    @staticmethod
    def _national_prefix(region: str) -> str:
        meta = phonenumbers.PhoneMetadata.metadata_for_region(region)
        prefix = meta.national_prefix if meta is not None else None
        return prefix or ""

    def _expand(self, terms: Sequence[str], *path: str) -> list[str]:
        """The terms of every language: cue words are few and rarely collide, and the
        language of a message is often unknown."""
        try:
            return expand_terms(terms, self._ctx.lists, None)
        except KeyError as exc:
            raise self._ctx.error(f"unknown phrase list @{exc.args[0]}", *path) from exc

    def _compile_words(self) -> frozenset[Keyword]:
        words = self.options.digit_words
        for key in words:
            if key not in _WORD_KEYS:
                raise self._ctx.error(
                    f"unknown key {key!r}; use 0-9, plus, double, triple", "digit_words"
                )
        if not all(d in words for d in _DIGIT_KEYS):
            raise self._ctx.error("`digit_words` needs all ten digits 0-9", "digit_words")
        for terms in (*words.values(), self.options.number_words):
            self._word_languages |= list_languages(terms, self._ctx.lists)
        for lang in (*sorted(self._word_languages), None):
            table = self._word_table(lang)
        return frozenset(anchor(w) for w, k in table.keys.items() if k.isdigit())

    def _word_table(self, language: str | None) -> _WordTable:
        """The spelled digits of one language (every language when None). A word that means
        two different things across languages is dropped from the merged table."""
        lang = language if language in self._word_languages else None
        table = self._word_tables.get(lang)
        if table is not None:
            return table
        keys: dict[str, str] = {}
        ambiguous: set[str] = set()
        for key, terms in self.options.digit_words.items():
            try:
                expanded = expand_terms(terms, self._ctx.lists, lang)
            except KeyError as exc:
                raise self._ctx.error(
                    f"unknown phrase list @{exc.args[0]}", "digit_words", key
                ) from exc
            for term in expanded:
                word = normalize(term).text.strip().lower()
                if not word or " " in word or "*" in word:
                    raise self._ctx.error(f"{term!r} is not one word", "digit_words", key)
                if keys.get(word, key) != key:
                    if lang is not None:
                        raise self._ctx.error(
                            f"{term!r} means both {keys[word]} and {key}", "digit_words", key
                        )
                    ambiguous.add(word)
                keys[word] = key
        try:
            numbers = expand_terms(self.options.number_words, self._ctx.lists, lang)
        except KeyError as exc:
            raise self._ctx.error(f"unknown phrase list @{exc.args[0]}", "number_words") from exc
        for term in numbers:
            value, _, word = normalize(term).text.strip().lower().partition(" ")
            if not (value.isdigit() and 10 <= int(value) <= 99) or not word or " " in word:
                raise self._ctx.error(f"{term!r} is not '<10-99> <word>'", "number_words")
            if keys.get(word, value) != value:
                if lang is not None:
                    raise self._ctx.error(
                        f"{word!r} means both {keys[word]} and {value}", "number_words"
                    )
                ambiguous.add(word)
            keys[word] = value
        for word in ambiguous:
            del keys[word]
        cjk = tuple(w for w in keys if not _is_spaced(w))
        table = _WordTable(
            keys=keys,
            spaced=frozenset(w for w in keys if _is_spaced(w)),
            cjk=cjk,
            cjk_rx=re.compile(phrases_pattern(cjk)) if cjk else None,
            glue=frozenset(w for w, k in keys.items() if k in _GLUE_KEYS),
        )
        self._word_tables[lang] = table
        return table

    def _compile_vanity(self) -> frozenset[Keyword]:
        prefixes = self.options.vanity_prefixes
        for i, p in enumerate(prefixes):
            if not p.isdigit() or not 3 <= len(p) <= 5:
                raise self._ctx.error(f"bad vanity prefix {p!r}", "vanity_prefixes", i)
        if not prefixes:
            raise self._ctx.error("`vanity_prefixes` is empty", "vanity_prefixes")
        alternation = "|".join(sorted(prefixes, key=lambda p: (-len(p), p)))
        self._vanity = re.compile(
            r"(?<![A-Za-z0-9])(?<![A-Za-z0-9][\-/.])"
            r"(?P<one>(?:\+ ?1|1)[ .\-]?)?\(?(?P<pre>" + alternation + r")\)?(?P<sep>[ .\-]?)"
            r"(?P<tail>[A-Za-z0-9]{1,10}(?:-[A-Za-z0-9]{1,10}){0,3})(?![A-Za-z0-9])"
        )
        return frozenset((False, p) for p in prefixes)

    def _compile_slots(self) -> frozenset[Keyword]:
        terms = self._expand(self.options.slots, "slots")
        if not terms:
            raise self._ctx.error("`slots` is empty", "slots")
        self._slot = re.compile(
            rf"[\[(<【]\s*(?:{phrases_pattern(terms)})\s*[\])>】]", re.IGNORECASE
        )
        return frozenset(anchor(t) for t in terms)

    # -- context ---------------------------------------------------------------------------

    def _regions(self, doc: Document) -> tuple[str, ...]:
        """Regions to try for a number without `+CC`: the marketplace's, the language's,
        then the fallback list. Most numbers are valid in several; the order decides the
        region reported, and the marketplace adds regions the fallback lacks."""
        key = (doc.context.marketplace, doc.language)
        regions = self._region_cache.get(key)
        if regions is None:
            market = doc.context.marketplace or ""
            first = [_MARKET_REGION.get(market, market), _LANGUAGE_REGION.get(doc.language or "")]
            known = [r for r in first if r in phonenumbers.SUPPORTED_REGIONS]
            regions = tuple(dict.fromkeys([*known, *self._fallback]))
            self._region_cache[key] = regions
        return regions

    @staticmethod
    def _sentence_start(text: str, start: int) -> int:
        """Where the text that may label a number at `start` begins: a few dozen characters
        back, and not before the end of the sentence before."""
        lo = max(0, start - _LOOKBACK)
        for m in _BOUNDARY.finditer(text, lo, start):
            lo = m.end()
        return lo

    def _words_before(self, text: str, start: int, lexicon: _Lexicon, count: int) -> bool:
        """True when a phrase of `lexicon` is among the last `count` words before `start`,
        in the same sentence."""
        lo = self._sentence_start(text, start)
        words = list(_WORDS.finditer(text, lo, start))[-count:]
        if not words:
            return False
        return lexicon.found_in([w.group().lower() for w in words], text[words[0].start() : start])

    def _labelled_as_id(self, text: str, start: int) -> bool:
        """True when an identifier word labels the run: "order number: ...", "Bestellnummer
        ...", "注文番号：..."; only filler words and punctuation may come between."""
        lo = self._sentence_start(text, start)
        matches = list(_WORDS.finditer(text, lo, start))
        words = [m.group().lower() for m in matches]
        pos = start
        for i in range(len(matches) - 1, -1, -1):
            if text[matches[i].end() : pos].strip(_FILLER_CHARS):
                break
            if self._not_cues.ends_at(words, i):
                return True
            if words[i] not in self._filler.words:
                break
            pos = matches[i].start()
        if not self._not_cues.substrings:
            return False
        tail = text[lo:start]
        for _ in range(4):
            tail = tail.rstrip(_FILLER_CHARS)
            if tail.endswith(self._not_cues.substrings):
                return True
            filler = next((f for f in self._filler.substrings if tail.endswith(f)), None)
            if filler is None:
                return False
            tail = tail[: -len(filler)]
        return False

    def _allowed(self, text: str, start: int, doc: Document) -> bool:
        """True when the number is labelled with a context the pack or the user allows."""
        window = self.options.context_window
        for name in (*self.options.allow_contexts, *doc.config.phone_contexts):
            lexicon = self._contexts.get(name)
            if lexicon is not None and self._words_before(text, start, lexicon, window):
                return True
        return False

    # -- validation ------------------------------------------------------------------------

    def _national(self, digits: str, regions: Sequence[str]) -> str | None:
        """The first region in which `digits` (national format) is a valid number. A region
        with a trunk prefix ("0") needs it: phonenumbers itself takes "301234567" as a
        Berlin number, which nobody writes. Only the first region (the marketplace's or the
        language's) may drop it, for the service numbers dialled without one (AU 1800...)."""
        for i, region in enumerate(regions):
            prefix = self._prefix[region]
            if prefix == "1":  # NANP: the "1" is optional, a leading 0 impossible
                if digits[0] == "0":
                    continue
            elif prefix and not digits.startswith(prefix):
                if i == 0 and _service_number(digits, region):
                    return region
                continue
            found = _region_if_valid(digits, region)
            if found is not None:
                return found
        return None

    # -- detectors -------------------------------------------------------------------------

    def run(self, field: FieldView, doc: Document) -> Iterator[Hit]:
        detect = self.options.detect
        if detect == "digits":
            found = self._digits(field, doc)
        elif detect == "words":
            found = self._words(field, doc)
        elif detect == "slot":
            found = self._slots(field.text)
        else:
            found = self._vanities(field, doc)
        text = field.text
        for start, end, region in found:
            if not self._allowed(text, start, doc):
                yield Hit(start, end, {"region": region})

    def _digits(self, field: FieldView, doc: Document) -> Iterator[tuple[int, int, str]]:
        text = field.text
        if "wa.me/" in text:  # a WhatsApp link carries the number: wa.me/447911123456
            for m in _WA_ME.finditer(text):
                region = _region_if_possible("+" + m.group(1))
                if region is not None:
                    yield m.start(1), m.end(1), region
        cue: bool | None = None
        regions: tuple[str, ...] | None = None
        for first, stretch_end in field.number_stretches:
            if _LOOKALIKE.search(field.text, max(0, first - 1), stretch_end + 1):
                # Letters for digits ("O7911 l23456"): read as digits when a phone word is in
                # the field; a disguise aimed at a reader comes with one.
                if cue is None:
                    cue = not field.tokens.isdisjoint(self._cue_words)
                if cue:
                    text, first = _unfold(text, first, stretch_end)
            endpos = min(len(text), stretch_end + 2)  # room for the run's lookahead
            for m in _RUN.finditer(text, first, endpos):
                if m.end() - m.start() < 7:
                    continue
                run = m.group()
                count = sum(map(str.isdigit, run))
                if count < 7:
                    continue
                if _hopeless(run, count):
                    continue
                if regions is None:
                    regions = self._regions(doc)
                groups: list[_Group] = []
                pos = m.start()
                for g in _GROUP.finditer(text, pos, m.end()):
                    paren = g.group(1) is not None
                    digits = g.group(1) if paren else g.group(2)
                    groups.append(_Group(digits, g.start(), g.end(), paren, text[pos : g.start()]))
                    pos = g.end()
                plus = text[m.start()] == "+"
                for part, part_plus in self._split(groups, plus):
                    found = self._evaluate(text, part, part_plus, m.start(), regions)
                    if found is not None:
                        yield found

    @staticmethod
    def _split(groups: list[_Group], plus: bool) -> Iterator[tuple[list[_Group], bool]]:
        """Two numbers joined by " / " or a line break ("030 1234567 / 0171 2345678") are
        two runs; an area code set off the same way ("089 / 123 456 78") is not."""
        start = 0
        for i in range(1, len(groups)):
            sep = groups[i].sep
            if (sep.strip() == "/" and sep != "/") or sep == "\n":
                left = sum(len(g.digits) for g in groups[start:i])
                right = sum(len(g.digits) for g in groups[i:])
                if left >= 7 and right >= 7:
                    yield groups[start:i], plus and start == 0
                    start = i
        yield groups[start:], plus and start == 0

    def _evaluate(
        self,
        text: str,
        groups: list[_Group],
        plus: bool,
        run_start: int,
        regions: Sequence[str],
    ) -> tuple[int, int, str] | None:
        found = self._evaluate_run(text, groups, plus, run_start, regions)
        if found is not None or plus or len(groups) < 2:
            return found
        # A neighbouring number glued on by a space: "Qty 2 030 1234567", "0171 2345678 24".
        if groups[1].sep in (" ", "\n"):
            found = self._evaluate_run(text, groups[1:], False, run_start, regions)
        if found is None and groups[-1].sep in (" ", "\n"):
            found = self._evaluate_run(text, groups[:-1], False, run_start, regions)
        return found

    def _evaluate_run(
        self,
        text: str,
        groups: list[_Group],
        plus: bool,
        run_start: int,
        regions: Sequence[str],
    ) -> tuple[int, int, str] | None:
        if not groups:
            return None
        start = run_start if plus else groups[0].start
        end = groups[-1].end
        digits = "".join(g.digits for g in groups)
        intl = plus
        if plus:
            if len(groups) > 1 and groups[1].paren and groups[1].digits == "0":
                digits = groups[0].digits + "".join(g.digits for g in groups[2:])
        elif digits.startswith("00") and len(digits) >= 11 and digits[2] != "0":
            intl, digits = True, digits[2:]
        if intl:
            if not 8 <= len(digits) <= 15:
                return None
            number = "+" + digits
            region = _region_if_possible(number) if plus else _region_if_valid(number, None)
            return (start, end, region) if region is not None else None
        if not 7 <= len(digits) <= 14 or _has_date(groups):
            return None
        before = text[max(0, start - 40) : start]
        if _CURRENCY_BEFORE.search(before[-6:]) or _IBAN_BEFORE.search(before):
            return None
        if _CODE_BEFORE.search(before[-12:]):
            return None
        strong = _strong_shape(groups)
        unit = self._units.match(text, end) if self._units is not None else None
        if unit is not None and not (strong and unit.group().strip().lower() in _PROSE_UNITS):
            return None
        if self._labelled_as_id(text, start):
            return None
        if any("\n" in g.sep for g in groups) and not strong:
            return None  # digits on separate lines need the shape of a number
        if not strong and not self._words_before(text, start, self._cues, self.options.cue_window):
            return None
        region = self._national(digits, regions)
        return (start, end, region) if region is not None else None

    def _slots(self, text: str) -> Iterator[tuple[int, int, str]]:
        """Slots start at a bracket: finding those with `str.find` and matching there costs
        a fraction of a regex scan that tests a character class at every position."""
        starts = sorted(i for ch in "[(<【" for i in _find_all(text, ch))
        end = 0
        for i in starts:
            m = self._slot.match(text, i) if i >= end else None
            if m is not None:
                end = m.end()
                yield m.start(), m.end(), "ZZ"

    def _words(self, field: FieldView, doc: Document) -> Iterator[tuple[int, int, str]]:
        text = field.text
        table = self._word_table(doc.language)
        present = field.tokens & table.spaced
        cjk = table.cjk_rx is not None and not text.isascii() and table.cjk_rx.search(text)
        if not present and not cjk:
            return
        words_rx, rx = self._tokens_rx(table, present, bool(cjk))
        words = words_rx.finditer(text)
        if next(words, None) is None or next(words, None) is None or next(words, None) is None:
            return  # fewer than three digit words: no spelled number here
        runs: list[list[_Token]] = []
        current: list[_Token] = []
        for m in rx.finditer(text):
            word = m.group("w")
            key = "#" if word is None else table.keys.get(word.lower(), "")
            if not key:
                continue
            if current and not self._glued(text, current[-1].end, m.start()):
                runs.append(current)
                current = []
            start = m.start()
            if word is None and text[start] == "+":  # "+1 (four one five) ..."
                current.append(_Token(start, start + 1, "plus", "+"))
                start += 1
            current.append(_Token(start, m.end(), key, text[start : m.end()]))
        runs.append(current)
        regions: tuple[str, ...] | None = None
        for raw in runs:
            run = self._combine(text, raw)
            if sum(len(t.key) for t in run if t.key.isdigit()) < 3:
                continue
            if regions is None:
                regions = self._regions(doc)
            found = self._spelled(run, regions)
            if found is not None:
                yield found

    def _tokens_rx(
        self, table: _WordTable, present: frozenset[str], cjk: bool
    ) -> tuple[re.Pattern[str], re.Pattern[str]]:
        """Regexes for just the digit words present in a field (words alone, and words or
        digit groups): scanning with all of them tried at every position costs ten times
        more."""
        key = (present, cjk)
        pair = self._token_rx.get(key)
        if pair is None:
            words = phrases_pattern([*present, *(table.cjk if cjk else ())])
            numbers = phrases_pattern([*(present - table.glue), *(table.cjk if cjk else ())])
            pair = (
                re.compile(numbers or "(?!)", re.IGNORECASE),
                re.compile(f"(?P<w>{words})|(?P<d>\\+?[0-9]++)", re.IGNORECASE),
            )
            if len(self._token_rx) > 512:
                self._token_rx.clear()
            self._token_rx[key] = pair
        return pair

    @staticmethod
    def _combine(text: str, run: list[_Token]) -> list[_Token]:
        """Join number words read as one pair: tens and a unit ("trente-quatre", "sixty
        seven", "treinta y cuatro"), French 70-99 ("soixante-dix-huit", "quatre-vingt-
        douze"); drop connectors and separator words."""
        run = PhoneCheck._join_teens(text, run)
        out: list[_Token] = []
        i = 0
        n = len(run)
        while i < n:
            t = run[i]
            if t.key in _GLUE_KEYS:
                i += 1
                continue
            value = int(t.key) if t.key.isdigit() else -1
            end = t.end
            j = i + 1
            # quatre-vingt(s): four times twenty
            if value == 4 and j < n and run[j].key == "20" and text[end : run[j].start] == "-":
                value, end, j = 80, run[j].end, j + 1
            if value >= 20 and value % 10 == 0:
                k = j + 1 if j < n and run[j].key == "and" else j
                nxt = int(run[k].key) if k < n and run[k].key.isdigit() else -1
                if 1 <= nxt <= 9 or (value in (60, 80) and 10 <= nxt <= 19):
                    value, end, j = value + nxt, run[k].end, k + 1
            if value >= 10 and (j > i + 1 or t.key != str(value)):
                out.append(_Token(t.start, end, str(value), text[t.start : end]))
            else:
                out.append(t)
            i = j
        return out

    @staticmethod
    def _join_teens(text: str, run: list[_Token]) -> list[_Token]:
        """French 17-19 are "dix" and a unit joined by a hyphen: "dix-huit"."""
        if not any(t.key == "10" for t in run):
            return run
        out: list[_Token] = []
        for t in run:
            prev = out[-1] if out else None
            if (
                prev is not None
                and prev.key == "10"
                and t.key in ("7", "8", "9")
                and text[prev.end : t.start] == "-"
            ):
                out[-1] = _Token(prev.start, t.end, "1" + t.key, text[prev.start : t.end])
            else:
                out.append(t)
        return out

    @staticmethod
    def _glued(text: str, a: int, b: int) -> bool:
        return b - a <= 3 and all(c in _WORD_SEPARATORS for c in text[a:b])

    def _spelled(self, run: list[_Token], regions: Sequence[str]) -> tuple[int, int, str] | None:
        """Turn a run of digit tokens into a number and validate it; a stray digit word at
        either end ("one", "uno") may be dropped."""
        plus = run[0].key == "plus"
        body = (
            [t for t in run[1:] if t.key != "plus"] if plus else [t for t in run if t.key != "plus"]
        )
        while body and body[-1].key in ("double", "triple"):
            body.pop()
        for drop_head, drop_tail in ((0, 0), (1, 0), (0, 1), (1, 1), (2, 0), (0, 2)):
            part = body[drop_head : len(body) - drop_tail]
            if not part or part[0].key in ("double", "triple"):
                continue
            digits, spelled = self._spell(part)
            if spelled < 3 or not 7 <= len(digits) <= 15:
                continue
            lead = plus and drop_head == 0
            if lead or digits.startswith("00"):
                region = _region_if_valid("+" + (digits if lead else digits[2:]), None)
            else:
                region = self._national(digits, regions)
            if region is not None:
                start = run[0].start if lead else part[0].start
                return start, part[-1].end, region
        return None

    @staticmethod
    def _spell(tokens: Sequence[_Token]) -> tuple[str, int]:
        """(digits, how many of them were spelled out)."""
        out: list[str] = []
        spelled = 0
        repeat = 1
        for t in tokens:
            if t.key == "double":
                repeat = 2
            elif t.key == "triple":
                repeat = 3
            elif t.key == "#":
                out.append(t.text * (repeat if len(t.text) == 1 else 1))
                repeat = 1
            elif len(t.key) == 1:
                out.append(t.key * repeat)
                spelled += repeat
                repeat = 1
            else:  # a number read as a pair: "douze", "sixty-seven"
                out.append(t.key)
                spelled += len(t.key)
                repeat = 1
        return "".join(out), spelled

    def _vanities(self, field: FieldView, doc: Document) -> Iterator[tuple[int, int, str]]:
        text = field.text
        for m in self._vanity.finditer(text):
            tail = m.group("tail")
            letters = [c for c in tail if c.isalpha()]
            if len(letters) < 3:
                continue
            pre = m.group("pre")
            one = m.group("one")
            if not one and sum(c.isalnum() for c in tail) > 8:
                continue  # "800-THREAD-COUNT": a vanity word is seven letters, eight at most
            if any(c.islower() for c in letters) and not (
                (one or pre[0] == "0") and m.group("sep") == "-"
            ):
                continue  # "we sold 800 flowers": lower case needs the 1-800- shape
            converted = tail.translate(_KEYPAD)
            region = self._vanity_region(pre, converted, self._regions(doc))
            if region is not None:
                yield m.start(), m.end(), region

    def _vanity_region(self, pre: str, converted: str, regions: Sequence[str]) -> str | None:
        if pre[0] != "0":  # NANP toll-free: seven digits after the prefix, extra letters ignored
            if len(converted) < 7:
                return None
            return _region_if_valid(f"+1{pre}{converted[:7]}", None)
        for k in range(min(len(converted), 8), 5, -1):
            region = self._national(pre + converted[:k], regions)
            if region is not None:
                return region
        return None
