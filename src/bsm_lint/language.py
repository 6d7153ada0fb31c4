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

__all__ = ["SUPPORTED", "detect_language"]

#: Languages the guess can return.
SUPPORTED = ("en", "de", "fr", "es", "it", "ja")

#: How much text to look at: the opening of a message says which language it is in.
_MAX_CHARS = 2000
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
_WORD = re.compile(r"[a-z\u00df-\u00ff]+(?:'[a-z\u00df-\u00ff]+)?")

# Frequent function words, chosen to tell the five apart; a word shared by two languages
# counts for both, so only the distinctive ones decide.
_STOP_WORDS: dict[str, str] = {
    "en": (
        "the and you your we our is are to of for with this that have has will be it if"
        " please thank thanks would could can not were been us any an or do all from by"
        " as at my me hope let what which when there they their its just about you're"
        " we're don't it's"
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
        " cordialement n'hésitez c'est d'un d'une qu'il leur"
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
_LANGS_OF: dict[str, tuple[str, ...]] = {}
for _lang, _words in _STOP_WORDS.items():
    for _w in _words.split():
        _LANGS_OF[_w] = (*_LANGS_OF.get(_w, ()), _lang)
# Letters that only some of the five use.
_LETTER_HINTS = {"ß": "de", "ä": "de", "ö": "de", "ü": "de", "ñ": "es", "¿": "es", "¡": "es"}
_HINT_CHARS = re.compile("[" + "".join(_LETTER_HINTS) + "]")


def detect_language(*texts: str | None) -> str | None:
    """The language of the texts taken together (body and subject), or None when unsure."""
    text = " ".join(t for t in texts if t)[:_MAX_CHARS]
    if not text:
        return None
    if not text.isascii():
        cjk = len(_CJK.findall(text))
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
    return _latin_language(text.lower())


def _latin_language(low: str) -> str | None:
    counts = dict.fromkeys(_STOP_WORDS, 0)
    for word in _WORD.findall(low):
        langs = _LANGS_OF.get(word)
        if langs:
            for lang in langs:
                counts[lang] += 1
    if not low.isascii():
        for ch in _HINT_CHARS.findall(low):
            counts[_LETTER_HINTS[ch]] += 1
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    (best, hits), (_, second) = ranked[0], ranked[1]
    if (hits >= _MIN_HITS and hits >= _MARGIN * second) or (hits == 2 and second == 0):
        return best
    return None
