"""The `skillkit` entry point: plain `validate` runs without importing typer; everything else goes to the typer app."""

from __future__ import annotations

import os
import sys

from skillkit.diagnostics import EXIT_UNCHECKED, UsageError


def main() -> None:
    """Every failure is one line on stderr and a non-zero exit, never a traceback."""
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

    try:
        return run_validate(**kwargs)  # type: ignore[arg-type]
    except UsageError as exc:
        sys.stderr.write(f"skillkit: error: {exc}\n")
        return EXIT_UNCHECKED
    except KeyboardInterrupt:
        sys.stderr.write("skillkit: interrupted\n")
        return 130
    except Exception as exc:
        if os.environ.get("SKILLKIT_DEBUG"):
            raise
        sys.stderr.write(f"skillkit: internal error: {type(exc).__name__}: {exc} (set SKILLKIT_DEBUG=1 for a traceback; please report it)\n")
        return EXIT_UNCHECKED


if __name__ == "__main__":
    main()
