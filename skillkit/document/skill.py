"""SkillDocument: one SKILL.md read once, decoded, split and parsed, with every parse problem kept as a finding."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any, Generic, TypeVar

from skillkit import limits
from skillkit.diagnostics import Finding
from skillkit.document import frontmatter, yamlsimple
from skillkit.document.files import READ_FLAGS, FolderFiles, SkillFiles, read_capped
from skillkit.ids import RuleId
from skillkit.record import Record

T = TypeVar("T")


class SkillDocument(Record):
    """A parsed SKILL.md. `data` is None when the frontmatter could not be read as a mapping.

    Its paths are kept as text (`file`, `folder`, as str(Path) writes them); `path` and `skill_dir` make the Path
    objects on first use: making them cost more than many of the checks that read the names.
    """

    __slots__ = (
        "file", "folder", "text", "lines", "fm_line", "data", "keys", "body", "body_first_line", "findings", "raw",
        "given_files", "_derived", "_path", "_skill_dir",
    )  # fmt: skip

    def __init__(
        self,
        file: Path | str,
        folder: Path | str,
        text: str | None = None,
        lines: list[str] | None = None,
        fm_line: int = 1,
        data: dict[str, Any] | None = None,
        keys: dict[tuple[str, ...], yamlsimple.KeyInfo] | None = None,
        body: str | None = None,
        body_first_line: int = 1,
        findings: list[Finding] | None = None,
        raw: bytes | None = None,
        given_files: SkillFiles | None = None,
        _derived: dict[Derived[Any], Any] | None = None,
        _path: Path | None = None,
        _skill_dir: Path | None = None,
    ) -> None:
        self.file = path_text(file)
        self.folder = path_text(folder)
        self.text = text
        self.lines: list[str] = [] if lines is None else lines
        self.fm_line = fm_line
        self.data = data
        self.keys: dict[tuple[str, ...], yamlsimple.KeyInfo] = {} if keys is None else keys
        self.body = body
        self.body_first_line = body_first_line
        self.findings: list[Finding] = [] if findings is None else findings
        self.raw = raw  # the bytes the text was decoded from: the file scans' byte pre-checks read them
        self.given_files = given_files  # a zip's members; None: the skill folder on disk, listed on first use
        self._derived: dict[Derived[Any], Any] = {} if _derived is None else _derived
        self._path = file if isinstance(file, Path) else _path
        self._skill_dir = folder if isinstance(folder, Path) else _skill_dir

    @property
    def path(self) -> Path:
        """SKILL.md's path (a Path made on first use)."""
        if self._path is None:
            self._path = Path(self.file)
        return self._path

    @property
    def skill_dir(self) -> Path:
        """The skill folder (a Path made on first use)."""
        if self._skill_dir is None:
            self._skill_dir = Path(self.folder)
        return self._skill_dir

    @property
    def file_name(self) -> str:
        """SKILL.md's own name as found on disk (`path.name`)."""
        return last_part(self.file)

    @property
    def folder_name(self) -> str:
        """The skill folder's name (`skill_dir.name`)."""
        return last_part(self.folder)

    @property
    def name(self) -> str | None:
        value = (self.data or {}).get("name")
        return value if isinstance(value, str) else None

    def key_line(self, key: str) -> tuple[int, int]:
        """(line, column) of a top-level key's value, or of the frontmatter's opening line when absent."""
        info = self.keys.get((key,))
        return info.anchor() if info else (self.fm_line, 1)

    @property
    def files(self) -> SkillFiles:
        """The skill's files, from the folder on disk or from the zip the document was read from."""
        if self.given_files is None:
            self.given_files = FolderFiles(self.folder)
        return self.given_files

    def derive(self, key: Derived[T], make: Callable[[], T]) -> T:
        """The value for `key`, worked out by `make` on first use and kept for the document's lifetime."""
        if key in self._derived:
            found: T = self._derived[key]
            return found
        value = self._derived[key] = make()
        return value


def path_text(path: Path | str) -> str:
    """`path` as str(Path(path)) writes it, without making the Path when the text is in that form already (no empty
    or `.` part, no trailing separator: what discovery hands over)."""
    text = os.fspath(path)
    if isinstance(path, Path) or (
        os.sep == "/" and text and "//" not in text and "/./" not in text and not text.endswith(("/", "/."))
        and not text.startswith("./")
    ):  # fmt: skip
        return text
    return str(Path(text))


def last_part(text: str) -> str:
    """Path(text).name for a text in str(Path) form (whose only `.` part is a whole text of ".", which has no name)."""
    if os.sep != "/":
        return Path(text).name
    return text[text.rfind("/") + 1 :] if text != "." else ""


class Derived(Generic[T]):
    """A typed key for one value derived from a document (a parse, an index, a scan), owned by the module that
    computes it: the document keeps the value, the key's type says what it is."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name  # for debugging only: keys compare by identity

    def __repr__(self) -> str:
        return f"Derived({self.name!r})"


def read_bytes(path: Path | str) -> tuple[bytes | None, Finding | None]:
    """Read a regular file with a size cap; FIFOs, devices and directories are refused without opening them."""
    name = os.fspath(path)  # once: each call with a Path would ask its interpreted __fspath__ again
    try:
        st = os.stat(name)
    except FileNotFoundError:
        what = "dangling symlink" if os.path.islink(path) else "file not found"
        return None, Finding(RuleId.FILE_UNREADABLE, f"cannot read SKILL.md: {what}", None, None)
    except OSError as exc:
        return None, Finding(RuleId.FILE_UNREADABLE, f"cannot read SKILL.md: {exc.strerror or exc}", None, None)
    if not stat.S_ISREG(st.st_mode):
        kind = "a directory" if stat.S_ISDIR(st.st_mode) else "a FIFO" if stat.S_ISFIFO(st.st_mode) else "not a regular file"
        return None, Finding(RuleId.FILE_UNREADABLE, f"cannot read SKILL.md: it is {kind}", None, None)
    if st.st_size > limits.SKILL_MD_MAX_BYTES:
        return None, Finding(
            RuleId.FILE_TOO_LARGE,
            f"SKILL.md too large ({st.st_size:,} > {limits.SKILL_MD_MAX_BYTES:,} bytes); not parsed",
            None,
            None,
        )
    try:
        fd = os.open(name, READ_FLAGS)
        try:
            return read_capped(fd, st.st_size, limits.SKILL_MD_MAX_BYTES), None
        finally:
            os.close(fd)
    except OSError as exc:
        return None, Finding(RuleId.FILE_UNREADABLE, f"cannot read SKILL.md: {exc.strerror or exc}", None, None)


def read_yaml(text: str, first_line: int) -> yamlsimple.Loaded:
    """A frontmatter's YAML (`first_line`: its first line in the file): yamlsimple reads what it models, PyYAML the
    rest, loaded only then."""
    try:
        loaded = yamlsimple.load(text, first_line)
    except Exception:  # a bug in the shortcut must not cost a check: PyYAML reads every frontmatter
        if os.environ.get("SKILLKIT_DEBUG"):
            raise
        loaded = None
    if loaded is None:
        from skillkit.document import yamlsafe

        loaded = yamlsafe.load(text, first_line)
    return loaded


def parse(path: Path | str, skill_dir: Path | str, raw: bytes, files: SkillFiles | None = None) -> SkillDocument:
    """Build the document from bytes: decode, split the frontmatter, load the YAML. `files`: a zip's members."""
    doc = SkillDocument(file=path, folder=skill_dir, raw=raw, given_files=files)
    text, found = frontmatter.decode(raw)
    doc.findings.extend(found)
    if text is None:
        return doc
    split = frontmatter.split(text)
    doc.text, doc.lines = text, split.lines
    doc.findings.extend(split.findings)
    doc.fm_line = max(1, split.yaml_first_line - 1)
    doc.body_first_line = split.body_first_line
    unclosed = any(f.rule == RuleId.FRONTMATTER_UNCLOSED for f in split.findings)
    doc.body = None if unclosed else split.body
    if split.yaml_text is None:
        return doc
    loaded = read_yaml(split.yaml_text, split.yaml_first_line)
    doc.findings.extend(loaded.findings)
    doc.keys = loaded.keys
    if loaded.ok:
        if isinstance(loaded.data, dict):
            doc.data = loaded.data
        else:
            doc.findings.append(
                Finding(
                    RuleId.YAML_NOT_MAPPING,
                    f"frontmatter must be a YAML mapping of keys to values, got {type(loaded.data).__name__}",
                    split.yaml_first_line,
                    1,
                )
            )
    return doc


def load(path: Path | str, skill_dir: Path | str) -> SkillDocument:
    raw, problem = read_bytes(path)
    if raw is None:
        doc = SkillDocument(file=path, folder=skill_dir)
        if problem is not None:
            doc.findings.append(problem)
        return doc
    return parse(path, skill_dir, raw)
