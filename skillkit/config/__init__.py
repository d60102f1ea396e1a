"""Settings from `[tool.skillkit]` / `.skillkit.toml` and the command line, per-skill overrides and path patterns."""

from skillkit.config.files import resolve
from skillkit.config.settings import Config

__all__ = ["Config", "resolve"]
