"""Text as a person reads it, with an exact way back to the original offsets.

Sellers hide contact details from filters with fullwidth letters, Cyrillic look-alikes,
zero-width characters and odd spacing. Rules therefore match on a normalised copy:

* NFKC (fullwidth forms, ligatures, compatibility characters),
* format and bidi controls, zero-width characters and variation selectors removed,
* a homoglyph fold (Cyrillic and Greek look-alikes to Latin, typographic quotes and dashes
  to ASCII),
* whitespace runs folded: to one space, to one newline, or to a blank line (two newlines).

Every normalised character remembers the half-open range of original code points that
produced it, so a match `[i, j)` in the normalised text maps back to the smallest original
range that covers every character that produced it. Plain ASCII text with tidy spacing, the
common case, takes a fast path with no per-character work at all.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import lru_cache
from html import unescape as html_unescape

__all__ = ["NormalizedText", "fold_char", "line_col", "normalize"]

# Where the slow path must look: anything not printable ASCII, or a run of spaces/newlines.
# Everything between is copied through untouched.
# (\x1a, the template mask, is plain too: see templates.py.)
_SPECIAL = re.compile(r"[^\x1a\x20-\x7e\n]|[ \n]{2,}")
# In HTML, character references are what the buyer sees decoded: `jane&#64;shop.com`.
_ENTITY = r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
_SPECIAL_HTML = re.compile(rf"[^\x1a\x20-\x7e\n]|[ \n]{{2,}}|{_ENTITY}")
# In ASCII text, only these force the slow path (`_untidy` finds them; this is the
# readable form, and tests hold the two equal).
_ASCII_ANOMALY = re.compile(r"[^\x1a\x20-\x7e\n]| [ \n]|\n | ?\n\n\n")

_NEWLINES = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")

# Look-alike letters (Cyrillic, Greek) and punctuation that sellers use to dodge filters.
# Only one-to-one replacements belong here: they never move an offset.
_FOLD_PAIRS = (
    # Cyrillic lower case
    "аa еe оo рp сc хx уy іi јj ѕs ԁd ԛq ԝw ҺH һh ӏl ԍG ɡg"
    # Cyrillic upper case
    " АA ВB ЕE КK МM НH ОO РP СC ТT ХX УY ІI ЈJ ЅS ԚQ ԜW"
    # Greek
    " αa οo ρp νv ιi κk τt υu χx ΑA ΒB ΕE ΖZ ΗH ΙI ΚK ΜM ΝN ΟO ΡP ΤT ΥY ΧX"
    # Latin look-alikes outside ASCII
    " ıi ȷj ℓl"
    # quotes, dashes, other punctuation
    " ‘' ’' ‚' ‛' ′' “\" ”\" „\" ‟\" ″\" ‐- ‑- ‒- –- —- ―- −- ⁃- ·."
)
_FOLD = {ord(pair[0]): pair[1] for pair in _FOLD_PAIRS.split()}


def fold_char(ch: str) -> str:
    """The one-to-one homoglyph fold of a single character (itself when not folded)."""
    return _FOLD.get(ord(ch), ch)


@lru_cache(maxsize=8192)
def _removable(ch: str) -> bool:
    """Characters a reader never sees: format/bidi controls, zero-width, variation selectors."""
    if unicodedata.category(ch) == "Cf":
        return True
    o = ord(ch)
    return 0xFE00 <= o <= 0xFE0F or 0xE0100 <= o <= 0xE01EF or o == 0x034F


@lru_cache(maxsize=8192)
def _joins_previous(ch: str) -> bool:
    """True when NFKC may merge `ch` into the character before it (combining marks,
    halfwidth voicing marks, Hangul vowels and finals)."""
    decomposed = unicodedata.normalize("NFKD", ch)
    if not decomposed:
        return False
    first = decomposed[0]
    if unicodedata.combining(first):
        return True
    o = ord(first)
    return 0x1160 <= o <= 0x11FF or 0xD7B0 <= o <= 0xD7FF


@lru_cache(maxsize=8192)
def _normalize_cluster(cluster: str) -> str:
    out = _nfkc_keeping_spacing(cluster)
    folded = out.translate(_FOLD)
    if folded != out:  # a folded base may now compose with its marks (Cyrillic А + ̀ -> À)
        folded = _nfkc_keeping_spacing(folded)
    return folded


def _nfkc_keeping_spacing(s: str) -> str:
    """NFKC, except for spacing diacritics (`¯` is " ̄" in NFKC): their whitespace would
    fold differently on a second pass, so those characters stay as they are."""
    out = unicodedata.normalize("NFKC", s)
    if not any(c.isspace() or _removable(c) for c in out):
        return out
    parts = []
    for c in s:
        nc = unicodedata.normalize("NFKC", c)
        parts.append(c if any(x.isspace() or _removable(x) for x in nc) else nc)
    return unicodedata.normalize("NFC", "".join(parts))


def _is_space(ch: str) -> bool:
    return ch.isspace()


def _skip_removable(src: str, i: int) -> int:
    n = len(src)
    while i < n and _removable(src[i]):
        i += 1
    return i


class NormalizedText:
    """A normalised copy of `original` plus the map back.

    `text` is what rules match on. `span(i, j)` turns a normalised half-open range into the
    original half-open range that covers every character that produced it.

    The map is a list of segments, not a table per character: most of a message is copied
    through unchanged, and one "identity" segment maps such a stretch linearly. A "whole"
    segment maps each of its normalised characters to the whole original stretch it came
    from (a folded whitespace run, an NFKC expansion, a cluster).
    """

    __slots__ = ("_seg_norm", "_seg_orig", "_seg_orig_end", "original", "text")

    def __init__(
        self,
        original: str,
        text: str,
        segments: tuple[list[int], list[int], list[int]] | None = None,
    ):
        self.original = original
        self.text = text
        if segments is None:
            self._seg_norm: list[int] | None = None
            self._seg_orig: list[int] = []
            self._seg_orig_end: list[int] = []
        else:
            self._seg_norm, self._seg_orig, self._seg_orig_end = segments

    @property
    def is_identity(self) -> bool:
        """True when the normalised text is the original, offset for offset."""
        return self._seg_norm is None

    def _locate(self, i: int) -> tuple[int, int]:
        """(original start, original end) of the characters that produced normalised `i`."""
        assert self._seg_norm is not None
        k = bisect_right(self._seg_norm, i) - 1
        end = self._seg_orig_end[k]
        if end < 0:  # identity segment
            o = self._seg_orig[k] + (i - self._seg_norm[k])
            return o, o + 1
        return self._seg_orig[k], end

    def orig_start(self, i: int) -> int:
        """Original offset where normalised position `i` begins (`i == len(text)` allowed)."""
        if self._seg_norm is None:
            return i
        if i >= len(self.text):
            return len(self.original)
        return self._locate(i)[0]

    def orig_end(self, i: int) -> int:
        """Original offset just after the characters that produced normalised char `i`."""
        if self._seg_norm is None:
            return i + 1
        return self._locate(i)[1]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map the normalised range `[start, end)` back to the original text."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span [{start}, {end}) outside text of length {len(self.text)}")
        if self._seg_norm is None:
            return start, end
        if start == end:
            o = self.orig_start(start)
            return o, o
        return self._locate(start)[0], self._locate(end - 1)[1]

    def __repr__(self) -> str:
        return f"NormalizedText({self.text!r})"


def normalize(original: str, *, html: bool = False) -> NormalizedText:
    """Normalise `original` (see the module docstring) and keep the offset map. With `html`,
    character references (`&#64;`, `&amp;`) are decoded too."""
    if html and "&" in original:
        return _normalize_slow(original, _SPECIAL_HTML)
    if original.isascii():
        if not _untidy(original):
            return NormalizedText(original, original)
    else:
        plain = _normalize_plain(original)
        if plain is not None:
            return plain
    return _normalize_slow(original, _SPECIAL)


# Spacing the slow path would fold, and ASCII control characters (besides the mask).
# Readable form of `_untidy`; tests hold the two equal.
_SPACING_ANOMALY = re.compile(r"[\x00-\x09\x0b-\x19\x1b-\x1f\x7f]| [ \n]|\n | ?\n\n\n")
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x19\x1b-\x1f\x7f]")


def _untidy(text: str) -> bool:
    """`_SPACING_ANOMALY.search(text) is not None` (in ASCII text, the same as
    `_ASCII_ANOMALY`), at a tenth of the cost: that alternation starts with no character
    class, so `re` tried all its branches at every position (17 us a message); substring
    tests and one character-class scan do not."""
    return (
        "  " in text
        or " \n" in text
        or "\n " in text
        or "\n\n\n" in text
        or _CONTROL.search(text) is not None
    )


_ASCII_RUN = re.compile(r"[\x00-\x7f]+")
_PLAIN, _FOLDED, _OTHER = 0, 1, 2


@lru_cache(maxsize=8192)
def _char_kind(ch: str) -> int:
    """How the slow path treats a non-ASCII character standing alone between plain ones:
    copied (`_PLAIN`), replaced one-to-one by its homoglyph fold (`_FOLDED`), or anything
    else (`_OTHER`: spacing, invisible, composing with a neighbour, NFKC-changed)."""
    if ch.isspace() or _removable(ch) or _joins_previous(ch):
        return _OTHER
    if unicodedata.normalize("NFKC", ch) != ch:
        return _OTHER
    if ord(ch) in _FOLD:
        folded = _FOLD[ord(ch)]
        return _FOLDED if unicodedata.normalize("NFKC", folded) == folded else _OTHER
    return _PLAIN


def _normalize_plain(original: str) -> NormalizedText | None:
    """Non-ASCII text that needs no per-character work: every non-ASCII character is
    already NFKC, visible, no space, and composes with nothing, so NFKC leaves the text as
    it is; homoglyphs then fold one for one, which moves no offset. Accented European text
    and Japanese usually qualify (about half of the messages the slow path used to take).
    None when the slow path is needed."""
    if _untidy(original):
        return None
    folds: list[str] = []
    # The distinct non-ASCII characters: ASCII runs cut out first (accented text has few
    # others), rather than a set of every character.
    for ch in set(_ASCII_RUN.sub("", original)):
        kind = _char_kind(ch)
        if kind == _OTHER:
            return None
        if kind == _FOLDED:
            folds.append(ch)
    if not folds:
        return NormalizedText(original, original)
    text = original
    for ch in folds:  # `str.replace` per distinct look-alike: `translate` is 10x slower here
        text = text.replace(ch, _FOLD[ord(ch)])
    # One identity segment: offsets map one for one, yet `is_identity` stays False, so
    # callers that need the characters as written (look-alike hosts) read the original.
    return NormalizedText(original, text, ([0], [0], [-1]))


def _normalize_slow(src: str, special: re.Pattern[str]) -> NormalizedText:
    out: list[str] = []
    seg_norm: list[int] = []
    seg_orig: list[int] = []
    seg_orig_end: list[int] = []
    nlen = 0  # length of the normalised text so far
    n = len(src)
    pos = 0

    def emit_identity(a: int, b: int) -> None:
        nonlocal nlen
        if a >= b:
            return
        out.append(src[a:b])
        # Extend the previous identity segment when this one continues it.
        if not (seg_norm and seg_orig_end[-1] < 0 and seg_orig[-1] + (nlen - seg_norm[-1]) == a):
            seg_norm.append(nlen)
            seg_orig.append(a)
            seg_orig_end.append(-1)
        nlen += b - a

    def emit_whole(piece: str, a: int, b: int) -> None:
        nonlocal nlen
        if piece:
            out.append(piece)
            seg_norm.append(nlen)
            seg_orig.append(a)
            seg_orig_end.append(b)
            nlen += len(piece)

    while pos < n:
        m = special.search(src, pos)
        if m is None:
            emit_identity(pos, n)
            break
        i = m.start()
        ch = src[i]
        if ch == "&" and m.end() - i > 1:  # an HTML character reference
            emit_identity(pos, i)
            decoded = html_unescape(m.group())
            piece = " " if decoded.isspace() else _normalize_cluster(decoded)
            emit_whole(piece, i, m.end())
            pos = m.end()
            continue
        if _is_space(ch) or (
            _removable(ch)
            and i > pos
            and _is_space(src[i - 1])
            and _skip_removable(src, i) < n
            and _is_space(src[_skip_removable(src, i)])
        ):
            while i > pos and src[i - 1] in " \n":
                i -= 1  # the run began inside the plain chunk
            j = i
            newlines = 0
            while j < n and (_is_space(src[j]) or _removable(src[j])):
                c = src[j]
                if c in _NEWLINES and not (c == "\n" and j > 0 and src[j - 1] == "\r"):
                    newlines += 1
                j += 1
            emit_identity(pos, i)
            piece = " " if newlines == 0 else ("\n" if newlines == 1 else "\n\n")
            if src[i:j] == piece:
                emit_identity(i, j)
            else:
                emit_whole(piece, i, j)
            pos = j
            continue
        k = i  # where the cluster starts
        if _removable(ch):
            r = _skip_removable(src, i)
            base_before = i > pos and not _is_space(src[i - 1])
            if not (r < n and _joins_previous(src[r]) and base_before):
                emit_identity(pos, i)
                pos = r
                continue
            k = i - 1  # invisible characters between a base and its combining mark
        elif _joins_previous(ch) and i > pos and not _is_space(src[i - 1]):
            k = i - 1  # the base is the plain ASCII character just before
        # A cluster: a base character and whatever NFKC may merge into it.
        emit_identity(pos, k)
        j = k + 1
        while j < n:
            if _joins_previous(src[j]):
                j += 1
                continue
            if _removable(src[j]):
                r = _skip_removable(src, j)
                if r < n and _joins_previous(src[r]):
                    j = r
                    continue
            break
        cluster = src[k:j]
        visible = "".join(c for c in cluster if not _removable(c))
        piece = _normalize_cluster(visible) if visible else ""
        if piece == cluster:
            emit_identity(k, j)
        else:
            emit_whole(piece, k, j)
        pos = j
    text = "".join(out)
    if text == src and len(seg_norm) == 1 and seg_orig_end[0] < 0 and seg_orig[0] == 0:
        return NormalizedText(src, src)
    return NormalizedText(src, text, (seg_norm, seg_orig, seg_orig_end))


class LineIndex:
    """Turns code-point offsets into 1-based line and column numbers."""

    __slots__ = ("_starts",)

    def __init__(self, text: str):
        starts = [0]
        find = text.find
        i = find("\n")
        while i != -1:
            starts.append(i + 1)
            i = find("\n", i + 1)
        self._starts = starts

    def line_col(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of `offset` in `text`."""
    return LineIndex(text).line_col(offset)


# A word character of a script that separates words with spaces (Latin, Greek, Cyrillic,
# digits). CJK and kana are deliberately absent: they take no word boundaries.
SPACED_WORD_CLASS = (
    r"0-9A-Za-z_\u00aa\u00b5\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02af"
    r"\u0370-\u03ff\u0400-\u052f\u1e00-\u1eff"
)
CJK_CLASS = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\uff66-\uff9f"
_SPACED_WORD_CHAR = re.compile(f"[{SPACED_WORD_CLASS}]")


def is_spaced_word_char(ch: str) -> bool:
    """True for a letter or digit of a script that separates words with spaces."""
    return _SPACED_WORD_CHAR.match(ch) is not None
