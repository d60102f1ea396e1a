"""The rule registry: every rule by id, built once from the rule modules, in a fixed order."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from skillkit.rules import (
    arguments,
    body,
    claude_code_syntax,
    code,
    description,
    fence_language,
    fences,
    files,
    keys,
    links,
    name,
    package,
    parsing,
    security,
    suppression,
    tables,
)
from skillkit.rules import plugin as plugin_rules
from skillkit.rules.base import Context, Rule

__all__ = ["RULES", "Context", "Rule", "get"]


def _build() -> Mapping[str, Rule]:
    table: dict[str, Rule] = {}
    for rule in (*_rules_of(parsing), *_rules_of(name), *_rules_of(description), *_rules_of(keys), *_rules_of(body), *_rules_of(package), *_rules_of(security), *_rules_of(plugin_rules), *_body_rules()):
        if rule.id in table:
            raise RuntimeError(f"duplicate rule id {rule.id}")
        table[rule.id.value] = rule  # plain-text keys: users' ids look rules up, suggestions list them
    return MappingProxyType(table)


def _body_rules() -> list[Rule]:
    return [r for m in (tables, fences, fence_language, links, files, claude_code_syntax, arguments, code, suppression) for r in _rules_of(m)]


def _rules_of(module: object) -> list[Rule]:
    # Reported rules first, then checks, each in the order written: a mypyc-compiled module lists its
    # decorated functions before its other globals, so its own order would differ from the pure build's.
    return sorted((v for v in vars(module).values() if isinstance(v, Rule)), key=lambda r: r.check is not None)


RULES: Mapping[str, Rule] = _build()


def get(rule_id: str) -> Rule | None:
    return RULES.get(rule_id)
