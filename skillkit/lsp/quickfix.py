"""The language server's quick fixes: a finding's fix offered as a code action, its edits as a workspace edit."""

from __future__ import annotations

from typing import Any

from lsprotocol import types
from pygls.uris import from_fs_path

from skillkit.edits import Fix
from skillkit.lsp.convert import Text
from skillkit.lsp.server import Published, SkillkitServer


def code_actions(ls: SkillkitServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    """The quick fixes of the published findings the client asks about (by diagnostic, or by an overlapping range)."""
    only = params.context.only
    if only and not any(str(kind.value if hasattr(kind, "value") else kind).startswith("quickfix") for kind in only):
        return []
    wanted = {(d.range.start.line, d.range.start.character, str(d.code), d.message) for d in params.context.diagnostics}
    actions: list[types.CodeAction] = []
    for entry in ls.state.published.get(params.text_document.uri, []):
        fix = entry.item.fix
        if fix is None:
            continue
        d = entry.diagnostic
        key = (d.range.start.line, d.range.start.character, str(d.code), d.message)
        if key not in wanted and not _overlaps(d.range, params.range):
            continue
        edit = workspace_edit(ls, entry, fix)
        if edit is None:
            continue
        title = fix.description if fix.safe else f"{fix.description} (unsafe: may not be what you meant)"
        actions.append(
            types.CodeAction(
                title=title,
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[d],
                is_preferred=fix.safe,
                edit=edit,
            )
        )
    return actions

def workspace_edit(ls: SkillkitServer, entry: Published, fix: Fix) -> types.WorkspaceEdit | None:
    """The fix's edits as LSP text edits, on the texts the check read; versioned for open documents so a client
    refuses them once the document has changed since."""
    encoding = ls.encoding
    by_file: dict[str, list[types.TextEdit]] = {}
    for edit in fix.edits:
        file = edit.file or entry.item.file
        source = entry.checked.buffers.get(file)
        if source is None:
            source = _read_text(file)
            if source is None:
                return None
        text = Text(source)
        if not 0 <= edit.start <= edit.end <= len(source):
            return None
        where = types.Range(start=text.position(edit.start, encoding), end=text.position(edit.end, encoding))
        by_file.setdefault(file, []).append(types.TextEdit(range=where, new_text=edit.text))
    capabilities = ls.client_capabilities.workspace
    versioned = bool(capabilities and capabilities.workspace_edit and capabilities.workspace_edit.document_changes)
    if versioned:
        changes: list[Any] = [
            types.TextDocumentEdit(
                text_document=types.OptionalVersionedTextDocumentIdentifier(
                    uri=from_fs_path(file) or file, version=entry.versions.get(file)
                ),
                edits=list(edits),
            )
            for file, edits in by_file.items()
        ]
        return types.WorkspaceEdit(document_changes=changes)
    return types.WorkspaceEdit(changes={from_fs_path(file) or file: edits for file, edits in by_file.items()})


def _overlaps(a: types.Range, b: types.Range) -> bool:
    def key(p: types.Position) -> tuple[int, int]:
        return (p.line, p.character)

    return key(a.start) <= key(b.end) and key(b.start) <= key(a.end)


def _read_text(path: str) -> str | None:
    from pathlib import Path

    from skillkit.document.skill import read_bytes

    raw, _ = read_bytes(Path(path))
    if raw is None:
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
