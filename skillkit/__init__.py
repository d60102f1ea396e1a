"""skillkit: validate and package Claude skills. The public API is re-exported here."""

from __future__ import annotations

from skillkit import build_mode

build_mode.choose()  # before any submodule loads: compiled or pure Python

from skillkit.diagnostics import (
    Diagnostic,
    Report,
    Severity,
    SkillResult,
    Target,
    UsageError,
)
from skillkit.version import __version__

__all__ = ["Diagnostic", "Report", "Severity", "SkillResult", "Target", "UsageError", "__version__", "validate"]


def __getattr__(name: str) -> object:
    # Importing the checks pulls in pydantic and PyYAML; keep `import skillkit` cheap until they are used.
    if name == "validate":
        from skillkit.api import validate

        return validate
    raise AttributeError(name)
