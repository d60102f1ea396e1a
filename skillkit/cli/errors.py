"""The one top-level error handler: every failure is one line on stderr and an exit code, never a traceback."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

from skillkit.diagnostics import EXIT_UNCHECKED, UsageError
from skillkit.engine.interrupts import Terminated

EXIT_INTERRUPTED = 130  # the shell's code for a run stopped by Ctrl-C (128 + SIGINT)
EXIT_TERMINATED = 143  # likewise for SIGTERM (128 + 15)
EXIT_CLOSED_PIPE = 141  # likewise for a write to a pipe no one reads any more (128 + SIGPIPE)


def guarded(run: Callable[[], object], translate: Callable[[Exception], int | None] | None = None) -> int:
    """Run a command and return its exit code; `translate` maps the CLI framework's own exceptions to a code
    (None: not one of them), so the plain `validate` path never has to import that framework."""
    try:
        code = run()
    except UsageError as exc:
        sys.stderr.write(f"skillkit: error: {exc}\n")
        return EXIT_UNCHECKED
    except KeyboardInterrupt:
        sys.stderr.write("skillkit: interrupted\n")
        return EXIT_INTERRUPTED
    except Terminated:
        sys.stderr.write("skillkit: terminated\n")
        return EXIT_TERMINATED
    except SystemExit:
        raise
    except BrokenPipeError:
        # The reader stopped reading (`skillkit validate | head`): not a failure to report. The shell's code for a
        # write to a closed pipe, and stdout pointed at /dev/null so the interpreter's last flush finds no pipe.
        _drop_stdout()
        return EXIT_CLOSED_PIPE
    except Exception as exc:
        translated = translate(exc) if translate is not None else None
        if translated is not None:
            return translated
        if os.environ.get("SKILLKIT_DEBUG"):
            raise
        sys.stderr.write(f"skillkit: internal error: {type(exc).__name__}: {exc} (set SKILLKIT_DEBUG=1 for a traceback; please report it)\n")
        return EXIT_UNCHECKED
    return code if isinstance(code, int) else 0


def _drop_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # no real stdout (captured, closed): nothing left to flush into it
        pass
