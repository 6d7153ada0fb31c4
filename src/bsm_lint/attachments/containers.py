"""Looking inside container formats (zip for OOXML, OLE2 for Word 97) with bounded reads.

The zip reader checks the end-of-central-directory record before `zipfile` parses anything:
an archive that lists too many entries, or whose entries declare a huge inflated size from a
small file, is judged a bomb from those numbers alone, without inflating a byte.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from dataclasses import dataclass, field

from .source import Limits, Source

__all__ = ["OLE_MAGIC", "ZipListing", "is_zip_head", "list_zip", "ole_names", "read_member"]

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_EOCD = b"PK\x05\x06"
_EOCD64_LOCATOR = b"PK\x06\x07"
_EOCD64 = b"PK\x06\x06"


@dataclass
class ZipListing:
    """What a zip declares about itself, and an open `ZipFile` when it is safe to read."""

    entries: int
    names: tuple[str, ...] = ()
    compressed: int = 0
    inflated: int = 0
    #: Why the archive is judged a decompression bomb, or "".
    bomb: str = ""
    zf: zipfile.ZipFile | None = field(default=None, repr=False)
    infos: dict[str, zipfile.ZipInfo] = field(default_factory=dict, repr=False)


def _end_record(src: Source) -> tuple[int, int] | None:
    """(entries, central directory size) from the end record, zip64 aware; None if absent."""
    tail = src.tail(22 + 0xFFFF)
    i = tail.rfind(_EOCD)
    if i < 0 or len(tail) - i < 22:
        return None
    _, _, _, _, entries, cd_size, cd_offset, _ = struct.unpack("<4s4H2LH", tail[i : i + 22])
    if entries == 0xFFFF or cd_size == 0xFFFFFFFF or cd_offset == 0xFFFFFFFF:
        loc = tail[i - 20 : i] if i >= 20 else b""
        if len(loc) == 20 and loc.startswith(_EOCD64_LOCATOR):
            _, _, rec_offset, _ = struct.unpack("<4sLQL", loc)
            rec = src.read_at(rec_offset, 56)
            if len(rec) == 56 and rec.startswith(_EOCD64):
                fields = struct.unpack("<4sQ2H2L4Q", rec)
                entries, cd_size = fields[7], fields[8]
    return entries, cd_size


def list_zip(src: Source, limits: Limits) -> ZipListing | None:
    """The archive's listing, or None when the bytes are not a readable zip."""
    end = _end_record(src)
    if end is None:
        return None
    entries, cd_size = end
    if entries > limits.max_zip_entries:
        return ZipListing(entries, bomb=f"lists {entries:,} entries")
    if cd_size > limits.max_central_directory:
        return ZipListing(entries, bomb=f"has a {cd_size:,}-byte central directory")
    try:
        zf = zipfile.ZipFile(src.file)
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, struct.error):
        return None
    compressed = sum(i.compress_size for i in infos)
    inflated = sum(i.file_size for i in infos)
    listing = ZipListing(
        entries=len(infos),
        names=tuple(i.filename for i in infos),
        compressed=compressed,
        inflated=inflated,
        zf=zf,
        infos={i.filename: i for i in infos},
    )
    if inflated > limits.max_inflate_bytes and inflated > limits.bomb_ratio * max(compressed, 1):
        listing.bomb = (
            f"declares {inflated:,} bytes inflated from {compressed:,}"
            f" (ratio {inflated // max(compressed, 1):,}:1)"
        )
    return listing


def read_member(listing: ZipListing, name: str, budget: int) -> tuple[bytes, bool]:
    """At most `budget` inflated bytes of one member, and whether there was more. Unreadable
    members (encrypted, corrupt, unknown compression) read as empty."""
    info = listing.infos.get(name)
    if listing.zf is None or info is None or budget <= 0:
        return b"", False
    try:
        with listing.zf.open(info) as f:
            data = f.read(budget + 1)
    except (zipfile.BadZipFile, RuntimeError, NotImplementedError, zlib.error, OSError, EOFError):
        return b"", False
    return data[:budget], len(data) > budget


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


# Stream and storage names in an OLE2 directory (UTF-16LE), and what they tell.
_OLE_NAMES = {
    "WordDocument": _utf16("WordDocument"),
    "Workbook": _utf16("Workbook"),
    "PowerPoint Document": _utf16("PowerPoint Document"),
    "_VBA_PROJECT": _utf16("_VBA_PROJECT"),
    "Ole10Native": _utf16("\x01Ole10Native"),
}


def ole_names(src: Source, limits: Limits) -> frozenset[str]:
    """Which of the interesting OLE2 stream names occur in the first `max_read_bytes`."""
    data = src.head(limits.max_read_bytes)
    return frozenset(k for k, v in _OLE_NAMES.items() if v in data)


def is_zip_head(head: bytes) -> bool:
    return head.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08"))
