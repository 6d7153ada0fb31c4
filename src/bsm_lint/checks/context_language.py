"""`context.language`: text not in the buyer's language of preference (MSG-MODEL: every
`text` "must be in the buyer's language of preference", read with GetAttributes).

Two sources of the text's language: what the caller declared (`Message.language`, certain),
and an offline detection that answers only when it is confident: the script for Japanese,
Chinese, Korean, Arabic, Hebrew, Greek and Thai; frequent function words for the Latin-script
languages of Amazon's marketplaces (en, de, fr, es, it, nl, pt, sv, pl, tr), from at least
`min_words` words. A suspected mismatch is cross-checked with the project's
`language.detect_language` (which picks phrase lists for the text rules) when that one knows
the buyer's language; if it reads the text as the buyer's, there is no finding. Detection
also reads attachment text (`attachment:N`): legal and warranty documents must be in the
buyer's language too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar, Literal

from pydantic import Field

from ..language import SUPPORTED as SHARED_LANGUAGES
from ..language import detect_language as shared_detect
from .base import CheckOptions, CompileContext, Document, MessageCheck, MessageHit
from .context_common import language_of_locale

__all__ = ["LanguageCheck", "detect_language", "text_language"]

LANGUAGE_NAMES = {
    "ar": "Arabic", "de": "German", "el": "Greek", "en": "English", "es": "Spanish",
    "fr": "French", "he": "Hebrew", "hi": "Hindi", "it": "Italian", "ja": "Japanese",
    "ko": "Korean", "nl": "Dutch", "pl": "Polish", "pt": "Portuguese", "ru": "Russian",
    "sv": "Swedish", "th": "Thai", "tr": "Turkish", "zh": "Chinese",
}  # fmt: skip

# Frequent function words; a word in several lists counts for each, split between them.
_STOP_WORDS = {
    "en": "the and you your for with this that is are we our to of have has will please"
    " thank thanks be it in on not can if from would could us any was an no",
    "de": "der die das und ist nicht sie ihre ihr ihnen wir uns mit für auf ein eine einen"
    " bitte vielen dank zu den dem von haben wird sich ich es bei noch auch oder sind wurde",
    "fr": "le la les et est vous votre vos nous pour avec une des du dans que qui pas sur"
    " merci ce cette au aux sont avez je il être été notre nos de en",
    "es": "el la los las y es usted su sus nosotros para con una del que por no gracias"
    " en al se lo le está muy hemos nuestro nuestra como pero de",
    "it": "il lo la gli le e è non lei suo sua noi per con una del della che di grazie"
    " in al sono ha abbiamo nostro nostra questo ci",
    "nl": "de het een en is niet u uw wij we met voor op van dat die bedankt dank zijn"
    " heeft ook wordt onze ons",
    "pt": "o os as e é não de você seu sua nós para com uma do da que obrigado obrigada em"
    " no na pelo pela nosso nossa",
    "sv": "och är inte du din ditt vi med för på en ett att det som tack har av vår oss",
    "pl": "w z na nie jest się do że to dla dziękujemy pan pani państwa jak",
    "tr": "ve bir bu için ile değil siz sizin teşekkür ederiz çok da de olarak",
}
_WORD_LANGS: dict[str, tuple[str, ...]] = {}
for _lang, _words in _STOP_WORDS.items():
    for _w in _words.split():
        _WORD_LANGS[_w] = (*_WORD_LANGS.get(_w, ()), _lang)

_LATIN_WORD = re.compile(r"[a-zà-öø-ÿĀ-ſ]+")
# Scripts that name a language on their own; kana before Han (Japanese mixes both).
_SCRIPTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("kana", re.compile(r"[\u3040-\u30ff\uff66-\uff9f]")),
    ("han", re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")),
    ("ko", re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")),
    ("ar", re.compile(r"[\u0600-\u06ff\u0750-\u077f]")),
    ("he", re.compile(r"[\u0590-\u05ff]")),
    ("el", re.compile(r"[\u0370-\u03ff]")),
    ("th", re.compile(r"[\u0e00-\u0e7f]")),
)
_LETTER = re.compile(r"[^\W\d_]")
_NON_LATIN = re.compile(
    "[\u0370-\u03ff\u0590-\u06ff\u0750-\u077f\u0e00-\u0e7f\u1100-\u11ff\u3040-\u30ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f]"
)
_SAMPLE = 2000
_CROSS_CHECK = 1000  # characters given to the shared detector to confirm a mismatch


def detect_language(text: str, min_words: int = 8) -> str | None:
    """The ISO 639-1 code of `text`'s language when the evidence is clear, else None."""
    sample = text[:_SAMPLE]
    if _NON_LATIN.search(sample):
        return _by_script(sample, min_words)
    return _by_words(_LATIN_WORD.findall(sample.lower()), min_words)


def _by_script(sample: str, min_words: int) -> str | None:
    letters = len(_LETTER.findall(sample))
    if letters < 12:
        return None
    scripts = {name: len(rx.findall(sample)) for name, rx in _SCRIPTS}
    kana, han = scripts.pop("kana"), scripts.pop("han")
    if kana + han >= 0.3 * letters:
        if kana >= 0.1 * (kana + han) or kana >= 10:
            return "ja"
        return "zh" if kana == 0 else None
    for lang, n in scripts.items():
        if n >= 0.5 * letters:
            return lang
    if kana + han + sum(scripts.values()) > 0.1 * letters:
        return None  # a real mix of scripts: no confident answer
    return _by_words(_LATIN_WORD.findall(sample.lower()), min_words)


def _by_words(words: list[str], min_words: int) -> str | None:
    if len(words) < min_words:
        return None
    score: dict[str, float] = {}  # a word of several lists counts for each, split
    for w in words:
        langs = _WORD_LANGS.get(w)
        if langs:
            for lang in langs:
                score[lang] = score.get(lang, 0.0) + 1 / len(langs)
    ranked = sorted(score.items(), key=lambda kv: -kv[1])[:2]
    if not ranked:
        return None
    best, top = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    if top >= 3 and top >= 2 * second and top >= 0.12 * len(words):
        return best
    return None


def text_language(text: str, buyer: str, min_words: int = 8) -> str | None:
    """The language of `text` when it is confidently not `buyer`'s, else `buyer` or None.
    A suspected mismatch is checked with the project's own detector when it knows the
    buyer's language: if that one reads the text as the buyer's language, no verdict."""
    found = detect_language(text, min_words)
    if found is None or found == buyer or buyer not in SHARED_LANGUAGES:
        return found
    return None if shared_detect(text[:_CROSS_CHECK]) == buyer else found


def _name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


class LanguageOptions(CheckOptions):
    """`source`: `declared` compares `Message.language` (certain); `detected` runs the
    offline detector on the body (when no language is declared) and on attachment text."""

    source: Literal["declared", "detected"] = "detected"
    min_words: int = Field(default=8, ge=3)


class LanguageCheck(MessageCheck):
    kind = "context.language"
    Options = LanguageOptions
    options: LanguageOptions
    provides: ClassVar[frozenset[str]] = frozenset(
        {"text_language", "buyer_language", "locale", "where"}
    )

    def __init__(self, options: LanguageOptions, ctx: CompileContext) -> None:
        super().__init__(options, ctx)

    def run_message(self, doc: Document) -> Iterator[MessageHit]:
        locale = doc.context.buyer_locale
        buyer = language_of_locale(locale)
        if buyer is None:
            return
        assert locale is not None
        declared = doc.message.language
        if self.options.source == "declared":
            if declared is not None and declared != buyer:
                yield self._hit("body", "The message", declared, buyer, locale)
            return
        for field in doc.fields:
            if field.name == "subject" or (field.name == "body" and declared is not None):
                continue
            found = text_language(field.text, buyer, self.options.min_words)
            if found is not None and found != buyer:
                where = "The message" if field.name == "body" else "The attached file"
                yield self._hit(field.name, where, found, buyer, locale)

    @staticmethod
    def _hit(field: str, where: str, text_lang: str, buyer: str, locale: str) -> MessageHit:
        data = {
            "text_language": _name(text_lang),
            "buyer_language": _name(buyer),
            "locale": locale,
            "where": where,
        }
        return MessageHit(field, 0, 0, data)
