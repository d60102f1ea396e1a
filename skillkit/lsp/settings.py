"""The server's settings: the workspace's `[tool.skillkit]` / `.skillkit.toml` for each skill, with the client's
initialization options (or `workspace/didChangeConfiguration` settings) over them the way command-line flags
go over the file (skillkit.config.settings.Config.with_flags).

Client options, at the top level or under a `skillkit` key: `target`, `select`, `ignore`, `severity`
(rule id -> error / warning / info), `checkCode`, `config` (a settings file to use instead of the nearest),
`rulesUrl` (where rule documentation links point), `debounceMs` (wait after a change before checking).
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:  # the rules load with the first check, not with the server
    from skillkit.config.options import Options

# The wait after the last change of a burst before the check; a skill whose last check took longer waits that long
# instead (a large skill is not checked at every keystroke). A save or an open is checked at once.
DEBOUNCE_MS: Final = 75
FIND_TTL: Final = 5.0  # seconds a skill's config file location is trusted before it is looked up again
LEVELS: Final = ("error", "warning", "info")


@dataclass(frozen=True, slots=True)
class ClientSettings:
    """What the client asked for; None / empty: the config file's (else the defaults)."""

    target: str | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, str] = field(default_factory=dict)
    check_code: bool = False
    config: str | None = None
    rules_url: str | None = None
    debounce_ms: int = DEBOUNCE_MS


_NAMES: Final = {
    "target": "target",
    "select": "select",
    "ignore": "ignore",
    "severity": "severity",
    "checkCode": "check_code",
    "check-code": "check_code",
    "check_code": "check_code",
    "config": "config",
    "rulesUrl": "rules_url",
    "debounceMs": "debounce_ms",
}
OPTION_NAMES: Final = frozenset(_NAMES)


def parse_client(raw: Any) -> tuple[ClientSettings, list[str]]:
    """The client's options and one line per problem with them (a problem drops that option, never the others)."""
    from skillkit.rules import RULES
    from skillkit.schema.targets import TARGET_CHOICES
    from skillkit.words import closest, did_you_mean

    if isinstance(raw, Mapping) and isinstance(raw.get("skillkit"), Mapping):
        raw = raw["skillkit"]
    if raw is None:
        return ClientSettings(), []
    if not isinstance(raw, Mapping):
        return ClientSettings(), [f"settings: expected an object of options, got {type(raw).__name__}"]
    problems: list[str] = []
    values: dict[str, Any] = {}

    def rule_ids(key: str, value: Any) -> list[str] | None:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            problems.append(f"settings: {key} must be a list of rule ids")
            return None
        known = []
        for rule_id in value:
            if rule_id in RULES:
                known.append(rule_id)
            else:
                close = closest(rule_id, list(RULES))
                problems.append(f"settings: unknown rule id {rule_id!r} in {key}" + (f" ({did_you_mean(close)})" if close else ""))
        return known

    for key, value in raw.items():
        name = _NAMES.get(key)
        if name is None:
            problems.append(f"settings: unknown option {key!r}; known: {', '.join(sorted(set(_NAMES) - {'check-code', 'check_code'}))}")
        elif value is None:
            continue
        elif name == "target":
            if isinstance(value, str) and value in TARGET_CHOICES:
                values[name] = value
            else:
                problems.append(f"settings: target {value!r} is not one of {', '.join(TARGET_CHOICES)}")
        elif name in ("select", "ignore"):
            ids = rule_ids(key, value)
            if ids is not None:
                values[name] = tuple(ids)
        elif name == "severity":
            if not isinstance(value, Mapping):
                problems.append("settings: severity must map rule ids to error, warning or info")
                continue
            kept: dict[str, str] = {}
            for rule_id, level in value.items():
                if rule_id not in RULES:
                    problems.append(f"settings: unknown rule id {rule_id!r} in severity")
                elif level not in LEVELS:
                    problems.append(f"settings: severity of {rule_id} must be error, warning or info, not {level!r}")
                else:
                    kept[rule_id] = level
            values[name] = kept
        elif name == "check_code":
            if isinstance(value, bool):
                values[name] = value
            else:
                problems.append(f"settings: {key} must be true or false")
        elif name in ("config", "rules_url"):
            if isinstance(value, str) and value:
                values[name] = value
            else:
                problems.append(f"settings: {key} must be a non-empty string")
        elif name == "debounce_ms":
            if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 10_000:
                values[name] = value
            else:
                problems.append(f"settings: {key} must be a number of milliseconds from 0 to 10000")
    return ClientSettings(**values), problems


class Resolver:
    """Each skill's Options: its config file (found above it, re-looked-up after FIND_TTL seconds, re-read when its
    mtime changes) with the client's options over it. A broken config file is reported once per change and the
    defaults are used meanwhile."""

    def __init__(self, root: str | None = None) -> None:
        self.root = root
        self._found: dict[str, tuple[float, Path | None]] = {}
        self._loaded: dict[tuple[str, int, int], Any] = {}

    def forget(self) -> None:
        self._found.clear()

    def options(self, skill_dir: str, client: ClientSettings) -> tuple[Options, str | None]:
        """(options, a problem with the config file or None)."""
        from skillkit.config import settings
        from skillkit.config.options import Options
        from skillkit.diagnostics import UsageError

        problem = None
        try:
            config = self._config(skill_dir, client.config)
        except UsageError as exc:
            problem = str(exc)
            config = settings.Config(root=Path(skill_dir))
        try:
            config = config.with_flags(
                target=client.target,
                select=client.select,
                ignore=client.ignore,
                severity=dict(client.severity) or None,
            )
            options = config.options_for(Path(skill_dir))
        except (UsageError, ValueError) as exc:
            problem = problem or str(exc)
            options = Options()
        if client.check_code:
            options = options.replaced(check_code=True)
        return options, problem

    def _config(self, skill_dir: str, explicit: str | None) -> Any:
        from skillkit.config import files, settings

        if explicit is not None:
            path: Path | None = Path(explicit if os.path.isabs(explicit) or self.root is None else os.path.join(self.root, explicit))
        else:
            now = time.monotonic()
            cached = self._found.get(skill_dir)
            if cached is None or now - cached[0] > FIND_TTL:
                cached = self._found[skill_dir] = (now, files.find(Path(skill_dir)))
            path = cached[1]
        if path is None:
            return settings.Config(root=Path(skill_dir))
        try:
            st = os.stat(path)
            key = (os.fspath(path), st.st_mtime_ns, st.st_size)
        except OSError:
            return files.load(path)  # says what is wrong with it
        if key not in self._loaded:
            if len(self._loaded) > 64:
                self._loaded.clear()
            self._loaded[key] = files.load(path)
        return self._loaded[key]
