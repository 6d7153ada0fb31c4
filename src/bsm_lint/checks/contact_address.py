"""`contact.address`: a seller's street address, in the shape each country writes it.

An address is a postcode plus a street line close before it, both in their country's form:
`12 Main St, Springfield, IL 62704`, `221B Baker Street, London NW1 6XE`,
`Hauptstraße 5, 10115 Berlin`, `12 rue de la Paix, 75002 Paris`, `Calle Mayor 10,
28013 Madrid`, `Via Roma 12, 00184 Roma RM`, `〒150-0001 東京都渋谷区神宮前1-2-3`.
Neither part alone is enough: "Park Avenue bag" has no postcode, "order 12345" no street.

Postcodes are rare in messages, so each shape first scans for its postcode (one cheap
regex), then reads backwards only within a short window for the street line that must end
exactly where the postcode begins. Japanese addresses need no window: prefecture, city and
block numbers (丁目, 番地, 番, 号) follow each other directly.

A street line with no postcode is an address too ("our shop at 22 Castle Street,
Edinburgh"), but only when a town follows it: the number, the street-type word and a
capitalised town name after a comma or "in"/"à"/"en"/"a" together (`postcode = false`, one
rule for several `shapes`). Product names ("Baker Street Edition", "20 Main Street jackets")
fail the town test. With a postcode the street type may be missing ("77 Broadway, Somerville,
MA 02145", "Am Hafen 3, 24937 Flensburg"): a state plus ZIP, or a postcode plus town, are
evidence enough.

Sellers also type addresses in lower case ("18 elm street, portland, or 97205"): the
lower-case branches of the US, UK, Canadian and French shapes then require the street-type
word and a comma before the town, which the capitals no longer stand in for. Canadian
postcodes (`M5V 2A4`) have their own shape, with English or French streets.

An address the message calls the buyer's ("your delivery address: ...") is not the
seller's contact detail; phrases that say so are pack data (`buyer_cues`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

import regex

from .base import Check, CheckOptions, CompileContext, Document, FieldView, Hit, Keyword
from .phrases import expand_terms, phrases_pattern

Shape = Literal["us", "ca", "uk", "de", "fr", "es", "it", "jp"]

#: How far before a postcode its street line may start (normalised characters).
WINDOW = 160
#: How far before an address a buyer cue may stand.
CUE_WINDOW = 80

# Between two parts of an address: a comma, a space or one line break (a blank line ends it).
_SEP = r"(?:,[ \n]?|[ \n])"
# Words that follow a 5-digit number without being a town: "50000 Stück", "10000 units".
_UNITS = (
    r"(?!(?i:Stück|Stk|Euro|EUR|Einheiten|Teile|Pcs|Units|Pieces|Pièces|Exemplaires|Piezas|"
    r"Unidades|Pezzi|Unità|Yen|Dollars?)(?![\w]))"
)


def _alt(words: tuple[str, ...]) -> str:
    """Case-insensitive alternation of literal words, longest first."""
    return "(?i:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")"


# A 5-digit postcode not glued to a word, a number or a path; `D-10115`, `F-75002`: see
# _EU_HEAD. The lookbehinds sit after the first digit so the scan stays digit-led (fast).
_FIVE_DIGITS = r"[0-9](?<![\w.,/][0-9])(?<![0-9]-[0-9])[0-9]{4}"
# An optional country prefix before a European postcode; fails after any other word or `-`.
_EU_HEAD = r"(?<![\w.,/-])(?:[DFEI]-)?\Z"

# -- United States ------------------------------------------------------------------------
_US_STATES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|"
    "NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|PR|RI|SC|SD|TN|TX|UT|VT|VA|VI|WA|WV|WI|WY|GU|AS|MP"
)
_US_SUFFIXES = (
    *("street", "st", "avenue", "ave", "av", "road", "rd", "boulevard", "blvd", "lane", "ln"),
    *("drive", "dr", "way", "court", "ct", "place", "pl", "parkway", "pkwy", "highway", "hwy"),
    *("terrace", "ter", "circle", "cir", "square", "sq", "trail", "trl", "loop", "row"),
    *("plaza", "plz", "pike", "expressway", "expy", "freeway", "fwy", "route", "rte"),
    *("alley", "aly"),
)
# A word of a street name, written capitalised: `Main`, `5th`, `O'Farrell`, `N.`
_US_WORD = r"(?:[A-Z]\.|[A-Z0-9][A-Za-z0-9'&-]*)"
# A house number starts clean: not inside an order id, a price or a word.
_NUMBER_START = r"(?<![\w.,/-])"
_US_SUFFIX = rf"{_alt(_US_SUFFIXES)}(?![A-Za-z])\.?(?: (?:N|S|E|W|NE|NW|SE|SW)\.?(?![A-Za-z]))?"
_US_HOUSE = rf"{_NUMBER_START}[0-9]{{1,6}}[A-Za-z]?(?:-[0-9]{{1,5}})? "
_US_STREET_TYPED = (
    rf"(?:{_US_HOUSE}(?:{_US_WORD} ){{1,5}}?{_US_SUFFIX}|P\.? ?O\.? ?Box [0-9]{{1,7}})"
)
_US_STREET_UNTYPED = rf"{_US_HOUSE}(?:{_US_WORD} ){{0,2}}[A-Z][A-Za-z'&-]+"
_US_UNIT = (
    rf"(?:{_SEP}(?:Suite|Ste\.?|Apt\.?|Apartment|Unit|Fl\.?|Floor|Bldg\.?|Building|Room|"
    r"Rm\.?|#) ?#?[A-Za-z0-9-]{1,6})?"
)
_US_CITY = r"[A-Z][A-Za-z'.-]*(?: [A-Z][A-Za-z'.-]*){0,3}"
# Sellers type addresses in lower case too ("18 elm street, portland, or 97205"): then the
# street-type word is required, as the capitals no longer tell a street from prose.
_LOWER_WORD = r"[a-z0-9][a-z0-9'&-]*"
_US_STREET_LOWER = (
    rf"{_NUMBER_START}[0-9]{{1,6}}[a-z]?(?:-[0-9]{{1,5}})? (?:{_LOWER_WORD} ){{1,5}}?{_US_SUFFIX}"
)
_US_CITY_LOWER = r"[a-z][a-z'.-]*(?: [a-z][a-z'.-]*){0,2}"
# ... and a comma or a line break must end the street: "5 park lane sofas ship" is no town.
_LOWER_SEP = r"(?:,[ \n]?|\n)"
# The street line, then the town. A street without a type word ("77 Broadway") must end at a
# comma or a line break too: else "0 Berlin Berlin NY 10000" is a street, a town and a state.
_US_STREET_LINE = (
    rf"(?:{_US_STREET_TYPED}{_US_UNIT}{_SEP}|{_US_STREET_UNTYPED}{_US_UNIT}{_LOWER_SEP}){_US_CITY}"
)
_US_BEFORE = (
    rf"(?:{_US_STREET_LINE}"
    rf"|(?i:{_US_STREET_LOWER}{_US_UNIT}{_LOWER_SEP}{_US_CITY_LOWER}))(?:,? ?|\n)\Z"
)
# ZIP (digit-led, so the scan is fast), then the state just before it.
_US_SEED = (
    r"[0-9](?:(?<=[A-Za-z] [0-9])|(?<=[A-Za-z]\. [0-9]))[0-9]{4}(?:-[0-9]{4})?(?![0-9A-Za-z-])"
)
_US_HEAD = rf"(?<![A-Za-z])(?i:{_US_STATES})\.? \Z"
_US_COMMON_WORDS = {"in", "or", "me", "hi", "ok", "oh", "id", "al", "la", "pa", "de", "co", "mo"}
_US_COMMON_WORDS |= {"as", "ne", "nd", "va", "wa", "mi", "mt", "ms", "ga", "sc", "md", "ia"}
_US_KEY_STATES = tuple(s for s in _US_STATES.lower().split("|") if s not in _US_COMMON_WORDS)

# -- United Kingdom -----------------------------------------------------------------------
_UK_SUFFIXES = (
    *("street", "st", "road", "rd", "lane", "ln", "avenue", "ave", "close", "way", "drive"),
    *("dr", "gardens", "gdns", "crescent", "cres", "place", "pl", "square", "sq", "court"),
    *("ct", "terrace", "hill", "row", "mews", "grove", "walk", "park", "parade", "green"),
    *("rise", "view", "wharf", "yard", "quay", "broadway", "circus", "embankment", "gate"),
    *("vale", "estate"),
)
_UK_STREET = (
    rf"(?:(?:Unit|Flat|Apartment|Suite) )?{_NUMBER_START}[0-9]{{1,4}}[A-Za-z]?(?:-[0-9]{{1,4}})?,? "
    rf"(?:{_US_WORD} ){{1,4}}?{_alt(_UK_SUFFIXES)}(?![A-Za-z])\.?"
)
_UK_PLACE = r"[A-Z][A-Za-z'.-]*(?: [A-Z][A-Za-z'.-]*){0,2}"
_UK_STREET_LOWER = (
    rf"(?:(?:unit|flat|apartment|suite) )?{_NUMBER_START}[0-9]{{1,4}}[a-z]?(?:-[0-9]{{1,4}})?,? "
    rf"(?:{_LOWER_WORD} ){{1,4}}?{_alt(_UK_SUFFIXES)}(?![A-Za-z])\.?"
)
_UK_PLACE_LOWER = r"[a-z][a-z'.-]*(?: [a-z][a-z'.-]*){0,2}"
_UK_BEFORE = (
    rf"(?:{_UK_STREET}(?:{_SEP}{_UK_PLACE}){{0,3}}"
    rf"|(?i:{_UK_STREET_LOWER}(?:{_LOWER_SEP}{_UK_PLACE_LOWER}){{0,3}})){_SEP}\Z"
)
# Inward code (digit-led), then the outward code before it, with the letters Royal Mail uses
# (in one case: "NW1 6XE" or "ba1 5aw", never "NW1 6xe").
_UK_SEED = r"[0-9](?:[ABD-HJLNP-UW-Z]{2}|[abd-hjlnp-uw-z]{2})(?![A-Za-z0-9])"
_UK_HEAD = (
    r"(?<![A-Za-z0-9])(?:[A-PR-UWYZ][A-HK-Y]?[0-9][A-Z0-9]?|[a-pr-uwyz][a-hk-y]?[0-9][a-z0-9]?"
    r"|GIR) ?\Z"
)

# -- Canada ---------------------------------------------------------------------------------
# `340 Queen St W, Toronto, ON M5V 2A4`, `1200 rue Sainte-Catherine O, Montréal, QC H3B 1K9`:
# the postal code's last half (digit-led) is the seed, its first half the head, and the
# street an English or a French one.
_CA_PROVINCES = ("AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT")
# The look-ahead first: most digits are followed by digits or spaces, and fail at once.
_CA_SEED = (
    r"[0-9](?=[A-Za-z][0-9](?![A-Za-z0-9]))"
    r"(?:(?<=[A-Za-z][0-9][A-Za-z] [0-9])|(?<=[A-Za-z][0-9][A-Za-z][0-9]))"
    r"(?i:[ABCEGHJ-NPRSTV-Z])[0-9]"
)
_CA_HEAD = r"(?<![A-Za-z0-9])(?i:[ABCEGHJ-NPRSTVXY][0-9][ABCEGHJ-NPRSTV-Z]) ?\Z"

# -- Germany ------------------------------------------------------------------------------
_DE_SUFFIXES = (
    *("straße", "strasse", "str.", "weg", "platz", "allee", "gasse", "ring", "damm", "ufer"),
    *("chaussee", "steig", "pfad", "graben", "markt", "berg", "hof", "kai", "zeile"),
    "promenade",
    # Business estates are written like streets: "Gewerbepark 14", "Technologiezentrum 3".
    *("park", "zentrum", "center"),
)
_DE_SUFFIX = _alt(_DE_SUFFIXES)
# "Hauptstraße", "Konrad-Adenauer-Straße", or separate words: "Berliner Straße", "Am Markt".
_DE_STREET = rf"(?:[A-ZÄÖÜ][\w-]*?{_DE_SUFFIX}|(?:[A-ZÄÖÜ][\w.-]* ){{1,3}}{_DE_SUFFIX})"
# Before a postcode and town a street may lack the type word: "Am Hafen 3", "Gewerbepark Süd 14".

_DE_NUMBER = r"[0-9]{1,4} ?[a-zA-Z]?(?: ?[-/] ?[0-9]{1,4}[a-zA-Z]?)?(?![\w])"
_DE_TOWN = (
    r"[A-ZÄÖÜ][\w.-]*(?: (?:am|an der|im|in der|ob der|bei|vor der) [A-ZÄÖÜ][\w.-]*"
    r"| \([A-ZÄÖÜ][\w. ]{1,20}\))?"
)
_DE_SEED = rf"{_FIVE_DIGITS} {_UNITS}{_DE_TOWN}"

# -- France -------------------------------------------------------------------------------
_FR_TYPES = (
    *("rue", "avenue", "av.", "boulevard", "bd", "bld", "chemin", "allée", "allee", "place"),
    *("impasse", "route", "rte", "quai", "cours", "passage", "square", "rond-point"),
    *("faubourg", "fbg", "esplanade", "parvis", "hameau", "lieu-dit", "résidence", "cité"),
    *("sentier", "promenade"),
)
# Street-name words are capitalised, or numbers, or the small words between them.
_FR_WORD = (
    r"(?:[A-ZÀ-Ý0-9][\w'-]*|(?:de|du|des|la|le|les|à|au|aux|en|sur|sous|et)(?![\w])|[ld]'\w+)"
)
_FR_NAME = rf"{_FR_WORD}(?: {_FR_WORD}){{0,6}}"
_FR_PLACE_TYPES = ("lieu-dit", "hameau", "zone artisanale", "zone industrielle", "ZA", "ZI", "ZAC")
# In lower case ("9 place bellecour, 69002 lyon") any word may be part of the name.
_FR_NAME_LOWER = r"[\w'-]+(?: [\w'-]+){0,5}"
_FR_BEFORE = (
    rf"(?:{_alt(_FR_PLACE_TYPES)}(?![\w]) {_FR_NAME}{_SEP}\Z|"
    rf"{_NUMBER_START}[0-9]{{1,4}}(?: ?(?:bis|ter|quater|[A-Da-d])(?![\w]))?,? "
    rf"{_alt(_FR_TYPES)}(?![\w]) "
    rf"(?:{_FR_NAME}(?:{_SEP}(?:BP|CS|TSA) ?[0-9]{{1,6}})?|{_FR_NAME_LOWER}){_SEP}\Z)"
)
_FR_UPPER = "A-ZÉÈÊÀÂÎÔÛÇ"
_FR_LOWER = "a-zéèêàâîôûç"
_FR_TOWN = (
    rf"[{_FR_UPPER}{_FR_LOWER}][\w'-]*"
    rf"(?: (?:sur|sous|en|lès|les|le|la|de|du|des) [{_FR_UPPER}][\w'-]*"
    rf"| (?!CEDEX|Cedex)[{_FR_UPPER}][\w'-]*){{0,3}}(?: (?:CEDEX|Cedex)(?: [0-9]{{1,2}})?)?"
)
_FR_SEED = rf"{_FIVE_DIGITS}(?<=0[1-9]...|[1-8]....|9[0-8]...) {_UNITS}{_FR_TOWN}"

# -- Canada, the street line (English or French) ---------------------------------------------
_CA_STREET_FR = (
    rf"{_NUMBER_START}[0-9]{{1,6}}(?:-[0-9]{{1,5}})?,? {_alt(_FR_TYPES)}(?![\w]) "
    r"[\w'.-]+(?: [\w'.-]+){0,5}"
)
_CA_CITY = r"[A-ZÀ-Ý][\w'.-]*(?: [A-ZÀ-Ý][\w'.-]*){0,3}"
_CA_BEFORE = (
    rf"(?:{_US_STREET_LINE}|(?i:{_US_STREET_LOWER}{_US_UNIT}{_LOWER_SEP}"
    rf"{_US_CITY_LOWER})|{_CA_STREET_FR}{_SEP}{_CA_CITY})"
    rf"(?:,? ?(?i:{'|'.join(_CA_PROVINCES)})\.?)?(?:,? ?|\n)\Z"
)

# -- Spain --------------------------------------------------------------------------------
_ES_TYPES = (
    *("calle", "avenida", "avda", "plaza", "pza", "paseo", "camino", "carretera", "ctra"),
    *("ronda", "rambla", "travesía", "travesia", "glorieta", "urbanización", "urbanizacion"),
    *("urb", "pasaje", "bulevar", "callejón", "polígono", "poligono"),
    *("passeig", "carrer", "avinguda", "plaça", "travessera", "rúa"),
)
_ES_TYPE = rf"(?:{_alt(_ES_TYPES)}(?![\w])\.?|(?i:c/|av\.))"
_ES_WORD = r"(?:[A-ZÁÉÍÓÚÑÜ0-9][\w'.-]*|(?:de|del|la|las|los|el|y)(?![\w]))"
_ES_NAME = rf"{_ES_WORD}(?: {_ES_WORD}){{0,6}}?"
# Floor and door after the number: `3o B`, `2o izda.` (NFKC turns º/ª into o/a).
_ES_FLOOR = rf"(?:{_SEP}(?:[0-9]{{1,2}}[oa°]?(?![\w])|bajo|izda\.?|dcha\.?|izq\.?|[A-Z](?![\w])))"
# On an industrial estate the number is the unit's: "Polígono Industrial Sur, nave 12".
_ES_UNIT = r"(?:(?:nave|local|parcela|km\.?) ?)?"
_ES_BEFORE = (
    rf"{_ES_TYPE} ?{_ES_NAME},? ?(?:n[o°.]{{1,2}} ?)?{_ES_UNIT}[0-9]{{1,4}}[A-Za-z]?(?![\w])"
    rf"{_ES_FLOOR}{{0,3}}{_SEP}\Z"
)
_ES_UPPER = "A-ZÁÉÍÓÚÑ"
_ES_TOWN = (
    rf"[{_ES_UPPER}][\w'-]*(?: (?:de|del|la|las|los|el|de la) [{_ES_UPPER}][\w'-]*"
    rf"| [{_ES_UPPER}][\w'-]*){{0,3}}(?: \([{_ES_UPPER}][\w ]{{1,20}}\))?"
)
_ES_SEED = rf"{_FIVE_DIGITS}(?<=0[1-9]...|[1-4]....|5[0-2]...) {_UNITS}{_ES_TOWN}"

# -- Italy --------------------------------------------------------------------------------
_IT_TYPES = (
    *("via", "viale", "piazza", "piazzale", "corso", "largo", "vicolo", "strada", "contrada"),
    *("lungomare", "lungotevere", "borgo", "salita", "località", "localita", "frazione"),
    *("traversa", "galleria", "vico"),
)
_IT_ABBREVIATIONS = ("v.le", "p.zza", "p.za", "c.so", "c.da", "loc.", "fraz.")
_IT_TYPE = rf"(?:{_alt(_IT_TYPES)}(?![\w])|{_alt(_IT_ABBREVIATIONS)})"
_IT_WORD = (
    r"(?:[A-ZÀ-Ý0-9][\w'.-]*|(?:di|de|del|dello|della|dei|degli|delle|al|alla|ai|in)(?![\w])"
    r"|(?:d|dell|sant)'\w+)"
)
_IT_NAME = rf"{_IT_WORD}(?: {_IT_WORD}){{0,6}}?"
_IT_BEFORE = (
    rf"{_IT_TYPE} {_IT_NAME},? ?(?:n\.? ?)?[0-9]{{1,4}}(?: ?/ ?[A-Za-z0-9]{{1,2}}|[A-Za-z])?"
    rf"(?![\w]){_SEP}\Z"
)
_IT_TOWN = (
    r"[A-Z][\w'-]*(?: (?:di|del|della|dei|sul|sulla) [A-Z][\w'-]*"
    r"| (?![A-Z]{2}(?![\w]))[A-Z][\w'-]*){0,3}(?: \(?[A-Z]{2}\)?(?![\w]))?"
)
_IT_SEED = rf"{_FIVE_DIGITS} {_UNITS}{_IT_TOWN}"

# -- Germany, streets with no type word (needs the other shapes' type words) ----------------
# Before a postcode and town a German street may lack the type word when a preposition leads
# it ("Am Hafen 3", "Auf der Höhe 14"); a bare capitalised word before a number is not enough
# ("Berlin 5, 10115 Berlin" is no street). A French, Spanish or Italian type word leads its
# own shape instead.
_NOT_OTHER_TYPE = rf"(?!{_alt((*_FR_TYPES, *_ES_TYPES, *_IT_TYPES))}(?![\w]))"
_DE_STREET_ANY = (
    rf"(?:{_DE_STREET}|(?:Am|An der|Auf der|Auf dem|Im|In der|Zum|Zur|Unter den|Hinter der) "
    rf"{_NOT_OTHER_TYPE}[A-ZÄÖÜ][\w-]+(?: [A-ZÄÖÜ][\w-]+)?)"
)
# A direction or a part number may follow the name: "Gewerbepark Süd 14", "Am Ring II 3".
_DE_PART = r"(?: (?:Nord|Süd|Ost|West|Mitte|[IVX]{1,4})(?![\w]))?"
_DE_BEFORE = rf"{_DE_STREET_ANY}(?:(?<=\.)|(?![\w])){_DE_PART} ?{_DE_NUMBER}{_SEP}\Z"
# ... nor may the street start right after one ("Calle Mayor 10": Spanish, not "Mayor 10").
_DE_NOT_AFTER = rf"(?<![\w]){_alt((*_FR_TYPES, *_ES_TYPES, *_IT_TYPES))} \Z"

# -- Japan --------------------------------------------------------------------------------
# Flat literals (no nested groups), so the scan can skip ahead on their first characters.
_JP_PREFECTURES = (
    *("北海道", "東京都", "京都府", "大阪府", "青森県", "岩手県", "宮城県", "秋田県", "山形県"),
    *("福島県", "茨城県", "栃木県", "群馬県", "埼玉県", "千葉県", "神奈川県", "新潟県", "富山県"),
    *("石川県", "福井県", "山梨県", "長野県", "岐阜県", "静岡県", "愛知県", "三重県", "滋賀県"),
    *("兵庫県", "奈良県", "和歌山県", "鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県"),
    *("香川県", "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県"),
    *("鹿児島県", "沖縄県"),
)
_JP_PREF = "(?:" + "|".join(_JP_PREFECTURES) + ")"
_JP_CHAR = "[\u3005\u3040-\u30ff\u4e00-\u9fff]"
_JP_NUM = "[0-9一二三四五六七八九十]{1,4}"
_JP_MARK = "(?:丁目|番地の?|番|号|-|ー|の)"
# `3丁目1番1号`, `1-2-3`, `北1条西2丁目`
_JP_BLOCK = f"{_JP_NUM}(?:{_JP_MARK}|条)(?:[東西南北]?{_JP_NUM}{_JP_MARK}?){{0,3}}"
_JP_LOCALITY = f"{_JP_CHAR}{{0,20}}?(?:市|区|町|村|郡){_JP_CHAR}{{0,15}}?{_JP_BLOCK}"
# Literal-led (〒 or a prefecture name), one flat branch per literal: SRE then skips ahead
# on their first characters (one group around the names costs fifteen times more). A bare
# postcode before a prefecture is picked up by the optional head.
_JP_SEED = "|".join(
    [rf"〒 ?[0-9]{{3}}[-ー]?[0-9]{{4}}(?:[ \n]?{_JP_PREF}?{_JP_LOCALITY})?"]
    + [f"{p}{_JP_LOCALITY}" for p in _JP_PREFECTURES]
)
_JP_HEAD = r"(?<![0-9])[0-9]{3}-[0-9]{4} ?\Z"
_JP_KEYWORDS = ("〒", "都", "道", "府", "県")
_WORD_PARTS = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class _ShapeSpec:
    """How one national shape is found: a fast `seed` scan (the postcode, or a Japanese
    address), a `head` that must end where the seed starts (the state, the outward code,
    `D-`), and the street line `before`, which must end where the head starts."""

    seed: re.Pattern[str]
    head: re.Pattern[str] | None
    head_required: bool
    before: re.Pattern[str] | None
    keywords: frozenset[Keyword]
    not_after: re.Pattern[str] | None = None
    #: A second prefilter group, when one word list alone is too common ("on" for Ontario).
    keywords2: frozenset[Keyword] = frozenset()


def _tokens(words: Iterable[str]) -> frozenset[Keyword]:
    """Prefilter keywords as whole words of the field (a cheap set test, unlike substrings,
    which each scan the text): `p.zza` and `c/` by their longest word (`zza`, `c`)."""
    return frozenset((True, max(_WORD_PARTS.findall(w.lower()), key=len)) for w in words)


def _substrings(words: Iterable[str]) -> frozenset[Keyword]:
    return frozenset((False, w.lower()) for w in words)


def _shape(
    seed: str,
    head: str | None,
    before: str | None,
    keywords: frozenset[Keyword],
    required: bool = True,
    not_after: str | None = None,
    keywords2: frozenset[Keyword] = frozenset(),
) -> _ShapeSpec:
    return _ShapeSpec(
        re.compile(seed),
        re.compile(head) if head else None,
        required,
        re.compile(before) if before else None,
        keywords,
        re.compile(not_after) if not_after else None,
        keywords2,
    )


SHAPES: dict[str, _ShapeSpec] = {
    # A street with no type word ("77 Broadway") needs its state: state codes are keywords
    # too, except those that are common words ("in", "or", "me", "de", ...).
    "us": _shape(_US_SEED, _US_HEAD, _US_BEFORE, _tokens([*_US_SUFFIXES, "box", *_US_KEY_STATES])),
    # A province code and a street word, both: "on" alone is in most English messages.
    "ca": _shape(
        _CA_SEED,
        _CA_HEAD,
        _CA_BEFORE,
        _tokens(_CA_PROVINCES),
        keywords2=_tokens([*_US_SUFFIXES, *_FR_TYPES]),
    ),
    "uk": _shape(_UK_SEED, _UK_HEAD, _UK_BEFORE, _tokens(_UK_SUFFIXES)),
    # German street words end compounds ("Hauptstraße"), so only substrings would do, and
    # twenty substring tests cost twice the digit-led postcode scan: no prefilter.
    "de": _shape(_DE_SEED, _EU_HEAD, _DE_BEFORE, frozenset(), not_after=_DE_NOT_AFTER),
    "fr": _shape(_FR_SEED, _EU_HEAD, _FR_BEFORE, _tokens([*_FR_TYPES, *_FR_PLACE_TYPES])),
    "es": _shape(_ES_SEED, _EU_HEAD, _ES_BEFORE, _tokens([*_ES_TYPES, "c/", "av."])),
    "it": _shape(_IT_SEED, _EU_HEAD, _IT_BEFORE, _tokens([*_IT_TYPES, *_IT_ABBREVIATIONS])),
    "jp": _shape(_JP_SEED, _JP_HEAD, None, _substrings(_JP_KEYWORDS), required=False),
}


# -- Street lines with no postcode: the street, then a town after "," or a preposition -------
_EN_TOWN = r"(?:,[ ]?|[ ](?:in|at)[ ])[A-Z][a-z][A-Za-z'-]*(?![\w'])"
# Digit-led: the lookbehind sits after the first digit, so the scan skips to digits (fast).
_DIGIT_START = r"[0-9](?<![\w.,/-][0-9])"
_EN_BARE = (
    rf"{_DIGIT_START}[0-9]{{0,4}}[A-Za-z]? (?:{_US_WORD} ){{1,4}}?"
    rf"{_alt(tuple(set(_US_SUFFIXES) | set(_UK_SUFFIXES)))}(?![A-Za-z])\.?{_EN_TOWN}"
)
# Only the unmistakable German street words: "-ring" and "-berg" end product names too.
_DE_BARE_SUFFIXES = ("straße", "strasse", "str.", "allee", "gasse", "platz", "weg")
_DE_BARE = (
    rf"(?<![\w-])(?:[A-ZÄÖÜ][\w-]*?{_alt(_DE_BARE_SUFFIXES)}"
    rf"|(?:[A-ZÄÖÜ][\w.-]* ){{1,2}}{_alt(_DE_BARE_SUFFIXES)})(?:(?<=\.)|(?![\w])) ?{_DE_NUMBER}"
    r"(?:,[ ]?|[ ]in[ ])[A-ZÄÖÜ][a-zäöüß][\w-]*(?![\w])"
)
_FR_BARE = (
    rf"{_DIGIT_START}[0-9]{{0,3}}(?: ?(?:bis|ter)(?![\w]))?,? {_alt(_FR_TYPES)}(?![\w]) "
    rf"{_FR_NAME}(?:,[ ]?|[ ]à[ ])[{_FR_UPPER}][a-zéèàâêîôûç][\w'-]*(?![\w])"
)
_ES_BARE = (
    rf"(?<![\w]){_ES_TYPE} ?{_ES_NAME},? (?:n[o°.]{{1,2}} ?)?[0-9]{{1,4}}[A-Za-z]?(?![\w])"
    rf"(?:,[ ]?|[ ]en[ ])[{_ES_UPPER}][a-záéíóúñ][\w'-]*(?![\w])"
)
_IT_BARE = (
    rf"(?<![\w]){_IT_TYPE} {_IT_NAME},? (?:n\.? ?)?[0-9]{{1,4}}"
    r"(?: ?/ ?[A-Za-z0-9]{1,2}|[A-Za-z])?(?![\w])"
    r"(?:,[ ]?|[ ]a[ ])[A-Z][a-zàèéìòù][\w'-]*(?![\w])"
)
# A city ward and block numbers, with no prefecture: 京都市中京区大黒町58番地.
_JP_BARE = (
    f"[\u4e00-\u9fff]{{1,4}}市[\u4e00-\u9fff]{{1,4}}区{_JP_CHAR}{{0,12}}?"
    f"{_JP_NUM}(?:丁目|番地|番)(?:{_JP_NUM}(?:番地?|号|-|ー))*(?:{_JP_NUM})?"
)


# Where a street name leads (de, es, it), the pattern would be tried at every capital letter:
# a digit-led scan for "number, Town" (or "number in/en/a Town") finds the few places first.
_NUMBER_TOWN = re.compile(
    r"[0-9](?:[A-Za-z]|/[A-Za-z0-9]{1,2})?(?:,[ ]?|[ ](?:in|en|a)[ ])[A-ZÄÖÜÁÉÍÓÚÑÀ-Ý]"
)


@dataclass(frozen=True)
class _BareSpec:
    """A street line with no postcode, run only when one of its keywords is in the field
    (and, with `seed`, only in a window around each seed hit)."""

    pattern: re.Pattern[str]
    keywords: frozenset[Keyword]
    seed: re.Pattern[str] | None = None


BARE: dict[str, _BareSpec] = {
    "us": _BareSpec(re.compile(_EN_BARE), _tokens([*_US_SUFFIXES, *_UK_SUFFIXES])),
    "uk": _BareSpec(re.compile(_EN_BARE), _tokens([*_US_SUFFIXES, *_UK_SUFFIXES])),
    "de": _BareSpec(re.compile(_DE_BARE), _substrings(_DE_BARE_SUFFIXES), _NUMBER_TOWN),
    "fr": _BareSpec(re.compile(_FR_BARE), _tokens(_FR_TYPES)),
    "es": _BareSpec(re.compile(_ES_BARE), _tokens([*_ES_TYPES, "c/", "av."]), _NUMBER_TOWN),
    "it": _BareSpec(re.compile(_IT_BARE), _tokens([*_IT_TYPES, *_IT_ABBREVIATIONS]), _NUMBER_TOWN),
    "jp": _BareSpec(re.compile(_JP_BARE), _substrings(["市"])),
}


class AddressOptions(CheckOptions):
    #: The national shape found by its postcode (with `postcode = true`, the default).
    shape: Shape | None = None
    #: False: find street lines with no postcode, for every shape in `shapes`.
    postcode: bool = True
    shapes: tuple[Shape, ...] = ()
    #: Phrases (`@list` allowed) that, just before an address, make it the buyer's own.
    buyer_cues: tuple[str, ...] = ()


class AddressCheck(Check):
    kind = "contact.address"
    Options = AddressOptions
    options: AddressOptions

    def __init__(self, options: AddressOptions, ctx: CompileContext) -> None:
        super().__init__(options, ctx)
        self.spec: _ShapeSpec | None = None
        self.bare: tuple[_BareSpec, ...] = ()
        if options.postcode:
            if options.shape is None or options.shapes:
                raise ctx.error("a postcode rule names one `shape` (and no `shapes`)", "shape")
            self.spec = SHAPES[options.shape]
            self.keyword_groups = tuple(g for g in (self.spec.keywords, self.spec.keywords2) if g)
        else:
            if not options.shapes or options.shape is not None:
                raise ctx.error("a rule with `postcode = false` names `shapes`", "shapes")
            self.bare = tuple(dict.fromkeys(BARE[s] for s in options.shapes))
            self.keyword_groups = (frozenset().union(*(b.keywords for b in self.bare)),)
        self.cues: regex.Pattern[str] | None = None
        if options.buyer_cues:
            try:
                terms = expand_terms(options.buyer_cues, ctx.lists, None)
            except KeyError as exc:
                raise ctx.error(f"unknown phrase list @{exc.args[0]}", "buyer_cues") from exc
            if terms:
                # The cue, then anything but a sentence end or a blank line up to the address.
                self.cues = ctx.compile_regex(
                    rf"(?:{phrases_pattern(terms)})(?:[^.!?。！？\n]|\n(?!\n)|\.(?! ))*\Z",
                    regex.IGNORECASE,
                    "buyer_cues",
                )

    def run(self, field: FieldView, doc: Document) -> Iterator[Hit]:
        text = field.text
        last_end = 0
        for start, end in self._candidates(field):
            if start < last_end:
                continue
            # The cue may also open the match: a street with no type word can start at the
            # word before it ("Lieferadresse Hauptstraße 5, 10115 Berlin").
            if self.cues is not None and self.cues.search(
                text, max(0, start - CUE_WINDOW), end, timeout=self.timeout
            ):
                continue
            last_end = end
            yield Hit(start, end)

    def _candidates(self, field: FieldView) -> Iterator[tuple[int, int]]:
        text = field.text
        if self.bare:
            yield from self._bare_candidates(field)
            return
        spec = self.spec
        assert spec is not None
        for m in spec.seed.finditer(text):
            start = m.start()
            if spec.head is not None:
                head = spec.head.search(text, max(0, start - 12), start)
                if head is not None:
                    start = head.start()
                elif spec.head_required:
                    continue
            if spec.before is None:
                yield start, m.end()
                continue
            street = spec.before.search(text, max(0, start - WINDOW), start)
            if street is None:
                continue
            s0 = street.start()
            if spec.not_after is not None and spec.not_after.search(text, max(0, s0 - 20), s0):
                continue
            yield s0, m.end()

    def _bare_candidates(self, field: FieldView) -> Iterator[tuple[int, int]]:
        """Street lines of each shape whose keywords the field has, in text order."""
        found: list[tuple[int, int]] = []
        tokens, low = field.tokens, field.lower
        for spec in self.bare:
            if not any((w in tokens) if whole else (w in low) for whole, w in spec.keywords):
                continue
            if spec.seed is None:
                found.extend(m.span() for m in spec.pattern.finditer(field.text))
                continue
            for seed in spec.seed.finditer(field.text):
                pos = seed.start()
                lo, hi = max(0, pos - WINDOW), min(len(field.text), seed.end() + 60)
                found.extend(
                    m.span()
                    for m in spec.pattern.finditer(field.text, lo, hi)
                    if m.start() <= pos < m.end()
                )
        yield from sorted(set(found))
