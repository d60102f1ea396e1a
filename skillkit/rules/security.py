"""Secrets and hidden text in every file a skill ships: live-looking credentials, Trojan Source controls, invisible characters.

Each file is read once per skill (SKILL.md not at all: its text is already decoded), through one
memoised scan that both rules share: binary files are skipped by extension and by a NUL sniff, files
over 1 MiB are not read, links are never followed, and files the build leaves out (default excludes and
`.skillkitignore`) are not scanned, since they never reach Claude or the zip.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Final

from skillkit.content import hiddentext, secrets
from skillkit.diagnostics import Finding
from skillkit.document.files import MARKDOWN_SUFFIXES
from skillkit.document.skill import Derived, SkillDocument
from skillkit.ids import RuleId
from skillkit.record import Record
from skillkit.rules import upload
from skillkit.rules.base import Context, E, W, rule
from skillkit.upload import ignore

MAX_PER_FILE: Final = 10  # per rule and file: the first ones point at the problem, the rest are counted
BINARY_SUFFIXES: Final = frozenset(
    """
    png jpg jpeg gif webp bmp ico icns tif tiff psd heic avif pdf ps eps zip gz tgz bz2 xz zst 7z rar tar jar war
    whl egg woff woff2 ttf otf eot mp3 mp4 m4a m4v wav ogg oga flac aac mov avi webm mkv pyc pyo so dylib dll exe
    bin o a lib class wasm docx xlsx pptx odt ods odp sqlite sqlite3 db npy npz pkl pickle parquet feather h5
    hdf5 pt pth ckpt onnx safetensors
    """.split()  # noqa: SIM905 - a word list reads best as text
)
# A token is reported only where its fixed prefix is followed by at least `min_random` token characters: one
# search for that (over the file's bytes: every prefix and every random part is ASCII) skips the per-line scan of
# nearly every file.
@lru_cache(maxsize=1)
def _secret_hint() -> re.Pattern[bytes]:
    kinds = secrets.tokens()
    return re.compile("|".join(f"(?:{t.prefix.pattern.lstrip('^')})[A-Za-z0-9_\\-]{{{t.min_random}}}" for t in kinds).encode())


# That search steps through every character of what it is given, trying each prefix: over a whole file it cost
# more than the rest of the secret scan. A hint is made of token characters only and is at least MIN_RUN long
# (every prefix is at least 3 token characters, `sk-`; 3 + the smallest min_random, 16 for AWS; a test checks both
# against secrets.tokens()), so it lies inside a run of MIN_RUN token characters or more: the search looks only
# there. Mapping the bytes to token/other finds those runs with plain byte searches.
_MIN_RUN: Final = 19
_TOKEN_BYTES: Final = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
_TOKEN_MAP: Final = bytes(0x61 if b in _TOKEN_BYTES else 0x20 for b in range(256))
_TOKEN_RUN: Final = b"a" * _MIN_RUN
# Every header the scan reports as a private key names one: a rarer needle than `-----BEGIN `, searched faster.
_PEM_HEADER: Final = b"PRIVATE KEY"


def may_hold_secret(raw: bytes) -> bool:
    """Whether a file's bytes may hold a token or key the exact scan reports: a private key header, or a token's
    prefix and random part inside a long enough run of token characters."""
    if _PEM_HEADER in raw:
        return True
    mapped = raw.translate(_TOKEN_MAP)
    at = mapped.find(_TOKEN_RUN)
    if at < 0:
        return False
    # Two thirds of real files hold a few long runs (mostly hyphenated words): one search over the runs joined by
    # a space costs less than one per run, and no hint spans the space (it is no token character).
    runs: list[bytes] = []
    while at >= 0:
        end = mapped.find(b" ", at + _MIN_RUN)
        end = len(mapped) if end < 0 else end
        runs.append(raw[at:end])
        at = mapped.find(_TOKEN_RUN, end)
    return _secret_hint().search(runs[0] if len(runs) == 1 else b" ".join(runs)) is not None


class Scan(Record):
    """The findings of both rules over every scanned file of one skill."""

    __slots__ = ("secret", "hidden", "invisible")

    def __init__(
        self, secret: list[Finding] | None = None, hidden: list[Finding] | None = None, invisible: list[Finding] | None = None
    ) -> None:
        self.secret: list[Finding] = [] if secret is None else secret
        self.hidden: list[Finding] = [] if hidden is None else hidden
        self.invisible: list[Finding] = [] if invisible is None else invisible


@rule(RuleId.SECRET_TOKEN, E, needs="file")
def secret_token(ctx: Context) -> Iterator[Finding]:
    """A file of the skill holds a live-looking credential: an AWS access key id, a GitHub, Anthropic,
    OpenAI or Slack token, or a PEM private key with a key in it; or the file is itself a secret (`.env`,
    `.envrc`, `id_rsa`, a `.p12` key store, `.netrc`).

    Every text file the skill ships is searched (SKILL.md and everything `skillkit build-zip` would pack;
    binary files and files over 1 MiB are skipped). A skill is shared and uploaded: whatever it holds is
    disclosed, so remove the file or the value and revoke the credential. The message shows only the
    first characters of the value. Documentation that shows a format is not reported: placeholders
    (`sk-ant-...`, `ghp_xxxx`, `your-key-here`), truncated, low-entropy and sequential values, and env
    templates (`.env.example`); nor is a private key inside a fenced code block of a markdown file, where it
    is a format example (API docs showing a PEM or PKCS#12 key: none of a sample of 29 was live). A key in a
    script or a configuration file, and an API token anywhere, is still reported. Mark a test fixture's line
    with `skillkit: allow-secret`, or exclude the file in `.skillkitignore`. In a zip, and in `build-zip` (which honours `--allow-secret`), the same
    values are reported as `package-secret`. Under claude-ai and api, so is a symlink that would pack a secret
    file under a harmless name (`settings.txt -> .env`), as `build-zip` refuses it.
    """
    yield from scan(ctx.doc).secret  # empty for a zip: package-secret reports its members
    yield from upload.predicted(ctx, RuleId.SECRET_TOKEN)


@rule(RuleId.HIDDEN_TEXT, E, needs="file")
def hidden_text(ctx: Context) -> Iterator[Finding]:
    """A file of the skill holds text that readers cannot see or see in another order than Claude reads it:
    bidirectional embedding, override or isolate controls (U+202A-U+202E, U+2066-U+2069: "Trojan Source",
    CVE-2021-42574), Unicode tag characters (U+E0000-U+E007F) outside an emoji flag sequence, or a run of
    variation selectors (which can encode arbitrary bytes).

    A skill is instructions for a model, and these characters are how instructions are hidden from the
    person who reviews or installs it: tag characters spell ASCII that no editor shows (the message
    decodes it), and an override makes a line display reversed. No skill needs them, so this is an
    error. The left-to-right and right-to-left marks (U+200E, U+200F, U+061C) are not reported: they
    only set the direction of neighbouring punctuation and are common in right-to-left prose. File
    names holding these characters are reported too.
    """
    yield from scan(ctx.doc).hidden


@rule(RuleId.INVISIBLE_CHAR, W, needs="file")
def invisible_char(ctx: Context) -> Iterator[Finding]:
    """A file of the skill holds an invisible character: a zero width space (U+200B), a zero width
    (non-)joiner (U+200C, U+200D) or Mongolian vowel separator (U+180E) outside a script or emoji
    sequence that needs it, a word joiner or invisible operator (U+2060-U+2064), a byte order mark
    (U+FEFF) after the start of the file, or a soft hyphen (U+00AD).

    They are usually pasted from web pages or chat tools. Claude reads them, readers do not: a command,
    a file name or a keyword with one inside no longer matches what it looks like. Emoji ZWJ sequences
    (U+1F469 U+200D U+1F4BB, woman technologist), flag tag sequences, and ZWNJ/ZWJ between letters of
    Arabic, Persian, Indic and other joining scripts are legitimate and not reported; nor is a zero width
    space next to Chinese, Japanese or Korean text, which has no spaces between words (it marks where a line
    may break and splits no word, command or code).
    """
    yield from scan(ctx.doc).invisible


def scan(doc: SkillDocument) -> Scan:
    """Scan every shipped file of the skill once per document; both rules read the result."""
    return doc.derive(_SCAN, lambda: _scan(doc))


def _scan(doc: SkillDocument) -> Scan:
    out = Scan()
    zipped = not doc.files.on_disk  # a zip's members: never the disk
    skill_md = _rel(doc)
    if doc.text is not None:
        text = doc.text if "\r" not in doc.text else "\n".join(doc.lines)
        # The file's bytes serve the pre-checks as well as the text's own: a CR or a BOM only adds hits.
        raw = doc.raw or text.encode("utf-8", "surrogatepass")
        _scan_text(out, text, raw, None, zipped, markdown=True)
    files = doc.files.names()
    others = len(files) > 1 or skill_md not in files  # the ignore rules compile only when they have work
    excluded = None if zipped or not others else ignore.for_listed(doc.folder, files)
    for rel in sorted(files):
        if rel == skill_md or (excluded is not None and excluded.ignored_path(rel) is not None):
            continue
        path = doc.files.path(rel)
        why = hiddentext.in_name(rel)
        if why:
            out.hidden.append(Finding(RuleId.HIDDEN_TEXT, f"file name {rel!a} holds {why}; rename the file", None, None, path))
        named = secrets.secret_filename(rel)
        if named and not zipped:
            out.secret.append(Finding(RuleId.SECRET_TOKEN, f"'{rel}' is {named}; never ship it in a skill (remove it, or exclude it in .skillkitignore)", None, None, path))
        name = rel.rsplit("/", 1)[-1]
        if "." in name and name.rsplit(".", 1)[-1].lower() in BINARY_SUFFIXES:
            continue
        data = doc.files.read(rel)  # markdown is kept on the document: the markdown walk reads the referenced ones too
        if data is None or data.find(b"\x00", 0, secrets.SCAN_SNIFF_BYTES) >= 0:
            continue
        _scan_text(out, None, data, path, zipped or named is not None, markdown=rel.lower().endswith(MARKDOWN_SUFFIXES))
    return out


def _decoded(raw: bytes) -> str:
    text = raw.decode("utf-8", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _scan_text(out: Scan, text: str | None, raw: bytes, path: str | None, skip_secrets: bool, *, markdown: bool = False) -> None:
    """Scan `text`, or (None) `raw` decoded with CRs made LFs, decoded only when a pre-check passes (rarely);
    `raw` is its UTF-8 bytes (before any CR normalisation), for the cheap pre-checks. In markdown, values inside
    fenced code blocks are documentation samples and not reported."""
    secret: list[Finding] = []
    if not skip_secrets and may_hold_secret(raw):
        text = _decoded(raw) if text is None else text
        for hit in secrets.scan_text(text, markdown=markdown):
            message = f"live-looking {hit.kind} ({hit.shown}); remove it from the skill and revoke it"
            secret.append(Finding(RuleId.SECRET_TOKEN, message, hit.line, hit.column, path))
    out.secret.extend(_capped(secret[:MAX_PER_FILE], len(secret)))
    found: dict[str, list[Finding]] = {hiddentext.HIDDEN: [], hiddentext.INVISIBLE: []}
    counts = dict.fromkeys(found, 0)
    lines: _Lines | None = None
    # Decoding (with replacement) maps ASCII bytes to ASCII and any other byte to a character past it: the bytes
    # are ASCII exactly when the text is.
    scanned = ""
    if not (raw.isascii() if text is None else text.isascii()) and hiddentext.may_hold(raw):
        scanned = _decoded(raw) if text is None else text
    for h in hiddentext.find(scanned):
        counts[h.kind] += 1
        if counts[h.kind] > MAX_PER_FILE:
            continue  # counted for the note, not placed: a hostile file holds millions
        lines = lines or _Lines(scanned)
        line, column = lines.position(h.offset)
        rule_id = RuleId.HIDDEN_TEXT if h.kind == hiddentext.HIDDEN else RuleId.INVISIBLE_CHAR
        found[h.kind].append(Finding(rule_id, h.message, line, column, path))
    out.hidden.extend(_capped(found[hiddentext.HIDDEN], counts[hiddentext.HIDDEN]))
    out.invisible.extend(_capped(found[hiddentext.INVISIBLE], counts[hiddentext.INVISIBLE]))


class _Lines:
    """Offsets to 1-based (line, column), counting forward from the last position asked (hits come in order)."""

    def __init__(self, text: str) -> None:
        self.text, self.offset, self.line, self.line_start = text, 0, 1, 0

    def position(self, offset: int) -> tuple[int, int]:
        if offset < self.offset:
            self.offset, self.line, self.line_start = 0, 1, 0
        self.line += self.text.count("\n", self.offset, offset)
        newline = self.text.rfind("\n", self.offset, offset)
        if newline >= 0:
            self.line_start = newline + 1
        self.offset = offset
        return self.line, offset - self.line_start + 1


def _capped(findings: list[Finding], total: int) -> list[Finding]:
    """The first MAX_PER_FILE findings of a file; the last one says how many more there are."""
    if total <= MAX_PER_FILE:
        return findings
    last = findings[MAX_PER_FILE - 1]
    note = Finding(last.rule, f"{last.message} ({total - MAX_PER_FILE} more in this file not listed)", last.line, last.column, last.file)
    return [*findings[: MAX_PER_FILE - 1], note]


def _rel(doc: SkillDocument) -> str:
    path, folder = doc.file, doc.folder
    if path.startswith(folder) and path[len(folder) : len(folder) + 1] == os.sep:  # the usual case, without pathlib
        return path[len(folder) + 1 :].replace(os.sep, "/")
    try:
        return doc.path.relative_to(doc.skill_dir).as_posix()
    except ValueError:
        return doc.path.name



# Values derived once per document, kept on it under these typed keys.
_SCAN: Final[Derived[Scan]] = Derived("security:scan")
