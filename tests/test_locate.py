"""Tests for bsm_lint.packs.locate.TomlLocator."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bsm_lint.packs.locate import TomlLocator

Path = tuple[str | int, ...]


def locate(source: str) -> TomlLocator:
    tomllib.loads(source)  # every fixture below is valid TOML, as it is in production
    return TomlLocator(source)


# -- concrete cases, one per feature -------------------------------------------------------------

PACK = """\
# A rule pack.
[pack]
id = "amazon-bsm"   # trailing comment
version = 1

[lists.negation]
en = ["not", "never"]

[[rules]]
id = "no-links"
[rules.options]
terms = ["http", "www"]

[[rules]]
id = "no-phone"
examples.fail = ["call 555", "ring me"]

[[rules]]
id = "no-review-ask"
[rules.options]
case = false
terms = [
    "review",
    "feedback", "stars",
]
"""


def test_keys_in_tables() -> None:
    loc = locate(PACK)
    assert loc.line_of(("pack",)) == 2
    assert loc.line_of(("pack", "id")) == 3
    assert loc.line_of(("pack", "version")) == 4
    assert loc.line_of(("lists", "negation", "en")) == 7
    assert loc.line_of(("lists", "negation")) == 6
    assert loc.line_of(("lists",)) == 6  # implicitly created by [lists.negation]


def test_array_of_tables_elements_and_sub_tables() -> None:
    loc = locate(PACK)
    assert loc.line_of(("rules",)) == 9
    assert loc.line_of(("rules", 0)) == 9
    assert loc.line_of(("rules", 1)) == 14
    assert loc.line_of(("rules", 2)) == 18
    assert loc.line_of(("rules", 0, "options", "terms")) == 12
    assert loc.line_of(("rules", 2, "options", "terms")) == 22
    assert loc.line_of(("rules", 2, "options", "case")) == 21
    assert loc.line_of(("rules", 1, "id")) == 15


def test_fallback_to_closest_ancestor() -> None:
    loc = locate(PACK)
    assert loc.line_of(("rules", 1, "unknown_key")) == 14  # the [[rules]] header
    assert loc.line_of(("rules", 2, "options", "nope")) == 20  # the [rules.options] header
    assert loc.line_of(("pack", "id", "deeper", 3)) == 3
    assert loc.line_of(("rules", 7, "id")) == 9  # no such element: the array itself


def test_nothing_matches() -> None:
    loc = locate(PACK)
    assert loc.line_of(()) is None
    assert loc.line_of(("missing",)) is None
    assert loc.line_of((0,)) is None
    assert TomlLocator("").line_of(("a",)) is None


def test_array_elements() -> None:
    loc = locate(PACK)
    assert loc.line_of(("rules", 1, "examples", "fail", 1)) == 16  # one-line array
    assert loc.line_of(("rules", 1, "examples", "fail", 9)) == 16  # out of range: the key
    assert loc.line_of(("rules", 2, "options", "terms", 0)) == 23
    assert loc.line_of(("rules", 2, "options", "terms", 1)) == 24
    assert loc.line_of(("rules", 2, "options", "terms", 2)) == 24
    assert loc.line_of(("rules", 2, "options", "terms", 3)) == 22


def test_comments_are_ignored() -> None:
    loc = locate('# [fake]\n# x = 1\na = 1 # b = 2\n[t] # [u]\n  # c = 3\nd = "#no" # e = 4\n')
    assert loc.line_of(("a",)) == 3
    assert loc.line_of(("t", "d")) == 6
    for path in [("fake",), ("x",), ("b",), ("u",)]:
        assert loc.line_of(path) is None
    assert loc.line_of(("t", "c")) == 4  # not defined: falls back to [t]
    assert loc.line_of(("t", "e")) == 4


def test_dotted_and_quoted_header_keys() -> None:
    loc = locate(
        '["a.b".c]\nx = 1\n[ site . "google.com" ]\ny = 2\n[\'lit.eral\'.z]\nw = 3\n'
        '[dog."tater.man"]\ntype.name = "pug"\n'
    )
    assert loc.line_of(("a.b", "c", "x")) == 2
    assert loc.line_of(("a", "b")) is None
    assert loc.line_of(("site", "google.com", "y")) == 4
    assert loc.line_of(("lit.eral", "z", "w")) == 6
    assert loc.line_of(("dog", "tater.man", "type", "name")) == 8
    assert loc.line_of(("dog", "tater.man", "type")) == 8


def test_table_defined_after_its_sub_table() -> None:
    loc = locate("[a.b]\nx = 1\n\n[a]\ny = 2\n")
    assert loc.line_of(("a",)) == 4
    assert loc.line_of(("a", "b", "x")) == 2
    assert loc.line_of(("a", "y")) == 5


def test_nested_arrays_of_tables() -> None:
    loc = locate(
        "[[rules]]\n"  # 1
        'id = "r0"\n'
        "[[rules.examples.fix]]\n"  # 3
        'before = "a"\n'
        "[[rules.examples.fix]]\n"  # 5
        'before = "b"\n'
        "[rules.examples.fix.meta]\n"  # 7: belongs to fix[1]
        "note = 1\n"
        "[[rules]]\n"  # 9
        'id = "r1"\n'
        "[[rules.examples.fix]]\n"  # 11: index restarts for the new rule
        'before = "c"\n'
    )
    assert loc.line_of(("rules", 0, "examples", "fix", 0, "before")) == 4
    assert loc.line_of(("rules", 0, "examples", "fix", 1, "before")) == 6
    assert loc.line_of(("rules", 0, "examples", "fix", 1, "meta", "note")) == 8
    assert loc.line_of(("rules", 0, "examples", "fix", 1, "bad")) == 5
    assert loc.line_of(("rules", 0, "examples")) == 3
    assert loc.line_of(("rules", 1, "examples", "fix", 0, "before")) == 12
    assert loc.line_of(("rules", 1, "examples", "fix", 0)) == 11
    assert loc.line_of(("rules", 1, "examples", "fix", 1)) == 11


def test_bare_quoted_and_literal_keys() -> None:
    loc = locate(
        'bare-key_1 = 1\n"quoted key" = 2\n\'literal "key"\' = 3\n"a.b" = 4\n'
        '"esc \\" \\\\ \\u00e9" = 5\n"" = 6\n1234 = 7\n'
    )
    assert loc.line_of(("bare-key_1",)) == 1
    assert loc.line_of(("quoted key",)) == 2
    assert loc.line_of(('literal "key"',)) == 3
    assert loc.line_of(("a.b",)) == 4
    assert loc.line_of(("a",)) is None
    assert loc.line_of(('esc " \\ é',)) == 5
    assert loc.line_of(("",)) == 6
    assert loc.line_of(("1234",)) == 7


def test_dotted_keys_are_relative_to_the_current_table() -> None:
    loc = locate(
        'name.first = "x"\n[[rules]]\noptions.terms = ["a"]\noptions . "case.fold" = true\n'
        "3.14 = 1\n"
    )
    assert loc.line_of(("name", "first")) == 1
    assert loc.line_of(("rules", 0, "options", "terms")) == 3
    assert loc.line_of(("rules", 0, "options", "case.fold")) == 4
    assert loc.line_of(("rules", 0, "options")) == 3  # first line that created it
    assert loc.line_of(("rules", 0, "3", "14")) == 5
    assert loc.line_of(("options", "terms")) is None


def test_inline_tables() -> None:
    loc = locate(
        "[[rules]]\n"
        'meta = { a = 1, b.c = "}", d = { e = [1, { f = 2 }] } }\n'
        "pts = [ { x = 1 }, { x = 2, y = 3 } ]\n"
        "after = 1\n"
    )
    assert loc.line_of(("rules", 0, "meta")) == 2
    assert loc.line_of(("rules", 0, "meta", "a")) == 2
    assert loc.line_of(("rules", 0, "meta", "b", "c")) == 2
    assert loc.line_of(("rules", 0, "meta", "d", "e", 1, "f")) == 2
    assert loc.line_of(("rules", 0, "pts", 1, "y")) == 3
    assert loc.line_of(("rules", 0, "after")) == 4
    assert loc.line_of(("rules", 0, "b")) == 1  # only inside the inline table: [[rules]]
    assert loc.line_of(("rules", 0, "x")) == 1


def test_inline_table_elements_of_multi_line_array() -> None:
    loc = locate("fix = [\n  { before = 'a', after = 'b' },\n\n  { before = 'c' },\n]\nz = 0\n")
    assert loc.line_of(("fix", 0, "after")) == 2
    assert loc.line_of(("fix", 1, "before")) == 4
    assert loc.line_of(("fix", 1, "other")) == 4
    assert loc.line_of(("z",)) == 6


def test_multi_line_strings_are_text() -> None:
    loc = locate(
        'a = """\n'  # 1
        "[fake]\n"
        "[[rules]]\n"
        'k = "v"\n'
        '\\""" still inside\n'  # an escaped delimiter
        'x.y = 1 """\n'  # 6: closes
        "b = '''\n"  # 7
        "[[rules]]\n"
        'q = """\n'
        "'''\n"  # 10: closes
        'c = """quote at end""""\n'  # 11
        "d = '''''two quotes'''''\n"  # 12
        "[[rules]]\n"  # 13
        "id = 1\n"
    )
    assert loc.line_of(("a",)) == 1
    assert loc.line_of(("b",)) == 7
    assert loc.line_of(("c",)) == 11
    assert loc.line_of(("d",)) == 12
    assert loc.line_of(("rules", 0)) == 13
    assert loc.line_of(("rules", 0, "id")) == 14
    assert loc.line_of(("rules",)) == 13  # the headers inside strings were not counted
    assert loc.line_of(("rules", 1)) == 13  # no second element: falls back to the array
    for path in [("fake",), ("k",), ("x",), ("q",)]:
        assert loc.line_of(path) is None


def test_multi_line_arrays_are_not_parsed_as_keys_or_headers() -> None:
    loc = locate(
        "terms = [\n"  # 1
        '  "a ] b",  # [fake]\n'
        "  [ 1, 2 ],\n"  # 3: a nested array, not a header
        "  # k = v\n"
        "  '''\n"  # 5: element 2 starts here
        "[also.fake]\n"
        "  ''', \"x, y\",\n"  # 7: element 3
        "  1979-05-27 07:32:00, 2,\n"  # 8: a date-time with a space is one element
        "]\n"
        "after = 1\n"  # 10
    )
    assert loc.line_of(("terms",)) == 1
    assert loc.line_of(("terms", 0)) == 2
    assert loc.line_of(("terms", 1)) == 3
    assert loc.line_of(("terms", 1, 1)) == 3
    assert loc.line_of(("terms", 2)) == 5
    assert loc.line_of(("terms", 3)) == 7
    assert loc.line_of(("terms", 4)) == 8
    assert loc.line_of(("terms", 5)) == 8
    assert loc.line_of(("terms", 6)) == 1
    assert loc.line_of(("after",)) == 10
    for path in [("fake",), ("also",), ("k",)]:
        assert loc.line_of(path) is None


def test_escaped_quotes_in_basic_strings() -> None:
    loc = locate(
        'a = "x \\" [b] = 1 # not a comment"\n'
        'c = "ends with a backslash \\\\"\n'
        "d = 'literal \\'\n"
        'e = ["\\"", "\\\\", "]"]\n'
        "f = 1\n"
    )
    assert [loc.line_of((k,)) for k in "acdef"] == [1, 2, 3, 4, 5]
    assert loc.line_of(("e", 2)) == 4
    assert loc.line_of(("b",)) is None


def test_crlf_line_endings() -> None:
    loc = locate('[pack]\r\nid = "x"\r\n\r\n[[rules]]\r\nterms = [\r\n  "a",\r\n]\r\n')
    assert loc.line_of(("pack", "id")) == 2
    assert loc.line_of(("rules", 0, "terms", 0)) == 6


@pytest.mark.parametrize(
    "source",
    [
        'a = "unterminated\nb = 1\n',
        "a = '''never closed\n[x]\n",
        'a = """never closed \\',
        "[[\n",
        "[]\nx = 1\n",
        "= 1\n]]]\n}}\n,,,\n",
        "a = [1, 2\nb = {c = \n",
        'a = { = 1, "b" }\n[t\n',
        'k = "\\u12"\nm = "\\U0011FFFF\\uZZZZ\\"\n',
        "a.b..c = 1\n. = 2\n",
        "[" * 5000 + "\n" + "{" * 5000,
        "\\",
    ],
)
def test_odd_input_never_raises(source: str) -> None:
    loc = TomlLocator(source)
    assert loc.line_of(("a", "b", 0)) in (None, 1, 2)


def test_recovers_after_odd_line() -> None:
    loc = TomlLocator("a = 1 2 3\nb = 2\n[t] junk\nc = 3\n")
    assert loc.line_of(("a",)) == 1
    assert loc.line_of(("b",)) == 2
    assert loc.line_of(("t", "c")) == 4


# -- property: generated documents ----------------------------------------------------------------

_BARE = re.compile(r"[A-Za-z0-9_-]+")
_KEYS = st.one_of(
    st.from_regex(r"[A-Za-z0-9_-]{1,6}", fullmatch=True),
    st.text(alphabet=st.sampled_from(list("ab .#=[]{},\"'\\é")), max_size=5),
)
_TEXT = st.text(alphabet=st.sampled_from(list("ab []{}=#,.'\"\\\té\n")), max_size=8)
_MULTI_LINE = st.lists(
    st.sampled_from(
        [
            "[fake]",
            "[[rules]]",
            "k = 1",
            'q = "x"',
            "a.b = 2",
            "# hash",
            "x = [",
            "]",
            "{ y = 1 }",
            "''",
            '"',
            '""',
            "\\",
            "   indented = 3",
            "",
        ]
    ),
    max_size=4,
)


def _basic(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _escape_unicode(text: str) -> str:
    return "".join(c if c.isascii() else f"\\u{ord(c):04x}" for c in text)


_SCALARS = st.one_of(
    st.integers(-(10**6), 10**6).map(str),
    st.sampled_from(
        [
            "true",
            "false",
            "3.14",
            "-1e5",
            "inf",
            "0x1F",
            "1979-05-27T07:32:00Z",
            "1979-05-27 07:32:00",
            "07:32:00",
            "1979-05-27",
        ]
    ),
    _TEXT.map(_basic),
    _TEXT.filter(lambda s: "'" not in s and "\n" not in s).map(lambda s: f"'{s}'"),
)


class _Doc:
    """Writes a random TOML document, remembering the line of every leaf it writes."""

    def __init__(self, draw: Callable[[st.SearchStrategy[Any]], Any]) -> None:
        self.draw = draw
        self.lines: list[str] = []
        self.expected: dict[Path, int] = {}

    def emit(self, text: str) -> int:
        self.lines.append(text)
        return len(self.lines)

    @property
    def next_line(self) -> int:
        return len(self.lines) + 1

    def key(self, key: str) -> str:
        styles = ["basic", "basic-u"]
        if _BARE.fullmatch(key):
            styles.append("bare")
        if "'" not in key:
            styles.append("literal")
        style = self.draw(st.sampled_from(styles))
        if style == "bare":
            return key
        if style == "literal":
            return f"'{key}'"
        return _basic(key) if style == "basic" else _escape_unicode(_basic(key))

    def dotted(self, keys: Path) -> str:
        sep: str = self.draw(st.sampled_from([".", " . ", ". "]))
        return sep.join(self.key(str(k)) for k in keys)

    def comment(self) -> str:
        text: str = self.draw(st.sampled_from(["", "", " # [fake] k = 1", "  # ]"]))
        return text

    def multi_line_string(self, first: str, last: str) -> int:
        """Emit `first` + a multi-line string + `last`; return the line the string starts on."""
        lines = self.draw(_MULTI_LINE)
        delimiter = self.draw(st.sampled_from(['"""', "'''"]))
        if delimiter == '"""':
            lines = [line.replace("\\", "\\\\").replace('"', '\\"') for line in lines]
        start = self.emit(first + delimiter)
        for line in lines:
            self.emit(line)
        self.emit(delimiter + last)
        return start

    def body(self, table: Path, names: list[str]) -> None:
        for name in names:
            if self.draw(st.integers(0, 3)) == 0:
                self.emit(self.draw(st.sampled_from(["", "# [x]", "  # y = 2", "#"])))
            self.entry(table, name)

    def entry(self, table: Path, name: str) -> None:
        path = (*table, name)
        key = self.key(name)
        kind = self.draw(
            st.sampled_from(["scalar", "string", "inline", "array", "lines", "dotted"])
        )
        if kind == "scalar":
            self.expected[path] = self.emit(f"{key} = {self.draw(_SCALARS)}{self.comment()}")
        elif kind == "string":
            self.expected[path] = self.multi_line_string(f"{key} = ", self.comment())
        elif kind == "dotted":
            for sub in self.draw(st.lists(_KEYS, min_size=1, max_size=3, unique=True)):
                line = self.emit(f"{self.dotted((name, sub))} = {self.draw(_SCALARS)}")
                self.expected[(*path, sub)] = line
        elif kind == "inline":
            line = self.next_line
            self.emit(f"{key} = {self.inline_table(path, line)}{self.comment()}")
        elif kind == "array":
            line = self.next_line
            items = [self.element((*path, i), line) for i in range(self.draw(st.integers(1, 3)))]
            self.emit(f"{key} = [{', '.join(items)}]{self.comment()}")
        else:
            self.multi_line_array(path, key)

    def inline_table(self, path: Path, line: int) -> str:
        parts = []
        for sub in self.draw(st.lists(_KEYS, min_size=1, max_size=3, unique=True)):
            keys: Path = (sub,)
            if self.draw(st.booleans()):
                keys = (sub, self.draw(_KEYS))
            parts.append(f"{self.dotted(keys)} = {self.draw(_SCALARS)}")
            self.expected[(*path, *keys)] = line
        return "{ " + ", ".join(parts) + " }"

    def element(self, path: Path, line: int) -> str:
        if self.draw(st.integers(0, 3)) == 0:
            return self.inline_table(path, line)
        self.expected[path] = line
        return str(self.draw(_SCALARS))

    def multi_line_array(self, path: Path, key: str) -> None:
        count = self.draw(st.integers(1, 5))
        index = 0
        first = f"{key} = ["
        if self.draw(st.booleans()):  # first element on the key's line
            first += self.element((*path, 0), self.next_line) + ","
            index = 1
        self.emit(first + self.comment())
        while index < count:
            choice = self.draw(st.integers(0, 4))
            if choice == 0:
                self.emit("  # [fake] k = 1")
            elif choice == 1:
                self.expected[(*path, index)] = self.multi_line_string("  ", ",")
                index += 1
            else:
                line = self.next_line
                per_line = min(self.draw(st.integers(1, 2)), count - index)
                items = [self.element((*path, index + j), line) for j in range(per_line)]
                index += per_line
                self.emit("  " + ", ".join(items) + "," + self.comment())
        self.emit("]")

    def header(self, keys: Path, array: bool) -> None:
        pad = self.draw(st.sampled_from(["", " "]))
        text = f"[{pad}{self.dotted(keys)}{pad}]"
        self.emit(("[" + text + "]" if array else text) + self.comment())


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, dict[Path, int]]:
    doc = _Doc(draw)
    names = draw(st.lists(_KEYS, min_size=1, max_size=6, unique=True))
    split = draw(st.integers(0, len(names)))
    doc.body((), names[:split])
    for name in names[split:]:
        kind = draw(st.sampled_from(["table", "sub-table", "array"]))
        if kind == "table":
            doc.header((name,), array=False)
            doc.body((name,), draw(st.lists(_KEYS, max_size=3, unique=True)))
        elif kind == "sub-table":
            sub = draw(_KEYS)
            doc.header((name, sub), array=False)
            doc.body((name, sub), draw(st.lists(_KEYS, max_size=3, unique=True)))
        else:
            for index in range(draw(st.integers(1, 3))):
                doc.header((name,), array=True)
                inner = draw(st.lists(_KEYS, max_size=5, unique=True))
                cut = draw(st.integers(0, len(inner)))
                doc.body((name, index), inner[:cut])
                for child in inner[cut:]:
                    if draw(st.booleans()):
                        doc.header((name, child), array=False)
                        keys = draw(st.lists(_KEYS, max_size=2, unique=True))
                        doc.body((name, index, child), keys)
                        continue
                    for sub_index in range(draw(st.integers(1, 2))):
                        doc.header((name, child), array=True)
                        keys = draw(st.lists(_KEYS, max_size=2, unique=True))
                        doc.body((name, index, child, sub_index), keys)
    return "\n".join(doc.lines) + "\n", doc.expected


def _leaves(value: object, path: Path = ()) -> Iterator[Path]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, (*path, index))
    else:
        yield path


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_every_leaf_is_found_where_it_was_written(generated: tuple[str, dict[Path, int]]) -> None:
    source, expected = generated
    leaves = set(_leaves(tomllib.loads(source)))
    assert leaves == set(expected)  # the generator's bookkeeping agrees with tomllib
    loc = TomlLocator(source)
    for path in leaves:
        assert loc.line_of(path) == expected[path], (path, source)


@given(st.text(alphabet=st.sampled_from(list("[]{}=,.#\"'\\\n \tab1é")), max_size=200))
def test_arbitrary_text_never_raises(source: str) -> None:
    loc = TomlLocator(source)
    line = loc.line_of(("a", 0, "b"))
    assert line is None or 1 <= line <= source.count("\n") + 1
