"""The public Python API: `validate(paths, ...)` returns the Report (the engine's run, re-exported here)."""

from __future__ import annotations

from skillkit.engine.run import validate

__all__ = ["validate"]
