"""The Rule value, the @rule decorator that makes one from a documented check function, and the check Context."""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from types import MappingProxyType
from typing import Final, Literal

from skillkit.diagnostics import ALL_TARGETS, Finding, Severity, Target
from skillkit.document.skill import SkillDocument
from skillkit.edits import Fix
from skillkit.ids import RuleId
from skillkit.record import Record

Needs = Literal["file", "frontmatter", "body"]


class Context(Record):
    """What a check sees: the parsed document and the target applied to it."""

    __slots__ = ("doc", "target")

    def __init__(self, doc: SkillDocument, target: Target) -> None:
        self.doc: Final = doc
        self.target: Final = target

    def at(self, rule: RuleId, message: str, key: str) -> Finding:
        """A finding placed on a top-level key's value."""
        line, col = self.doc.key_line(key)
        return Finding(rule, message, line, col)


Check = Callable[[Context], Iterable[Finding]]


class Rule(Record):
    """A named check. `check` is None for problems the parser or the schema pass reports under this id."""

    __slots__ = ("id", "severity", "written_doc", "check", "targets", "per_target", "needs")

    def __init__(
        self,
        id: RuleId,
        severity: Severity,
        written_doc: str | None,
        check: Check | None = None,
        targets: frozenset[Target] = ALL_TARGETS,
        per_target: Mapping[Target, Severity] | None = None,
        needs: Needs = "frontmatter",
    ) -> None:
        self.id: Final = id
        self.severity: Final = severity
        # as written in the source, cleaned when read (see `doc`); None: the check function's docstring is the documentation
        self.written_doc: Final = written_doc
        self.check: Final = check
        self.targets: Final = targets
        self.per_target: Final[Mapping[Target, Severity]] = MappingProxyType({}) if per_target is None else per_target
        self.needs: Final = needs

    @property
    def doc(self) -> str:
        """The rule's user documentation: written out, or its check's docstring."""
        if self.written_doc is not None:
            return _cleandoc(self.written_doc)
        return (docstring(self.check) if self.check is not None else None) or self.id

    @property
    def summary(self) -> str:
        return " ".join(self.doc.split("\n\n", 1)[0].split())

    def severity_for(self, target: Target) -> Severity:
        return self.per_target.get(target, self.severity)

    @property
    def fixable(self) -> Literal["safe", "unsafe"] | None:
        """Whether the rule offers a fix with its findings, and of which kind (see `fixes`)."""
        fixer = fixers().get(self.id)
        if fixer is None:
            return None
        return "safe" if fixer.safe else "unsafe"

    @property
    def fix_doc(self) -> str | None:
        """What the rule's fix does (its function's docstring), for `skillkit rules` and docs/rules.md."""
        fixer = fixers().get(self.id)
        return None if fixer is None else docstring(fixer.make)


def rule(
    rule_id: RuleId,
    severity: Severity,
    *,
    targets: Iterable[Target] = ALL_TARGETS,
    per_target: Mapping[Target, Severity] | None = None,
    needs: Needs = "frontmatter",
) -> Callable[[Check], Rule]:
    """Turn a check function into a Rule; its docstring is the rule's user documentation."""

    def make(fn: Check) -> Rule:
        return Rule(
            id=rule_id,
            severity=severity,
            written_doc=None,
            check=fn,
            targets=frozenset(targets),
            per_target=MappingProxyType(dict(per_target or {})),
            needs=needs,
        )

    return make


@cache
def docstring(fn: Callable[..., object]) -> str | None:
    """A function's docstring, cleaned; read from its source file when compiled (mypyc keeps no docstrings).

    Only `skillkit rules`, the docs and SARIF ask for it, so a plain run never reads a source file for it.
    """
    if fn.__doc__:
        return _cleandoc(fn.__doc__)
    import ast  # here, not at the top: only the docs read a compiled function's source (see above)

    module = sys.modules.get(fn.__module__)
    compiled_file = getattr(module, "__file__", None) or ""
    folder, name = os.path.split(compiled_file)
    try:
        with open(os.path.join(folder, name.split(".", 1)[0] + ".py"), encoding="utf-8") as source:
            tree = ast.parse(source.read())
    except (OSError, SyntaxError, ValueError):
        return None
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == fn.__name__:
            return ast.get_docstring(node)
    return None


def _cleandoc(doc: str) -> str:
    # here, not at the top: inspect (with ast, dis, tokenize) costs a run ~3 ms to load, and only `skillkit rules`, the
    # docs and SARIF read a rule's documentation
    import inspect

    return inspect.cleandoc(doc)


def reported(
    rule_id: RuleId,
    severity: Severity,
    doc: str,
    *,
    targets: Iterable[Target] = ALL_TARGETS,
    per_target: Mapping[Target, Severity] | None = None,
) -> Rule:
    """A rule whose findings come from the parser or the schema pass, not from a check function."""
    return Rule(
        id=rule_id,
        severity=severity,
        written_doc=doc,
        targets=frozenset(targets),
        per_target=MappingProxyType(dict(per_target or {})),
        needs="file",
    )


FixMaker = Callable[[Context, Finding], Fix | None]


class Fixer:
    """The fix a rule offers with its findings: `make` works it out for one finding (None when there is nothing to
    offer for that one). `safe`: the edit is what the author meant; unsafe fixes are applied only on request."""

    __slots__ = ("make", "rule", "safe")

    def __init__(self, rule: RuleId, safe: bool, make: FixMaker) -> None:
        self.rule, self.safe, self.make = rule, safe, make


# Every rule's fix by rule id, filled as the fix modules are imported: read it through `fixers()`.
FIXERS: Final[dict[RuleId, Fixer]] = {}
# The modules that declare fixes (with `fixes` below). They load the first time a fix is asked for, so a run whose
# output shows no fixes (text, SARIF, GitHub, JUnit) never imports them; a test keeps this list equal to the
# rules/fix_*.py files.
FIX_MODULES: Final = ("fix_fences", "fix_frontmatter", "fix_keys", "fix_links", "fix_tables")


def fixers() -> Mapping[RuleId, Fixer]:
    """Every rule's fix by rule id, the fix modules imported on first use."""
    for name in FIX_MODULES:
        if f"skillkit.rules.{name}" not in sys.modules:
            importlib.import_module(f"skillkit.rules.{name}")
    return FIXERS


def fixes(rule_id: RuleId, *, safe: bool) -> Callable[[FixMaker], FixMaker]:
    """Declare the decorated function as the fix rule `rule_id` offers with its findings; its docstring documents the
    fix (docs/rules.md, `skillkit rules RULE`), saying for an unsafe one why it may not be what the author meant."""

    def register(make: FixMaker) -> FixMaker:
        if rule_id in FIXERS:
            raise RuntimeError(f"rule {rule_id} already has a fix")
        FIXERS[rule_id] = Fixer(rule_id, safe, make)
        return make

    return register


E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO
UPLOAD: Final = (Target.CLAUDE_AI, Target.API)
