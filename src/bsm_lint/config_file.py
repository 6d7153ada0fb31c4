"""Finding and reading the user's config: `bsm-lint.toml`, or `[tool.bsm-lint]` in
`pyproject.toml`, in the folder of the first input or the nearest parent (ruff's rule).

Everything `LintConfig` knows, plus what only the command line needs: which pack, extra
packs, which files, per-file ignores. A bad value is a `ConfigError` naming file, line, key.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from pydantic import ConfigDict, Field, ValidationError

from .config import LintConfig
from .errors import ConfigError
from .packs.locate import TomlLocator

CONFIG_NAMES = ("bsm-lint.toml", "pyproject.toml")


class FileConfig(LintConfig):
    """The config file's keys (kebab-case or snake_case)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    pack: str | None = Field(
        default=None, description="Pack name or folder (relative to the file)."
    )
    extra_packs: tuple[str, ...] = Field(
        default=(), description="More packs (folders) whose rules are added; later ones win."
    )
    include: tuple[str, ...] = Field(
        default=("**/*.txt", "**/*.md", "**/*.html", "**/*.htm", "**/*.json"),
        description="Globs of files to lint inside given folders.",
    )
    exclude: tuple[str, ...] = Field(default=(), description="Globs of files to skip.")
    per_file_ignores: dict[str, tuple[str, ...]] = Field(
        default_factory=dict, description="Glob -> selectors to ignore in matching files."
    )

    def lint_config(self) -> LintConfig:
        return LintConfig.model_validate({k: getattr(self, k) for k in LintConfig.model_fields})


def find_config_file(start: Path) -> Path | None:
    """The nearest config file at or above `start` (a `pyproject.toml` counts only with a
    `[tool.bsm-lint]` table)."""
    here = start.resolve()
    if here.is_file():
        here = here.parent
    for folder in (here, *here.parents):
        own = folder / "bsm-lint.toml"
        if own.is_file():
            return own
        py = folder / "pyproject.toml"
        if py.is_file():
            try:
                data = tomllib.loads(py.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError):
                return py  # let load_config_file report it properly
            if "bsm-lint" in data.get("tool", {}):
                return py
    return None


def load_config_file(path: Path) -> FileConfig:
    try:
        raw = path.read_bytes()
        source = raw.decode("utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"{path}: not UTF-8: byte 0x{raw[exc.start]:02x} at offset {exc.start}"
        ) from exc
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
    prefix: tuple[str, ...] = ()
    if path.name == "pyproject.toml":
        prefix = ("tool", "bsm-lint")
        data = data.get("tool", {}).get("bsm-lint", {})
    table = {str(k).replace("-", "_"): v for k, v in data.items()}
    try:
        cfg = FileConfig.model_validate(table)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = [str(p) for p in err["loc"]]
        if loc:  # the file may spell the key in kebab-case
            loc[0] = next((k for k in data if str(k).replace("-", "_") == loc[0]), loc[0])
        line = TomlLocator(source).line_of((*prefix, *loc))
        problem = "unknown key" if err["type"] == "extra_forbidden" else err["msg"]
        where = f"{path}:{line}" if line else str(path)
        raise ConfigError(f"{where}: {'.'.join(loc) or 'config'}: {problem}") from exc
    return _relative_packs(cfg, path.parent)


def _relative_packs(cfg: FileConfig, base: Path) -> FileConfig:
    """Pack paths in a config file are relative to the file, not to the working directory."""

    def fix(ref: str) -> str:
        looks_like_path = "/" in ref or ref.startswith(".") or (base / ref / "pack.toml").is_file()
        return str((base / ref).resolve()) if looks_like_path else ref

    update: dict[str, Any] = {"extra_packs": tuple(fix(p) for p in cfg.extra_packs)}
    if cfg.pack is not None:
        update["pack"] = fix(cfg.pack)
    return cfg.model_copy(update=update)
