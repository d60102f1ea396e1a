"""The protocol handlers of `skillkit lsp`: initialisation and settings, document sync, quick fixes, hover and
completion, each one line into the server's state (lsp/server.py); a handler that fails logs, never crashes."""

from __future__ import annotations

import logging
import os

from lsprotocol import types
from pygls.uris import to_fs_path

from skillkit.lsp import quickfix
from skillkit.lsp.check import check_skill
from skillkit.lsp.server import SkillkitServer
from skillkit.lsp.settings import OPTION_NAMES, Resolver, parse_client

log = logging.getLogger("skillkit.lsp")


def make_server() -> SkillkitServer:
    server = SkillkitServer()

    @server.feature(types.INITIALIZE)
    def initialize(ls: SkillkitServer, params: types.InitializeParams) -> None:
        root = None
        if params.root_uri:
            root = to_fs_path(params.root_uri)
        elif params.root_path:
            root = params.root_path
        ls.state.resolver = Resolver(root)
        try:
            ls.state.client, ls.state.startup = parse_client(params.initialization_options)
        except Exception as exc:  # the server starts with the defaults rather than not at all
            log.exception("initialization options")
            ls.state.startup = [f"initialization options ignored: {type(exc).__name__}: {exc}"]

    @server.feature(types.INITIALIZED)
    def initialized(ls: SkillkitServer, params: types.InitializedParams) -> None:
        for problem in ls.state.startup:
            ls.tell(problem)
        ls.state.executor.submit(_warm)

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    def did_change_configuration(ls: SkillkitServer, params: types.DidChangeConfigurationParams) -> None:
        settings = params.settings
        # Ours when under a `skillkit` key, or when every key is one of our options (a client may send all its settings).
        if isinstance(settings, dict) and settings and ("skillkit" in settings or set(settings) <= OPTION_NAMES):
            client, problems = parse_client(settings)
            ls.state.client = client
            for problem in problems:
                ls.tell(problem)
        ls.state.resolver.forget()
        ls.recheck_all()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: SkillkitServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.remap()
        ls.schedule(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: SkillkitServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, None)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: SkillkitServer, params: types.DidSaveTextDocumentParams) -> None:
        ls.state.resolver.forget()
        ls.remap()
        ls.schedule(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: SkillkitServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.state.published.pop(uri, None)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
        path = to_fs_path(uri)
        skill = ls.state.skill_of.get(os.path.abspath(path)) if path else None
        ls.remap()
        if skill is not None:  # the others of its skill now read the file from disk
            for other_path, other_uri in ls.open_paths().items():
                if ls.skill_for(other_path) == skill:
                    ls.schedule(other_uri, 0)
                    break

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix], resolve_provider=False),
    )
    def code_action(ls: SkillkitServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        try:
            return quickfix.code_actions(ls, params)
        except Exception:
            log.exception("code actions")
            return None

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: SkillkitServer, params: types.HoverParams) -> types.Hover | None:
        from skillkit.lsp import frontmatter

        try:
            found = ls.skill_md_context(params.text_document.uri)
            if found is None:
                return None
            text, target, _ = found
            return frontmatter.hover(text, params.position, target, ls.encoding)
        except Exception:
            log.exception("hover")
            return None

    @server.feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=[":"]))
    def completion(ls: SkillkitServer, params: types.CompletionParams) -> types.CompletionList | None:
        from skillkit.lsp import frontmatter

        try:
            found = ls.skill_md_context(params.text_document.uri)
            if found is None:
                return None
            text, target, folder = found
            items = frontmatter.complete(text, params.position, target, folder, ls.encoding)
            return types.CompletionList(is_incomplete=False, items=items)
        except Exception:
            log.exception("completion")
            return None

    return server


def _warm() -> None:
    """Load what the first check and the first hover need while the editor is still opening files."""
    try:
        from skillkit.config.options import Options
        from skillkit.lsp import frontmatter

        sample = "---\nname: warm-up\ndescription: Warms the checks up. Use when the server starts.\n---\n\n# Warm up\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n[link](references/x.md)\n"
        folder = os.path.join(os.path.abspath(os.sep), "nonexistent-skillkit-warm-up", "warm-up")
        check_skill(os.path.join(folder, "SKILL.md"), folder, {os.path.join(folder, "SKILL.md"): sample}, Options())
        frontmatter.warm()
    except Exception:
        log.debug("warm-up failed", exc_info=True)
