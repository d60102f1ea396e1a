"""The language server's state: the open documents grouped by skill, debounced checks, published diagnostics (their quick fixes
are in lsp/quickfix.py, the protocol handlers that drive it in lsp/handlers.py).

A change schedules a check of the document's skill `debounceMs` (75 ms) after the last keystroke, or as long after
as the skill's last check took when that is longer; an open, a save or a close checks at once. Checks run one at a
time on a worker thread, over a snapshot of the skill's open buffers, so hover and completion keep answering
meanwhile; a check whose skill changed again while it ran is not published (the newer one is). Every open document of the skill gets its diagnostics from one check: the
problems in its own text, and for SKILL.md also those on files no open document shows (a script nothing
references, a secret in a data file, a page nothing links to).
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from skillkit.lsp.check import (
    Checked,
    Item,
    check_skill,
    find_skill,
    is_markdown,
    relative,
)
from skillkit.lsp.convert import UTF16, Text, diagnostic, diagnostic_range, point_range
from skillkit.lsp.settings import ClientSettings, Resolver
from skillkit.version import __version__

log = logging.getLogger("skillkit.lsp")


@dataclass(slots=True)
class Published:
    """A diagnostic as sent, with the finding and the texts it was worked out from (for its quick fix)."""

    diagnostic: types.Diagnostic
    item: Item
    checked: Checked
    versions: dict[str, int | None]


@dataclass(slots=True)
class State:
    client: ClientSettings = field(default_factory=ClientSettings)
    resolver: Resolver = field(default_factory=Resolver)
    generation: dict[str, int] = field(default_factory=dict)  # skill_md -> checks scheduled so far
    pending: dict[str, asyncio.Task[None]] = field(default_factory=dict)  # skill_md -> its debounced check
    published: dict[str, list[Published]] = field(default_factory=dict)  # uri -> what it shows
    skill_of: dict[str, tuple[str, str] | None] = field(default_factory=dict)  # open document path -> its skill
    cost: dict[str, float] = field(default_factory=dict)  # skill_md -> seconds its last check took
    told: set[str] = field(default_factory=set)  # problems with the settings already shown
    startup: list[str] = field(default_factory=list)  # problems with the initialization options, shown once initialized
    executor: ThreadPoolExecutor = field(default_factory=lambda: ThreadPoolExecutor(max_workers=1, thread_name_prefix="skillkit-check"))


class SkillkitServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("skillkit", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.state = State()

    # -- documents ---------------------------------------------------------------------------------------------

    @property
    def encoding(self) -> str:
        encoding = self.workspace.position_encoding
        return str(encoding.value if isinstance(encoding, types.PositionEncodingKind) else encoding or UTF16)

    def open_paths(self) -> dict[str, str]:
        """Open documents on disk: absolute path -> uri."""
        out: dict[str, str] = {}
        for uri in list(self.workspace.text_documents):
            path = to_fs_path(uri)
            if path is not None:
                out[os.path.abspath(path)] = uri
        return out

    def skill_for(self, path: str) -> tuple[str, str] | None:
        state = self.state
        if path not in state.skill_of:
            if not is_markdown(path):
                state.skill_of[path] = None
            else:
                state.skill_of[path] = find_skill(path, self.open_paths())
        return state.skill_of[path]

    def remap(self) -> None:
        """Open or closed documents (a new SKILL.md among them) may change which skill a file belongs to."""
        self.state.skill_of.clear()

    # -- checks ------------------------------------------------------------------------------------------------

    def schedule(self, uri: str, delay: float | None) -> None:
        """Check the document's skill after `delay` seconds; None: the debounce after a change (see settings)."""
        path = to_fs_path(uri)
        if path is None:
            return
        skill = self.skill_for(os.path.abspath(path))
        if skill is None:
            return
        skill_md = skill[0]
        state = self.state
        if delay is None:
            delay = max(state.client.debounce_ms / 1000, state.cost.get(skill_md, 0.0)) if state.client.debounce_ms else 0.0
        state.generation[skill_md] = generation = state.generation.get(skill_md, 0) + 1
        previous = state.pending.pop(skill_md, None)
        if previous is not None and not previous.done():
            previous.cancel()
        state.pending[skill_md] = asyncio.ensure_future(self._check_later(skill, generation, delay))

    async def _check_later(self, skill: tuple[str, str], generation: int, delay: float) -> None:
        if delay > 0:
            await asyncio.sleep(delay)
        skill_md, skill_dir = skill
        state = self.state
        if state.generation.get(skill_md) != generation:
            return
        members: dict[str, str] = {}
        buffers: dict[str, str] = {}
        versions: dict[str, int | None] = {}
        try:
            members = {path: uri for path, uri in self.open_paths().items() if self.skill_for(path) == skill}
            for path, uri in members.items():
                doc = self.workspace.get_text_document(uri)
                buffers[path] = doc.source
                versions[path] = doc.version
            options, problem = state.resolver.options(skill_dir, state.client)
            if problem:
                self.tell(problem)
            loop = asyncio.get_running_loop()
            began = time.perf_counter()
            checked = await loop.run_in_executor(state.executor, check_skill, skill_md, skill_dir, buffers, options)
            state.cost[skill_md] = time.perf_counter() - began
        except Exception as exc:  # the server's own part failed (check_skill itself never raises): say so, go on
            log.exception("checking %s", skill_md)
            checked = self._crashed(skill, buffers, exc)
        if state.generation.get(skill_md) != generation:
            return  # the skill changed while it was checked: the newer check publishes
        self.publish(checked, members, versions)

    def _crashed(self, skill: tuple[str, str], buffers: dict[str, str], exc: Exception) -> Checked:
        """A check's result that is one internal-error diagnostic on each open document of the skill."""
        from skillkit.diagnostics import Target
        from skillkit.engine.findings import crash
        from skillkit.rules import RULES

        finding = crash("the language server", exc)
        rule = RULES[finding.rule]
        items = tuple(Item(path, finding.rule, rule.severity, finding.message, None, None) for path in buffers)
        return Checked(skill[0], skill[1], Target.CLAUDE_AI, items, buffers)

    def publish(self, checked: Checked, members: dict[str, str], versions: dict[str, int | None]) -> None:
        """Send each open document of the skill its diagnostics (an empty list clears what it showed)."""
        encoding = self.encoding
        rules_url = self.state.client.rules_url
        by_file: dict[str, list[Item]] = {}
        for item in checked.items:
            by_file.setdefault(item.file, []).append(item)
        for path, uri in members.items():
            if uri not in self.workspace.text_documents:
                continue  # closed while it was checked: its diagnostics were cleared then
            try:
                entries = self._entries(checked, path, by_file, members, encoding, rules_url, versions)
            except Exception as exc:
                log.exception("placing diagnostics for %s", path)
                entries = [self._crash_entry(checked, path, exc, versions)]
            self.state.published[uri] = entries
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=uri, diagnostics=[e.diagnostic for e in entries], version=versions.get(path))
            )

    def _entries(
        self,
        checked: Checked,
        path: str,
        by_file: dict[str, list[Item]],
        members: dict[str, str],
        encoding: str,
        rules_url: str | None,
        versions: dict[str, int | None],
    ) -> list[Published]:
        text = Text(checked.buffers.get(path, ""))
        extra: dict[str, Any] = {} if rules_url is None else {"rules_url": rules_url}
        out: list[Published] = []
        for item in by_file.get(path, []):
            where = diagnostic_range(text, item.line, item.column, encoding)
            out.append(Published(diagnostic(item, where, **extra), item, checked, versions))
        if path == checked.skill_md:
            # Findings on files no open document shows: on SKILL.md's first line, naming the file. Those are the
            # findings on files that are not markdown, and those about a closed markdown file as a whole (nothing
            # references it, its name's case); a closed page's findings on its own lines wait for it to open.
            first = diagnostic_range(text, 1, None, encoding)
            for file, items in by_file.items():
                if file in members:
                    continue
                rel = relative(file, checked.skill_dir) or file
                for item in items:
                    if is_markdown(file) and item.line is not None:
                        continue
                    where_line = f":{item.line}" if item.line else ""
                    related = [
                        types.DiagnosticRelatedInformation(
                            location=types.Location(uri=from_fs_path(file) or file, range=point_range(item.line, item.column)),
                            message=item.message,
                        )
                    ]
                    shown = diagnostic(item, first, message=f"{rel}{where_line}: {item.message}", related=related, **extra)
                    out.append(Published(shown, item, checked, versions))
        return out

    def _crash_entry(self, checked: Checked, path: str, exc: Exception, versions: dict[str, int | None]) -> Published:
        from skillkit.engine.findings import crash
        from skillkit.rules import RULES

        finding = crash("placing the diagnostics", exc)
        rule = RULES[finding.rule]
        item = Item(path, finding.rule, rule.severity, finding.message, None, None)
        at = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0))
        return Published(diagnostic(item, at), item, checked, versions)

    def tell(self, message: str) -> None:
        """Show a problem with the settings once (until it changes)."""
        if message in self.state.told:
            return
        self.state.told.add(message)
        self.window_show_message(types.ShowMessageParams(type=types.MessageType.Warning, message=f"skillkit: {message}"))

    def recheck_all(self) -> None:
        self.remap()
        seen: set[tuple[str, str]] = set()
        for path, uri in self.open_paths().items():
            skill = self.skill_for(path)
            if skill is not None and skill not in seen:
                seen.add(skill)
                self.schedule(uri, 0)

    # -- frontmatter help --------------------------------------------------------------------------------------

    def skill_md_context(self, uri: str) -> tuple[Text, Any, str] | None:
        """(text, target, folder name) for an open SKILL.md, else None."""
        from skillkit.schema.targets import auto_target

        path = to_fs_path(uri)
        if path is None or os.path.basename(path).lower() != "skill.md":
            return None
        path = os.path.abspath(path)
        folder = os.path.dirname(path)
        options, _ = self.state.resolver.options(folder, self.state.client)
        from pathlib import Path

        target = options.target or auto_target(Path(folder))
        return Text(self.workspace.get_text_document(uri).source), target, os.path.basename(folder)
