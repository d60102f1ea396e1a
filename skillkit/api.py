"""The public Python API: validate paths and get the Report object back."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence

from .check import Options, check_source
from .diagnostics import Report, Severity, Target
from .discover import discover
from .targets import parse_target


def validate(
    paths: Sequence[str | os.PathLike[str]] | str | os.PathLike[str] = (".",),
    *,
    target: str | Target = "auto",
    select: Iterable[str] | None = None,
    ignore: Iterable[str] = (),
    severity: dict[str, str] | None = None,
) -> Report:
    """Check every skill under `paths` and return the Report.

    Raises `skillkit.UsageError` when a path does not exist or no skill is found.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    options = Options(
        target=target if isinstance(target, Target) else parse_target(target),
        select=frozenset(select) if select is not None else None,
        ignore=frozenset(ignore),
        severity={k: Severity(v) for k, v in (severity or {}).items()},
    )
    report = Report()
    for source in discover(paths):
        report.skills.append(check_source(source, options))
    return report
