"""Decode SKILL.md bytes and split the `---` frontmatter block from the body, with exact 1-based lines."""

from __future__ import annotations

import codecs
from typing import Final

from skillkit.diagnostics import Finding
from skillkit.ids import RuleId
from skillkit.record import Record
from skillkit.words import counted

_UTF16_32_BOMS: Final = (
    (codecs.BOM_UTF32_LE, "UTF-32 LE"),
    (codecs.BOM_UTF32_BE, "UTF-32 BE"),
    (codecs.BOM_UTF16_LE, "UTF-16 LE"),
    (codecs.BOM_UTF16_BE, "UTF-16 BE"),
)
_BOM_UTF8: Final = codecs.BOM_UTF8  # a constant: compiled code would look it up on the module per file


class Split(Record):
    """The text of a SKILL.md cut into frontmatter and body.

    `yaml_text` is None when there is no usable frontmatter block. `yaml_first_line` is the
    file line (1-based) of the first YAML line; `body_first_line` that of the first body line.
    """

    __slots__ = ("text", "lines", "yaml_text", "yaml_first_line", "body", "body_first_line", "findings")

    def __init__(
        self,
        text: str,
        lines: list[str],
        yaml_text: str | None = None,
        yaml_first_line: int = 2,
        body: str = "",
        body_first_line: int = 1,
        findings: list[Finding] | None = None,
    ) -> None:
        self.text = text
        self.lines = lines
        self.yaml_text = yaml_text
        self.yaml_first_line = yaml_first_line
        self.body = body
        self.body_first_line = body_first_line
        self.findings: list[Finding] = [] if findings is None else findings


def decode(raw: bytes) -> tuple[str | None, list[Finding]]:
    """Decode strictly as UTF-8; return (text, findings). Text is None when nothing sensible can be read."""
    findings: list[Finding] = []
    for bom, label in _UTF16_32_BOMS:
        if raw.startswith(bom):
            findings.append(Finding(RuleId.FILE_ENCODING, f"file is {label} (byte order mark {bom.hex(' ')}); save it as UTF-8", 1, 1))
            return None, findings
    nul = raw.find(b"\x00")
    if nul != -1:
        line = raw.count(b"\n", 0, nul) + 1
        col = nul - (raw.rfind(b"\n", 0, nul) + 1) + 1
        findings.append(Finding(RuleId.FILE_ENCODING, "file holds NUL bytes: it is binary, not UTF-8 text", line, col))
        return None, findings
    if raw.startswith(_BOM_UTF8):
        findings.append(
            Finding(RuleId.UTF8_BOM, "file starts with a UTF-8 byte order mark; the upload needs '---' as the very first bytes", 1, 1)
        )
        raw = raw[len(_BOM_UTF8) :]
    try:
        return raw.decode("utf-8"), findings
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        bad = raw[exc.start : exc.start + 1].hex()
        findings.append(Finding(RuleId.FILE_ENCODING, f"invalid UTF-8 (byte 0x{bad}); save the file as UTF-8", line, col))
        # Keep checking the rest: one run reports every problem.
        return raw.decode("utf-8", errors="replace"), findings


def split_lines(text: str) -> tuple[list[str], bool]:
    """Split on LF, CRLF or lone CR; say whether any line ended in a lone CR."""
    if "\r" not in text:
        return text.split("\n"), False
    lone_cr = "\r" in text.replace("\r\n", "")
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), lone_cr


def split(text: str) -> Split:
    """Find the frontmatter block; every malformation becomes a finding, never an exception."""
    lines, lone_cr = split_lines(text)
    out = Split(text=text, lines=lines)
    if lone_cr:
        first = next(i for i, ln in enumerate(text.replace("\r\n", "\n").split("\n")) if "\r" in ln)
        out.findings.append(
            Finding(RuleId.LINE_ENDINGS, "lines end in a lone CR (old Mac style); the upload expects LF or CRLF", first + 1, None)
        )
    start = 0
    while start < len(lines) and lines[start].strip() == "":
        start += 1
    if start == len(lines) or lines[start].rstrip() != "---":
        out.findings.append(Finding(RuleId.FRONTMATTER_MISSING, _missing_message(lines, start), 1, 1))
        out.body, out.body_first_line = text_of(lines, 0), 1
        return out
    if start > 0:
        out.findings.append(
            Finding(
                RuleId.FRONTMATTER_MISSING,
                f"SKILL.md must start with '---' on line 1; the frontmatter starts on line {start + 1} after blank lines",
                1,
                1,
            )
        )
    if lines[start] != "---":
        out.findings.append(_delimiter_finding(lines[start], start + 1, "opening"))
    close = _find_close(lines, start + 1)
    if close is None:
        out.findings.append(
            Finding(
                RuleId.FRONTMATTER_UNCLOSED,
                f"frontmatter opened on line {start + 1} is never closed by a '---' line",
                start + 1,
                1,
            )
        )
        out.body_first_line = len(lines) + 1
        return out
    if lines[close] != "---":
        out.findings.append(_delimiter_finding(lines[close], close + 1, "closing"))
    out.yaml_text = "\n".join(lines[start + 1 : close])
    out.yaml_first_line = start + 2
    if "\r" not in text:  # the text is its lines joined by LF: slice the body off rather than join them again
        out.body = text[sum(map(len, lines[: close + 1])) + close + 1 :]
    else:
        out.body = text_of(lines, close + 1)
    out.body_first_line = close + 2
    return out


def text_of(lines: list[str], first: int) -> str:
    return "\n".join(lines[first:])


def _find_close(lines: list[str], begin: int) -> int | None:
    for i in range(begin, len(lines)):
        if lines[i].rstrip() == "---":
            return i
    return None


def _delimiter_finding(line: str, lineno: int, which: str) -> Finding:
    extra = line[3:]
    return Finding(
        RuleId.FRONTMATTER_DELIMITER,
        f"{which} '---' has trailing whitespace ({counted(len(extra), 'character')}); "
        "the upload only accepts a bare '---' line",
        lineno,
        4,
    )


def _missing_message(lines: list[str], start: int) -> str:
    if start == len(lines):
        return "SKILL.md is empty: it must start with a '---' frontmatter block holding name and description"
    first = lines[start].strip()
    if first.startswith("---"):
        return f"SKILL.md must start with a '---' line; line {start + 1} is {first[:20]!r}"
    if first.startswith("#") or not first.startswith(("name:", "description:")):
        return "SKILL.md has no frontmatter: it must start with a '---' line, then name and description, then '---'"
    return "frontmatter keys are not fenced: put a '---' line before and after them"
