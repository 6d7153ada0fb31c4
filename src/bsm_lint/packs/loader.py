"""Loading packs from disk: TOML, includes, `extends`, merges, overrides; errors at file:line.

The loader only reads and validates. Compiling rules into checks is the engine's job, and
running every rule's own examples (strict mode) is `packs.selftest`'s.
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import PackError
from .locate import TomlLocator
from .schema import PackFile, PhraseFile, RuleFile, RuleSpec

__all__ = ["DEFAULT_PACK", "Origin", "Pack", "PackRule", "bundled_packs_dir", "load_pack"]

M = TypeVar("M", bound=BaseModel)

DEFAULT_PACK = "amazon-bsm"
MAX_EXTENDS_DEPTH = 5


@dataclass(frozen=True)
class Origin:
    """Where a piece of a pack was written, to point errors at it."""

    file: Path
    locator: TomlLocator
    prefix: tuple[str | int, ...] = ()

    def line(self, *path: str | int) -> int | None:
        return self.locator.line_of((*self.prefix, *path))

    def error(self, problem: str, *path: str | int) -> PackError:
        full = (*self.prefix, *path)
        key = ".".join(str(p) for p in full if not isinstance(p, int)) or None
        return PackError(problem, file=self.file, line=self.line(*path), key=key)


@dataclass(frozen=True)
class PackRule:
    """A validated rule and where each of its keys came from (after `extends` merges)."""

    spec: RuleSpec
    origin: Origin
    key_origins: Mapping[str, Origin] = field(default_factory=dict)

    def error(self, problem: str, *path: str | int) -> PackError:
        top = path[0] if path and isinstance(path[0], str) else None
        origin = self.key_origins.get(top, self.origin) if top else self.origin
        return origin.error(problem, *path)


@dataclass(frozen=True)
class Pack:
    """A loaded, merged pack, ready to compile."""

    id: str
    name: str
    version: str
    description: str
    as_of: str
    folder: Path
    hash: str
    rules: tuple[PackRule, ...]
    lists: Mapping[str, Mapping[str, tuple[str, ...]]]
    data: Mapping[str, Any] = field(default_factory=dict)

    def rule(self, code: str) -> PackRule:
        for r in self.rules:
            if r.spec.code == code:
                return r
        raise KeyError(code)


def bundled_packs_dir() -> Path:
    """The folder of bundled packs: inside the wheel, or `rules/` in a source checkout."""
    inside = Path(str(resources.files("bsm_lint"))) / "rules"
    if inside.is_dir():
        return inside
    checkout = Path(__file__).resolve().parents[3] / "rules"
    if checkout.is_dir():
        return checkout
    raise PackError("no bundled packs found (broken installation?)", file=str(inside))


def _resolve(ref: str | Path, relative_to: Path | None) -> Path:
    """A pack reference is a path to a pack folder (or its pack.toml), or the name of a
    bundled pack. A folder of that name that holds a pack.toml wins over a bundled name."""
    text = str(ref)
    p = Path(text)
    if not p.is_absolute() and relative_to is not None:
        p = relative_to / p
    looks_like_path = isinstance(ref, Path) or "/" in text or "\\" in text or text.startswith(".")
    if looks_like_path or (p / "pack.toml").is_file():
        if p.is_file():
            p = p.parent
        return p.resolve()
    return (bundled_packs_dir() / text).resolve()


def resolve_pack_ref(ref: str | Path | None) -> str:
    """The folder a pack reference points at now, as a cache key."""
    return str(_resolve(ref if ref is not None else DEFAULT_PACK, None))


def _read_toml(path: Path) -> tuple[dict[str, Any], bytes]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PackError(f"cannot read: {exc.strerror or exc}", file=path) from exc
    try:
        source = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PackError(
            f"not UTF-8: byte 0x{raw[exc.start]:02x} at offset {exc.start}",
            file=path,
            line=raw.count(b"\n", 0, exc.start) + 1,
        ) from exc
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        # tomllib puts the position only into the message: "... (at line 5, column 3)".
        msg = str(exc)
        lineno: int | None = None
        if "(at line " in msg:
            digits = msg.rsplit("(at line ", 1)[1].split(",", 1)[0]
            lineno = int(digits) if digits.isdigit() else None
        problem = msg.split(" (at line ", 1)[0]
        raise PackError(f"invalid TOML: {problem}", file=path, line=lineno) from exc
    return data, raw


def _validate(model: type[M], data: Mapping[str, Any], origin: Origin) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise _first_error(exc, origin) from exc


def _first_error(exc: ValidationError, origin: Origin) -> PackError:
    err = exc.errors()[0]
    loc = tuple(p for p in err["loc"] if isinstance(p, str | int))
    # pydantic puts union member names into loc (`str`, `ExampleMessage`); drop them.
    loc = tuple(p for p in loc if not ((isinstance(p, str) and p[:1].isupper()) or p == "str"))
    problem = err["msg"]
    if err["type"] == "extra_forbidden":
        problem = "unknown key"
    elif err["type"] == "missing":
        problem = "missing required key"
    return origin.error(problem, *loc)


@dataclass
class _RawRule:
    data: dict[str, Any]
    origin: Origin
    key_origins: dict[str, Origin]


@dataclass
class _Loaded:
    header_id: str
    name: str
    version: str
    description: str
    as_of: str
    folder: Path
    digest: hashlib._Hash
    rules: dict[str, _RawRule]
    lists: dict[str, dict[str, list[str]]]
    data: dict[str, Any]


def load_pack(ref: str | Path | None = None, *, strict: bool = False) -> Pack:
    """Load a pack by bundled name or path. `strict` also runs the examples of every rule a
    user wrote or changed (the bundled rules' examples run in the project's test suite, not
    at every start; `bsm-lint test-pack` runs them all)."""
    loaded = _load(ref if ref is not None else DEFAULT_PACK, None, ())
    rules = []
    for raw in loaded.rules.values():
        spec = _validate(RuleSpec, raw.data, raw.origin)
        rules.append(PackRule(spec, raw.origin, dict(raw.key_origins)))
    pack = Pack(
        id=loaded.header_id,
        name=loaded.name,
        version=loaded.version,
        description=loaded.description,
        as_of=loaded.as_of,
        folder=loaded.folder,
        hash="sha256:" + loaded.digest.hexdigest(),
        rules=tuple(rules),
        lists={k: {lang: tuple(v) for lang, v in d.items()} for k, d in loaded.lists.items()},
        data=loaded.data,
    )
    if strict:
        from .selftest import verify_pack

        verify_pack(pack)
    return pack


def _load(ref: str | Path, relative_to: Path | None, chain: Sequence[Path]) -> _Loaded:
    folder = _resolve(ref, relative_to)
    pack_toml = folder / "pack.toml"
    if folder in chain:
        raise PackError("`extends` forms a cycle: " + " -> ".join(str(p) for p in (*chain, folder)))
    if len(chain) > MAX_EXTENDS_DEPTH:
        raise PackError(f"`extends` deeper than {MAX_EXTENDS_DEPTH} levels", file=pack_toml)
    if not pack_toml.is_file():
        raise PackError(f"no pack.toml in {folder} (pack {str(ref)!r} not found)")
    data, raw = _read_toml(pack_toml)
    origin = Origin(pack_toml, TomlLocator(raw.decode("utf-8")))
    pf = _validate(PackFile, data, origin)
    header = pf.pack

    digest = hashlib.sha256()
    base: _Loaded | None = None
    for i, parent in enumerate(header.extends):
        try:
            loaded_base = _load(parent, folder, (*chain, folder))
        except PackError as exc:
            if exc.file is None:
                raise origin.error(exc.problem, "pack", "extends", i) from exc
            raise
        if base is None:
            base = loaded_base
        else:  # several bases: later ones win, rule by rule
            base.rules.update(loaded_base.rules)
            _merge_lists(base.lists, loaded_base.lists)
            base.data.update(loaded_base.data)
        digest.update(loaded_base.digest.digest())
    rules: dict[str, _RawRule] = dict(base.rules) if base else {}
    lists: dict[str, dict[str, list[str]]] = (
        {k: {lang: list(v) for lang, v in d.items()} for k, d in base.lists.items()} if base else {}
    )
    digest.update(b"pack.toml\0" + raw)

    # Rules: pack.toml's own, then included files in sorted order; same code merges.
    sources: list[tuple[tuple[dict[str, Any], ...], Origin]] = [
        (pf.rules, Origin(pack_toml, origin.locator, ()))
    ]
    for path in _globbed(folder, header.rules, origin, "rules"):
        rdata, rraw = _read_toml(path)
        rorigin = Origin(path, TomlLocator(rraw.decode("utf-8")))
        sources.append((_validate(RuleFile, rdata, rorigin).rules, rorigin))
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + rraw)
    own_codes: set[str] = set()
    for rule_dicts, src_origin in sources:
        for i, rd in enumerate(rule_dicts):
            rorigin = Origin(src_origin.file, src_origin.locator, ("rules", i))
            code = rd.get("code")
            if not isinstance(code, str):
                raise rorigin.error("missing required key", "code")
            if code in own_codes:
                raise rorigin.error(f"duplicate rule code {code}", "code")
            own_codes.add(code)
            if code in rules:
                prev = rules[code]
                merged = _merge_rule(prev.data, rd)
                key_origins = dict(prev.key_origins)
                key_origins.update(dict.fromkeys(rd, rorigin))
                rules[code] = _RawRule(merged, prev.origin, key_origins)
            else:
                rules[code] = _RawRule(dict(rd), rorigin, dict.fromkeys(rd, rorigin))

    # Phrase lists: pack.toml's [lists.NAME] tables, then phrase files.
    for name, by_lang in pf.lists.items():
        for lang, items in by_lang.items():
            lists.setdefault(name, {}).setdefault(lang, []).extend(items)
    for path in _globbed(folder, header.phrases, origin, "phrases"):
        pdata, praw = _read_toml(path)
        porigin = Origin(path, TomlLocator(praw.decode("utf-8")))
        phr = _validate(PhraseFile, pdata, porigin)
        for name, items in phr.lists.items():
            lists.setdefault(name, {}).setdefault(phr.language, []).extend(items)
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + praw)

    tables: dict[str, Any] = dict(base.data) if base else {}
    for path in _globbed(folder, header.data, origin, "data"):
        ddata, draw = _read_toml(path)
        tables.update(ddata)
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + draw)

    for i, code in enumerate(header.disable):
        if code not in rules:
            raise origin.error(f"cannot disable unknown rule {code}", "pack", "disable", i)
        del rules[code]
    for code, sev in pf.severity.items():
        if code not in rules:
            raise origin.error(f"severity override for unknown rule {code}", "severity", code)
        r = rules[code]
        r.data = {**r.data, "severity": sev.value}
        r.key_origins["severity"] = origin
    for code, extra in pf.allow.items():
        if code not in rules:
            raise origin.error(f"allow list for unknown rule {code}", "allow", code)
        r = rules[code]
        r.data = {**r.data, "allow": [*r.data.get("allow", ()), *extra]}

    return _Loaded(
        header_id=header.id,
        name=header.name or header.id,
        version=header.version,
        description=header.description,
        as_of=header.as_of,
        folder=folder,
        digest=digest,
        rules=rules,
        lists=lists,
        data=tables,
    )


def _globbed(folder: Path, patterns: Sequence[str], origin: Origin, key: str) -> list[Path]:
    found: list[Path] = []
    for i, pat in enumerate(patterns):
        matches = sorted(p for p in folder.glob(pat) if p.is_file())
        if not matches:
            raise origin.error(f"{pat!r} matches no file", "pack", key, i)
        found.extend(m for m in matches if m not in found)
    return found


def _merge_rule(base: Mapping[str, Any], child: Mapping[str, Any]) -> dict[str, Any]:
    """Child keys override; `options` and `applies_to` merge one level deep; `allow` appends."""
    merged = dict(base)
    for key, value in child.items():
        if key in ("options", "applies_to") and isinstance(value, dict):
            merged[key] = {**base.get(key, {}), **value}
        elif key == "allow":
            merged[key] = [*base.get("allow", ()), *value]
        else:
            merged[key] = value
    return merged


def _merge_lists(
    into: dict[str, dict[str, list[str]]], other: Mapping[str, Mapping[str, list[str]]]
) -> None:
    for name, by_lang in other.items():
        for lang, items in by_lang.items():
            into.setdefault(name, {}).setdefault(lang, []).extend(items)


def merge_packs(base: Pack, *extra: Pack) -> Pack:
    """`base` with the rules, lists and data of `extra` packs added; later packs win by rule
    code. How a config's `extra-packs` combine with the main pack."""
    if not extra:
        return base
    rules = {r.spec.code: r for r in base.rules}
    lists = {k: {lang: tuple(v) for lang, v in d.items()} for k, d in base.lists.items()}
    data = dict(base.data)
    digest = hashlib.sha256(base.hash.encode())
    for p in extra:
        rules.update({r.spec.code: r for r in p.rules})
        for name, by_lang in p.lists.items():
            merged = lists.setdefault(name, {})
            for lang, items in by_lang.items():
                merged[lang] = (*merged.get(lang, ()), *items)
        data.update(p.data)
        digest.update(p.hash.encode())
    return Pack(
        id="+".join((base.id, *(p.id for p in extra))),
        name=base.name,
        version=base.version,
        description=base.description,
        as_of=base.as_of,
        folder=base.folder,
        hash="sha256:" + digest.hexdigest(),
        rules=tuple(rules.values()),
        lists=lists,
        data=data,
    )
