"""The entry point of `skillkit lsp`: refuse cleanly without the optional extra, else serve LSP on stdio."""

from __future__ import annotations

import importlib.util
import sys

from skillkit.diagnostics import EXIT_UNCHECKED

INSTALL_HINT = "pip install 'skillkit-lint[lsp]' (or: pipx inject skillkit-lint pygls)"


def missing() -> list[str]:
    """The optional packages the server needs that are not installed."""
    return [name for name in ("pygls", "lsprotocol") if importlib.util.find_spec(name) is None]


def serve() -> int:
    """Run the server on stdin/stdout until the client says exit; 2 when pygls is not installed."""
    absent = missing()
    if absent:
        verb = "is" if len(absent) == 1 else "are"
        sys.stderr.write(f"skillkit: error: `skillkit lsp` needs {' and '.join(absent)}, which {verb} not installed: {INSTALL_HINT}\n")
        return EXIT_UNCHECKED
    from skillkit.lsp.handlers import make_server

    make_server().start_io()
    return 0
