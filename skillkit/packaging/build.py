"""`skillkit build-zip`: validate each skill as `validate --target claude-ai` does, then archive it, check the zip, write it atomically."""

from __future__ import annotations

import hashlib
import os
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from skillkit.atomic import write_atomic
from skillkit.config import files as configuration
from skillkit.config.options import Options
from skillkit.config.settings import Config
from skillkit.diagnostics import (
    Diagnostic,
    Finding,
    Severity,
    SkillResult,
    Target,
    UsageError,
)
from skillkit.diagnostics import exit_code as exit_code_of
from skillkit.discovery.sources import ZIP_SUFFIXES
from skillkit.engine import zipskill as zipcheck
from skillkit.engine.findings import to_diagnostics
from skillkit.engine.run import validate
from skillkit.ids import RuleId
from skillkit.packaging import archive
from skillkit.paths import display
from skillkit.rules import RULES
from skillkit.upload import ignore

EXTENSIONS = ("zip", "skill")
VALIDATION = Options(target=Target.CLAUDE_AI)  # for build-zip's own findings, which no setting may silence


@dataclass(frozen=True, slots=True)
class BuildOptions:
    out: Path
    ext: str = "zip"
    check: bool = False
    exclude: tuple[str, ...] = ()
    allow_secret: tuple[str, ...] = ()
    date_time: archive.DateTime = archive.FIXED_DATE_TIME


@dataclass(slots=True)
class BuildResult:
    """One skill's build: `status` is built, unchanged, refused (nothing written), up-to-date or stale (`--check`)."""

    path: str
    name: str | None
    status: str
    output: str | None = None
    diagnostics: tuple[Diagnostic, ...] = ()
    entries: tuple[str, ...] = ()
    uncompressed: int = 0
    compressed: int = 0
    sha256: str | None = None
    excluded: tuple[str, ...] = field(default_factory=tuple)

    @property
    def failed(self) -> bool:
        return self.status in ("refused", "stale")

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "name": self.name,
            "status": self.status,
            "output": self.output,
            "files": len(self.entries),
            "compressed_bytes": self.compressed,
            "uncompressed_bytes": self.uncompressed,
            "sha256": self.sha256,
            "entries": list(self.entries),
            "excluded": list(self.excluded),
            "diagnostics": [d.as_dict() for d in self.diagnostics],
        }


def build_zips(paths: Sequence[str | os.PathLike[str]], options: BuildOptions, config: Config | None = None) -> list[BuildResult]:
    """Build (or with `check`, compare) the zip of every skill under `paths`; UsageError when the run cannot start.

    Skills are validated by `skillkit.validate` with the claude-ai target and the settings file that
    `skillkit validate` would use, so a build refuses exactly what `validate --target claude-ai` reports.
    """
    if options.ext not in EXTENSIONS:
        raise UsageError(f"--ext {options.ext!r} is not one of {', '.join(EXTENSIONS)}")
    given = [os.fspath(p) for p in paths] or ["."]
    for raw in given:
        if os.path.isfile(raw) and raw.lower().endswith(ZIP_SUFFIXES):
            raise UsageError(f"build-zip builds from skill folders, not zips: {raw} (check a zip with 'skillkit validate')")
    cfg = (config or configuration.resolve(given)).with_flags(target=Target.CLAUDE_AI.value)
    report = validate(given, config=cfg)
    out = Path(os.path.abspath(options.out))
    if os.path.lexists(out) and not out.is_dir():
        raise UsageError(f"--out {display(out)} is not a folder")
    if not options.check:
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UsageError(f"cannot create --out {display(out)}: {exc.strerror or exc}") from None
    claimed: set[Path] = set()
    return [build_one(result, cfg, options, out, claimed) for result in report.skills]


def build_one(result: SkillResult, cfg: Config, options: BuildOptions, out: Path, claimed: set[Path]) -> BuildResult:
    """Archive one validated skill: collect, refuse on any error, zip, check the zip as an upload, write or compare."""
    skill_dir, skill_md = Path(os.path.abspath(result.path)), Path(os.path.abspath(result.file))
    rules = cfg.options_for(skill_dir)  # the skill's settings, so the zip check agrees with the source check
    top = result.name if result.valid and result.name and _one_part(result.name) else skill_dir.name
    dest = out / f"{top}.{options.ext}"
    allow = ignore.IgnoreRules(tuple(ignore.compile_lines(options.allow_secret, "--allow-secret", numbered=False)))
    found = archive.collect(skill_dir, top, ignore.load(skill_dir, options.exclude), allow, skip=out, output=dest)
    findings = list(found.findings)
    if dest in claimed:
        findings.append(Finding(RuleId.PACKAGE_WRITE, f"another skill in this run also builds {display(dest)}; refused", file=str(skill_dir)))
    claimed.add(dest)
    # package-secret (from collect) scans the files as they are packed and honours --allow-secret: it replaces secret-token
    checked = tuple(d for d in result.diagnostics if d.rule != RuleId.SECRET_TOKEN and not _own_output(d.file, out, dest))
    diags = _merge(checked, to_diagnostics(findings, skill_md, Target.CLAUDE_AI, rules, RULES))
    shown = BuildResult(path=result.path, name=result.name, status="refused", output=display(dest), diagnostics=diags,
                        excluded=tuple(sorted(found.excluded)))
    if _errors(diags):
        return shown
    entries = found.entries(top)
    data = archive.zip_bytes(entries, options.date_time)
    shown.entries = tuple(sorted(name for name, _, _ in entries))
    shown.uncompressed = sum(len(d) for _, d, _ in entries)
    shown.compressed = len(data)
    shown.sha256 = hashlib.sha256(data).hexdigest()
    upload = zipcheck.check_zip(dest, rules, data=data, shown=dest, allow=allow)  # the zip, checked as an upload
    shown.diagnostics = diags = _merge(diags, tuple(d for d in upload.diagnostics if d.severity is Severity.ERROR))
    if _errors(diags):
        return shown
    if options.check:
        problem = compare(dest, data)
        if problem is not None:
            stale = Finding(RuleId.PACKAGE_STALE, problem, file=str(dest))
            shown.diagnostics = _merge(diags, to_diagnostics([stale], skill_md, Target.CLAUDE_AI, VALIDATION, RULES))
        shown.status = "stale" if problem else "up-to-date"
        return shown
    if _same(dest, data):
        shown.status = "unchanged"
        return shown
    problem = write_atomic(dest, data, verify=lambda tmp: _verify(tmp, dest, rules, allow), durable=True, shown=dest.name)
    if problem is not None:
        failure = Finding(RuleId.PACKAGE_WRITE, problem, file=str(dest))
        shown.diagnostics = _merge(diags, to_diagnostics([failure], skill_md, Target.CLAUDE_AI, VALIDATION, RULES))
        return shown
    shown.status = "built"
    return shown


def _own_output(file: str, out: Path, dest: Path) -> bool:
    """A finding of the source check on this build's own output (its zip or its --out folder inside the skill), which
    the build never packs: validate sees a zip in the skill, the build knows it wrote it."""
    real = os.path.realpath(file)
    folder = os.path.realpath(out)
    return real == os.path.realpath(dest) or real.startswith(folder.rstrip(os.sep) + os.sep)


def _one_part(name: str) -> bool:
    # The name becomes a file and folder name; even with its rules silenced it must not climb out of --out.
    return name not in (".", "..") and not any(c in name for c in "/\\\0:")


def _verify(tmp: Path, dest: Path, rules: Options, allow: ignore.IgnoreRules) -> str | None:
    checked = zipcheck.check_zip(tmp, rules, shown=dest, allow=allow)
    errors = [d for d in checked.diagnostics if d.severity is Severity.ERROR]
    return f"the written zip fails its check: {errors[0].rule} {errors[0].message}" if errors else None


def _merge(first: tuple[Diagnostic, ...], more: tuple[Diagnostic, ...]) -> tuple[Diagnostic, ...]:
    seen = {(d.rule, d.message, d.line, d.column) for d in first}
    extra = tuple(d for d in more if (d.rule, d.message, d.line, d.column) not in seen)
    return tuple(sorted(first + extra, key=Diagnostic.sort_key))


def _errors(diags: tuple[Diagnostic, ...]) -> bool:
    return any(d.severity is Severity.ERROR for d in diags)


def _same(dest: Path, data: bytes) -> bool:
    try:
        if os.path.getsize(dest) != len(data):
            return False
        with open(dest, "rb") as fh:
            return fh.read(len(data) + 1) == data
    except OSError:
        return False


def compare(dest: Path, data: bytes) -> str | None:
    """Why the zip at `dest` is not `data` (missing, other files, other metadata, other zlib), or None when identical."""
    if not os.path.lexists(dest):
        return f"{display(dest)} is missing: build it with 'skillkit build-zip' and commit it"
    if _same(dest, data):
        return None
    old = _listing(dest)
    if old is None:
        return f"{display(dest)} differs from the build of the source and is not a readable zip: rebuild it"
    new = _listing(data)
    assert new is not None
    added = sorted(set(new) - set(old))
    removed = sorted(set(old) - set(new))
    changed = sorted(n for n in set(old) & set(new) if old[n][:2] != new[n][:2])
    meta = sorted(n for n in set(old) & set(new) if old[n][2:] != new[n][2:])
    parts = [f"{label} {', '.join(names[:5])}{', ...' if len(names) > 5 else ''}"
             for label, names in (("added", added), ("removed", removed), ("changed", changed), ("metadata of", meta)) if names]
    if not parts:
        return (f"{display(dest)} has the same files and metadata but other compressed bytes: it was built with "
                f"another zlib (this one is zlib {zlib.ZLIB_RUNTIME_VERSION}); rebuild it")
    return f"{display(dest)} differs from the build of the source: {'; '.join(parts)}; rebuild it"


def _listing(source: Path | bytes) -> dict[str, tuple[object, ...]] | None:
    import io

    try:
        with (open(source, "rb") if isinstance(source, Path) else io.BytesIO(source)) as fh:
            declared = zipcheck.declared_entries(fh)
            if declared is None or declared[0] > zipcheck.MAX_ENTRIES or declared[1] > zipcheck.MAX_CENTRAL_DIRECTORY:
                return None
            fh.seek(0)
            with zipfile.ZipFile(fh) as zf:
                return {i.filename: (i.CRC, i.file_size, i.external_attr, i.date_time, i.compress_type, i.create_system, i.extra)
                        for i in zf.infolist()}
    except (OSError, zipfile.BadZipFile, ValueError, EOFError):
        return None


def exit_code(results: Sequence[BuildResult]) -> int:
    crashed = any(d.rule == RuleId.INTERNAL_ERROR for r in results for d in r.diagnostics)
    return exit_code_of(crashed=crashed, failed=any(r.failed for r in results))
