"""The `skillkit` entry point: plain `validate` runs without importing typer; everything else goes to the typer app."""

from __future__ import annotations

import os
import sys
from typing import NoReturn

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
            _exit(_guarded(kwargs))
    from skillkit.cli.app import main as typer_main

    typer_main()


def _guarded(kwargs: dict[str, object]) -> int:
    from skillkit.cli.validate import run_validate

    return guarded(lambda: run_validate(**kwargs))  # type: ignore[arg-type]


def _exit(code: int) -> NoReturn:
    """Exit with `code` without the interpreter's teardown, which frees every module and object one by one: ~10 ms
    of a one-skill run (pre-commit), for a process that is gone anyway. mypy exits the same way."""
    if "multiprocessing" in sys.modules:
        sys.exit(code)  # workers were started: multiprocessing's exit handlers reap them
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        sys.exit(code)  # a closed pipe or stream: the interpreter reports it at exit, as it always did
    os._exit(code)


if __name__ == "__main__":
    main()
