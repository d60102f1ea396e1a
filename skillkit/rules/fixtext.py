"""What the fixes edit: a file's text as skillkit.edits counts it, with the line arithmetic fixes need, and the YAML
scalars they write.

Findings give 1-based lines and columns in the file as the parser saw it (a byte order mark dropped, lines split
at LF, CRLF or a lone CR); a Source turns them into offsets of the text as decoded (the mark kept as one
character), so an edit replaces exactly what the rule saw and nothing else.
"""

from __future__ import annotations

from typing import Any, Final

from skillkit.diagnostics import Finding
from skillkit.document import yamlsimple
from skillkit.document.skill import Derived, SkillDocument, read_yaml
from skillkit.edits import Edit, apply, eol, line_end, line_starts


class Source:
    """One file's text (strict UTF-8, a byte order mark kept) and its line starts; `file` as Edits name it."""

    __slots__ = ("bom", "eol", "file", "starts", "text")

    def __init__(self, file: str | None, text: str, bom: int | None = None) -> None:
        self.file = file
        self.text = text
        self.starts = line_starts(text)
        # Byte order marks the reader dropped before counting columns: SKILL.md's reader drops one, the other
        # files' reader every leading one.
        self.bom = (1 if text.startswith("\ufeff") else 0) if bom is None else bom
        self.eol = eol(text)

    @property
    def lines(self) -> int:
        return len(self.starts)

    def start(self, line: int) -> int:
        """Offset of the first character of 1-based `line` (after a byte order mark on line 1)."""
        return self.starts[line - 1] + (self.bom if line == 1 else 0)

    def end(self, line: int) -> int:
        """Offset just past the content of 1-based `line` (before its line ending)."""
        return line_end(self.text, self.starts, line)

    def next_start(self, line: int) -> int:
        """Offset of the line after `line` (the end of the text after the last line)."""
        return self.starts[line] if line < len(self.starts) else len(self.text)

    def offset(self, line: int, column: int) -> int:
        """Offset of a 1-based line and column as findings give them."""
        return self.start(line) + column - 1

    def line(self, line: int) -> str:
        return self.text[self.start(line) : self.end(line)]

    def edit(self, start: int, end: int, text: str) -> Edit:
        return Edit(self.file, start, end, text)

    def applied(self, edits: tuple[Edit, ...]) -> str:
        return apply(self.text, edits)


def source(doc: SkillDocument, file: str | None) -> Source | None:
    """The file a finding is in (None: SKILL.md) as a Source, once per document; None when it is not plain UTF-8
    text of the skill (undecodable, unreadable, a link)."""
    known = doc.derive(_SOURCES, dict)
    key = file or ""
    if key not in known:
        known[key] = _read(doc, file)
    return known[key]


def source_of(doc: SkillDocument, finding: Finding) -> Source | None:
    return source(doc, finding.file)


def _read(doc: SkillDocument, file: str | None) -> Source | None:
    if file is None:
        raw = doc.raw
    else:
        prefix = doc.folder + "/"
        if not file.startswith(prefix):
            return None
        raw = doc.files.read(file[len(prefix) :])
    if raw is None:
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return Source(file, text, None if file is None else len(text) - len(text.lstrip("\ufeff")))


def indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def yaml_scalar(text: str) -> str:
    """`text` as a YAML scalar on one line: plain when the simple grammar reads it back unchanged, else double-quoted."""
    if text and "\n" not in text and yamlsimple._scalar(text) == (text, None):
        return text
    return double_quoted(text)


def double_quoted(text: str) -> str:
    """A YAML double-quoted scalar that reads back as `text` (YAML escapes for what must not be written raw)."""
    out = ['"']
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif not _printable(ch):
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _printable(ch: str) -> bool:
    """YAML's printable characters (what PyYAML reads without complaint), the byte order mark excluded."""
    code = ord(ch)
    return (
        0x20 <= code <= 0x7E
        or code == 0x85
        or 0xA0 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD and code != 0xFEFF
        or 0x10000 <= code <= 0x10FFFF
    )


def yaml_value(text: str) -> tuple[bool, Any]:
    """(True, value) when `text` is a YAML document PyYAML reads (safely), else (False, None). yamlsimple answers
    as PyYAML would where it does not decline (its differential test), so a one-skill run need not load PyYAML."""
    simple = yamlsimple.load(text, 1)
    if simple is not None:
        return (True, simple.data) if simple.ok else (False, None)
    import yaml

    try:
        return True, yaml.safe_load(text)
    except (yaml.YAMLError, ValueError, RecursionError):
        return False, None


def frontmatter_after(doc: SkillDocument, src: Source, edits: tuple[Edit, ...]) -> dict[str, Any] | None:
    """SKILL.md's frontmatter as YAML reads it once `edits` are applied, or None when it would not read as a
    mapping, or YAML would say more about it than it says now."""
    from skillkit.document import frontmatter

    text = src.applied(edits)
    split = frontmatter.split(text.removeprefix("\ufeff"))
    if split.yaml_text is None:
        return None
    loaded = read_yaml(split.yaml_text, split.yaml_first_line)
    if not loaded.ok or not isinstance(loaded.data, dict):
        return None
    said = {f.rule for f in doc.findings}
    if any(f.rule not in said for f in loaded.findings) or len(loaded.findings) > len(doc.findings):
        return None
    return loaded.data


# Values derived once per document, kept on it under these typed keys.
_SOURCES: Final[Derived[dict[str, Source | None]]] = Derived("fix:sources")
