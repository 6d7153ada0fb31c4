"""Text and active content from inside attachments, within `Limits`: PDF, DOCX, TXT (and
other text: HTML, XML, SVG, RTF read raw), and the OLE2 names of a Word 97 file.

The extracted text becomes a field `attachment:N` that the text rules read like a body, so
an email address in an invoice footer or a link in a PDF annotation is found by the same
rules. Findings here are only what the text rules cannot see: macros, ActiveX, PDF
JavaScript and launch actions, embedded files, executables inside archives, bombs.

PDF: a small reader of text operators (`Tj`, `TJ`, `'`, `"`) in uncompressed and Flate
content streams, plus `/URI` link targets. Fonts with custom encodings (CID fonts without a
ToUnicode map read) come out as noise; that is the price of no dependency. DOCX: the
`w:t` runs of the document, headers, footers, footnotes and comments, read with regexes
rather than an XML parser, so entity expansion (billion laughs) cannot happen.
"""

from __future__ import annotations

import html
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from .containers import ZipListing, ole_names, read_member
from .sniff import executable_type
from .source import Limits, Source

__all__ = ["Extracted", "Finding", "FindingCode", "extract"]

FindingCode = Literal[
    "macros", "activex", "pdf-javascript", "pdf-launch", "embedded-file", "executable", "bomb"
]


@dataclass(frozen=True, slots=True)
class Finding:
    """Active or dangerous content, with a short detail for the message."""

    code: FindingCode
    detail: str


@dataclass
class Extracted:
    text: str = ""
    findings: list[Finding] = field(default_factory=list)
    #: What was not looked at (limits hit, encryption), for messages and reports.
    notes: list[str] = field(default_factory=list)

    def add(self, code: FindingCode, detail: str) -> None:
        if not any(f.code == code and f.detail == detail for f in self.findings):
            self.findings.append(Finding(code, detail))


def extract(kind: str, src: Source, limits: Limits, listing: ZipListing | None) -> Extracted:
    """What `kind` (a sniffed type) holds; empty for types without text or containers."""
    if kind == "pdf":
        out = _pdf(src, limits)
    elif kind in ("txt", "html", "xml", "svg", "rtf"):  # read raw: links in markup count too
        out = _txt(src, limits)
    elif listing is not None:
        out = _zip(listing, limits, text=kind == "docx")
    elif kind in ("doc", "xls", "ppt", "ole"):
        out = _ole(src, limits)
    else:
        out = Extracted()
    if len(out.text) > limits.max_text_chars:
        out.text = out.text[: limits.max_text_chars]
        out.notes.append(f"only the first {limits.max_text_chars:,} characters of text were read")
    return out


# -- TXT -----------------------------------------------------------------------------------


def _txt(src: Source, limits: Limits) -> Extracted:
    cap = min(limits.max_read_bytes, limits.max_text_chars * 4)
    data = src.head(cap)
    out = Extracted(text=decode_text(data))
    if src.size > cap:
        out.notes.append(f"only the first {cap:,} bytes were read")
    return out


def decode_text(data: bytes) -> str:
    """Bytes of a text file as text: BOM, else UTF-8, else Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        enc = "utf-16-le" if data.startswith(b"\xff\xfe") else "utf-16-be"
        return data[2 : len(data) & ~1].decode(enc, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3:  # a character cut by the read limit
            return data[: exc.start].decode("utf-8")
        return data.decode("cp1252", errors="replace")


# -- OLE2 (Word 97) --------------------------------------------------------------------------


def _ole(src: Source, limits: Limits) -> Extracted:
    out = Extracted()
    names = ole_names(src, limits)
    if "_VBA_PROJECT" in names:
        out.add("macros", "a VBA project (macros)")
    if "Ole10Native" in names:
        out.add("embedded-file", "a packaged file (OLE Package object)")
    return out


# -- ZIP and DOCX ----------------------------------------------------------------------------

_EXEC_SUFFIXES = (
    ".exe", ".dll", ".scr", ".com", ".msi", ".bat", ".cmd", ".ps1", ".vbs", ".vbe", ".js",
    ".jse", ".wsf", ".hta", ".lnk", ".jar", ".app", ".sh",
)  # fmt: skip
_DOCX_TEXT_PARTS = re.compile(
    r"word/(?:document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml"
)
_DOCX_TOKEN = re.compile(
    r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>"
    r"|<w:instrText(?:\s[^>]*)?>([^<]*)</w:instrText>"
    r"|<w:(tab|br|cr)\b[^>]*/>"
    r"|(</w:p>)"
)
_RELATIONSHIP = re.compile(r"<Relationship\b[^>]*>")
_TARGET = re.compile(r'\bTarget="([^"]*)"')
_MAX_EMBEDDINGS = 50


def _zip(listing: ZipListing, limits: Limits, *, text: bool) -> Extracted:
    out = Extracted()
    if listing.bomb:
        out.add("bomb", listing.bomb)
        return out  # judged from its numbers alone: nothing is inflated
    lower = {n.lower(): n for n in listing.names}
    budget = limits.max_inflate_bytes
    if any(n.endswith(("vbaproject.bin", "vbadata.xml")) for n in lower):
        out.add("macros", "a VBA project (macros)")
    elif "[content_types].xml" in lower:
        types, _ = read_member(listing, lower["[content_types].xml"], 256 * 1024)
        if b"macroEnabled" in types or b"vbaProject" in types:
            out.add("macros", "a macro-enabled content type")
    if any("/activex/" in f"/{n}" for n in lower):
        out.add("activex", "ActiveX controls")
    embeddings = 0
    for low, name in lower.items():
        if low.endswith(_EXEC_SUFFIXES):
            out.add("executable", f"an executable member {name}")
        elif "embeddings/" in low and embeddings < _MAX_EMBEDDINGS:
            embeddings += 1
            head, _ = read_member(listing, name, 64 * 1024)
            budget -= len(head)
            if executable_type(head) is not None:
                out.add("executable", f"an executable embedded as {name}")
            elif "\x01Ole10Native".encode("utf-16-le") in head:
                out.add("embedded-file", f"a packaged file ({name})")
    if not text:
        return out
    parts: list[str] = []
    links: list[str] = []
    names = sorted(
        (n for n in listing.names if _DOCX_TEXT_PARTS.fullmatch(n)),
        key=lambda n: (n != "word/document.xml", n),
    )
    for name in names:
        data, more = read_member(listing, name, budget)
        budget -= len(data)
        parts.append(_docx_text(data.decode("utf-8", errors="replace")))
        if more:
            out.notes.append(f"{name} was read only up to {limits.max_inflate_bytes:,} bytes")
            break
        rels = name.replace("word/", "word/_rels/", 1) + ".rels"
        if rels in listing.infos and budget > 0:
            rdata, _ = read_member(listing, rels, min(budget, 1024 * 1024))
            budget -= len(rdata)
            links.extend(_external_targets(rdata.decode("utf-8", errors="replace")))
    out.text = "\n".join(p for p in parts if p)
    if links:
        out.text += "\n" + "\n".join(dict.fromkeys(links))
    return out


def _docx_text(xml: str) -> str:
    pieces: list[str] = []
    for m in _DOCX_TOKEN.finditer(xml):
        run, instr, mark, para = m.groups()
        if run is not None:
            pieces.append(html.unescape(run))
        elif instr is not None:
            pieces.append(" " + html.unescape(instr) + " ")
        elif mark is not None:
            pieces.append("\t" if mark == "tab" else "\n")
        elif para is not None:
            pieces.append("\n")
    return "".join(pieces).strip()


def _external_targets(rels: str) -> Iterator[str]:
    for m in _RELATIONSHIP.finditer(rels):
        tag = m.group(0)
        if 'TargetMode="External"' in tag:
            t = _TARGET.search(tag)
            if t:
                yield html.unescape(t.group(1))


# -- PDF -------------------------------------------------------------------------------------

_PDF_DELIM = rb"\x00\t\n\x0c\r ()<>\[\]{}/%"
_PDF_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFiles?)(?=[" + _PDF_DELIM + rb"]|$)")
_PDF_HEX_NAME = re.compile(rb"/[A-Za-z0-9]{0,40}#[0-9A-Fa-f]{2}[A-Za-z0-9#]{0,80}")
_PDF_NAME_ESC = re.compile(rb"#([0-9A-Fa-f]{2})")
_ACTIVE_CODES: dict[bytes, tuple[FindingCode, str]] = {
    b"JavaScript": ("pdf-javascript", "JavaScript"),
    b"JS": ("pdf-javascript", "JavaScript"),
    b"Launch": ("pdf-launch", "a launch action that starts a program"),
    b"EmbeddedFile": ("embedded-file", "embedded files"),
    b"EmbeddedFiles": ("embedded-file", "embedded files"),
}
_STREAM = re.compile(rb"(?<![A-Za-z])stream(?:\r\n|\n|\r)")
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]{0,200}\]|/[^" + _PDF_DELIM + rb"]+)")
_FILTER_NAME = re.compile(rb"/([^" + _PDF_DELIM + rb"]+)")
_URI = re.compile(rb"/URI\s*([(<])")
# Streams that hold pixels, font programs, attached files or cross-references: never text.
_SKIP_STREAM = re.compile(
    rb"/Subtype\s*/(?:Image|Type1C|CIDFontType0C|OpenType)|/Length[123]\b|/FontFile"
    rb"|/Type\s*/(?:EmbeddedFile|XRef|Metadata)"
)
_CHUNK = 64 * 1024


def _pdf(src: Source, limits: Limits) -> Extracted:
    out = Extracted()
    data = src.head(limits.max_read_bytes)
    if src.size > len(data):
        out.notes.append(f"only the first {len(data):,} bytes were scanned")
    encrypted = b"/Encrypt" in data
    if encrypted:
        out.notes.append("the PDF is encrypted: its text was not read")
    inflate_left = limits.max_inflate_bytes
    parse_left = limits.max_parse_bytes
    texts: list[str] = []
    links: list[str] = []
    seen: dict[bytes, bool] = {}
    prev = 0
    for head, raw, begin, end in _streams(data):
        # Names are read outside stream data (and inside inflated object and content
        # streams), never in binary image or font bytes, where "/JS" can occur by chance.
        _objects(data[prev:begin], seen, links)
        prev = end
        filters = None if _SKIP_STREAM.search(head) else _filters(head)
        if filters is None:
            continue
        if filters:
            content, over = _inflate(raw, inflate_left)
            inflate_left -= len(content)
            if over:
                if limits.max_inflate_bytes > limits.bomb_ratio * max(len(raw), 1):
                    out.add("bomb", f"a stream of {len(raw):,} bytes inflates past the limit")
                out.notes.append(f"streams were inflated only up to {limits.max_inflate_bytes:,}")
                break
        else:
            content = raw
        _objects(content, seen, links)
        if not encrypted and parse_left > 0 and b"BT" in content:
            piece = content[:parse_left]
            parse_left -= len(piece)
            texts.append(_content_text(piece))
    else:
        _objects(data[prev:], seen, links)
    _active_findings(seen, out)
    out.text = "\n".join(t for t in texts if t)
    if links:
        out.text += "\n" + "\n".join(dict.fromkeys(links))
    return out


def _objects(data: bytes, seen: dict[bytes, bool], links: list[str]) -> None:
    _active_names(data, seen)
    if b"/URI" in data:
        links.extend(_uris(data))


def _active_names(data: bytes, seen: dict[bytes, bool]) -> None:
    """Record the active-content names in `data` (name -> written with #-escapes)."""
    for m in _PDF_ACTIVE.finditer(data):
        seen.setdefault(m.group(1), False)
    if b"#" in data:
        for m in _PDF_HEX_NAME.finditer(data):
            name = _PDF_NAME_ESC.sub(lambda e: bytes([int(e.group(1), 16)]), m.group(0))[1:]
            if name in _ACTIVE_CODES:
                seen[name] = True


def _active_findings(seen: dict[bytes, bool], out: Extracted) -> None:
    by_code: dict[FindingCode, list[str]] = {}
    hidden: set[FindingCode] = set()
    for name, escaped in seen.items():
        code = _ACTIVE_CODES[name][0]
        by_code.setdefault(code, []).append("/" + name.decode())
        if escaped:
            hidden.add(code)
    for code, names in by_code.items():
        what = _ACTIVE_CODES[names[0][1:].encode()][1]
        note = " written with #-escapes to hide it" if code in hidden else ""
        out.add(code, f"{what} ({', '.join(sorted(names))}){note}")


def _streams(data: bytes) -> Iterator[tuple[bytes, bytes, int, int]]:
    """(dictionary text before the stream, raw stream bytes, where they begin and end)."""
    pos = 0
    while True:
        m = _STREAM.search(data, pos)
        if m is None:
            return
        begin = m.end()
        end = data.find(b"endstream", begin)
        if end < 0:
            end = len(data)
        lo = max(0, m.start() - 2048)
        obj = data.rfind(b"obj", lo, m.start())
        yield data[obj if obj >= 0 else lo : m.start()], data[begin:end], begin, end
        pos = end + 9


def _filters(head: bytes) -> list[str] | None:
    """[] for no filter, ["flate"] for Flate; None for anything else (images, fonts...)."""
    m = _FILTER.search(head)
    if m is None:
        return []
    names = _FILTER_NAME.findall(m.group(1))
    if names in ([b"FlateDecode"], [b"Fl"]):
        return ["flate"]
    return None


def _inflate(raw: bytes, budget: int) -> tuple[bytes, bool]:
    """At most `budget` inflated bytes, and whether there was more. A corrupt stream keeps
    what inflated before the damage."""
    if budget <= 0:
        return b"", True
    d = zlib.decompressobj()
    out = bytearray()
    view = memoryview(raw)
    try:
        for i in range(0, len(raw), _CHUNK):
            out += d.decompress(view[i : i + _CHUNK], budget + 1 - len(out))
            if d.unconsumed_tail or len(out) > budget:
                return bytes(out[:budget]), True
            if d.eof:
                break
    except zlib.error:
        pass
    return bytes(out), False


_TOKEN = re.compile(
    rb"[\x00\t\n\x0c\r ]+|%[^\r\n]*"
    rb"|(?P<lit>\()"
    rb"|<<|>>"
    rb"|<(?P<hex>[0-9A-Fa-f\x00\t\n\x0c\r ]*)>"
    rb"|(?P<open>\[)|(?P<close>\])"
    rb"|/[^\x00\t\n\x0c\r ()<>\[\]{}/%]*"
    rb"|(?P<num>[+-]?(?:\d+(?:\.\d*)?|\.\d+))"
    rb"|(?P<op>[A-Za-z'\"*][A-Za-z0-9'\"*]*)"
    rb"|.",
    re.S,
)
_SIMPLE_LITERAL = re.compile(rb"((?:[^()\\]|\\.){0,65536})\)", re.S)
_ESCAPE = re.compile(rb"\\([0-7]{1,3}|\r\n|[\r\n]|.)", re.S)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}
_MAX_LITERAL = 65536

Operand = bytes | float | list["Operand"]


def _unescape(raw: bytes) -> bytes:
    def one(m: re.Match[bytes]) -> bytes:
        e = m.group(1)
        if e[:1].isdigit():
            return bytes([int(e, 8) & 0xFF])
        if e in (b"\r\n", b"\r", b"\n"):
            return b""
        return _ESCAPES.get(e, e)

    return _ESCAPE.sub(one, raw) if b"\\" in raw else raw


def _literal(data: bytes, pos: int) -> tuple[bytes, int]:
    """A literal string starting after its `(`: its bytes and the position after `)`."""
    m = _SIMPLE_LITERAL.match(data, pos)
    if m is not None:
        return _unescape(m.group(1)), m.end()
    depth, i, n = 1, pos, min(len(data), pos + _MAX_LITERAL)
    while i < n:
        c = data[i]
        if c == 0x5C:  # backslash: skip the escaped byte
            i += 2
            continue
        if c == 0x28:
            depth += 1
        elif c == 0x29:
            depth -= 1
            if depth == 0:
                return _unescape(data[pos:i]), i + 1
        i += 1
    return _unescape(data[pos:n]), n


def _hex(digits: bytes) -> bytes:
    h = re.sub(rb"[\x00\t\n\x0c\r ]", b"", digits)
    if len(h) % 2:
        h += b"0"
    return bytes.fromhex(h.decode("ascii"))


def _string(b: bytes) -> str:
    if b.startswith(b"\xfe\xff"):
        return b[2:].decode("utf-16-be", errors="replace")
    return b.decode("latin-1")


def _content_text(content: bytes) -> str:
    """The text shown by the text operators of one content stream."""
    out: list[str] = []
    operands: list[Operand] = []
    arrays: list[list[Operand]] = []
    pos, n = 0, len(content)
    while pos < n:
        m = _TOKEN.match(content, pos)
        assert m is not None  # the last alternative matches any byte
        pos = m.end()
        kind = m.lastgroup
        val: Operand
        if kind == "lit":
            val, pos = _literal(content, pos)
        elif kind == "hex":
            val = _hex(m.group("hex"))
        elif kind == "num":
            val = float(m.group("num"))
        elif kind == "open":
            arrays.append([])
            continue
        elif kind == "close":
            if not arrays:
                continue
            val = arrays.pop()
        elif kind == "op":
            if not arrays:
                pos = _operator(m.group("op"), operands, out, content, pos)
                operands.clear()
            continue
        else:
            continue
        (arrays[-1] if arrays else operands).append(val)
    return "".join(out).strip()


def _operator(op: bytes, operands: list[Operand], out: list[str], data: bytes, pos: int) -> int:
    last = operands[-1] if operands else None
    if op in (b"Tj", b"'", b'"'):
        if op != b"Tj":
            out.append("\n")
        if isinstance(last, bytes):
            out.append(_string(last))
    elif op == b"TJ":
        if isinstance(last, list):
            for item in last:
                if isinstance(item, bytes):
                    out.append(_string(item))
                elif isinstance(item, float) and item < -180:
                    out.append(" ")
    elif op in (b"T*", b"ET"):
        out.append("\n")
    elif op in (b"Td", b"TD"):
        out.append("\n" if isinstance(last, float) and last != 0 else " ")
    elif op == b"Tm":
        out.append(" ")
    elif op == b"BI":  # inline image: skip its binary data up to EI
        end = data.find(b"EI", data.find(b"ID", pos))
        return len(data) if end < 0 else end + 2
    return pos


def _uris(data: bytes) -> Iterator[str]:
    """Targets of /URI link actions, so the link rules see them."""
    for m in _URI.finditer(data):
        if m.group(1) == b"(":
            raw, _ = _literal(data, m.end())
        else:
            end = data.find(b">", m.end(), m.end() + 4096)
            if end < 0:
                continue
            try:
                raw = _hex(data[m.end() : end])
            except ValueError:
                continue
        uri = _string(raw).strip()
        if uri:
            yield uri
