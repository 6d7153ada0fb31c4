"""A light, offline guess of a message's language, for rules that apply per language.

Phrase lists are written per language; a message in a known language is matched against its
own lists only, which keeps cross-language homographs out (Spanish "sale" is "leaves", not
a sale; Italian "rate" are instalments). The guess is deliberately shy: scripts first
(Japanese needs kana), then counts of very common function words for the Latin-script
languages. When the text is short, mixed or unclear it returns None, and the rules then use
every language's lists, which is the safe fallback.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Protocol

__all__ = ["FUNCTION_WORDS", "SUPPORTED", "detect_fields", "detect_language"]


class _Field(Protocol):
    """What `detect_fields` reads of a field (checks.base.FieldView)."""

    text: str

    @property
    def tokens(self) -> frozenset[str]: ...

    @property
    def lower(self) -> str: ...

    @property
    def non_ascii(self) -> frozenset[str]: ...


#: Languages the guess can return.
SUPPORTED = ("en", "de", "fr", "es", "it", "ja")

#: How much text to look at: scripts are counted over this much, function words over the
#: first `_LATIN_CHARS` (a hundred words or so settle it).
_MAX_CHARS = 2000
_LATIN_CHARS = 1000
#: Fewest function words the winner needs, and by how much it must beat the runner-up
#: (two suffice when no other language has any).
_MIN_HITS = 3
_MARGIN = 2.0

_KANA = re.compile(r"[\u3040-\u30ff\uff66-\uff9f]")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
# Links and addresses are Latin letters in any language: they do not count.
_URLISH = re.compile(r"(?:https?://|www\.)[\x21-\x7e]*|[\w.+-]+@[\w.-]+", re.ASCII)
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")
_WORD = re.compile(r"[a-z\u00df-\u00ff]+")

# Frequent function words, chosen to tell the five apart; a word shared by two languages
# counts for both, so only the distinctive ones decide.
_STOP_WORDS: dict[str, str] = {
    "en": (
        "the and you your we our is are to of for with this that have has will be it if"
        " please thank thanks would could can not were been us any an or do all from by"
        " as at my me hope let what which when there they their its just about"
    ),
    "de": (
        "der die das und ist sie ihr ihre ihren ihnen wir uns unser unsere nicht mit für"
        " auf ein eine einen einem dem den zu von bei bitte vielen dank sehr haben hat wird"
        " werden auch ich oder wenn sind kann können noch nach aus über gerne freundlichen"
        " grüßen grüssen ihrer ihrem sich wie wurde diese dieser dass zum zur"
    ),
    "fr": (
        "le les des du et est vous votre vos nous notre nos pour avec pas que qui dans sur"
        " merci ce cette ne au aux sont avez êtes être avoir bien très je mon mes été"
        " cordialement leur"
    ),
    "es": (
        "el los las y es usted ustedes su sus nosotros nuestro nuestra nuestros para por"
        " muy gracias está están como pero más este esta hemos tiene puede cuando también"
        " saludos atentamente estimado estimada ya"
    ),
    "it": (
        "il gli di e è che per non sono siamo abbiamo suo sua vostro vostra nostro nostra"
        " grazie molto anche questo questa ci ti alla nel nella dei degli delle della lei"
        " cordiali saluti gentile distinti può"
    ),
}
#: The function words of the five Latin-script languages: too frequent to be prefilter keys.
FUNCTION_WORDS = frozenset(w for words in _STOP_WORDS.values() for w in words.split())
_LANGS_OF: dict[str, tuple[str, ...]] = {}
for _lang, _words in _STOP_WORDS.items():
    for _w in _words.split():
        _LANGS_OF[_w] = (*_LANGS_OF.get(_w, ()), _lang)
_FUNCTION_WORD_SET = frozenset(_LANGS_OF)  # `&` with a set walks the smaller side
# Letters that only some of the five use.
_LETTER_HINTS = {"ß": "de", "ä": "de", "ö": "de", "ü": "de", "ñ": "es", "¿": "es", "¡": "es"}
# Those that can be part of a word (`¿`, `¡` never are, so never count).
_WORD_HINTS = tuple((ch, lang) for ch, lang in _LETTER_HINTS.items() if ch.isalpha())


def detect_language(*texts: str | None) -> str | None:
    """The language of the texts taken together (body and subject), or None when unsure."""
    text = " ".join(t for t in texts if t)[:_MAX_CHARS]
    if not text:
        return None
    script = _script(text)
    if script != "latin":
        return script
    return _latin_language(frozenset(_WORD.findall(text.lower(), 0, _LATIN_CHARS)))


def detect_fields(fields: Iterable[_Field]) -> str | None:
    """`detect_language` for the engine's fields: the same verdict from the words the
    prefilter has already collected, so detection costs a set intersection."""
    fields = list(fields)
    text = " ".join(f.text for f in fields if f.text)[:_MAX_CHARS]
    if not text:
        return None
    script = _script(text)
    if script != "latin":
        return script
    words = fields[0].tokens if len(fields) == 1 else frozenset().union(*(f.tokens for f in fields))
    if text.isascii():
        return _latin_language(words, True)
    # A hint letter is a word character, so it is in a word exactly when it is in the text:
    # a set test (hint letters are not ASCII) instead of joining the accented words.
    hints = [lang for ch, lang in _WORD_HINTS if any(ch in f.non_ascii for f in fields)]
    return _latin_language(words, hints=hints)


def _script(text: str) -> str | None:
    """ "ja", None (another script, or mixed), or "latin" when function words must decide."""
    if text.isascii():
        return "latin"
    cjk = len(_CJK.findall(text)) if _CJK.search(text) else 0
    if cjk:
        latin = len(_LATIN_LETTER.findall(_URLISH.sub(" ", text)))
        kana = len(_KANA.findall(text))
        # Japanese needs kana (kanji alone may be Chinese); a long Latin part makes the
        # message bilingual, and then no single language's lists will do.
        if kana >= 2 and cjk >= latin:
            return "ja"
        if cjk >= 4:
            return None
    if _HANGUL.search(text):
        return None
    return "latin"


def _latin_language(
    words: frozenset[str], ascii_only: bool = False, hints: list[str] | None = None
) -> str | None:
    """Distinct function words of each language among `words`; letters only some use
    (`hints`: the languages of those letters, when the caller has found them already)."""
    counts = dict.fromkeys(_STOP_WORDS, 0)
    for word in words & _FUNCTION_WORD_SET:
        for lang in _LANGS_OF[word]:
            counts[lang] += 1
    if hints is None:
        accented = "" if ascii_only else "".join(w for w in words if not w.isascii())
        hints = [lang for ch, lang in _LETTER_HINTS.items() if ch in accented] if accented else []
    for lang in hints:
        counts[lang] += 1
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    (best, hits), (_, second) = ranked[0], ranked[1]
    if (hits >= _MIN_HITS and hits >= _MARGIN * second) or (hits == 2 and second == 0):
        return best
    return None
