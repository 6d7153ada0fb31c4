"""JSON Schemas of what users write (packs, config) and what they read (reports)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .config_file import FileConfig
from .model import Report, Severity
from .packs.schema import PackHeader, RuleSpec


class PackDocument(BaseModel):
    """A pack file as written: `pack.toml`, or a rule file included by it."""

    model_config = ConfigDict(extra="forbid", title="bsm-lint pack file")

    pack: PackHeader | None = Field(default=None, description="Only in pack.toml.")
    severity: dict[str, Severity] = Field(default_factory=dict)
    allow: dict[str, list[str]] = Field(default_factory=dict)
    lists: dict[str, dict[str, list[str]]] = Field(default_factory=dict)
    rules: list[RuleSpec] = Field(default_factory=list)


def schema_for(which: str) -> dict[str, Any]:
    models: dict[str, type[BaseModel]] = {
        "pack": PackDocument,
        "report": Report,
        "config": FileConfig,
    }
    model = models[which]
    mode: Literal["validation", "serialization"] = (
        "serialization" if which == "report" else "validation"
    )
    schema = model.model_json_schema(mode=mode, by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
