"""Bounded access to an attachment's bytes: every reader asks for at most what it needs.

An attachment given by path is never read whole: sniffing reads its head, the zip reader its
end (the central directory), text extraction a capped prefix. So a 2 GB file, or a sparse
file that claims to be one, is judged in milliseconds, and a zip bomb never inflates past
`Limits.max_inflate_bytes`.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from types import TracebackType
from typing import BinaryIO

from ..errors import InputError
from ..model import Attachment

__all__ = ["DEFAULT_LIMITS", "Limits", "Source"]


@dataclass(frozen=True)
class Limits:
    """How much of one attachment bsm-lint will look at. Beyond these, it judges what it saw
    and says so in a note, rather than spend memory and time the caller did not budget."""

    #: Bytes given to the content sniffers (libmagic and the built-in one).
    head_bytes: int = 64 * 1024
    #: Raw bytes of one file scanned for text and active content (PDF, TXT, OLE names).
    max_read_bytes: int = 16 * 1024 * 1024
    #: Bytes inflated from one file in total (PDF streams, zip members).
    max_inflate_bytes: int = 32 * 1024 * 1024
    #: Bytes of PDF content streams tokenised for text (the slow, pure-Python part).
    max_parse_bytes: int = 4 * 1024 * 1024
    #: Entries a zip (DOCX) may list before it is judged a bomb.
    max_zip_entries: int = 10_000
    #: Size of a zip's central directory read at most.
    max_central_directory: int = 4 * 1024 * 1024
    #: Inflated-to-compressed ratio above which a large archive is judged a bomb.
    bomb_ratio: int = 100
    #: Characters of extracted text handed to the text rules.
    max_text_chars: int = 200_000


DEFAULT_LIMITS = Limits()


class Source:
    """Random access to an attachment's bytes, from memory or from its file."""

    def __init__(self, attachment: Attachment) -> None:
        self.attachment = attachment
        self._file: BinaryIO | None = None
        data = attachment.data
        if data is not None:
            self.size = len(data)
            self._file = io.BytesIO(data)
        else:
            assert attachment.path is not None
            try:
                self.size = attachment.path.stat().st_size
                self._file = attachment.path.open("rb")
            except OSError as exc:
                raise InputError(
                    f"attachment {attachment.file_name!r}: cannot read {attachment.path}:"
                    f" {exc.strerror or exc}"
                ) from exc

    def __enter__(self) -> Source:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._file is not None and self.attachment.data is None:
            self._file.close()
        self._file = None

    @property
    def file(self) -> BinaryIO:
        """A seekable binary file over the bytes (for zipfile), positioned at 0."""
        assert self._file is not None, "source is closed"
        self._file.seek(0)
        return self._file

    def read_at(self, offset: int, n: int) -> bytes:
        if n <= 0 or offset >= self.size:
            return b""
        if self.attachment.data is not None:
            return self.attachment.data[offset : offset + n]
        f = self.file
        f.seek(offset)
        try:
            return f.read(n)
        except OSError as exc:
            raise InputError(
                f"attachment {self.attachment.file_name!r}: read failed: {exc.strerror or exc}"
            ) from exc

    def head(self, n: int) -> bytes:
        return self.read_at(0, n)

    def tail(self, n: int) -> bytes:
        return self.read_at(max(0, self.size - n), n)
