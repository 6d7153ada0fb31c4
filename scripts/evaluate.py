#!/usr/bin/env python3
"""Precision and recall per category of the active pack, on three labelled sets, in one run.

    python scripts/evaluate.py [--cases PATH...] [--corpus PATH] [--no-linkify] [--json]
                               [--category X ...] [--show-errors] [--pack PACK]

(a) the shared development corpus (`../shared/corpus/real-templates.jsonl`, read in place,
never copied), (b) the project's own labelled cases (`tests/cases/*.jsonl`, format in
`tests/cases/README.md`), (c) the link and not-link fixtures that linkify-it-py ships in its
sdist, fetched once with `pip download` into `benchmarks/.data/linkify/` (skipped offline).

Scoring is per message: the predicted categories are the categories of the message's
unsuppressed violations (any severity), compared with the expected set category by category.
Only categories the pack has a rule for are scored; the others are listed as "not covered",
so a young pack is not blamed for rules it does not have yet. Exit code 0, or 2 when an input
file cannot be read or parsed, or the pack does not load.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tarfile
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bsm_lint import BsmLintError, Context, LintConfig, Linter, LintTimeout, Message, load_pack
from bsm_lint.packs.loader import Pack
from bsm_lint.taxonomy import CATEGORIES

ROOT = Path(__file__).resolve().parents[1]
CASES_DIR = ROOT / "tests" / "cases"
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "real-templates.jsonl"
LINKIFY_CACHE = ROOT / "benchmarks" / ".data" / "linkify"
LINKIFY_PACKAGE = "linkify-it-py"

LANGUAGES = frozenset({"en", "de", "fr", "es", "it", "ja"})
KINDS = frozenset({"proactive", "reply"})
FORMATS = frozenset({"text", "html"})
KNOWN_TAGS = frozenset(
    {
        # what the case is
        "hard-negative",
        "disguised",
        "plain",
        "config",
        "debatable",
        "template",
        "subject",
        "html",
        # what it exercises
        "at-dot",
        "spaced",
        "fullwidth",
        "homoglyph",
        "zero-width",
        "line-break",
        "words",
        "vanity",
        "idn",
        "handle",
        "invitation",
        "number-lookalike",
        "file-name",
        "product-name",
        "brand-mention",
        "allowed-link",
        "negated",
        "at-sign",
        "at-word",
        # review solicitation and message purpose (tests/cases/solicitation-*.jsonl)
        *("neutral-request", "conditional", "incentive", "imagery", "multilingual"),
    }
)
CASE_KEYS = frozenset(
    {
        "id",
        "text",
        "subject",
        "language",
        "marketplace",
        "kind",
        "format",
        "expected",
        "tags",
        "config",
        "note",
    }
)
CASE_REQUIRED = ("id", "text", "language", "marketplace", "kind", "expected", "tags")
#: Config keys a case may set: the ones whose meaning depends on the message's situation.
CASE_CONFIG_KEYS = frozenset({"seller_domains", "allowed_link_hosts", "phone_contexts"})
#: Tags whose slice is worth a line of its own in the case-file summary.
SLICE_TAGS = ("plain", "disguised", "hard-negative", "config", "template", "debatable")
EXCERPT = 90


class InputError(Exception):
    """An input file that cannot be read or parsed: the run exits 2."""


# -- inputs ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sample:
    """One labelled message, from a case file or the corpus."""

    id: str
    text: str
    expected: frozenset[str]
    subject: str | None = None
    language: str | None = None
    marketplace: str | None = None
    kind: str = "proactive"
    format: str = "text"
    config: Mapping[str, Any] = field(default_factory=dict)
    tags: tuple[str, ...] = ()
    note: str = ""


def _expected(value: object, where: str) -> frozenset[str]:
    """The expected categories; `["none"]` (corpus style) and `[]` both mean no violation."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(f"{where}: `expected` must be a list of category names")
    if value == ["none"]:
        return frozenset()
    if "none" in value:
        raise InputError(f"{where}: `none` cannot be combined with categories")
    unknown = sorted(set(value) - CATEGORIES.keys())
    if unknown:
        raise InputError(f"{where}: unknown categor{'ies' if len(unknown) > 1 else 'y'} {unknown}")
    return frozenset(value)


def _opt_str(obj: Mapping[str, Any], key: str, where: str) -> str | None:
    value = obj.get(key)
    if value is not None and not isinstance(value, str):
        raise InputError(f"{where}: `{key}` must be a string or null")
    return value


def parse_case(obj: object, where: str) -> Sample:
    """Validate one case-file record (see tests/cases/README.md)."""
    if not isinstance(obj, dict):
        raise InputError(f"{where}: a case must be a JSON object")
    unknown = sorted(set(obj) - CASE_KEYS)
    if unknown:
        raise InputError(f"{where}: unknown keys {unknown}")
    missing = [k for k in CASE_REQUIRED if k not in obj]
    if missing:
        raise InputError(f"{where}: missing keys {missing}")
    for key in ("id", "text", "language", "marketplace", "kind"):
        if not isinstance(obj[key], str) or not obj[key]:
            raise InputError(f"{where}: `{key}` must be a non-empty string")
    where = f"{where} ({obj['id']})"
    if obj["language"] not in LANGUAGES:
        raise InputError(f"{where}: language {obj['language']!r} not in {sorted(LANGUAGES)}")
    if obj["kind"] not in KINDS:
        raise InputError(f"{where}: kind must be one of {sorted(KINDS)}")
    fmt = obj.get("format", "text")
    if fmt not in FORMATS:
        raise InputError(f"{where}: format must be one of {sorted(FORMATS)}")
    tags = obj["tags"]
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise InputError(f"{where}: `tags` must be a list of strings")
    bad_tags = sorted(set(tags) - KNOWN_TAGS)
    if bad_tags:
        raise InputError(f"{where}: unknown tags {bad_tags} (add them to KNOWN_TAGS)")
    config = obj.get("config") or {}
    if not isinstance(config, dict):
        raise InputError(f"{where}: `config` must be an object")
    bad_config = sorted(set(config) - CASE_CONFIG_KEYS)
    if bad_config:
        raise InputError(f"{where}: config keys {bad_config} not in {sorted(CASE_CONFIG_KEYS)}")
    try:
        LintConfig(**config)
    except ValueError as exc:
        raise InputError(f"{where}: bad config: {exc}") from exc
    note = obj.get("note", "")
    if not isinstance(note, str):
        raise InputError(f"{where}: `note` must be a string")
    return Sample(
        id=obj["id"],
        text=obj["text"],
        expected=_expected(obj["expected"], where),
        subject=_opt_str(obj, "subject", where),
        language=obj["language"],
        marketplace=obj["marketplace"],
        kind=obj["kind"],
        format=fmt,
        config=config,
        tags=tuple(tags),
        note=note,
    )


def parse_corpus_record(obj: object, where: str) -> Sample:
    """One record of ../shared/corpus (fields body, subject, language, kind, expected)."""
    if not isinstance(obj, dict) or not isinstance(obj.get("body"), str):
        raise InputError(f"{where}: a corpus record needs a string `body`")
    ident = obj.get("id") or where
    kind = obj.get("kind") or "proactive"
    if kind not in KINDS:
        raise InputError(f"{where}: kind must be one of {sorted(KINDS)}")
    return Sample(
        id=str(ident),
        text=obj["body"],
        expected=_expected(obj.get("expected", []), f"{where} ({ident})"),
        subject=_opt_str(obj, "subject", where),
        language=_opt_str(obj, "language", where),
        kind=kind,
        note=str(obj.get("notes", "")),
    )


def load_jsonl(path: Path, parse: Callable[[object, str], Sample]) -> list[Sample]:
    """Every record of a JSONL file; any unreadable or invalid line is an `InputError`."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read: {exc}") from exc
    out = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{where}: not JSON: {exc}") from exc
        out.append(parse(obj, where))
    return out


def load_cases(paths: Iterable[Path]) -> list[Sample]:
    """Cases from files and folders (every *.jsonl inside); ids must be unique."""
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            files.extend(sorted(p.glob("*.jsonl")))
        else:
            files.append(p)
    samples: list[Sample] = []
    seen: dict[str, Path] = {}
    for f in files:
        for s in load_jsonl(f, parse_case):
            if s.id in seen:
                raise InputError(f"{f}: duplicate id {s.id!r} (also in {seen[s.id]})")
            seen[s.id] = f
            samples.append(s)
    return samples


# -- running the pack --------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What the pack said about one sample: its categories and, per category, the matches."""

    sample: Sample
    predicted: frozenset[str]
    matches: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    error: str | None = None


def lint_inputs(sample: Sample) -> tuple[Message, Context, LintConfig]:
    """The Message, Context and LintConfig a sample stands for."""
    fmt = "html" if sample.format == "html" else "text"
    kind = "reply" if sample.kind == "reply" else "proactive"
    message = Message(
        subject=sample.subject, body=sample.text, kind=kind, language=sample.language, format=fmt
    )
    return message, Context(marketplace=sample.marketplace), LintConfig(**sample.config)


class PackRunner:
    """Lints samples with one pack; one compiled Linter per distinct case config."""

    def __init__(self, pack: Pack) -> None:
        self.pack = pack
        self._linters: dict[str, Linter] = {}

    @property
    def covered(self) -> frozenset[str]:
        """Categories the pack has at least one rule for."""
        return frozenset(r.spec.category for r in self.pack.rules)

    def linter(self, config: LintConfig) -> Linter:
        key = config.model_dump_json()
        if key not in self._linters:
            self._linters[key] = Linter(self.pack, config)
        return self._linters[key]

    def run(self, sample: Sample) -> Outcome:
        message, context, config = lint_inputs(sample)
        try:
            report = self.linter(config).lint(message, context)
        except LintTimeout as exc:
            return Outcome(sample, frozenset(), error=f"timeout: {exc}")
        matches: dict[str, list[str]] = {}
        for v in report.violations:
            if not v.suppressed:
                matches.setdefault(v.category, []).append(v.match)
        return Outcome(
            sample, frozenset(matches), {c: tuple(m) for c, m in matches.items()}, error=None
        )


# -- scoring -----------------------------------------------------------------------------


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def support(self) -> int:
        return self.tp + self.fn

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None or p + r == 0:
            return None if p is None or r is None else 0.0
        return 2 * p * r / (p + r)

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def as_dict(self) -> dict[str, Any]:
        return {
            "support": self.support,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


@dataclass(frozen=True)
class Miss:
    """One false positive or false negative, for --show-errors."""

    kind: str  # "FP" or "FN"
    category: str
    sample: Sample
    matches: tuple[str, ...] = ()


@dataclass
class Scores:
    messages: int = 0
    categories: dict[str, Counts] = field(default_factory=dict)
    not_covered: Counter[str] = field(default_factory=Counter)
    misses: list[Miss] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    #: Messages expected to violate no scored category, and those of them with a finding in
    #: one: the false-alarm rate on compliant messages that issue 4 sets a target for.
    compliant: int = 0
    compliant_flagged: int = 0
    #: The same, counting only findings in categories the source labels at least once. A
    #: source written against a smaller label set (the corpus has no cancel-request label; its
    #: notes call such messages forbidden but out of scope) cannot call them compliant there.
    compliant_flagged_labelled: int = 0
    unlabelled: tuple[str, ...] = ()

    @property
    def total(self) -> Counts:
        out = Counts()
        for c in self.categories.values():
            out.add(c)
        return out


def score(
    outcomes: Iterable[Outcome], covered: Iterable[str], only: Iterable[str] | None = None
) -> Scores:
    """Per-category TP/FP/FN over messages, for the covered categories (or `only` of them).

    Expected categories the pack has no rule for are counted in `not_covered`, never as FN."""
    wanted = set(only) if only is not None else None
    scored = sorted(c for c in covered if wanted is None or c in wanted)
    scored_set = frozenset(scored)
    result = Scores(categories={c: Counts() for c in scored})
    outcomes = list(outcomes)
    used = frozenset(c for o in outcomes for c in o.sample.expected)
    labelled = scored_set & used
    result.unlabelled = tuple(sorted(scored_set - used))
    for o in outcomes:
        result.messages += 1
        if o.error:
            result.errors.append(f"{o.sample.id}: {o.error}")
        for c in sorted(o.sample.expected - scored_set):
            if wanted is None or c in wanted:
                result.not_covered[c] += 1
        if not o.sample.expected & scored_set:
            result.compliant += 1
            result.compliant_flagged += bool(o.predicted & scored_set)
            result.compliant_flagged_labelled += bool(o.predicted & labelled)
        for c in scored:
            exp, pred = c in o.sample.expected, c in o.predicted
            counts = result.categories[c]
            if exp and pred:
                counts.tp += 1
            elif pred:
                counts.fp += 1
                result.misses.append(Miss("FP", c, o.sample, tuple(o.matches.get(c, ()))))
            elif exp:
                counts.fn += 1
                result.misses.append(Miss("FN", c, o.sample))
    return result


def slices(
    outcomes: Sequence[Outcome], covered: Iterable[str], only: Iterable[str] | None = None
) -> dict[str, Scores]:
    """The same scores restricted to a tag or a language: where the misses concentrate."""
    cov = list(covered)
    groups: dict[str, list[Outcome]] = {f"tag:{t}": [] for t in SLICE_TAGS}
    for o in outcomes:
        for t in o.sample.tags:
            if t in SLICE_TAGS:
                groups[f"tag:{t}"].append(o)
    for o in sorted(outcomes, key=lambda o: o.sample.language or "?"):
        groups.setdefault(f"lang:{o.sample.language or '?'}", []).append(o)
    return {name: score(subset, cov, only) for name, subset in groups.items() if subset}


# -- linkify-it-py fixtures ----------------------------------------------------------------

_COMMENT_LINE = re.compile(r"^%.*")
# Fixture lines carry trailing remarks ("google.com: // no port", "... % markdown
# blockquote"); linkify only checks where the link is, we check the whole line, so the
# remark after " % " is dropped. A `%` inside a URL has no space before it.
_INLINE_REMARK = re.compile(r"\s+%\s.*$")
_EMAIL_TARGET = re.compile(r"^(?:mailto:)?[^\s/:@]+@[^\s/@]+$", re.IGNORECASE)


@dataclass(frozen=True)
class FixtureLine:
    source: str  # fixture file name
    lineno: int
    text: str
    target: str  # the expected link (links files) or the line itself
    is_link: bool

    @property
    def is_email(self) -> bool:
        return self.is_link and bool(_EMAIL_TARGET.match(self.target))


def parse_fixture(text: str, source: str, is_link: bool) -> list[FixtureLine]:
    """linkify-it's fixture format: lines starting with `%` are comments; in a links file an
    entry is a line, optionally followed by the link it must yield, and blank lines separate
    entries; in a not-links file every line is an entry of its own (as in upstream's tests)."""
    lines = [ln.rstrip() for ln in text.splitlines()]
    out: list[FixtureLine] = []
    skip = False
    for i, raw in enumerate(lines):
        if skip:
            skip = False
            continue
        line = _COMMENT_LINE.sub("", raw)
        if not line.strip():
            continue
        following = _COMMENT_LINE.sub("", lines[i + 1]) if i + 1 < len(lines) else ""
        target = line
        if is_link and following.strip():
            target, skip = following, True
        clean = _INLINE_REMARK.sub("", line)
        out.append(FixtureLine(source, i + 1, clean, _INLINE_REMARK.sub("", target), is_link))
    return out


def fetch_linkify(cache: Path, timeout: float = 180.0) -> tuple[Path | None, str]:
    """The linkify-it-py sdist from the cache, else from PyPI via pip; (None, why) offline."""
    found = sorted(cache.glob("linkify_it_py-*.tar.gz"))
    if found:
        return found[-1], "cached"
    cache.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:"]
    cmd += ["--timeout", "15", "--retries", "1", LINKIFY_PACKAGE, "-d", str(cache)]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return None, f"pip download failed ({exc.__class__.__name__}: {exc})"
    found = sorted(cache.glob("linkify_it_py-*.tar.gz"))
    if proc.returncode != 0 or not found:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["no output"]
        return None, f"pip download failed (offline?): {tail[0]}"
    return found[-1], "downloaded"


def read_linkify_fixtures(sdist: Path) -> list[FixtureLine]:
    """The links / not-links fixture files inside the sdist, read without extracting."""
    out: list[FixtureLine] = []
    try:
        with tarfile.open(sdist, "r:gz") as tar:
            members = [
                m
                for m in tar.getmembers()
                if m.isfile() and "/fixtures/" in m.name and m.name.endswith("links.txt")
            ]
            for m in sorted(members, key=lambda m: m.name):
                handle = tar.extractfile(m)
                if handle is None:
                    continue
                name = Path(m.name).name
                text = handle.read().decode("utf-8")
                out.extend(parse_fixture(text, name, is_link=not name.startswith("not")))
    except (OSError, tarfile.TarError, UnicodeDecodeError) as exc:
        raise InputError(f"{sdist}: cannot read the sdist: {exc}") from exc
    if not out:
        raise InputError(f"{sdist}: no links/not-links fixture files found")
    return out


@dataclass
class LinkifyScores:
    version: str
    files: list[str]
    links: Counts = field(default_factory=Counts)  # tp: found, fn: missed, fp: not-link hit
    emails_found: int = 0
    emails_total: int = 0
    not_links_total: int = 0
    other_on_not_links: Counter[str] = field(default_factory=Counter)
    misses: list[tuple[str, FixtureLine, tuple[str, ...]]] = field(default_factory=list)


def score_linkify(
    lines: Sequence[FixtureLine], run: Callable[[str], Outcome], version: str
) -> LinkifyScores:
    """A links line passes with at least one link-* finding (an email line also with
    contact-email); a not-links line fails with any link-* finding."""
    result = LinkifyScores(version=version, files=sorted({ln.source for ln in lines}))
    for ln in lines:
        o = run(ln.text)
        link_hits = {c for c in o.predicted if c.startswith("link-")}
        found = tuple(m for c in sorted(link_hits) for m in o.matches.get(c, ()))
        if ln.is_email:
            result.emails_total += 1
            if link_hits or "contact-email" in o.predicted:
                result.emails_found += 1
            else:
                result.misses.append(("FN", ln, ()))
        elif ln.is_link:
            if link_hits:
                result.links.tp += 1
            else:
                result.links.fn += 1
                result.misses.append(("FN", ln, ()))
        else:
            result.not_links_total += 1
            if link_hits:
                result.links.fp += 1
                result.misses.append(("FP", ln, found))
            result.other_on_not_links.update(c for c in o.predicted if not c.startswith("link-"))
    return result


# -- output ------------------------------------------------------------------------------


def _num(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def excerpt(text: str, width: int = EXCERPT) -> str:
    """One line, invisible characters shown as escapes, cut to `width`."""
    out = []
    for ch in text:
        if ch == "\n":
            out.append("\\n")
        elif unicodedata.category(ch) in ("Cf", "Cc", "Zl", "Zp") or (
            unicodedata.category(ch) == "Zs" and ch != " "
        ):
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    s = "".join(out)
    return s if len(s) <= width else s[: width - 1] + "…"


HEADER = (
    f"{'category':<24}{'support':>8}{'TP':>6}{'FP':>6}{'FN':>6}"
    f"{'precision':>11}{'recall':>8}{'F1':>7}"
)


def _row(name: str, c: Counts) -> str:
    return (
        f"{name:<24}{c.support:>8}{c.tp:>6}{c.fp:>6}{c.fn:>6}"
        f"{_num(c.precision):>11}{_num(c.recall):>8}{_num(c.f1):>7}"
    )


def format_scores(title: str, s: Scores, pack_label: str, show_errors: bool) -> list[str]:
    lines = [f"{title}: {s.messages} messages", HEADER]
    lines += [_row(c, counts) for c, counts in s.categories.items()]
    if len(s.categories) > 1:
        lines.append(_row("all covered (micro)", s.total))
    if s.compliant:
        rate = s.compliant_flagged / s.compliant
        lines.append(
            f"false alarms on compliant messages: {s.compliant_flagged} of {s.compliant} "
            f"({rate:.1%})"
        )
        if s.compliant_flagged_labelled != s.compliant_flagged:
            rate = s.compliant_flagged_labelled / s.compliant
            lines.append(
                f"  of which in categories this source labels: {s.compliant_flagged_labelled}"
                f" of {s.compliant} ({rate:.1%}); the rest are in categories it never labels"
                f" ({', '.join(c for c in s.unlabelled if s.categories[c].fp)})"
            )
    if s.not_covered:
        listed = ", ".join(f"{c} ({n})" for c, n in s.not_covered.most_common())
        lines.append(f"not covered (no rule in {pack_label}): {listed}")
    for e in s.errors:
        lines.append(f"error: {e}")
    if show_errors and s.misses:
        lines.append("errors:")
        for m in sorted(s.misses, key=lambda m: (m.category, m.kind, m.sample.id)):
            found = f"  matched {list(m.matches)!r}" if m.matches else ""
            text = (f"[subject: {m.sample.subject}] " if m.sample.subject else "") + m.sample.text
            lines.append(f"  {m.kind} {m.category:<22} {m.sample.id:<9} {excerpt(text)!r}{found}")
    return lines


def format_slices(sl: Mapping[str, Scores]) -> list[str]:
    lines = [
        "by slice (covered categories, micro):",
        f"{'slice':<24}{'messages':>8}{'TP':>6}{'FP':>6}{'FN':>6}{'precision':>11}{'recall':>8}"
        f"{'F1':>7}",
    ]
    for name, s in sl.items():
        t = s.total
        lines.append(
            f"{name:<24}{s.messages:>8}{t.tp:>6}{t.fp:>6}{t.fn:>6}"
            f"{_num(t.precision):>11}{_num(t.recall):>8}{_num(t.f1):>7}"
        )
    return lines


def format_linkify(ls: LinkifyScores, show_errors: bool) -> list[str]:
    c = ls.links
    lines = [
        f"(c) linkify-it-py {ls.version} fixtures ({', '.join(ls.files)}): "
        f"{c.support} links, {ls.emails_total} emails, {ls.not_links_total} not-links",
        HEADER,
        _row("link-* (any)", c),
        f"{'emails (link-*/email)':<24}{ls.emails_total:>8}{ls.emails_found:>6}{'':>6}"
        f"{ls.emails_total - ls.emails_found:>6}{'':>11}"
        f"{_num(ls.emails_found / ls.emails_total if ls.emails_total else None):>8}",
    ]
    if ls.other_on_not_links:
        other = ", ".join(f"{k} ({n})" for k, n in ls.other_on_not_links.most_common())
        lines.append(f"other findings on not-links lines (not scored): {other}")
    if show_errors and ls.misses:
        lines.append("errors:")
        for kind, ln, found in ls.misses:
            extra = f"  matched {list(found)!r}" if found else ""
            lines.append(f"  {kind} {ln.source}:{ln.lineno:<5} {excerpt(ln.text)!r}{extra}")
    return lines


def scores_json(s: Scores, show_errors: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "messages": s.messages,
        "categories": {c: counts.as_dict() for c, counts in s.categories.items()},
        "total": s.total.as_dict(),
        "not_covered": dict(s.not_covered.most_common()),
        "run_errors": s.errors,
        "compliant": {
            "messages": s.compliant,
            "flagged": s.compliant_flagged,
            "flagged_in_labelled_categories": s.compliant_flagged_labelled,
        },
    }
    if show_errors:
        out["errors"] = [
            {
                "kind": m.kind,
                "category": m.category,
                "id": m.sample.id,
                "text": m.sample.text,
                "matches": list(m.matches),
            }
            for m in s.misses
        ]
    return out


# -- main --------------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="evaluate.py",
        description="Precision/recall per category on the corpus, the case files and the "
        "linkify-it-py fixtures.",
    )
    p.add_argument(
        "--cases",
        nargs="+",
        type=Path,
        metavar="PATH",
        help="case files or folders (default: tests/cases/)",
    )
    p.add_argument(
        "--corpus", type=Path, metavar="PATH", help=f"corpus JSONL (default: {DEFAULT_CORPUS})"
    )
    p.add_argument("--no-linkify", action="store_true", help="skip the linkify-it-py fixtures")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument(
        "--category", action="append", metavar="X", help="score only this category (repeatable)"
    )
    p.add_argument(
        "--show-errors", action="store_true", help="print each false positive and false negative"
    )
    p.add_argument("--pack", default=None, help="pack name or folder (default: amazon-bsm)")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    out_json: dict[str, Any] = {}
    text: list[str] = []
    try:
        pack = load_pack(args.pack)
    except BsmLintError as exc:
        print(f"evaluate.py: pack does not load: {exc}", file=sys.stderr)
        return 2
    runner = PackRunner(pack)
    covered = runner.covered
    only = args.category
    if only:
        unknown = sorted(set(only) - CATEGORIES.keys())
        if unknown:
            print(f"evaluate.py: unknown categories {unknown}", file=sys.stderr)
            return 2
    pack_label = f"pack {pack.id} {pack.version}"
    out_json["pack"] = {"id": pack.id, "version": pack.version, "covered": sorted(covered)}
    text.append(f"{pack_label}: rules for {', '.join(sorted(covered)) or 'nothing'}")

    try:
        # (a) corpus
        corpus = args.corpus or DEFAULT_CORPUS
        if corpus.exists() or args.corpus is not None:
            samples = load_jsonl(corpus, parse_corpus_record)
            s = score([runner.run(x) for x in samples], covered, only)
            out_json["corpus"] = {"path": str(corpus), **scores_json(s, args.show_errors)}
            text += ["", *format_scores(f"(a) corpus {corpus}", s, pack_label, args.show_errors)]
        else:
            out_json["corpus"] = {"skipped": f"{corpus} not found"}
            text += ["", f"(a) corpus: skipped, {corpus} not found"]

        # (b) case files
        case_paths = args.cases or [CASES_DIR]
        cases = load_cases(case_paths)
        outcomes = [runner.run(x) for x in cases]
        s = score(outcomes, covered, only)
        sl = slices(outcomes, covered, only)
        where = ", ".join(str(p) for p in case_paths)
        out_json["cases"] = {
            "paths": [str(p) for p in case_paths],
            **scores_json(s, args.show_errors),
            "slices": {k: v.total.as_dict() | {"messages": v.messages} for k, v in sl.items()},
        }
        text += ["", *format_scores(f"(b) cases {where}", s, pack_label, args.show_errors)]
        text += ["", *format_slices(sl)]

        # (c) linkify-it-py fixtures
        link_cats = {c for c in covered if c.startswith("link-")}
        if only:
            link_cats &= set(only)
        if args.no_linkify:
            out_json["linkify"] = {"skipped": "--no-linkify"}
            text += ["", "(c) linkify-it-py fixtures: skipped (--no-linkify)"]
        elif not link_cats:
            why = "no link-* category selected or covered by the pack"
            out_json["linkify"] = {"skipped": why}
            text += ["", f"(c) linkify-it-py fixtures: skipped, {why}"]
        else:
            sdist, how = fetch_linkify(LINKIFY_CACHE)
            if sdist is None:
                out_json["linkify"] = {"skipped": how}
                text += ["", f"(c) linkify-it-py fixtures: skipped, {how}"]
            else:
                version = sdist.name.removeprefix("linkify_it_py-").removesuffix(".tar.gz")
                fixtures = read_linkify_fixtures(sdist)

                def run_line(line: str) -> Outcome:
                    o = runner.run(Sample(id="linkify", text=line, expected=frozenset()))
                    kept = {c for c in o.predicted if not c.startswith("link-") or c in link_cats}
                    return Outcome(o.sample, frozenset(kept), o.matches, o.error)

                ls = score_linkify(fixtures, run_line, version)
                out_json["linkify"] = {
                    "version": version,
                    "sdist": str(sdist),
                    "files": ls.files,
                    "links": ls.links.as_dict(),
                    "emails": {"found": ls.emails_found, "total": ls.emails_total},
                    "not_links": ls.not_links_total,
                    "other_on_not_links": dict(ls.other_on_not_links),
                }
                if args.show_errors:
                    out_json["linkify"]["errors"] = [
                        {
                            "kind": k,
                            "file": ln.source,
                            "line": ln.lineno,
                            "text": ln.text,
                            "matches": list(f),
                        }
                        for k, ln, f in ls.misses
                    ]
                text += ["", *format_linkify(ls, args.show_errors)]
    except InputError as exc:
        print(f"evaluate.py: {exc}", file=sys.stderr)
        return 2

    if args.json:
        print(json.dumps(out_json, indent=2, ensure_ascii=False))
    else:
        print("\n".join(text))
    return 0


if __name__ == "__main__":
    sys.exit(main())
