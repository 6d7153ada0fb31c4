"""Find the source line of a key path in a TOML document.

Rule packs are parsed with stdlib ``tomllib``, which keeps no positions, and then validated with
pydantic. When pydantic rejects a value we still want to report ``file:line: key: problem``, so
:class:`TomlLocator` makes one linear pass over the (already ``tomllib``-validated) source and
records the 1-based line on which every table, array-of-tables element, key and array element
is defined. It is not a TOML parser: it never raises and, on odd input, records what it can.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["TomlLocator"]

Path = tuple[str | int, ...]
# (kind, text, line); kind is one of "[]{}=,", "\n" (end of line), "s" (string), "b" (bare word)
_Token = tuple[str, str, int]

_PUNCT = frozenset("[]{}=,")
_WORD_END = frozenset(" \t\r\n#\"'[]{}=,")
_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", "e": "\x1b"}


class TomlLocator:
    """Map key paths (as pydantic reports them in ``loc``) to lines of a TOML source."""

    def __init__(self, source: str) -> None:
        self._lines: dict[Path, int] = {}
        self._parse(_tokenize(source))

    def line_of(self, path: Sequence[str | int]) -> int | None:
        """1-based line where `path` is defined; falls back to the closest defined ancestor
        (e.g. the `[[rules]]` header line of that array element); None when nothing matches."""
        key = tuple(path)
        while key:
            line = self._lines.get(key)
            if line is not None:
                return line
            key = key[:-1]
        return None

    # -- the single pass ---------------------------------------------------------------------

    def _parse(self, toks: list[_Token]) -> None:
        aot_sizes: dict[Path, int] = {}  # array-of-tables path -> elements seen so far
        table: Path = ()  # the table that `key = value` lines currently belong to
        stack: list[_Frame] = []  # open arrays / inline tables of the current value
        at_start = True  # at the start of a line, outside any value
        i, n = 0, len(toks)
        while i < n:
            if stack:
                i = self._step(toks, i, stack)
                continue
            kind, _, line = toks[i]
            if kind == "\n":
                at_start = True
                i += 1
            elif not at_start:  # trailing junk after a statement
                i += 1
            elif kind == "[":
                at_start = False
                is_aot = i + 1 < n and toks[i + 1][0] == "["
                keys, i = _read_key(toks, i + (2 if is_aot else 1))
                table = self._header(keys, is_aot, line, aot_sizes)
            else:
                at_start = False
                keys, j = _read_key(toks, i)
                if keys and j < n and toks[j][0] == "=":
                    j = _value(toks, j + 1, self._define(table, keys, line), stack)
                i = max(j, i + 1)

    def _step(self, toks: list[_Token], i: int, stack: list[_Frame]) -> int:
        """Consume the token(s) at `i` inside the innermost open array or inline table."""
        frame = stack[-1]
        kind, _, line = toks[i]
        if kind == ("]" if frame.is_array else "}"):
            stack.pop()
        elif kind == ",":
            frame.ready = True
        elif kind != "\n" and frame.ready:
            frame.ready = False
            if frame.is_array:
                path = (*frame.path, frame.index)
                frame.index += 1
                self._lines[path] = line
                return _value(toks, i, path, stack)
            keys, j = _read_key(toks, i)
            if keys and j < len(toks) and toks[j][0] == "=":
                return _value(toks, j + 1, self._define(frame.path, keys, line), stack)
            return max(j, i + 1)
        return i + 1

    def _define(self, table: Path, keys: list[str], line: int) -> Path:
        """Record dotted `keys` relative to `table`; implicit parents keep their first line."""
        path = table
        for key in keys[:-1]:
            path = (*path, key)
            self._lines.setdefault(path, line)
        path = (*path, keys[-1])
        self._lines[path] = line
        return path

    def _header(self, keys: list[str], is_aot: bool, line: int, sizes: dict[Path, int]) -> Path:
        """Resolve a `[table]` / `[[array]]` header to a path, indexing into arrays of tables."""
        if not keys:
            return ()
        path: Path = ()
        for key in keys[:-1]:
            path = (*path, key)
            self._lines.setdefault(path, line)
            if sizes.get(path):
                path = (*path, sizes[path] - 1)  # the latest element of that array of tables
        path = (*path, keys[-1])
        if is_aot:
            self._lines.setdefault(path, line)
            index = sizes.get(path, 0)
            sizes[path] = index + 1
            path = (*path, index)
        self._lines[path] = line
        return path


@dataclass(slots=True)
class _Frame:
    """An array or inline table whose closing bracket has not been seen yet."""

    path: Path
    is_array: bool
    index: int = 0  # next element index (arrays only)
    ready: bool = True  # a value (array) or a key (inline table) may start here


def _value(toks: list[_Token], i: int, path: Path, stack: list[_Frame]) -> int:
    """Start the value at `i`; arrays and inline tables are pushed and filled in later."""
    if i >= len(toks):
        return i
    kind = toks[i][0]
    if kind in ("[", "{"):
        stack.append(_Frame(path, kind == "["))
        return i + 1
    return i + 1 if kind in ("s", "b") else i


def _read_key(toks: list[_Token], i: int) -> tuple[list[str], int]:
    """Read a possibly dotted key of bare and quoted parts; return the parts and next index."""
    parts: list[str] = []
    while i < len(toks) and toks[i][0] in ("s", "b"):
        kind, text, _ = toks[i]
        if kind == "s":
            parts.append(text)
        else:
            parts.extend(part for part in text.split(".") if part)
        i += 1
    return parts, i


def _tokenize(src: str) -> list[_Token]:
    """Split `src` into tokens; strings (single or multi-line) and comments are never looked in."""
    toks: list[_Token] = []
    i, n, line = 0, len(src), 1
    while i < n:
        c = src[i]
        if c == "\n":
            toks.append(("\n", c, line))
            line += 1
            i += 1
        elif c in " \t\r":
            i += 1
        elif c == "#":
            end = src.find("\n", i)
            i = n if end < 0 else end
        elif c in _PUNCT:
            toks.append((c, c, line))
            i += 1
        elif c in "\"'":
            end, text = _scan_string(src, i)
            toks.append(("s", text, line))
            line += src.count("\n", i, end)
            i = end
        else:
            end = i + 1
            while end < n and src[end] not in _WORD_END:
                end += 1
            toks.append(("b", src[i:end], line))
            i = end
    return toks


def _scan_string(src: str, i: int) -> tuple[int, str]:
    """Scan the string starting at `i`; return its end and (for one-line strings) its value."""
    quote, n = src[i], len(src)
    if src.startswith(quote * 3, i):
        j = i + 3
        while j < n and not src.startswith(quote * 3, j):
            j += 2 if quote == '"' and src[j] == "\\" else 1
        end = min(j + 3, n)
        while end < n and end < j + 5 and src[end] == quote:  # up to two quotes before """
            end += 1
        return end, ""
    out: list[str] = []
    j = i + 1
    while j < n and src[j] not in (quote, "\n"):
        if quote == '"' and src[j] == "\\" and j + 1 < n:
            char, j = _unescape(src, j + 1)
            out.append(char)
        else:
            out.append(src[j])
            j += 1
    return (j + 1 if j < n and src[j] == quote else j), "".join(out)


def _unescape(src: str, i: int) -> tuple[str, int]:
    """Decode the escape whose letter is at `i` (just after a backslash)."""
    letter = src[i]
    width = {"x": 2, "u": 4, "U": 8}.get(letter)
    if width is None:
        return _ESCAPES.get(letter, letter), i + 1
    digits = src[i + 1 : i + 1 + width]
    try:
        return chr(int(digits, 16)), i + 1 + width
    except ValueError:
        return letter, i + 1
