"""`skillkit new`: a skill folder that starts right, a SKILL.md that every target accepts without a finding.

The files are made in a temporary folder first and checked there under every target, so a bad NAME or
description stops the command with its rule's message before anything is written where it was asked; then the
folder is made (never over an existing one).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from skillkit.config.options import Options
from skillkit.diagnostics import Target, UsageError
from skillkit.discovery.sources import SkillSource
from skillkit.engine.skill import check_source
from skillkit.rules.fixtext import yaml_scalar
from skillkit.words import suggestion

DEFAULT_DESCRIPTION: Final = "Replace this with what the skill does and when Claude should use it, in the third person."

# The folders the spec names for bundled files, and what belongs in each (their README.md).
FOLDERS: Final = {
    "scripts": (
        "Executable code Claude runs for this skill (Python, Bash, ...): steps that must give the same result every "
        "time, or that are cheaper to run than to write again. Name each script in SKILL.md, with when to run it "
        "and what it prints; Claude runs it without reading it into its context."
    ),
    "references": (
        "Documentation Claude reads only when a task needs it: detailed guides, API references, schemas, worked "
        "examples. Link each file from SKILL.md and say when to read it; keep links one level deep (SKILL.md to "
        "these files, not from one reference to another)."
    ),
    "assets": (
        "Files the skill uses in what it produces rather than reads: templates, images, fonts, boilerplate. Name "
        "each one in SKILL.md with what it is for."
    ),
}
FOLDER_SUMMARY: Final = {
    "scripts": "code Claude runs",
    "references": "documentation Claude reads when a task needs it",
    "assets": "templates and files used in the output",
}


def parse_folders(values: Sequence[str]) -> list[str]:
    """The folders named by `--with` (comma-separated, repeatable), in the spec's order; unknown ones are a UsageError."""
    wanted: set[str] = set()
    for value in values:
        for part in value.split(","):
            part = part.strip()
            if not part:
                continue
            if part not in FOLDERS:
                raise UsageError(f"--with {part!r} is not one of {', '.join(FOLDERS)}{suggestion(part, tuple(FOLDERS))}")
            wanted.add(part)
    return [name for name in FOLDERS if name in wanted]


def files_for(name: str, description: str | None, folders: Sequence[str]) -> dict[str, bytes]:
    """Every file of the new skill, by '/'-relative path."""
    title = " ".join(word.capitalize() for word in name.split("-"))
    text = description if description is not None else DEFAULT_DESCRIPTION
    lines = [
        "---",
        f"name: {yaml_scalar(name)}",
        f"description: {yaml_scalar(text)}",
        "---",
        "",
        f"# {title}",
        "",
        "Replace this paragraph with what the skill does and the result it gives.",
        "",
        "## When to use",
        "",
        "- Describe the requests and situations that should load this skill.",
        "",
        "## Instructions",
        "",
        "1. Describe the first step Claude takes.",
        "2. Describe how Claude checks the result before answering.",
    ]
    if folders:
        lines += ["", "## Bundled files", ""]
        lines += [f"- [{folder}/README.md]({folder}/README.md): {FOLDER_SUMMARY[folder]}." for folder in folders]
    files = {"SKILL.md": ("\n".join(lines) + "\n").encode("utf-8")}
    for folder in folders:
        files[f"{folder}/README.md"] = f"# {folder}\n\n{FOLDERS[folder]}\n".encode()
    return files


def messages_for(name: str, files: dict[str, bytes]) -> list[str]:
    """What any target says of the skill `files` make (each message once), checked in a temporary folder."""
    import tempfile

    out: list[str] = []
    with tempfile.TemporaryDirectory(prefix="skillkit-new-") as tmp:
        staged = Path(tmp) / name
        _write_files(staged, files)
        for target in Target:
            result = check_source(SkillSource(staged / "SKILL.md", staged), Options(target=target))
            out.extend(d.message for d in result.diagnostics)
    return list(dict.fromkeys(out))


def create(name: str, directory: str | os.PathLike[str] = ".", *, description: str | None = None, folders: Sequence[str] = ()) -> Path:
    """Make `directory`/`name`/ with its SKILL.md and folders and return it; UsageError (nothing written) when the
    name or description would give any finding under any target, or when the folder already exists."""
    if not name or "/" in name or os.sep in name or name in (".", ".."):
        raise UsageError(f"NAME must be a folder name, got {name!r}")
    skill_dir = Path(os.path.abspath(directory)) / name
    if os.path.lexists(skill_dir):
        raise UsageError(f"{skill_dir} already exists; nothing written")
    files = files_for(name, description, folders)
    messages = messages_for(name, files)
    if messages:
        raise UsageError("; ".join(messages) + "; nothing written")
    try:
        skill_dir.parent.mkdir(parents=True, exist_ok=True)
        skill_dir.mkdir()  # never over an existing folder, even one made since the look above
    except FileExistsError:
        raise UsageError(f"{skill_dir} already exists; nothing written") from None
    except OSError as exc:
        raise UsageError(f"cannot create {skill_dir}: {exc.strerror or exc}") from None
    _write_files(skill_dir, files)
    return skill_dir


def _write_files(skill_dir: Path, files: dict[str, bytes]) -> None:
    skill_dir.mkdir(parents=True, exist_ok=True)
    for rel, data in files.items():
        path = skill_dir / rel
        path.parent.mkdir(exist_ok=True)
        with open(path, "xb") as fh:  # "x": a file that appeared meanwhile is never overwritten
            fh.write(data)
