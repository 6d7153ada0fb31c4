"""What an attachment really is, from its bytes: libmagic first, a small built-in sniffer when
libmagic is missing, and container refinement (zip -> docx, OLE2 -> doc) in both cases.

Amazon never learns an attachment's content type (the Uploads API takes none for messaging,
and the buyer-visible `fileName` is free text), so the file name proves nothing. Types are
named by short canonical names (`pdf`, `docx`, `jpeg`...) that config and rules use; content
that has no short name keeps its MIME type as its name, so it can never be allowed by
accident.

When python-magic cannot be imported or libmagic cannot be loaded, ONE `RuntimeWarning` says
so (per process), and the built-in sniffer takes over: it knows the allowed types, the
executables and archives, and plain text; anything else reads `unknown`.
"""

from __future__ import annotations

import threading
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from .containers import OLE_MAGIC, ZipListing, is_zip_head, list_zip, ole_names
from .source import Limits, Source

__all__ = [
    "EXECUTABLE_TYPES",
    "TYPE_LABELS",
    "Sniffed",
    "executable_type",
    "extension_type",
    "libmagic_available",
    "sniff",
]

#: Canonical type names and how messages call them.
TYPE_LABELS: dict[str, str] = {
    "txt": "plain text",
    "pdf": "PDF document",
    "doc": "Word 97-2003 document",
    "docx": "Word document",
    "jpeg": "JPEG image",
    "gif": "GIF image",
    "png": "PNG image",
    "tiff": "TIFF image",
    "bmp": "BMP image",
    "xls": "Excel 97-2003 workbook",
    "xlsx": "Excel workbook",
    "ppt": "PowerPoint 97-2003 presentation",
    "pptx": "PowerPoint presentation",
    "odt": "OpenDocument file",
    "ole": "OLE2 compound file (not a Word document)",
    "rtf": "RTF document",
    "html": "HTML page",
    "svg": "SVG image",
    "xml": "XML document",
    "zip": "ZIP archive",
    "archive": "compressed archive",
    "exe": "Windows executable",
    "elf": "ELF executable",
    "macho": "Mach-O executable",
    "empty": "empty file",
    "unknown": "unrecognised binary data",
}

EXECUTABLE_TYPES = frozenset({"exe", "elf", "macho"})

_MIME_TYPES: dict[str, str] = {
    "text/plain": "txt",
    "application/pdf": "pdf",
    "application/msword": "doc",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.ms-word.document.macroenabled.12": "docx",
    "image/jpeg": "jpeg",
    "image/gif": "gif",
    "image/png": "png",
    "image/tiff": "tiff",
    "image/bmp": "bmp",
    "image/x-ms-bmp": "bmp",
    "application/vnd.ms-excel": "xls",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.ms-powerpoint": "ppt",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/x-ole-storage": "ole",
    "application/cdfv2": "ole",
    "application/rtf": "rtf",
    "text/rtf": "rtf",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "image/svg+xml": "svg",
    "text/xml": "xml",
    "application/xml": "xml",
    "application/zip": "zip",
    "application/gzip": "archive",
    "application/x-gzip": "archive",
    "application/x-7z-compressed": "archive",
    "application/x-rar": "archive",
    "application/vnd.rar": "archive",
    "application/x-tar": "archive",
    "application/x-bzip2": "archive",
    "application/x-xz": "archive",
    "application/x-dosexec": "exe",
    "application/vnd.microsoft.portable-executable": "exe",
    "application/x-msdownload": "exe",
    "application/x-executable": "elf",
    "application/x-sharedlib": "elf",
    "application/x-pie-executable": "elf",
    "application/x-elf": "elf",
    "application/x-mach-binary": "macho",
    "application/x-empty": "empty",
    "inode/x-empty": "empty",
    "application/octet-stream": "unknown",
}

#: What a file-name extension claims. Extensions not listed claim themselves (`.xyz` -> xyz).
_EXTENSIONS: dict[str, str] = {
    "txt": "txt",
    "text": "txt",
    "csv": "txt",
    "tsv": "txt",
    "log": "txt",
    "md": "txt",
    "pdf": "pdf",
    "doc": "doc",
    "dot": "doc",
    "docx": "docx",
    "dotx": "docx",
    "jpg": "jpeg",
    "jpeg": "jpeg",
    "jpe": "jpeg",
    "jfif": "jpeg",
    "gif": "gif",
    "png": "png",
    "tif": "tiff",
    "tiff": "tiff",
    "bmp": "bmp",
    "dib": "bmp",
    "htm": "html",
    "html": "html",
    "xhtml": "html",
    "exe": "exe",
    "dll": "exe",
    "scr": "exe",
    "com": "exe",
    "gz": "archive",
    "tgz": "archive",
    "7z": "archive",
    "rar": "archive",
    "tar": "archive",
    "bz2": "archive",
    "xz": "archive",
}


@dataclass(frozen=True, slots=True)
class Sniffed:
    """The content type found: canonical name, MIME type, and which sniffer said so."""

    type: str
    mime: str
    by: Literal["libmagic", "builtin"]

    @property
    def label(self) -> str:
        return TYPE_LABELS.get(self.type, self.mime)


def extension_type(file_name: str) -> tuple[str, str | None]:
    """(extension as written, lower case without the dot; the type it claims), or ("", None)
    when the name has no extension."""
    base = file_name.replace("\\", "/").rsplit("/", 1)[-1]
    if "." not in base.strip("."):
        return "", None
    ext = base.rsplit(".", 1)[1].strip().lower()
    if not ext:
        return "", None
    return ext, _EXTENSIONS.get(ext, ext)


# -- libmagic, loaded once ---------------------------------------------------------------

_UNSET: Any = object()
_magic: Any = _UNSET
_magic_lock = threading.Lock()


def _libmagic() -> Callable[[bytes], str] | None:
    """`magic.from_buffer(..., mime=True)`, or None (and one warning) when it cannot load."""
    global _magic
    if _magic is _UNSET:
        with _magic_lock:
            if _magic is _UNSET:
                _magic = _load_libmagic()
    fn: Callable[[bytes], str] | None = _magic
    return fn


def _load_libmagic() -> Callable[[bytes], str] | None:
    try:
        import magic

        probe: str = magic.from_buffer(b"%PDF-1.4\n", mime=True)
        if not isinstance(probe, str):
            raise TypeError(f"unexpected libmagic result {probe!r}")
    except Exception as exc:  # ImportError, OSError from ctypes, magic.MagicException
        warnings.warn(
            f"libmagic is not available ({type(exc).__name__}: {exc}); bsm-lint identifies"
            " attachments with its built-in sniffer, which knows the allowed types, executables"
            " and archives only. Install libmagic (e.g. apt install libmagic1) for full coverage.",
            RuntimeWarning,
            stacklevel=4,
        )
        return None

    def from_buffer(data: bytes) -> str:
        try:
            result: str = magic.from_buffer(data, mime=True)
        except Exception:  # a libmagic failure on odd input: judge it unknown
            return "application/octet-stream"
        return result

    return from_buffer


def libmagic_available() -> bool:
    return _libmagic() is not None


# -- the built-in sniffer ----------------------------------------------------------------

_MACHO = (
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
)
_ARCHIVES = (b"\x1f\x8b", b"7z\xbc\xaf\x27\x1c", b"Rar!\x1a\x07", b"BZh", b"\xfd7zXZ\x00")
_TEXT_CONTROLS = frozenset(range(32)) - {9, 10, 12, 13, 27}


def executable_type(head: bytes) -> str | None:
    """`exe`, `elf` or `macho` when the bytes start like a native executable."""
    # A text that happens to start with "MZ" or "ELF" has no NUL or class byte after it.
    if head.startswith(b"MZ") and b"\x00" in head[2:64]:
        return "exe"
    if head.startswith(b"\x7fELF") and head[4:5] in (b"\x01", b"\x02"):
        return "elf"
    if head.startswith(_MACHO):
        return "macho"
    return None


def _looks_like_text(head: bytes) -> str | None:
    """The text flavour (`txt`, `html`, `svg`, `xml`) of text-looking bytes, else None."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        enc = "utf-16-le" if head.startswith(b"\xff\xfe") else "utf-16-be"
        text = head[2 : len(head) & ~1].decode(enc, errors="replace")
    else:
        if b"\x00" in head:
            return None
        try:
            text = head.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.start < len(head) - 3:  # not just a character cut by the head's end
                controls = sum(1 for b in head if b in _TEXT_CONTROLS)
                if controls * 100 > len(head) or sum(b >= 0x80 for b in head) * 3 > len(head):
                    return None
            text = head.decode("cp1252", errors="replace")
    if sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\f\r\x1b") * 100 > len(text):
        return None
    start = text.lstrip("\ufeff \t\r\n")[:1024].lower()
    if start.startswith(("<!doctype html", "<html", "<head", "<body", "<script", "<iframe")):
        return "html"
    if "<svg" in start:
        return "svg"
    if start.startswith("<?xml"):
        return "xml"
    return "txt"


def _builtin(head: bytes) -> Sniffed:
    def found(t: str, mime: str) -> Sniffed:
        return Sniffed(t, mime, "builtin")

    if not head:
        return found("empty", "application/x-empty")
    exe = executable_type(head)
    if exe is not None:
        mime = {"exe": "application/x-dosexec", "elf": "application/x-executable"}
        return found(exe, mime.get(exe, "application/x-mach-binary"))
    if b"%PDF-" in head[:1024]:
        return found("pdf", "application/pdf")
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return found("png", "image/png")
    if head.startswith((b"GIF87a", b"GIF89a")):
        return found("gif", "image/gif")
    if head.startswith(b"\xff\xd8\xff"):
        return found("jpeg", "image/jpeg")
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return found("tiff", "image/tiff")
    if head.startswith(b"BM") and len(head) >= 18 and head[14] in (12, 40, 52, 56, 108, 124):
        return found("bmp", "image/bmp")
    if is_zip_head(head):
        return found("zip", "application/zip")
    if head.startswith(OLE_MAGIC):
        return found("ole", "application/x-ole-storage")
    if head.startswith(b"{\\rtf"):
        return found("rtf", "text/rtf")
    if head.startswith(_ARCHIVES):
        return found("archive", "application/octet-stream")
    flavour = _looks_like_text(head)
    if flavour is not None:
        mime = {"txt": "text/plain", "html": "text/html", "svg": "image/svg+xml"}
        return found(flavour, mime.get(flavour, "text/xml"))
    return found("unknown", "application/octet-stream")


def _from_mime(mime: str) -> str:
    m = mime.split(";", 1)[0].strip().lower()
    known = _MIME_TYPES.get(m)
    if known is not None:
        return known
    if m.startswith("text/"):
        # libmagic names plain text after what it resembles (text/x-c, text/x-algol68...);
        # for a buyer it is still a text file.
        return "txt"
    return m or "unknown"


# -- refinement of containers -------------------------------------------------------------


def _refine_zip(listing: ZipListing | None) -> str | None:
    if listing is None:
        return None
    names = set(listing.names)
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "ppt/presentation.xml" in names:
        return "pptx"
    if "mimetype" in names and any(n.startswith("content.xml") for n in names):
        return "odt"
    return "zip"


def _refine_ole(names: frozenset[str]) -> str:
    if "WordDocument" in names:
        return "doc"
    if "Workbook" in names:
        return "xls"
    if "PowerPoint Document" in names:
        return "ppt"
    return "ole"


_REFINED_MIME = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "zip": "application/zip",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
    "ole": "application/x-ole-storage",
}


def sniff(src: Source, limits: Limits) -> tuple[Sniffed, ZipListing | None]:
    """The content type of `src`, and its zip listing when it is a zip (for the extractor,
    so the archive is opened once)."""
    head = src.head(limits.head_bytes)
    from_buffer = _libmagic()
    result = _builtin(head)
    if from_buffer is not None and result.type not in EXECUTABLE_TYPES:
        mime = from_buffer(head)
        canonical = _from_mime(mime)
        # Trust our own signatures where libmagic shrugs (a truncated ELF, a bare zip).
        if canonical != "unknown" or result.type in ("unknown", "txt"):
            result = Sniffed(canonical, mime, "libmagic")
    zip_listing: ZipListing | None = None
    if result.type in ("zip", "docx", "xlsx", "pptx", "odt") or is_zip_head(head):
        zip_listing = list_zip(src, limits)
        refined = _refine_zip(zip_listing)
        if refined is not None and refined != result.type:
            result = Sniffed(refined, _REFINED_MIME[refined], result.by)
    elif head.startswith(OLE_MAGIC):
        refined = _refine_ole(ole_names(src, limits))
        if refined != result.type:
            result = Sniffed(refined, _REFINED_MIME[refined], result.by)
    return result, zip_listing
