"""Finding keys for baselines: each finding's (file, rule, fingerprint), the fingerprint hashing the text of its line."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from typing import Final

from skillkit.diagnostics import Diagnostic
from skillkit.ids import RuleId

FINGERPRINT_HEX: Final = 16
MAX_LINE_SOURCE: Final = 16 * 1024 * 1024  # a file larger than this is not read for its line: the text is empty

Entry = tuple[str, str, str]  # (file, rule, fingerprint)


class _Lines:
    """The text of the lines findings point at, each file read once per skill (and never if over MAX_LINE_SOURCE)."""

    def __init__(self) -> None:
        self._files: dict[str, list[bytes] | None] = {}

    def text(self, file: str, line: int | None) -> str:
        if line is None:
            return ""
        if file not in self._files:
            self._files[file] = _read_lines(file)
        lines = self._files[file]
        if lines is None or not 1 <= line <= len(lines):
            return ""
        return " ".join(lines[line - 1].decode("utf-8", "replace").split())


def _read_lines(file: str) -> list[bytes] | None:
    try:
        if os.path.getsize(file) > MAX_LINE_SOURCE:
            return None
        with open(file, "rb") as fh:
            return fh.read().splitlines()
    except (OSError, ValueError):
        return None  # a zip member, a file gone since, a name the system refuses: the text is empty


def fingerprint(rule: str, file: str, text: str) -> str:
    """The hash that, with the rule and the file, knows a finding: of the rule, the file and the line's text."""
    data = f"{rule}\0{file}\0{text}".encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()[:FINGERPRINT_HEX]


class Keys:
    """Each finding's entry: its file made relative to the baseline's folder, its rule and fingerprint."""

    def __init__(self, base: str) -> None:
        self.base = base
        self._relative: dict[str, str] = {}

    def relative(self, file: str) -> str:
        rel = self._relative.get(file)
        if rel is None:
            if len(self._relative) > 10_000:
                self._relative.clear()
            rel = self._relative[file] = _posix(os.path.relpath(os.path.abspath(file), self.base))
        return rel

    def entries(self, diagnostics: Sequence[Diagnostic]) -> list[Entry | None]:
        """One entry per diagnostic (None for an internal error, which a baseline never hides)."""
        lines = _Lines()
        out: list[Entry | None] = []
        for d in diagnostics:
            if d.rule == RuleId.INTERNAL_ERROR:
                out.append(None)
                continue
            file = self.relative(d.file)
            out.append((file, d.rule, fingerprint(d.rule, file, lines.text(d.file, d.line))))
        return out


def _posix(path: str) -> str:
    return path if os.sep == "/" else path.replace(os.sep, "/")
