"""Settings from `[tool.skillkit]` / `.skillkit.toml` and the command line, per-skill overrides and path patterns."""

from skillkit.config.settings import Config, resolve

__all__ = ["Config", "resolve"]
