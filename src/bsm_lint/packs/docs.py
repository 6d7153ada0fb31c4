"""Rule documentation generated from the pack itself, so it cannot drift from the rules:
`bsm-lint explain CODE` in the terminal, and `docs/rules/<CODE>.md` (see
scripts/gen_rule_docs.py; a test fails when the committed pages are stale)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from .schema import Example, ExampleMessage, RuleSpec

_KEY = re.compile(r"[A-Z][A-Z0-9]+(?:-[A-Za-z0-9]+)*")


def _example_text(ex: Example) -> str:
    if isinstance(ex, str):
        return ex
    assert isinstance(ex, ExampleMessage)
    parts = []
    if ex.subject is not None:
        parts.append(f"[subject] {ex.subject}")
    if ex.body:
        parts.append(ex.body)
    extra = [f"kind={ex.kind}"] if ex.kind != "proactive" else []
    if ex.language:
        extra.append(f"language={ex.language}")
    if ex.format != "text":
        extra.append(f"format={ex.format}")
    if ex.context is not None:
        extra.append("context=" + ex.context.model_dump_json(exclude_defaults=True))
    return " ".join(parts) + (f"  ({', '.join(extra)})" if extra else "")


def policy_links(policy: str, sources: Mapping[str, str]) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for key in _KEY.findall(policy):
        if key in sources and key not in seen:
            seen[key] = sources[key]
    return list(seen.items())


def _applies(spec: RuleSpec) -> str:
    at = spec.applies_to
    parts = [
        f"{name}: {', '.join(values)}"
        for name, values in (
            ("kinds", at.kinds),
            ("message types", at.message_types),
            ("marketplaces", at.marketplaces),
            ("languages", at.languages),
            ("fields", at.fields),
        )
        if values
    ]
    return "; ".join(parts) or "every message"


def explain_text(spec: RuleSpec, sources: Mapping[str, str]) -> str:
    lines = [
        f"{spec.code} {spec.name}  [{spec.category}, {spec.severity.value}]",
        "",
        spec.summary,
    ]
    if spec.rationale.strip():
        lines += ["", spec.rationale.strip()]
    lines += ["", f"Policy: {spec.policy}"]
    lines += [f"  {key}: {url}" for key, url in policy_links(spec.policy, sources)]
    lines += [f"Applies to: {_applies(spec)}", f"Check kind: {spec.check}"]
    if spec.fix is not None:
        lines.append(f"Fix: replaces the finding with {spec.fix.replacement!r} (safe)")
    if not spec.suppressible:
        lines.append("Cannot be suppressed inline.")
    lines += ["", "Fails:"] + [f"  - {_example_text(e)}" for e in spec.examples.fail]
    lines += ["", "Passes:"] + [f"  - {_example_text(e)}" for e in spec.examples.pass_]
    return "\n".join(lines) + "\n"


def _md_inline(text: str) -> str:
    """One line of Markdown code: line breaks and tabs shown as escapes, backticks swapped."""
    return text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t").replace("`", "ˋ")


def _md_list(examples: Sequence[Example]) -> list[str]:
    return [f"- `{_md_inline(_example_text(e))}`" for e in examples]


def rule_markdown(spec: RuleSpec, sources: Mapping[str, str], pack_id: str) -> str:
    """One page per rule, in ruff's shape: what it does, why, examples, fix, references."""
    lines = [
        f"# {spec.code} {spec.name}",
        "",
        "<!-- Generated from the pack by scripts/gen_rule_docs.py: do not edit by hand. -->",
        "",
        "| pack | category | severity | check kind | suppressible |",
        "|---|---|---|---|---|",
        f"| {pack_id} | `{spec.category}` | {spec.severity.value} | `{spec.check}` | "
        f"{'yes' if spec.suppressible else 'no'} |",
        "",
        "## What it finds",
        "",
        spec.summary,
        "",
        f"Applies to: {_applies(spec)}.",
        "",
        "## Why",
        "",
        spec.rationale.strip() or spec.summary,
        "",
        "## Examples that fail",
        "",
        *_md_list(spec.examples.fail),
        "",
        "## Examples that pass",
        "",
        *_md_list(spec.examples.pass_),
        "",
    ]
    if spec.fix is not None:
        lines += [
            "## Fix",
            "",
            f"Safe: replaces the finding with `{spec.fix.replacement}` ({spec.fix.description}).",
            "",
        ]
        for fx in spec.examples.fix:
            lines.append(f"- `{_md_inline(fx.before)}` → `{_md_inline(fx.after)}`")
        if spec.examples.fix:
            lines.append("")
    lines += ["## Policy", "", spec.policy, ""]
    lines += [f"- [{key}]({url})" for key, url in policy_links(spec.policy, sources)]
    return "\n".join(lines).rstrip() + "\n"


def index_markdown(specs: Sequence[RuleSpec], pack_id: str, version: str) -> str:
    lines = [
        "# Rules",
        "",
        "<!-- Generated from the pack by scripts/gen_rule_docs.py: do not edit by hand. -->",
        "",
        f"The rules of the `{pack_id}` pack, version {version}.",
        "",
        "| code | name | category | severity |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| [{s.code}]({s.code}.md) | {s.name} | `{s.category}` | {s.severity.value} |"
        for s in sorted(specs, key=lambda s: s.code)
    ]
    return "\n".join(lines) + "\n"


def render_rule_docs(
    specs: Sequence[RuleSpec], sources: Mapping[str, str], pack_id: str, version: str
) -> dict[str, str]:
    """File name -> content for docs/rules/."""
    pages = {f"{s.code}.md": rule_markdown(s, sources, pack_id) for s in specs}
    pages["index.md"] = index_markdown(specs, pack_id, version)
    return pages
