"""Host names: the Public Suffix List, offline, and the host tests the link rules share.

Why tldextract is built the way it is here (read in tldextract 5.x's source):

* `TLDExtract()`'s defaults download the list from publicsuffix.org (or the URLs in
  `TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS`) and cache it under `~/.cache`. Offline that prints a
  traceback or hangs.
* `suffix_list_urls=()` (explicit, so the environment variable is never read) leaves
  `find_first_response` nothing to try: it raises `SuffixListNotFound`, and with
  `fallback_to_snapshot=True` the list is read from the `.tld_set_snapshot` file inside the
  package (`pkgutil.get_data`).
* `cache_dir=None` disables `DiskCache`: `run_and_cache` calls straight through, so nothing is
  read from or written to any cache folder.

Building the suffix trie costs about 0.15 s, so it happens once per process, on first need,
and only a message with a bare-domain candidate (or a `name.*` host pattern to test) pays it.
"""

from __future__ import annotations

import contextlib
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .text import fold_char

__all__ = [
    "HostPattern",
    "decode_idn",
    "is_public_domain",
    "lookalike_of",
    "mixed_script",
    "psl_extractor",
    "real_host",
    "registrable_domain",
    "skeleton",
    "split_host",
]

_lock = threading.Lock()
_extractor: Any = None


def psl_extractor() -> Any:
    """The process-wide `tldextract.TLDExtract` on the bundled snapshot (built on first call)."""
    global _extractor
    if _extractor is None:
        with _lock:
            if _extractor is None:
                import tldextract

                ext = tldextract.TLDExtract(
                    suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True
                )
                ext("example.com")  # build the trie now, under the lock
                _extractor = ext
    return _extractor


def psl_loaded() -> bool:
    """True once the suffix list has been built in this process (for tests of laziness)."""
    return _extractor is not None


@lru_cache(maxsize=4096)
def split_host(host: str) -> tuple[str, str, str]:
    """(subdomain, domain, public suffix) of a lower-case host; suffix '' when it has none."""
    r = psl_extractor().extract_str(host)
    return r.subdomain, r.domain, r.suffix


def is_public_domain(host: str) -> bool:
    """True when `host` ends in a public suffix with a registrable label before it."""
    _, domain, suffix = split_host(host)
    return bool(domain and suffix)


def registrable_domain(host: str) -> str:
    """`shop.example.co.uk` gives `example.co.uk`; '' when there is none."""
    _, domain, suffix = split_host(host)
    return f"{domain}.{suffix}" if domain and suffix else ""


@dataclass(frozen=True, slots=True)
class HostPattern:
    """A host in an allow or block list.

    `ups.com` matches that host and its subdomains; `*.myshopify.com` only the subdomains;
    `amazon.*` a registrable domain `amazon` under any public suffix (`amazon.co.uk`,
    `www.amazon.de`, never `amazon.evil.com`); `*` any host (with a path regex)."""

    name: str
    any_suffix: bool = False
    subdomains_only: bool = False
    any_host: bool = False

    @classmethod
    def parse(cls, text: str) -> HostPattern:
        t = text.strip().lower().rstrip(".")
        if not t or any(c in t for c in "/:?# @"):
            raise ValueError(f"not a host pattern: {text!r}")
        if t == "*":
            return cls("*", any_host=True)
        subs = t.startswith("*.")
        if subs:
            t = t[2:]
        if t.endswith(".*"):
            return cls(t[:-2], any_suffix=True, subdomains_only=subs)
        if "*" in t or not t:
            raise ValueError(f"`*` only as `*.host` or `name.*`: {text!r}")
        return cls(t, subdomains_only=subs)

    @property
    def token(self) -> str:
        """A word every text holding a matching host has (for the prefilter): the longest
        run of letters and digits in the pattern's name, leaving out its last label (the
        suffix) unless the name is `name.*`; '' for `*`, which no word announces."""
        if self.any_host:
            return ""
        labels = self.name.split(".")
        if not self.any_suffix and len(labels) > 1:
            labels = labels[:-1]
        pieces = [p for label in labels for p in label.split("-") if p]
        return max(pieces, key=len)

    def matches(self, host: str) -> bool:
        if self.any_host:
            return True
        if self.any_suffix:
            if self.name + "." not in host:
                return False
            sub, domain, suffix = split_host(host)
            return domain == self.name and bool(suffix) and (bool(sub) or not self.subdomains_only)
        if host == self.name:
            return not self.subdomains_only
        return host.endswith("." + self.name)


# Letters that read alike, to the letter a reader takes them for, on top of the text fold
# (Cyrillic and Greek look-alikes). Digits and `|` for letters are the ASCII tricks.
_SKELETON = str.maketrans({"0": "o", "1": "l", "i": "l", "|": "l", "3": "e", "5": "s", "$": "s"})


@lru_cache(maxsize=4096)
def skeleton(label: str) -> str:
    """What a reader sees in a host label: folded look-alikes, `rn` as `m`, `vv` as `w`."""
    s = "".join(fold_char(c) for c in unicodedata.normalize("NFKC", label)).lower()
    return s.replace("rn", "m").replace("vv", "w").translate(_SKELETON)


def lookalike_of(host: str, brands: frozenset[str], skeletons: dict[str, str]) -> str | None:
    """The brand a host label imitates (`аmazon` with a Cyrillic а, `paypa1`), else None.

    `skeletons` maps a brand's skeleton to the brand. A label that IS the brand is not a
    look-alike; only a different spelling that reads the same is."""
    labels = host.split(".")
    for label in labels[:-1] if len(labels) > 1 else labels:
        for token in {label, *label.split("-")}:
            if not token or token in brands:
                continue
            brand = skeletons.get(skeleton(token))
            if brand is not None:
                return brand
    return None


_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK")


def mixed_script(label: str) -> str | None:
    """'Latin and Cyrillic' when a host label mixes scripts a reader confuses, else None."""
    seen: list[str] = []
    for c in label:
        if c.isascii():
            if c.isalpha() and "LATIN" not in seen:
                seen.append("LATIN")
            continue
        if not c.isalpha():
            continue
        script = unicodedata.name(c, "").split(" ", 1)[0]
        if script in _SCRIPTS and script not in seen:
            seen.append(script)
    if len(seen) < 2:
        return None
    return " and ".join(s.title() for s in seen)


def decode_idn(host: str) -> str:
    """`xn--bcher-kva.de` gives `bücher.de`; labels that do not decode stay as they are."""
    out = []
    for label in host.split("."):
        if label.startswith("xn--"):
            with contextlib.suppress(UnicodeError, ValueError):
                label = label[4:].encode("ascii").decode("punycode")
        out.append(label)
    return ".".join(out)


def real_host(original: str) -> str:
    """The host a browser would visit for host text as written: invisible characters dropped,
    NFKC (fullwidth letters are the same host), lower case, but NO look-alike fold: a Cyrillic
    `а` stays Cyrillic, because the link goes somewhere else."""
    if original.isascii():
        return original.lower().rstrip(".")
    kept = "".join(c for c in original if unicodedata.category(c) != "Cf")
    return unicodedata.normalize("NFKC", kept).lower().rstrip(".")
