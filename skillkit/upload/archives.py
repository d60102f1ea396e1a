"""Which files are archives, by name or by their first bytes: a skill zip should hold what they pack, not them."""

from __future__ import annotations

from typing import Final

ARCHIVE_SUFFIXES = (
    ".zip", ".skill", ".tar", ".tgz", ".gz", ".bz2", ".tbz", ".tbz2", ".xz", ".txz", ".zst", ".lz", ".lzma",
    ".7z", ".rar", ".jar", ".war", ".ear", ".whl", ".egg", ".cab", ".cpio",
)
# Zip containers that are documents, not archives of files to unpack.
DOCUMENT_ZIP_SUFFIXES = (
    ".docx", ".docm", ".dotx", ".xlsx", ".xlsm", ".xltx", ".pptx", ".pptm", ".potx", ".odt", ".ods", ".odp",
    ".odg", ".epub", ".vsdx", ".key", ".pages", ".numbers",
)
_ARCHIVE_MAGIC = (
    (b"PK\x03\x04", "zip"), (b"PK\x05\x06", "zip"), (b"7z\xbc\xaf\x27\x1c", "7z"), (b"Rar!\x1a\x07", "RAR"),
    (b"\xfd7zXZ\x00", "xz"),
)
# Every archive suffix holds one dot: a name ends with one when what follows its last dot is one (a set lookup, not
# a test of every suffix on every file).
_ARCHIVE_ENDS: Final = frozenset(ARCHIVE_SUFFIXES)


def archive_suffix(path: str) -> str | None:
    dot = path.rfind(".")
    if dot < 0 or path[dot:].lower() not in _ARCHIVE_ENDS:  # every suffix below ends with one of these
        return None
    lower = path.lower()
    for suffix in (".tar.gz", ".tar.bz2", ".tar.xz", ".tar.zst", *ARCHIVE_SUFFIXES):
        if lower.endswith(suffix) and len(lower) > len(suffix) and not lower.endswith("/" + suffix):
            return suffix
    return None


def magic_kind(data: bytes) -> str | None:
    """The kind of archive the first bytes of a file say it is ('zip', '7z', 'RAR', 'xz'), or None."""
    for magic, kind in _ARCHIVE_MAGIC:
        if data.startswith(magic):
            return kind
    return None
