"""Secrets that must never be packaged: env files, private keys, and live-looking API tokens in file contents.

Tuned to stay quiet on documentation that merely shows a token's format: placeholders (`sk-ant-...`,
`ghp_xxxx`, `your-key-here`, `<token>`), truncated, low-entropy, sequential or too-short values are
not reported. A line holding `skillkit: allow-secret` is never reported (for test fixtures).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache
from itertools import pairwise
from typing import Final

from skillkit.lazy_pattern import LazyPattern
from skillkit.record import Record

ALLOW_MARKER: Final = LazyPattern(r"skillkit:\s*allow-secret", re.IGNORECASE)
SCAN_SNIFF_BYTES: Final = 8192
MARKDOWN_SUFFIXES: Final = (".md", ".markdown")  # a NUL in the first 8 KiB means binary, as git decides

# Env files hold live credentials; their committed templates conventionally do not (their content is still scanned).
_ENV_TEMPLATES: Final = frozenset({"example", "sample", "template", "dist", "defaults", "default", "schema", "tmpl", "tpl"})
_KEY_FILE_NAMES: Final = frozenset({"id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", "id_ecdsa_sk", "id_ed25519_sk"})
_KEY_FILE_SUFFIXES: Final = (".p12", ".pfx", ".jks", ".keystore")
_CREDENTIAL_FILES: Final = frozenset({".netrc", "_netrc", ".pgpass", ".git-credentials"})


class Hit(Record):
    """One secret seen: where (1-based line and column, None for a whole file) and what, already masked."""

    __slots__ = ("kind", "shown", "line", "column")

    def __init__(self, kind: str, shown: str, line: int | None = None, column: int | None = None) -> None:
        self.kind: Final = kind
        self.shown: Final = shown
        self.line: Final = line
        self.column: Final = column


def secret_filename(rel: str) -> str | None:
    """Why a file is a secret by its name alone (`an environment file`), or None."""
    name = rel.rsplit("/", 1)[-1]
    lower = name.lower()
    if lower == ".env" or lower == ".envrc":
        return "an environment file"
    if lower.startswith((".env.", ".env-", ".env_")):
        suffix = re.split(r"[.\-_]", lower[5:])[-1]
        return None if suffix in _ENV_TEMPLATES else "an environment file"
    if lower in _KEY_FILE_NAMES:
        return "an SSH private key file"
    if lower.endswith(_KEY_FILE_SUFFIXES):
        return "a key store (holds private keys)"
    if lower in _CREDENTIAL_FILES:
        return "a credentials file"
    return None


class _Token(Record):
    __slots__ = ("kind", "regex", "prefix", "min_random", "min_entropy", "mixed")

    def __init__(
        self, kind: str, regex: re.Pattern[str], prefix: re.Pattern[str], min_random: int, min_entropy: float, mixed: bool
    ) -> None:
        self.kind: Final = kind
        self.regex: Final = regex
        self.prefix: Final = prefix  # the fixed part; the rest is the random part judged for entropy
        self.min_random: Final = min_random
        self.min_entropy: Final = min_entropy
        self.mixed: Final = mixed  # judge by character classes too (see _live)


_B: Final = r"(?<![A-Za-z0-9_\-])"  # not in the middle of a word such as `task-budgets`
_E: Final = r"(?![A-Za-z0-9_\-])"


@lru_cache(maxsize=1)
def tokens() -> tuple[_Token, ...]:
    """The token kinds, compiled on first use: most files never get this far (security.py's byte check)."""
    return (
        _Token("aws access key id", re.compile(r"(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9])"),
               re.compile(r"^(?:AKIA|ASIA|ABIA|ACCA)"), 16, 3.0, False),
        _Token("github token", re.compile(_B + r"gh[pousr]_[A-Za-z0-9]{36,}" + _E), re.compile(r"^gh[pousr]_"), 36, 3.5, True),
        _Token("github token", re.compile(_B + r"github_pat_[A-Za-z0-9_]{50,}" + _E), re.compile(r"^github_pat_"), 50, 3.5, True),
        _Token("anthropic api key", re.compile(_B + r"sk-ant-[a-z]{2,10}\d{0,3}-[A-Za-z0-9_\-]{32,}" + _E),
               re.compile(r"^sk-ant-[a-z]{2,10}\d{0,3}-"), 32, 3.5, True),
        _Token("openai api key", re.compile(_B + r"sk-(?!ant-)(?:(?:proj|svcacct|admin)-)?[A-Za-z0-9_\-]{32,}" + _E),
               re.compile(r"^sk-(?:(?:proj|svcacct|admin)-)?"), 32, 3.5, True),
        _Token("slack token", re.compile(_B + r"xox[baprs]-\d{6,}-[A-Za-z0-9\-]{10,}" + _E), re.compile(r"^xox[baprs]-"), 20, 3.0, False),
    )


_PEM_HEADER: Final = LazyPattern(r"-----BEGIN ((?:RSA |DSA |EC |OPENSSH |ENCRYPTED |PGP |SSH2 )?PRIVATE KEY(?: BLOCK)?)-----")
_BASE64_RUN: Final = LazyPattern(r"[A-Za-z0-9+/]{40,}={0,2}")
_PLACEHOLDER_WORDS: Final = (
    "example", "xxxx", "your", "placeholder", "dummy", "fake", "sample", "redacted", "insert", "replace",
    "changeme", "change_me", "secret", "token", "here", "test", "demo", "abcdef", "000000",
)
_TRUNCATION: Final = ("...", "\u2026")


def scan_bytes(data: bytes, name: str = "") -> list[Hit]:
    """Secrets in a file's bytes; binary files (a NUL in the first 8 KiB) are skipped. `name` (the file's name or
    path) tells a markdown file, whose fenced code blocks are documentation samples (see `scan_text`)."""
    if b"\x00" in data[:SCAN_SNIFF_BYTES]:
        return []
    return scan_text(data.decode("utf-8", errors="replace"), markdown=name.lower().endswith(MARKDOWN_SUFFIXES))


def scan_text(text: str, *, markdown: bool = False) -> list[Hit]:
    """Secrets in a text. In markdown (`markdown`), a private key inside a fenced code block is not reported: there it
    is documentation showing a key's format (API docs with a PEM or PKCS#12 example), and in a sample of real skills
    none was a live key. API tokens are reported wherever they are, and scripts and configuration files whole."""
    hits: list[Hit] = []
    lines = text.split("\n")
    fenced: frozenset[int] | None = None
    for number, line in enumerate(lines, 1):
        if len(line) < 16 or ALLOW_MARKER().search(line):
            continue
        for token in tokens():
            for m in token.regex.finditer(line):
                if _live(token, m.group(0), line[m.end() : m.end() + 3]):
                    hits.append(Hit(token.kind, mask(m.group(0)), number, m.start() + 1))
        pem = _PEM_HEADER().search(line)
        if pem and markdown:
            fenced = fenced_lines(lines) if fenced is None else fenced
            if number in fenced:
                continue
        if pem and _pem_has_key(line[pem.end() :], lines[number : number + 12]):
            hits.append(Hit("private key", f"-----BEGIN {pem.group(1)}-----", number, pem.start() + 1))
    return _dedupe(hits)


_FENCE_RE: Final = LazyPattern(r"^[ \t>]*(`{3,}|~{3,})(.*)$")


def fenced_lines(lines: list[str]) -> frozenset[int]:
    """The 1-based lines inside fenced code blocks (the fence lines included), by a line-by-line look."""
    inside: set[int] = set()
    fence: str | None = None
    for number, line in enumerate(lines, 1):
        m = _FENCE_RE().match(line)
        if m is not None:
            run = m.group(1)
            if fence is None:
                if not (run[0] == "`" and "`" in m.group(2)):
                    fence = run
                    inside.add(number)
                continue
            if run[0] == fence[0] and len(run) >= len(fence) and not m.group(2).strip():
                fence = None
                inside.add(number)
                continue
        if fence is not None:
            inside.add(number)
    return frozenset(inside)


def mask(token: str) -> str:
    """Enough of a token to find it, never enough to use it."""
    keep = min(len(token) // 3, 12)
    return token[:keep] + "\u2026"


def _live(token: _Token, value: str, after: str) -> bool:
    if after.startswith(_TRUNCATION):
        return False  # `sk-ant-api03-AbC...` shows a format, not a key
    lower = value.lower()
    if any(word in lower for word in _PLACEHOLDER_WORDS):
        return False
    prefix = token.prefix.match(value)
    random = value[prefix.end() :] if prefix else value
    if len(random) < token.min_random or entropy(random) < token.min_entropy or _sequential(random):
        return False
    # base62 secrets this long all but always hold digits and both letter cases; words and slugs do not
    return not token.mixed or (any(c.isdigit() for c in random) and any(c.islower() for c in random) and any(c.isupper() for c in random))


def _pem_has_key(rest_of_line: str, following: list[str]) -> bool:
    # A key has a base64 body; a document that only names the header (or shows `...`) does not.
    candidates = [rest_of_line.replace("\\n", "\n")] + following
    for chunk in candidates:
        for part in chunk.split("\n"):
            if "-----END" in part:
                return False
            for m in _BASE64_RUN().finditer(part.strip()):
                if entropy(m.group(0)) >= 4.0 and not _sequential(m.group(0)):
                    return True
    return False


def entropy(text: str) -> float:
    """Shannon entropy in bits per character."""
    if not text:
        return 0.0
    n = len(text)
    return -sum(c / n * math.log2(c / n) for c in Counter(text).values())


def _sequential(text: str, run: int = 6) -> bool:
    """True when the text holds `abcdef`, `123456`, `FEDCBA`-like runs that random keys do not."""
    up = down = 1
    for a, b in pairwise(text):
        up = up + 1 if ord(b) - ord(a) == 1 else 1
        down = down + 1 if ord(a) - ord(b) == 1 else 1
        if up >= run or down >= run:
            return True
    return False


def _dedupe(hits: list[Hit]) -> list[Hit]:
    seen: set[tuple[int | None, int | None]] = set()
    out: list[Hit] = []
    for hit in hits:
        if (hit.line, hit.column) not in seen:
            seen.add((hit.line, hit.column))
            out.append(hit)
    return out
