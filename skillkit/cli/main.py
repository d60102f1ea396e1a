"""The `skillkit` entry point: plain `validate` runs without importing typer; everything else goes to the typer app."""

from __future__ import annotations

import sys

from skillkit.cli.errors import guarded
from skillkit.engine import interrupts


def main() -> None:
    """Every failure is one line on stderr and a non-zero exit, never a traceback."""
    interrupts.install()
    argv = sys.argv[1:]
    if argv[:1] == ["validate"]:
        from skillkit.cli.validate import parse_validate

        kwargs = parse_validate(argv[1:])
        if kwargs is not None:
            sys.exit(_guarded(kwargs))
    from skillkit.cli.app import main as typer_main

    typer_main()


def _guarded(kwargs: dict[str, object]) -> int:
    from skillkit.cli.validate import run_validate

    return guarded(lambda: run_validate(**kwargs))  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
