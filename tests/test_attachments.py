"""Attachments judged by their bytes (BSM4xx): sniffing with and without libmagic, text
extraction into `attachment:N` fields, active content, and bounded reads of huge files."""

from __future__ import annotations

import base64
import io
import sys
import time
import tomllib
import warnings
import zipfile
import zlib
from pathlib import Path

import pytest

from bsm_lint import Attachment, InputError, LintConfig, Linter, Message
from bsm_lint.attachments import DEFAULT_LIMITS, Limits, analyse, inspect_attachment, sniff
from bsm_lint.attachments.extract import _content_text
from bsm_lint.attachments.source import Source
from conftest import FIXTURES, ROOT

FILES = FIXTURES / "attachments"
LINTER = Linter()

# fixture -> (content type, finding codes, a piece of its text or None)
EXPECTED: dict[str, tuple[str, set[str], str | None]] = {
    "hello.txt": ("txt", set(), "The manual is attached."),
    "invoice.pdf": ("pdf", set(), "Questions? jane@shop.example"),
    "flate.pdf": ("pdf", set(), "Call +49 30 12345678"),
    "javascript.pdf": ("pdf", {"pdf-javascript"}, "Manual"),
    "hidden-js.pdf": ("pdf", {"pdf-javascript"}, "Manual"),
    "js-word.pdf": ("pdf", set(), "Enable JavaScript in your browser"),
    "launch.pdf": ("pdf", {"pdf-launch"}, "Manual"),
    "embedded.pdf": ("pdf", {"embedded-file"}, "Manual"),
    "pixel.png": ("png", set(), None),
    "pixel.gif": ("gif", set(), None),
    "pixel.jpg": ("jpeg", set(), None),
    "pixel.tiff": ("tiff", set(), None),
    "pixel.bmp": ("bmp", set(), None),
    "letter.docx": ("docx", set(), "Write to jane@shop.example for the manual."),
    "macro.docx": ("docx", {"macros"}, "Setup guide"),
    "macro-type.docx": ("docx", {"macros"}, "Setup guide"),
    "tools.docx": ("docx", {"executable"}, "Driver installation"),
    "bomb.docx": ("docx", {"bomb"}, None),
    "macro.doc": ("doc", {"macros"}, None),
    "package.doc": ("doc", {"embedded-file"}, None),
    "sheet.xlsx": ("xlsx", set(), None),
    "empty.zip": ("zip", set(), None),
    "manual.html": ("html", set(), "Assembly manual"),
    "letter.rtf": ("rtf", set(), "Thank you for your order."),
    "renamed-elf.pdf": ("elf", {"executable"}, None),
    "renamed-exe.pdf": ("exe", {"executable"}, None),
    "mz-text.txt": ("txt", set(), "MZ Trading GmbH"),
    "warranty.txt": ("txt", set(), "two years"),
}


def attach(name: str, as_name: str | None = None) -> Attachment:
    return Attachment(file_name=as_name or name, path=FILES / name)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_is_identified_from_its_bytes(name: str) -> None:
    kind, findings, text = EXPECTED[name]
    info = inspect_attachment(attach(name, "renamed.bin"))
    assert info.content.type == kind
    assert {f.code for f in info.findings} == findings
    if text is None:
        assert not info.text.strip() or kind in ("html", "rtf")
    else:
        assert text in info.text


def test_every_fixture_is_covered_and_committed_bytes_are_current() -> None:
    sys.path.insert(0, str(FILES))
    try:
        import make_fixtures
    finally:
        sys.path.remove(str(FILES))
    on_disk = {p.name for p in FILES.iterdir() if p.is_file() and p.suffix != ".py"}
    assert on_disk == set(make_fixtures.FIXTURES) == set(EXPECTED)
    for name, make in make_fixtures.FIXTURES.items():
        assert (FILES / name).read_bytes() == make(), f"regenerate {name}: make_fixtures.py"


def test_rule_examples_carry_fixture_bytes() -> None:
    """The base64 in rules/attachments.toml is the fixtures' bytes (and so stays readable)."""
    fixtures = {p.read_bytes() for p in FILES.iterdir() if p.is_file() and p.suffix != ".py"}
    doc = tomllib.loads((ROOT / "rules/amazon-bsm/rules/attachments.toml").read_text("utf-8"))
    seen = 0
    for rule in doc["rules"]:
        for kind in ("fail", "pass"):
            for ex in rule["examples"][kind]:
                for a in ex.get("attachments", []) if isinstance(ex, dict) else []:
                    assert base64.b64decode(a["data"]) in fixtures, (rule["code"], a)
                    seen += 1
    assert seen > 50


# -- libmagic missing -----------------------------------------------------------------------


def test_builtin_sniffer_and_one_warning_without_libmagic(monkeypatch) -> None:
    with_magic = {n: inspect_attachment(attach(n)).content for n in EXPECTED}
    assert {c.by for c in with_magic.values()} >= {"libmagic"}
    monkeypatch.setitem(sys.modules, "magic", None)  # `import magic` raises ImportError
    monkeypatch.setattr(sniff, "_magic", sniff._UNSET)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        without = {n: inspect_attachment(attach(n)).content for n in EXPECTED}
        LINTER.lint(Message(body="x", attachments=(attach("invoice.pdf"),)))
    libmagic_warnings = [w for w in caught if "libmagic" in str(w.message)]
    assert len(libmagic_warnings) == 1
    assert libmagic_warnings[0].category is RuntimeWarning
    assert "built-in sniffer" in str(libmagic_warnings[0].message)
    assert not sniff.libmagic_available()
    assert {c.by for c in without.values()} == {"builtin"}
    # the built-in sniffer agrees with libmagic on every fixture
    assert {n: c.type for n, c in without.items()} == {n: c.type for n, c in with_magic.items()}


def test_builtin_sniffer_on_odd_text() -> None:
    def kind(data: bytes) -> str:
        with Source(Attachment(file_name="x", data=data)) as src:
            return sniff._builtin(src.head(4096)).type

    assert kind(b"") == "empty"
    assert kind("Grüße aus Köln\n".encode("cp1252")) == "txt"
    assert kind("\ufeffHallo".encode("utf-16")) == "txt"
    assert kind(b"  <!DOCTYPE html><p>x</p>") == "html"
    assert kind(b"<?xml version='1.0'?><svg xmlns='x'/>") == "svg"
    assert kind(bytes(range(256)) * 4) == "unknown"
    assert kind(b"MZ is the start of this line\n") == "txt"


# -- the rules on real files ------------------------------------------------------------------


def lint(*attachments: Attachment, config: LintConfig | None = None) -> list[tuple[str, str]]:
    lin = LINTER if config is None else Linter(config=config)
    found = lin.lint(Message(body="See attached.", attachments=attachments)).violations
    return [(v.rule_id, v.field) for v in found]


def test_text_rules_read_attachment_text_with_exact_offsets() -> None:
    msg = Message(
        body="Invoice attached.", attachments=(attach("hello.txt"), attach("invoice.pdf"))
    )
    report = LINTER.lint(msg)
    text = analyse(msg)[1].text
    in_pdf = [v for v in report.violations if v.field == "attachment:1"]
    assert {v.category for v in in_pdf} >= {"contact-email", "link-insecure"}
    for v in in_pdf:
        assert text[v.start : v.end] == v.match
    email = next(v for v in in_pdf if v.category == "contact-email")
    assert email.match == "jane@shop.example"
    assert not [v for v in report.violations if v.field == "attachment:0"]
    docx = LINTER.lint(Message(body="x", attachments=(attach("letter.docx"),))).violations
    assert {v.category for v in docx if v.field == "attachment:0"} >= {
        "contact-email",
        "link-insecure",
    }


def test_attachment_rules_by_fixture() -> None:
    assert lint(attach("renamed-exe.pdf", "invoice.pdf")) == [("BSM413", "attachment:0")]
    assert lint(attach("hello.txt", "invoice.pdf")) == [("BSM402", "attachment:0")]
    assert ("BSM403", "attachment:0") in lint(attach("invoice.pdf", "invoice"))
    assert ("BSM410", "attachment:0") in lint(attach("macro.docx"))
    assert ("BSM411", "attachment:0") in lint(attach("javascript.pdf"))
    assert ("BSM412", "attachment:0") in lint(attach("embedded.pdf"))
    assert ("BSM414", "attachment:0") in lint(attach("bomb.docx"))
    assert ("BSM401", "attachment:1") in lint(attach("hello.txt"), attach("manual.html"))


def test_tiff_and_bmp_are_opt_in() -> None:
    files = (attach("pixel.tiff"), attach("pixel.bmp"))
    assert [c for c, _ in lint(*files)] == ["BSM401", "BSM401"]
    allowed = LintConfig(
        allowed_attachment_types=("txt", "pdf", "doc", "docx", "jpeg", "gif", "png", "tiff", "bmp")
    )
    assert lint(*files, config=allowed) == []
    with pytest.raises(ValueError, match="allowed_attachment_types"):
        LintConfig(allowed_attachment_types=("exe",))  # type: ignore[arg-type]


def test_size_limit_is_configurable_and_counts_all_attachments() -> None:
    pdf = attach("hello.txt")
    size = (FILES / "hello.txt").stat().st_size
    assert lint(pdf, pdf, config=LintConfig(attachment_max_bytes=2 * size + 1)) == []
    found = Linter(config=LintConfig(attachment_max_bytes=2 * size)).lint(
        Message(body="x", attachments=(pdf, pdf)), only="BSM404"
    )
    assert [v.message for v in found.violations] == [
        f"Attachments total {2 * size:,} bytes in 2 file(s), largest hello.txt ({size:,}"
        f" bytes); together they must stay below {2 * size:,} bytes."
    ]


def test_unreadable_attachment_is_an_input_error(tmp_path: Path) -> None:
    gone = Attachment(file_name="gone.pdf", path=tmp_path / "gone.pdf")
    with pytest.raises(InputError, match=r"'gone\.pdf': cannot read"):
        LINTER.lint(Message(body="x", attachments=(gone,)))


def test_analysis_is_shared_between_fields_and_rules(monkeypatch) -> None:
    calls = []
    real = inspect_attachment

    def counting(a: Attachment, i: int = 0, limits: Limits = DEFAULT_LIMITS) -> object:
        calls.append(a.file_name)
        return real(a, i, limits)

    import bsm_lint.attachments as pkg

    monkeypatch.setattr(pkg, "inspect_attachment", counting)
    LINTER.lint(Message(body="x", attachments=(attach("invoice.pdf"), attach("macro.docx"))))
    assert calls == ["invoice.pdf", "macro.docx"]


# -- bounded reads -----------------------------------------------------------------------------


def test_a_2gb_sparse_file_is_judged_without_reading_it(tmp_path: Path, monkeypatch) -> None:
    big = tmp_path / "big.pdf"
    with big.open("wb") as f:
        f.write(b"%PDF-1.4\n1 0 obj << /S /JavaScript >> endobj\n")
        f.truncate(2 * 1024**3)
    read = []
    real = Source.read_at

    def counting(self: Source, offset: int, n: int) -> bytes:
        data = real(self, offset, n)
        read.append(len(data))
        return data

    monkeypatch.setattr(Source, "read_at", counting)
    start = time.perf_counter()
    found = lint(Attachment(file_name="big.pdf", path=big))
    elapsed = time.perf_counter() - start
    assert ("BSM404", "attachment:0") in found
    assert ("BSM411", "attachment:0") in found
    assert sum(read) <= Limits().max_read_bytes + 2 * Limits().head_bytes
    assert elapsed < 5
    info = inspect_attachment(Attachment(file_name="big.pdf", path=big))
    assert info.size == 2 * 1024**3
    assert any("only the first" in n for n in info.notes)


def _zip_bomb(megabytes: int) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            chunk = b"\0" * (1 << 20)
            for _ in range(megabytes):
                f.write(chunk)
    return buf.getvalue()


def test_a_zip_bomb_is_judged_quickly() -> None:
    bomb = _zip_bomb(64)
    assert len(bomb) < 1 << 20
    start = time.perf_counter()
    found = lint(Attachment(file_name="manual.docx", data=bomb))
    assert time.perf_counter() - start < 1
    assert found == [("BSM414", "attachment:0")]
    many = Limits(max_zip_entries=3)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for i in range(4):
            z.writestr(f"word/f{i}.xml", "x")
    info = inspect_attachment(Attachment(file_name="x.docx", data=buf.getvalue()), 0, many)
    assert [f.detail for f in info.findings] == ["lists 4 entries"]


def test_a_pdf_stream_bomb_stops_at_the_inflate_limit() -> None:
    packed = zlib.compress(b"\0" * (64 << 20), 1)
    pdf = (
        b"%%PDF-1.4\n1 0 obj << /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed)
        + packed
        + b"\nendstream\nendobj\n%%EOF\n"
    )
    start = time.perf_counter()
    info = inspect_attachment(Attachment(file_name="x.pdf", data=pdf))
    assert time.perf_counter() - start < 2
    assert [f.code for f in info.findings] == ["bomb"]


def test_docx_entities_are_not_expanded() -> None:
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">'
        ']><w:document xmlns:w="x"><w:body><w:p><w:r><w:t>&lol2; &amp; more</w:t></w:r></w:p>'
        "</w:body></w:document>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", laughs)
    info = inspect_attachment(Attachment(file_name="x.docx", data=buf.getvalue()))
    assert info.text == "&lol2; & more"


def test_text_limits_truncate_and_say_so() -> None:
    data = ("word " * 100_000).encode()
    info = inspect_attachment(
        Attachment(file_name="a.txt", data=data), 0, Limits(max_text_chars=1000)
    )
    assert len(info.text) == 1000
    assert any("first 1,000 characters" in n for n in info.notes)


# -- the PDF text reader ------------------------------------------------------------------------


def test_pdf_text_operators() -> None:
    content = (
        b"BT /F1 12 Tf 72 700 Td (Hello \\(world\\)) Tj 0 -14 Td [(Wr) -20 (ite) -300 (to)] TJ"
        b" T* <6A616E65> Tj (\\101\\102) ' (line\\\ncontinued) Tj ET"
        b" BI /W 1 /H 1 ID \xff\x00(junk) EI BT (after) Tj ET"
    )
    assert _content_text(content) == "Hello (world)\nWrite to\njane\nABlinecontinued\nafter"
    utf16 = b"BT (\xfe\xff\x00H\x00i) Tj ET"
    assert _content_text(utf16) == "Hi"
    assert _content_text(b"BT (unclosed Tj ET") == ""  # no crash, nothing shown
