"""Named reporters: each turns a finished Report into text; none of them decides anything."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

from ..diagnostics import Report
from . import github as github_reporter
from . import json as json_reporter
from . import junit as junit_reporter
from . import sarif as sarif_reporter
from . import text as text_reporter

Reporter = Callable[..., str]

REPORTERS: Mapping[str, Reporter] = MappingProxyType(
    {
        "text": text_reporter.render,
        "json": json_reporter.render,
        "sarif": sarif_reporter.render,
        "github": github_reporter.render,
        "junit": junit_reporter.render,
    }
)

__all__ = ["REPORTERS", "Report", "Reporter"]
