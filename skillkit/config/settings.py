"""Settings from `[tool.skillkit]` in pyproject.toml or a `.skillkit.toml`, found by walking up; CLI flags win."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from skillkit.config.options import Options
from skillkit.config.patterns import matches
from skillkit.diagnostics import Severity, UsageError
from skillkit.limits import DEFAULT_LISTING_BUDGET
from skillkit.record import Record
from skillkit.schema.targets import TARGET_CHOICES, parse_target
from skillkit.words import closest, did_you_mean

if TYPE_CHECKING:
    from pydantic import BaseModel, ValidationError



class Override(Record):
    """`[[tool.skillkit.overrides]]`: settings for the skills under some paths, applied in order over the base."""

    __slots__ = ("paths", "target", "select", "ignore", "severity")

    def __init__(
        self,
        paths: tuple[str, ...],
        target: str | None = None,
        select: tuple[str, ...] | None = None,
        ignore: tuple[str, ...] = (),
        severity: Mapping[str, str] | None = None,
    ) -> None:
        self.paths: Final = paths
        self.target: Final = target
        self.select: Final = select
        self.ignore: Final = ignore
        self.severity: Final[Mapping[str, str]] = {} if severity is None else severity


class Settings(Record):
    """The keys of `[tool.skillkit]` (or of a whole `.skillkit.toml`); every key is optional."""

    __slots__ = (
        "target",
        "select",
        "ignore",
        "severity",
        "exclude",
        "strict",
        "respect_gitignore",
        "listing_budget",
        "overrides",
    )

    def __init__(
        self,
        target: str = "auto",
        select: tuple[str, ...] | None = None,
        ignore: tuple[str, ...] = (),
        severity: Mapping[str, str] | None = None,
        exclude: tuple[str, ...] = (),
        strict: bool = False,
        respect_gitignore: bool = True,
        listing_budget: int = DEFAULT_LISTING_BUDGET,
        overrides: tuple[Override, ...] = (),
    ) -> None:
        self.target: Final = target
        self.select: Final = select
        self.ignore: Final = ignore
        self.severity: Final[Mapping[str, str]] = {} if severity is None else severity
        self.exclude: Final = exclude
        self.strict: Final = strict
        self.respect_gitignore: Final = respect_gitignore
        self.listing_budget: Final = listing_budget
        self.overrides: Final = overrides


SETTINGS_KEYS: tuple[str, ...] = tuple(name.replace("_", "-") for name in Settings.__slots__)
OVERRIDE_KEYS: tuple[str, ...] = Override.__slots__


def model() -> type[BaseModel]:
    """The pydantic model that validates a config table (skillkit/config/model.py), imported on first use: most runs
    have no config file, and importing pydantic costs a tenth of a second."""
    from skillkit.config.model import SettingsModel

    return SettingsModel


def _settings(validated: BaseModel) -> Settings:
    data = _frozen(validated.model_dump())
    return Settings(**{**data, "overrides": tuple(Override(**_frozen(o)) for o in data["overrides"])})


def _frozen(data: dict[str, Any]) -> dict[str, Any]:
    return {k: tuple(v) if isinstance(v, list) else v for k, v in data.items()}


class Config(Record):
    """Settings plus where they came from; `root` is the folder that `exclude` and override paths are relative to."""

    __slots__ = ("settings", "root", "file")

    def __init__(self, settings: Settings | None = None, root: Path | None = None, file: Path | None = None) -> None:
        self.settings: Final[Settings] = Settings() if settings is None else settings
        self.root: Final[Path] = Path(os.getcwd()) if root is None else root
        self.file: Final = file

    @property
    def strict(self) -> bool:
        return self.settings.strict

    def relative(self, path: Path | str) -> str | None:
        """`path` as '/'-separated text relative to the root, or None when it lies outside."""
        full = os.path.abspath(path)
        root = os.fspath(self.root).rstrip(os.sep) or os.sep
        if full == root:
            return "."
        if not full.startswith(root if root.endswith(os.sep) else root + os.sep):
            return None
        rel = full[len(root) :].lstrip(os.sep)
        return rel if os.sep == "/" else rel.replace(os.sep, "/")

    def excluded(self, path: Path) -> bool:
        if not self.settings.exclude:
            return False
        rel = self.relative(path)
        return rel is not None and matches(self.settings.exclude, rel)

    def options_for(self, skill_dir: Path | str) -> Options:
        """The options for one skill: the base settings, then every override whose paths match, in file order."""
        global _plain
        s = self.settings
        if not s.overrides and _plain is not None and _plain[0] is s:
            return _plain[1]  # no override: every skill's options are the settings', made once per run
        target, select = s.target, s.select
        ignore, severity = set(s.ignore), dict(s.severity)
        rel = self.relative(skill_dir)
        for override in s.overrides:
            if rel is None or not matches(override.paths, rel):
                continue
            target = override.target or target
            select = override.select if override.select is not None else select
            ignore.update(override.ignore)
            severity.update(override.severity)
        options = Options(
            target=parse_target(target),
            select=frozenset(select) if select is not None else None,
            ignore=frozenset(ignore),
            severity={k: Severity(v) for k, v in severity.items()},
        )
        if not s.overrides:
            _plain = (s, options)  # the settings are kept with it: `is` cannot match a new object at the same id
        return options

    def with_flags(
        self,
        *,
        target: str | None = None,
        select: Iterable[str] | None = None,
        ignore: Iterable[str] = (),
        severity: Mapping[str, str] | None = None,
        strict: bool | None = None,
    ) -> Config:
        """Command-line values over the file: target and strict replace; select replaces the file's select
        and ignore; ignore adds to the file's; severity merges (the flag's value wins for its rules)."""
        s = self.settings
        update: dict[str, Any] = {}
        overrides = list(s.overrides)
        if target is not None:
            _check_target(target, "--target")
            update["target"] = target
            overrides = [o.replaced(target=None) for o in overrides]
        extra_ignore = tuple(ignore)
        if select is not None:
            # An explicit selection starts afresh: the file's select and ignore no longer apply.
            update["select"] = tuple(select)
            update["ignore"] = extra_ignore
            overrides = [o.replaced(select=None, ignore=()) for o in overrides]
        elif extra_ignore:
            update["ignore"] = (*s.ignore, *extra_ignore)
        if severity:
            update["severity"] = {**s.severity, **severity}
            overrides = [o.replaced(severity={k: v for k, v in o.severity.items() if k not in severity}) for o in overrides]
        if strict is not None:
            update["strict"] = strict
        update["overrides"] = tuple(overrides)
        return Config(settings=s.replaced(**update), root=self.root, file=self.file)


_plain: tuple[Settings, Options] | None = None  # the last settings without overrides and their options


def parse(data: Any, where: str) -> Settings:
    """Validate a config table; unknown keys, bad types, unknown targets and rule ids are UsageErrors."""
    if not isinstance(data, dict):
        raise UsageError(f"{where}: expected a table of settings")
    from pydantic import ValidationError

    try:
        settings = _settings(model().model_validate(data))
    except ValidationError as exc:
        raise UsageError(f"{where}: {_explain(exc)}") from None
    _check_target(settings.target, f"{where}: target")
    _check_rules(settings.select or [], settings.ignore, settings.severity, where, "")
    for i, override in enumerate(settings.overrides):
        if override.target is not None:
            _check_target(override.target, f"{where}: overrides[{i}].target")
        _check_rules(override.select or [], override.ignore, override.severity, where, f"overrides[{i}].")
    return settings


def _explain(exc: ValidationError) -> str:
    problems: list[str] = []
    for err in exc.errors():
        loc = [str(part) for part in err["loc"]]
        dotted = ".".join(loc)
        if err["type"] == "extra_forbidden":
            valid = OVERRIDE_KEYS if loc[0] == "overrides" else SETTINGS_KEYS
            problems.append(f"unknown key '{dotted}'{_did_you_mean(loc[-1], valid)}; valid keys: {', '.join(valid)}")
        else:
            problems.append(f"'{dotted}': {err['msg'][0].lower()}{err['msg'][1:]}")
    return "; ".join(problems)


def _check_target(value: str, where: str) -> None:
    if value not in TARGET_CHOICES:
        raise UsageError(f"{where} {value!r} is not one of {', '.join(TARGET_CHOICES)}{_did_you_mean(value, TARGET_CHOICES)}")


def _check_rules(select: Iterable[str], ignore: Iterable[str], severity: Mapping[str, str], where: str, prefix: str) -> None:
    from skillkit.rules import RULES

    for key, ids in (("select", select), ("ignore", ignore), ("severity", severity.keys())):
        for rule_id in ids:
            if rule_id not in RULES:
                raise UsageError(
                    f"{where}: unknown rule id '{rule_id}' in {prefix}{key}{_did_you_mean(rule_id, list(RULES))}; "
                    f"valid rule ids: {', '.join(RULES)}"
                )


def _did_you_mean(value: str, choices: Sequence[str]) -> str:
    close = closest(value, choices)
    return f" ({did_you_mean(close)})" if close else ""
