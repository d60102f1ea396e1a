"""Links, images and backticked paths in SKILL.md (links also in the other markdown files it ships) that point at
files the uploaded skill will not have."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Final

from skillkit.diagnostics import Finding, Target
from skillkit.document import place, refparse, refs
from skillkit.document.elsewhere import elsewhere
from skillkit.document.markdown import body, skill_file
from skillkit.document.skill import Derived, SkillDocument
from skillkit.ids import RuleId
from skillkit.markdown.parsed import Parsed, anchor_key, html_anchors
from skillkit.paths import display
from skillkit.rules.base import Context, E, W, rule
from skillkit.rules.link_sources import (
    MAX_SUGGEST,
    OUTSIDE,
    Hints,
    all_links,
    body_links,
    hint,
    place_finding,
    resolved,
)
from skillkit.words import closest, did_you_mean


@rule(RuleId.LINK_TARGET_MISSING, E, needs="body")
def link_target_missing(ctx: Context) -> Iterator[Finding]:
    """A relative link or image in SKILL.md, or in another markdown file the skill ships, points to a file the
    skill does not contain.

    Paths are resolved from the folder of the file the link is written in and compared case-sensitively,
    as the zip and Linux do: `references/Guide.md` does not find `references/guide.md` (the message says
    which file exists). In a file other than SKILL.md, a path that exists from the skill folder is
    accepted too (`references/b.md` written in `references/a.md`), since Claude resolves it from there.
    A target written after a Claude Code folder variable is resolved as Claude Code substitutes it
    (code.claude.com/docs/en/skills, "Available string substitutions"): `${CLAUDE_SKILL_DIR}/x` is the
    skill's `x` under every target (on claude.ai and the API the variable itself is reported once, by
    `claude-code-syntax`); under `claude-code`, `${CLAUDE_PLUGIN_ROOT}/x` is `x` in the plugin around
    the skill and `${CLAUDE_PROJECT_DIR}/x` is `x` in the project of a `.claude/skills/` skill.
    `${CLAUDE_PLUGIN_DATA}` is a folder Claude Code makes at run time and is not checked. A placeholder of
    the skill's own folder (`{baseDir}/references/x.md`, `$SKILL_DIR/scripts/x.py`, `{{skill_root}}/...`) is
    resolved the same way, from the skill folder; a target holding any other placeholder (`{url}`,
    `${REPO_URL}/x`, `<path>`) is no path until it is filled in and is not checked. Under `claude-code`, a
    link out of the skill into the rest of its plugin (`../other-skill/x.md`; installing a plugin copies the
    whole plugin folder) or, for a `.claude/skills/` skill, of its project is checked there and reported
    when it is missing there. Links in output templates (markdown under `assets/` or a `templates/` folder,
    or named `*template*`) belong to the document Claude fills in, and are not checked.
    """
    index = refs.index(ctx.doc)
    for base, parsed, found in all_links(ctx):
        hints: Hints | None = None  # made for a file's first finding: most files have none
        for ref in found:
            if not ref.path:
                continue
            kind, rel = resolved(ref, base)
            if kind == "variable":
                message = _variable_missing(ctx, ref)
                if message is not None:
                    yield place_finding(parsed, RuleId.LINK_TARGET_MISSING, message, ref)
                continue
            if kind == "outside":
                inside = _in_container(ctx, base, ref)
                if inside is not None and not os.path.exists(inside[0]):
                    message = f"{ref.noun} {ref.written!r} does not exist in the {inside[1]} ({display(inside[2])})"
                    yield place_finding(parsed, RuleId.LINK_TARGET_MISSING, message, ref)
                continue
            if rel is None or index.exists(rel, folder=ref.path.endswith("/")):
                continue
            from_root = refs.resolve("", ref.path) if base else None
            if from_root is not None and index.exists(from_root, folder=ref.path.endswith("/")):
                continue
            hints = hints or Hints()
            message = f"{ref.noun} {ref.written!r} does not exist in the skill{hint(index, rel, hints)}"
            yield place_finding(parsed, RuleId.LINK_TARGET_MISSING, message, ref)


def _variable_missing(ctx: Context, ref: refs.Ref) -> str | None:
    """Why a `${CLAUDE_PLUGIN_ROOT}/...` or `${CLAUDE_PROJECT_DIR}/...` target is missing under claude-code, or None."""
    if ctx.target is not Target.CLAUDE_CODE or not ctx.doc.files.on_disk:
        return None
    if ref.variable == "CLAUDE_PLUGIN_ROOT":
        plugin = place.plugin_root(ctx.doc.folder)
        root, where = (plugin.path, "plugin") if plugin is not None and plugin.certain else (None, "")
    elif ref.variable == "CLAUDE_PROJECT_DIR":
        root, where = place.project_dir(ctx.doc.folder), "project"
    else:
        return None
    rel = refs.resolve("", ref.path)
    if root is None or rel is None or os.path.exists(os.path.join(root, *rel.split("/"))):
        return None
    return f"{ref.noun} {ref.written!r} does not exist: there is no {rel!r} in the {where} ({display(root)})"


def _in_container(ctx: Context, base: str, ref: refs.Ref) -> tuple[str, str, str] | None:
    """(absolute target, 'plugin' or 'project', its root) for a link that leaves the skill but stays in the Claude Code
    plugin around it (installing a plugin copies the whole plugin folder) or, for a `.claude/skills/` skill, in its
    project; None otherwise, and for every target but `claude-code`."""
    if ctx.target is not Target.CLAUDE_CODE or not ctx.doc.files.on_disk:
        return None
    root, where = _container(ctx)
    if root is None:
        return None
    folder = ctx.doc.folder if ref.variable else os.path.join(ctx.doc.folder, *base.split("/"))
    target = os.path.normpath(os.path.join(folder, *refs.split_target(ref.path)[0].split("/")))
    return (target, where, root) if target.startswith(root.rstrip(os.sep) + os.sep) else None


def _container(ctx: Context) -> tuple[str | None, str]:
    """The plugin (when certain) or project a skill belongs to, once per document."""

    def make() -> tuple[str | None, str]:
        plugin = place.plugin_root(ctx.doc.folder)
        if plugin is not None and plugin.certain:
            return plugin.path, "plugin"
        project = place.project_dir(ctx.doc.folder)
        return (project, "project") if project is not None else (None, "")

    return ctx.doc.derive(_CONTAINER, make)


@rule(RuleId.LINK_OUTSIDE_SKILL, W, needs="body")
def link_outside_skill(ctx: Context) -> Iterator[Finding]:
    """A link or image in SKILL.md, or in another markdown file the skill ships, points outside the skill
    folder (`../`, an absolute path, `file:`).

    Only the skill folder is uploaded: such a target will not exist for Claude. Bundle the file
    and link it with a path relative to SKILL.md. Under `claude-code`, a link into the rest of the skill's
    plugin (another skill of it, the plugin root) is not reported: installing a plugin copies the whole
    plugin folder, so the link works there (`link-target-missing` says when the file is missing); nor is one
    into the project of a `.claude/skills/` skill. Under `claude-ai` and `api` it is, since an upload holds
    the skill folder only. Links in output templates (see `link-target-missing`) are not checked.
    """
    for base, parsed, found in all_links(ctx):
        for ref in found:
            kind, _ = resolved(ref, base)
            if kind == "outside" and _in_container(ctx, base, ref) is not None:
                continue  # link-target-missing says whether it exists there
            if kind in OUTSIDE:
                message = f"{ref.noun} {ref.target!r} {OUTSIDE[kind]}: it will not exist once the skill is uploaded"
                yield place_finding(parsed, RuleId.LINK_OUTSIDE_SKILL, message, ref)


@rule(RuleId.PATH_BACKSLASH, W, needs="body")
def path_backslash(ctx: Context) -> Iterator[Finding]:
    """A link, or a backticked bundled-file path, uses Windows backslashes (`scripts\\fill.py`).

    Skills run on Linux and macOS, where `\\` is not a separator; write paths with `/`. Links are
    checked in every markdown file the skill ships; backticked paths in SKILL.md.
    """
    for _, parsed, found in all_links(ctx):
        for ref in found:
            if refs.kind_of(ref.target) == "backslash":
                yield place_finding(parsed, RuleId.PATH_BACKSLASH, _backslash_message(ref.target, ref.noun), ref)
    text = ctx.doc.body or ""
    body_parsed = body(ctx.doc) if "\\" in text and "`" in text else None
    if body_parsed is None:
        return
    for ref in refparse.code_paths(body_parsed, refs.index(ctx.doc).top_dirs, backslash=True):
        yield place_finding(body_parsed, RuleId.PATH_BACKSLASH, _backslash_message(ref.target, "path"), ref)


def _backslash_message(target: str, noun: str) -> str:
    forward = target.replace("\\", "/")
    return f"{noun} '{target}' uses backslashes: write '{forward}' (a backslash is no separator on Linux or macOS)"


@rule(RuleId.LINK_ANCHOR_MISSING, W, needs="body")
def link_anchor_missing(ctx: Context) -> Iterator[Finding]:
    """A link's `#anchor` matches no heading of the file it points to (the file it is written in, or a bundled
    .md file).

    Anchors are compared loosely (case, punctuation and spacing ignored) against the headings' GitHub
    anchors and explicit `<a id>`/`name` anchors, so only anchors that match nothing are reported.
    Links in every markdown file the skill ships are checked, except output templates (markdown under
    `assets/` or a `templates/` folder, or named `*template*`), whose tables of contents point at the
    sections of the document Claude fills in.
    """
    index = refs.index(ctx.doc)
    for base, parsed, found in all_links(ctx):
        here = "SKILL.md" if parsed.file is None else repr(_rel_of(ctx, parsed))
        hints: Hints | None = None  # made for a file's first finding: most files have none
        for ref in found:
            if not ref.fragment:
                continue
            kind, rel = resolved(ref, base)
            target: Parsed | None
            if kind == "anchor":
                target, where = parsed, here
            elif kind == "relative" and rel is not None and ref.path.lower().endswith((".md", ".markdown")):
                if rel not in index.files:
                    rel = refs.resolve("", ref.path) if base else None
                    if rel is None or rel not in index.files:
                        continue
                target, where = skill_file(ctx.doc, rel), repr(rel)
            else:
                continue
            if target is None:
                continue
            anchors, keys = _anchors(ctx.doc, target)
            if anchor_key(ref.fragment) in keys:
                continue
            hints = hints or Hints()
            near = closest(ref.fragment.lower(), anchors) if hints.more() and len(anchors) <= MAX_SUGGEST else None
            hint = f"; {did_you_mean('#' + near)}" if near else ""
            yield place_finding(parsed, RuleId.LINK_ANCHOR_MISSING, f"anchor '#{ref.fragment}' matches no heading in {where}{hint}", ref)


def _anchors(doc: SkillDocument, target: Parsed) -> tuple[list[str], frozenset[str]]:
    """A file's anchors (headings' GitHub anchors, then explicit HTML ones) and their loose keys, once per file:
    building them per link made a file of 12,000 headings, each linked, take minutes."""
    known = doc.derive(_ANCHORS, dict)
    key = target.file or ""
    found = known.get(key)
    if found is None:
        anchors = [h.anchor for h in target.headings()] + sorted(html_anchors(target))
        found = known[key] = (anchors, frozenset(anchor_key(a) for a in anchors))
    return found


def _rel_of(ctx: Context, parsed: Parsed) -> str:
    prefix = ctx.doc.folder + "/"
    return (parsed.file or "").removeprefix(prefix)


@rule(RuleId.PATH_MISSING, W, needs="body")
def path_missing(ctx: Context) -> Iterator[Finding]:
    """A backticked path that looks like a bundled file (`scripts/fill.py`, `references/api.md`) is not in the skill.

    Only paths under `scripts/`, `references/`, `assets/` or a folder the skill has are checked, and
    only in code spans (not code blocks): commands in examples often name files the user creates. Nor is
    a path reported where the sentence says it is not the skill's: an example of a name (`e.g.
    `assets/R03_left.png``), a file to make (`create a deploy script at `scripts/deploy.sh``, `save it
    as ...`), a file of the repository, project or plugin root (`from the repository root`, `in your
    project`), or a file of a sibling skill that the paragraph names and that holds it ("the
    venue-templates skill provides ... `assets/examples/`").
    """
    text = ctx.doc.body or ""
    if "`" not in text or "/" not in text:
        return
    parsed = body(ctx.doc)
    if parsed is None:
        return
    code_paths = refparse.body_code_paths(ctx.doc)
    if not code_paths:
        return  # the rest is made for the paths: most bodies have none
    index = refs.index(ctx.doc)
    _, linked = body_links(ctx)
    seen = {(r.index, r.path) for r in linked}
    hints = Hints()
    skill_dir = ctx.doc.folder if ctx.doc.files.on_disk else None
    for ref in code_paths:
        rel = refs.resolve("", ref.path)
        if rel is None or (ref.index, ref.path) in seen or index.exists(rel, folder=ref.path.endswith("/")):
            continue
        if elsewhere(parsed.lines, ref.index, ref.column, rel, skill_dir) is not None:
            continue
        message = f"path {ref.target!r} is not in the skill{hint(index, rel, hints)}"
        yield place_finding(parsed, RuleId.PATH_MISSING, message, ref)


# Values derived once per document, kept on it under these typed keys.
_ANCHORS: Final[Derived[dict[str, tuple[list[str], frozenset[str]]]]] = Derived("links:anchors")
_CONTAINER: Final[Derived[tuple[str | None, str]]] = Derived("links:container")
