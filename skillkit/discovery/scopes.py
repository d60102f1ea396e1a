"""The scopes where Claude Code loads skills together (one plugin, one `.claude/skills/` folder, one marketplace) and
the checks of names across skills: names that collide as Claude Code compares them (elsewhere only a note), and
mirrored folders. The listing's size and alike descriptions, per scope, are in discovery/listing.py.

Every check here is linear in the run (a dict per name, a token index per scope): a run of 60,000 loose skills
compares no pairs.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Final

from skillkit.diagnostics import Finding
from skillkit.discovery.plugins import Plugin
from skillkit.discovery.sources import SkillSource
from skillkit.ids import RuleId
from skillkit.limits import name_key
from skillkit.paths import display, realpath
from skillkit.record import Record
from skillkit.words import counted

if TYPE_CHECKING:
    from skillkit.document.skill import SkillDocument

NAMES_SHOWN: Final = 3


class Scope(Record):
    """Skills Claude Code loads together: `kind` is 'plugin', 'folder' (`.claude/skills/`) or 'marketplace'."""

    __slots__ = ("kind", "label", "members", "prefix")

    def __init__(self, kind: str, label: str, members: list[str] | None = None, prefix: str = "") -> None:
        self.kind = kind
        self.label = label
        self.members: list[str] = [] if members is None else members  # real skill folders, in discovery order
        self.prefix = prefix  # what the listing puts before a member's name: `plugin:` for plugin skills


def scopes(reals: Iterable[tuple[str, str]], plugins: Sequence[Plugin], realpath: dict[str, str]) -> list[Scope]:
    """The plugins, marketplaces (of two plugins or more) and `.claude/skills/` folders over the skills given as
    (skill folder as found, real skill folder). A skill in a plugin belongs to no `.claude/skills/` scope."""
    known = dict(reals)
    present = set(known.values())
    out: list[Scope] = []
    markets: dict[str, tuple[Scope, set[str], set[str]]] = {}  # marketplace -> scope, its plugins, its members
    claimed: set[str] = set()
    for plugin in plugins:
        members = [r for r in dict.fromkeys(_real(os.fspath(d), realpath) for d in plugin.skill_dirs) if r in present]
        out.append(Scope("plugin", f"plugin '{plugin.name}'", members, f"{plugin.name}:"))
        claimed.update(members)
        if plugin.marketplace_root is not None and members:
            key = _real(os.fspath(plugin.marketplace_root), realpath)
            market, names, seen = markets.setdefault(key, (Scope("marketplace", f"marketplace '{plugin.marketplace}'"), set(), set()))
            market.members.extend(m for m in members if m not in seen)
            seen.update(members)
            names.add(plugin.name)
    out.extend(market for market, names, _ in markets.values() if len(names) > 1)
    folders: dict[str, Scope] = {}
    for found, real in known.items():
        if real in claimed:
            continue
        folder = skills_folder(found)
        if folder is not None:
            folders.setdefault(folder, Scope("folder", f"{display(folder)}/")).members.append(real)
    out.extend(folders.values())
    return out


def _real(path: str, memo: dict[str, str]) -> str:
    return realpath(path, memo)


def skills_folder(skill_dir: str) -> str | None:
    """The `.claude/skills` folder a skill folder sits in (`proj/.claude/skills`), or None."""
    probe = skill_dir.replace(os.sep, "/") + "/"
    at = probe.rfind("/.claude/skills/")
    if at < 0:
        return None
    return skill_dir[: at + len("/.claude/skills")]


# ---------------------------------------------------------------------------------------------------------------
# Names


# Where a skill's frontmatter writes `name`: (line, column); (None, None) when it does not (the folder names the skill);
# None when not known, and then the skill is read again to say.
NameAt = tuple[int | None, int | None] | None
Checked = tuple[SkillSource, str | None, NameAt]
NO_NAME: Final[tuple[None, None]] = (None, None)


def collisions(checked: Sequence[Checked], plugins: Sequence[Plugin], memo: dict[str, str]) -> list[Finding]:
    """Skills whose names are one name as Claude Code compares them (case, spaces, invisible characters and NFKC
    forms ignored): an error inside one plugin or one `.claude/skills/` folder, where only one of them loads; a
    note, once per name, where nothing loads them together (other folders, other plugins of a marketplace)."""
    by_real: dict[str, tuple[SkillSource, str]] = {}
    at: dict[str, NameAt] = {}
    found: list[tuple[str, str]] = []
    for source, name, where in checked:
        real = _real(source.dir, memo)
        by_real[real] = (source, name or _folder_name(source.dir))
        at[real] = where
        found.append((source.dir, real))
    out: list[Finding] = []
    home: dict[str, str] = {}  # real skill folder -> the plugin or folder scope it loads in
    for scope in scopes(found, plugins, memo):
        if scope.kind == "marketplace":
            continue  # plugin skills are namespaced (/plugin:name): two plugins' skills both load
        first: dict[str, str] = {}
        for real in scope.members:
            home.setdefault(real, scope.label)
            source, shown = by_real[real]
            key = name_key(shown)
            if key not in first:
                first[key] = real
                continue
            other_source, other_name = by_real[first[key]]
            other = display(other_source.md) + (f" (as '{other_name}')" if other_name != shown else "")
            line, col = at[real] or _name_position(source)
            message = f"skill name '{shown}' is also used by {other} in {scope.label}: only one of them loads; rename one"
            out.append(Finding(RuleId.DUPLICATE_SKILL_NAME, message, line, col, source.md))
    groups: dict[str, list[str]] = {}
    for real, (_, shown) in by_real.items():
        groups.setdefault(name_key(shown), []).append(real)
    for members in groups.values():
        if len(members) < 2 or len({home.get(r, r) for r in members}) < 2:
            continue  # one name in one place: a duplicate-skill-name error already, if anything
        ordered = sorted(members, key=lambda r: by_real[r][0].md)
        head = ordered[0]
        source, shown = by_real[head]
        others = [display(by_real[r][0].md) for r in ordered[1:] if home.get(r, r) != home.get(head, head)]
        listed = ", ".join(others[:NAMES_SHOWN]) + (f" and {len(others) - NAMES_SHOWN} more" if len(others) > NAMES_SHOWN else "")
        message = (
            f"skill name '{shown}' is also used by {listed}, which Claude Code does not load together with it "
            "(another folder, or another plugin: plugin skills are /plugin:name); on one claude.ai account, "
            "uploading one replaces the other"
        )
        line, col = at[head] or _name_position(source)
        out.append(Finding(RuleId.SKILL_NAME_REPEATED, message, line, col, source.md))
    return out


def _folder_name(skill_dir: str) -> str:
    """Path(skill_dir).name, from the text: discovery's folders are absolute and normal, and thousands of skills are named
    here at the end of a run, after the workers are done."""
    name = os.path.basename(skill_dir)
    return name if name not in ("", ".", "..") else Path(skill_dir).name


def name_at(doc: SkillDocument) -> tuple[int | None, int | None]:
    """Where a loaded SKILL.md writes `name`: the check of each skill records it, so collisions need not read it again."""
    if "name" not in (doc.data or {}):
        return NO_NAME
    return doc.key_line("name")


def _name_position(source: SkillSource) -> tuple[int | None, int | None]:
    """Where `name` is written in the skill's frontmatter; nowhere when the folder gives the name."""
    from skillkit.document.skill import load

    return name_at(load(source.skill_md, source.skill_dir))


def mirror_note(folder: str, mirrored: list[tuple[SkillSource, str]]) -> Finding:
    """One note for a folder of skills that are symlinks to skills checked elsewhere (a `.gemini/skills/` mirror)."""
    first = mirrored[0][0]
    names = [f"{s.skill_dir.name} -> {display(os.path.dirname(real))}" for s, real in mirrored]
    listed = ", ".join(names[:NAMES_SHOWN]) + (f" and {len(names) - NAMES_SHOWN} more" if len(names) > NAMES_SHOWN else "")
    message = (
        f"'{display(folder)}/' mirrors {counted(len(mirrored), 'skill')} checked elsewhere through symlinks ({listed}): "
        "a generated copy for another tool, not a skill to upload; not checked again"
    )
    return Finding(RuleId.SKILL_MIRROR, message, None, None, os.fspath(Path(first.md)))
