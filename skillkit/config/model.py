"""The pydantic model of a config table (`[tool.skillkit]`, `.skillkit.toml`): extra keys forbidden, strict types.

Its own module, imported only when a config file is read (skillkit.config.settings.model): importing pydantic
costs a tenth of a second, and the compiled settings module cannot hold classes built inside a function.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from skillkit.limits import DEFAULT_LISTING_BUDGET

Level = Literal["error", "warning", "info"]


class OverrideModel(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    paths: list[str] = Field(min_length=1)
    target: str | None = None
    select: list[str] | None = None
    ignore: list[str] = Field(default_factory=list)
    severity: dict[str, Level] = Field(default_factory=dict)


class SettingsModel(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    target: str = "auto"
    select: list[str] | None = None
    ignore: list[str] = Field(default_factory=list)
    severity: dict[str, Level] = Field(default_factory=dict)
    exclude: list[str] = Field(default_factory=list)
    strict: bool = False
    respect_gitignore: bool = Field(default=True, alias="respect-gitignore")
    listing_budget: int = Field(default=DEFAULT_LISTING_BUDGET, alias="listing-budget", gt=0)
    overrides: list[OverrideModel] = Field(default_factory=list)
