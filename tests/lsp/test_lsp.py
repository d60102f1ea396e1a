"""`skillkit lsp` end to end: the real server started as `python -m skillkit lsp`, driven over stdio by a real LSP
client (pytest-lsp): diagnostics with exact ranges, quick fixes that clear them, hover, completion, diagnostics
that follow edits, other files of a skill, settings, and hostile buffers that never crash it."""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

pytest_lsp = pytest.importorskip("pytest_lsp")

import pytest_asyncio
from lsprotocol import types
from pygls.protocol import default_converter
from pygls.uris import from_fs_path
from pytest_lsp import ClientServerConfig, LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

pytestmark = pytest.mark.asyncio(loop_scope="function")

ROOT = Path(__file__).resolve().parents[2]
RULES_URL = "https://github.com/skillkit/skillkit/blob/main/docs/rules.md"

BROKEN = """---
name: My_Skill
description: Checks things for the team. Use when testing the language server.
version: 1.0
---

# My skill

See [the guide](references/Guide.md) and [notes](references/missing.md).
"""

GUIDE = "# Guide\n\nRead [back](../SKILL.md) and [gone](nowhere.md).\n"


class Client(LanguageClient):
    """pytest-lsp's client, also keeping every publishDiagnostics with the time it arrived."""

    published: list[tuple[float, types.PublishDiagnosticsParams]]


def make_client() -> Client:
    client = Client(converter_factory=default_converter)
    client.published = []

    def on_publish(client: Client, params: types.PublishDiagnosticsParams) -> None:
        client.diagnostics[params.uri] = params.diagnostics
        client.published.append((time.perf_counter(), params))

    register_lsp_features(client, {**DEFAULT_CLIENT_FEATURES, types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: on_publish})
    return client


SERVER = ClientServerConfig(
    server_command=[sys.executable, "-m", "skillkit", "lsp"],
    client_factory=make_client,
)


def capabilities() -> types.ClientCapabilities:
    return pytest_lsp.client_capabilities("visual-studio-code")


async def start(client: Client, root: Path, options: dict[str, Any] | None = None) -> None:
    await client.initialize_session(
        types.InitializeParams(
            capabilities=capabilities(),
            root_uri=from_fs_path(str(root)),
            workspace_folders=[types.WorkspaceFolder(uri=from_fs_path(str(root)) or "", name="root")],
            initialization_options=options,
        )
    )


@pytest.fixture
def skill(tmp_path: Path) -> Path:
    folder = tmp_path / "my-skill"
    (folder / "references").mkdir(parents=True)
    (folder / "SKILL.md").write_text(BROKEN, encoding="utf-8")
    (folder / "references" / "guide.md").write_text(GUIDE, encoding="utf-8")
    return folder


@pytest_lsp.fixture(config=SERVER)
async def client(lsp_client: Client, skill: Path) -> Any:
    await start(lsp_client, skill.parent)
    yield
    await lsp_client.shutdown_session()


def uri(path: Path) -> str:
    found = from_fs_path(str(path))
    assert found is not None
    return found


def open_doc(client: Client, path: Path, text: str | None = None, version: int = 1) -> str:
    u = uri(path)
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=u, language_id="markdown", version=version, text=path.read_text(encoding="utf-8") if text is None else text
            )
        )
    )
    return u


def change(client: Client, u: str, text: str, version: int) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=u, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


async def published(
    client: Client, u: str, where: Callable[[types.PublishDiagnosticsParams], bool] = lambda p: True, *, after: int = 0, timeout: float = 30.0
) -> types.PublishDiagnosticsParams:
    """The first publishDiagnostics for `u`, from the `after`-th on, that `where` accepts."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for _, params in client.published[after:]:
            if params.uri == u and where(params):
                return params
        await asyncio.sleep(0.005)
    raise AssertionError(f"no diagnostics for {u} within {timeout}s; got {[(p.uri, len(p.diagnostics)) for _, p in client.published]}")


def by_rule(diagnostics: Sequence[types.Diagnostic], rule: str) -> list[types.Diagnostic]:
    return [d for d in diagnostics if d.code == rule]


def span(d: types.Diagnostic) -> tuple[int, int, int, int]:
    return (d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character)


def apply_edits(text: str, edits: Sequence[types.TextEdit]) -> str:
    """Apply LSP text edits (UTF-16 positions) to a text, the way an editor does."""
    lines = text.splitlines(keepends=True) or [""]

    def offset(p: types.Position) -> int:
        before = sum(len(line) for line in lines[: p.line])
        line = lines[p.line] if p.line < len(lines) else ""
        units, i = 0, 0
        while i < len(line) and units < p.character:
            units += 2 if ord(line[i]) > 0xFFFF else 1
            i += 1
        return before + i

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]
        lines = text.splitlines(keepends=True) or [""]
    return text


# -- diagnostics -------------------------------------------------------------------------------------------------


async def test_a_broken_skill_gets_its_diagnostics_with_exact_ranges(client: Client, skill: Path) -> None:
    u = open_doc(client, skill / "SKILL.md")
    got = (await published(client, u)).diagnostics

    (fmt,) = by_rule(got, "name-format")
    assert span(fmt) == (1, 6, 1, 14)  # `My_Skill` on line 2 (0-based 1), from column 7 (0-based 6) to its end
    assert fmt.severity == types.DiagnosticSeverity.Error
    assert fmt.source == "skillkit"
    assert fmt.code_description is not None and fmt.code_description.href == f"{RULES_URL}#name-format"
    assert "uppercase" in fmt.message

    (unknown,) = by_rule(got, "unknown-key")
    assert span(unknown) == (3, 0, 3, 12)  # `version: 1.0`
    links = sorted(by_rule(got, "link-target-missing"), key=lambda d: d.range.start.character)
    assert [span(d) for d in links] == [(8, 16, 8, 35), (8, 49, 8, 70)]  # the two link targets, exactly
    assert "references/guide.md" in links[0].message
    # A finding about the folder (the name does not match it) is on the line that causes it.
    (mismatch,) = by_rule(got, "name-mismatch")
    assert mismatch.range.start.line == 1


async def test_utf16_columns_after_astral_characters(client: Client, skill: Path) -> None:
    """Columns count UTF-16 code units: an emoji before a broken link shifts it by two, an é by one."""
    text = BROKEN.replace("See [the guide]", "😀é [the guide]")
    u = open_doc(client, skill / "SKILL.md", text)
    got = (await published(client, u)).diagnostics
    first = min(by_rule(got, "link-target-missing"), key=lambda d: d.range.start.character)
    # "😀é [the guide](" is 1 + 1 + 1 + 11 + 1 code points = 15, and 16 UTF-16 units: the target starts there.
    assert span(first) == (8, 16, 8, 35)


async def test_another_markdown_file_of_the_skill_gets_its_own(client: Client, skill: Path) -> None:
    u = open_doc(client, skill / "references" / "guide.md")
    got = (await published(client, u)).diagnostics
    (gone,) = by_rule(got, "link-target-missing")
    assert span(gone) == (2, 36, 2, 46)  # `nowhere.md`
    # SKILL.md is not open: its findings are not published on this file.
    assert not by_rule(got, "name-format")


async def test_diagnostics_follow_changes_and_clear(client: Client, skill: Path) -> None:
    u = open_doc(client, skill / "SKILL.md")
    first = await published(client, u)
    assert by_rule(first.diagnostics, "name-format")
    n = len(client.published)
    fixed = BROKEN.replace("My_Skill", "my-skill")
    change(client, u, fixed, 2)
    after = await published(client, u, lambda p: p.version == 2, after=n)
    assert not by_rule(after.diagnostics, "name-format") and not by_rule(after.diagnostics, "name-mismatch")
    assert by_rule(after.diagnostics, "unknown-key")
    # A new problem typed in moves with the text.
    n = len(client.published)
    change(client, u, fixed.replace("# My skill", "# My skill\n\n| a | b |\n| - |\n| 1 | 2 |"), 3)
    again = await published(client, u, lambda p: p.version == 3, after=n)
    (table,) = by_rule(again.diagnostics, "table-not-a-table")
    assert table.range.start.line == 8
    links = by_rule(again.diagnostics, "link-target-missing")
    assert {d.range.start.line for d in links} == {12}  # the links' line moved down by four
    # All fixed: an empty list clears the editor's diagnostics.
    n = len(client.published)
    clean = "---\nname: my-skill\ndescription: Checks things for the team. Use when testing the language server.\n---\n\n# My skill\n\nSee [the guide](references/guide.md).\n"
    change(client, u, clean, 4)
    done = await published(client, u, lambda p: p.version == 4, after=n)
    assert list(done.diagnostics) == []


async def test_incremental_changes_are_followed(client: Client, skill: Path) -> None:
    """Editors send ranges, not whole texts: the server applies them and checks the result."""
    u = open_doc(client, skill / "SKILL.md")
    await published(client, u)
    n = len(client.published)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=u, version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(start=types.Position(line=1, character=6), end=types.Position(line=1, character=14)), text="my-skill"
                ),
                types.TextDocumentContentChangePartial(
                    range=types.Range(start=types.Position(line=3, character=0), end=types.Position(line=4, character=0)), text=""
                ),
            ],
        )
    )
    after = await published(client, u, lambda p: p.version == 2, after=n)
    own = [d for d in after.diagnostics if not d.message.startswith("references/")]  # not the closed page's
    assert {d.code for d in own} == {"link-target-missing"}
    assert {d.range.start.line for d in own} == {7}  # one line up: `version:` is gone


async def test_closing_a_file_clears_its_diagnostics(client: Client, skill: Path) -> None:
    u = open_doc(client, skill / "SKILL.md")
    await published(client, u, lambda p: len(p.diagnostics) > 0)
    n = len(client.published)
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=u)))
    cleared = await published(client, u, after=n)
    assert list(cleared.diagnostics) == []


async def test_unsaved_buffers_are_what_is_checked(client: Client, skill: Path) -> None:
    """A link to a file that exists only in an unsaved buffer resolves; a link in an unsaved page is checked."""
    skill_uri = open_doc(client, skill / "SKILL.md")
    await published(client, skill_uri)
    new_page = skill / "references" / "missing.md"  # not on disk
    n = len(client.published)
    page_uri = open_doc(client, new_page, "# Notes\n\nSee [nothing](absent.md).\n")
    page = await published(client, page_uri, after=n)
    assert [span(d) for d in by_rule(page.diagnostics, "link-target-missing")] == [(2, 14, 2, 23)]
    main = await published(client, skill_uri, after=n)
    targets = [d.message for d in by_rule(main.diagnostics, "link-target-missing")]
    assert not any("references/missing.md" in m for m in targets), targets


async def test_findings_on_files_no_document_shows_go_on_skill_md(client: Client, skill: Path) -> None:
    (skill / "scripts").mkdir()
    (skill / "scripts" / "tool.py").write_text("print('hi')\n", encoding="utf-8")
    u = open_doc(client, skill / "SKILL.md")
    got = (await published(client, u)).diagnostics
    shown = [d for d in got if d.message.startswith("scripts/tool.py")]
    assert shown, [d.message for d in got]
    assert shown[0].range.start.line == 0
    assert shown[0].related_information and shown[0].related_information[0].location.uri == uri(skill / "scripts" / "tool.py")
    # A closed page's finding about the page as a whole (linked only with the wrong case) shows here too; its
    # findings on its own lines (a broken link in it) wait for it to be opened.
    (orphan,) = [d for d in got if d.message.startswith("references/guide.md: ")]
    assert orphan.code == "file-orphan" and orphan.range.start.line == 0
    assert not [d for d in got if "nowhere.md" in d.message]


# -- quick fixes -------------------------------------------------------------------------------------------------


async def test_a_quick_fix_clears_its_diagnostic(client: Client, skill: Path) -> None:
    u = open_doc(client, skill / "SKILL.md")
    got = (await published(client, u)).diagnostics
    link = min(by_rule(got, "link-target-missing"), key=lambda d: d.range.start.character)
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=u),
            range=link.range,
            context=types.CodeActionContext(diagnostics=[link]),
        )
    )
    assert actions
    (action,) = [a for a in actions if isinstance(a, types.CodeAction) and a.diagnostics and a.diagnostics[0].code == "link-target-missing"]
    assert action.kind == types.CodeActionKind.QuickFix and action.is_preferred
    assert action.edit is not None and action.edit.document_changes
    (doc_edit,) = action.edit.document_changes
    assert isinstance(doc_edit, types.TextDocumentEdit)
    assert doc_edit.text_document.uri == u and doc_edit.text_document.version == 1
    fixed = apply_edits(BROKEN, doc_edit.edits)
    assert "[the guide](references/guide.md)" in fixed
    n = len(client.published)
    change(client, u, fixed, 2)
    after = await published(client, u, lambda p: p.version == 2, after=n)
    remaining = by_rule(after.diagnostics, "link-target-missing")
    assert [span(d) for d in remaining] == [(8, 49, 8, 70)]  # only the link with nothing to fix to


async def test_unsafe_fixes_say_so_in_their_title(client: Client, skill: Path) -> None:
    u = open_doc(client, skill / "SKILL.md")
    got = (await published(client, u)).diagnostics
    (mismatch,) = by_rule(got, "name-mismatch")
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=u), range=mismatch.range, context=types.CodeActionContext(diagnostics=[mismatch])
        )
    )
    titles = {a.diagnostics[0].code: a for a in actions or [] if isinstance(a, types.CodeAction) and a.diagnostics}
    assert "unsafe" in titles["name-mismatch"].title and not titles["name-mismatch"].is_preferred
    (doc_edit,) = titles["name-mismatch"].edit.document_changes  # type: ignore[union-attr]
    assert isinstance(doc_edit, types.TextDocumentEdit)
    assert "name: my-skill" in apply_edits(BROKEN, doc_edit.edits)
    # Asked for source actions only: no quick fixes.
    none = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=u),
            range=mismatch.range,
            context=types.CodeActionContext(diagnostics=[mismatch], only=[types.CodeActionKind.Source]),
        )
    )
    assert not none


# -- hover and completion ------------------------------------------------------------------------------------------


async def test_hover_on_a_frontmatter_key(client: Client, skill: Path) -> None:
    u = open_doc(client, skill / "SKILL.md")
    await published(client, u)
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=u), position=types.Position(line=2, character=3))
    )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert "**`description`** (claude-ai)" in hover.contents.value
    assert "0 to 1,024 characters" in hover.contents.value or "1 to 1,024 characters" in hover.contents.value
    assert "Required" in hover.contents.value
    assert hover.range is not None and span_of(hover.range) == (2, 0, 2, 11)
    # A key the target refuses says so.
    version = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=u), position=types.Position(line=3, character=1))
    )
    assert version is not None and isinstance(version.contents, types.MarkupContent)
    assert "Not a key claude-ai accepts" in version.contents.value and "unknown-key" in version.contents.value
    # The body has no hover.
    body = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=u), position=types.Position(line=8, character=2))
    )
    assert body is None


def span_of(r: types.Range) -> tuple[int, int, int, int]:
    return (r.start.line, r.start.character, r.end.line, r.end.character)


async def complete(client: Client, u: str, line: int, character: int) -> list[types.CompletionItem]:
    result = await client.text_document_completion_async(
        types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=u), position=types.Position(line=line, character=character))
    )
    if result is None:
        return []
    return list(result.items if isinstance(result, types.CompletionList) else result)


@pytest_lsp.fixture(config=SERVER)
async def cc_client(lsp_client: Client, skill: Path) -> Any:
    await start(lsp_client, skill.parent, {"target": "claude-code"})
    yield
    await lsp_client.shutdown_session()


async def test_completion_in_the_frontmatter(cc_client: Client, skill: Path) -> None:
    text = "---\nname: my-skill\ndescription: Checks things. Use when testing.\n\neffort: \n---\n\nBody.\n"
    u = open_doc(cc_client, skill / "SKILL.md", text)
    await published(cc_client, u)
    keys = await complete(cc_client, u, 3, 0)
    labels = [i.label for i in keys]
    assert "argument-hint" in labels and "allowed-tools" in labels and "effort" not in labels
    assert "name" not in labels and "description" not in labels  # already there
    (hint,) = [i for i in keys if i.label == "argument-hint"]
    assert isinstance(hint.text_edit, types.TextEdit) and hint.text_edit.new_text == "argument-hint: "
    values = await complete(cc_client, u, 4, 8)
    assert [i.label for i in values] == ["low", "medium", "high", "xhigh", "max"]
    # In the body: nothing.
    assert await complete(cc_client, u, 7, 2) == []


# -- settings ------------------------------------------------------------------------------------------------------


@pytest_lsp.fixture(config=SERVER)
async def configured_client(lsp_client: Client, skill: Path) -> Any:
    (skill.parent / ".skillkit.toml").write_text('ignore = ["unknown-key"]\n[severity]\nname-format = "warning"\n', encoding="utf-8")
    await start(lsp_client, skill.parent, {"skillkit": {"select": None, "ignore": ["name-mismatch"], "severity": {"link-target-missing": "info"}}})
    yield
    await lsp_client.shutdown_session()


async def test_settings_from_the_config_file_and_the_client(configured_client: Client, skill: Path) -> None:
    u = open_doc(configured_client, skill / "SKILL.md")
    got = (await published(configured_client, u)).diagnostics
    assert not by_rule(got, "unknown-key")  # the file's ignore
    assert not by_rule(got, "name-mismatch")  # the client's ignore, added to the file's
    assert by_rule(got, "name-format")[0].severity == types.DiagnosticSeverity.Warning  # the file's severity
    assert {d.severity for d in by_rule(got, "link-target-missing")} == {types.DiagnosticSeverity.Information}


# -- hostile buffers -----------------------------------------------------------------------------------------------


HOSTILE = {
    "binary": "\x00\x01\x02PK\x03\x04\ud800\udfff\x00" * 200,
    "lone-surrogate": "---\nname: my-skill\ndescription: Broken \ud800 text. Use when testing.\n---\n\nBody\n",
    "five-megabyte-line": "---\nname: my-skill\ndescription: " + "x" * (5 * 1024 * 1024) + "\n---\n",
    "long-body-line": "---\nname: my-skill\ndescription: Checks. Use when testing.\n---\n\n" + "[a](b.md) " * 50_000 + "\n",
    "unclosed-frontmatter": "---\nname: my-skill\ndescription: never closed\n\n# Body\n",
    "empty": "",
    "only-dashes": "---",
    "crlf-and-cr": "---\r\nname: my-skill\rdescription: x\r\n---\r\n\r\n|a|\r|-|\r",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
async def test_hostile_buffers_give_diagnostics_never_a_crash(client: Client, skill: Path, name: str) -> None:
    text = HOSTILE[name]
    for path in (skill / "SKILL.md", skill / "references" / "guide.md"):
        n = len(client.published)
        u = open_doc(client, path, text)
        got = await published(client, u, after=n, timeout=60)
        assert all(d.source == "skillkit" for d in got.diagnostics)
        assert not by_rule(got.diagnostics, "internal-error"), [d.message for d in got.diagnostics]
        if path.name == "SKILL.md" and name != "crlf-and-cr":
            assert got.diagnostics, name  # each of these is a broken SKILL.md
        n = len(client.published)
        change(client, u, text + "\nmore", 2)  # an edit after it is still answered
        await published(client, u, lambda p: p.version == 2, after=n, timeout=60)
    # The server is alive and answers requests.
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri(skill / "SKILL.md")), position=types.Position(line=1, character=1))
    )
    assert hover is None or isinstance(hover, types.Hover)


# -- latency -------------------------------------------------------------------------------------------------------


def write_sized_skill(folder: Path, sections: int, pages: int, page_sections: int) -> str:
    """A skill shaped like real ones: SKILL.md of `sections` sections (prose, a table, a fence, links to its pages),
    `pages` reference files of `page_sections` sections each. Returns SKILL.md's text."""
    (folder / "references").mkdir(parents=True, exist_ok=True)
    lines = [
        "---",
        f"name: {folder.name}",
        "description: Reviews quarterly reports and drafts summaries for the finance team. Use when the user asks for a report review.",
        "---",
        "",
        "# Report review",
        "",
    ]
    for i in range(sections):
        page = f"references/topic-{i % pages}.md" if pages else "README.md"
        lines += [
            f"## Step {i}",
            "",
            f"Read the input, check each figure against the ledger, and note every difference over 2% in `notes.md`. See [topic {i}]({page}).",
            "",
            "| field | meaning | example |",
            "| --- | --- | --- |",
            f"| total_{i} | the sum of the column | 1,204.50 |",
            "",
            "```python",
            f"def step_{i}(rows):",
            "    return sum(r.amount for r in rows)",
            "```",
            "",
        ]
    text = "\n".join(lines) + "\n"
    (folder / "SKILL.md").write_text(text, encoding="utf-8")
    for p in range(pages):
        body = [f"# Topic {p}", ""]
        for s in range(page_sections):
            body += [
                f"## Part {s}",
                "",
                f"Each part explains one check in detail, with an example table and a link back to [the skill](../SKILL.md#step-{s}).",
                "",
                "| a | b |",
                "| - | - |",
                "| 1 | 2 |",
                "",
                "```bash",
                f"echo part-{s}",
                "```",
                "",
            ]
        (folder / "references" / f"topic-{p}.md").write_text("\n".join(body) + "\n", encoding="utf-8")
    return text


SIZES = {
    # A 6.7 KB, 270-line SKILL.md (real ones average 7.3 KB) and 3 reference pages of 120 lines.
    "typical": (20, 3, 10),
    # A 500-line SKILL.md and 40 reference pages of 300 lines (197 KB of markdown in all).
    "large": (38, 40, 25),
}


@pytest.mark.parametrize("debounce_ms", [75, 0])
@pytest.mark.parametrize("size", sorted(SIZES))
async def test_latency_from_did_change_to_publish(lsp_client_factory: Any, tmp_path: Path, size: str, debounce_ms: int) -> None:
    folder = tmp_path / f"{size}-skill"
    text = write_sized_skill(folder, *SIZES[size])
    client: Client = await lsp_client_factory({"debounceMs": debounce_ms}, tmp_path)
    u = open_doc(client, folder / "SKILL.md", text)
    await published(client, u)
    times: list[float] = []
    for version in range(2, 14):
        edited = text.replace("## Step 1\n", f"## Step 1 (edit {version})\n")
        if version % 2:
            edited = edited.replace(f"name: {folder.name}", "name: Bad_Name")
        n = len(client.published)
        sent = time.perf_counter()
        change(client, u, edited, version)
        arrived = await published(client, u, lambda p, v=version: p.version == v, after=n)
        got = next(t for t, p in client.published[n:] if p is arrived)
        times.append(got - sent)
        assert bool(by_rule(arrived.diagnostics, "name-format")) == bool(version % 2)
    hover_times, completion_times = [], []
    for _ in range(5):
        sent = time.perf_counter()
        await client.text_document_hover_async(
            types.HoverParams(text_document=types.TextDocumentIdentifier(uri=u), position=types.Position(line=2, character=2))
        )
        hover_times.append(time.perf_counter() - sent)
        sent = time.perf_counter()
        await complete(client, u, 4, 0)
        completion_times.append(time.perf_counter() - sent)
    times.sort()
    median = times[len(times) // 2]
    print(
        f"\nlsp latency, {size} skill, debounce {debounce_ms} ms: didChange -> publishDiagnostics median {median * 1000:.0f} ms,"
        f" min {times[0] * 1000:.0f}, max {times[-1] * 1000:.0f} (n={len(times)});"
        f" hover median {sorted(hover_times)[2] * 1000:.1f} ms, completion median {sorted(completion_times)[2] * 1000:.1f} ms"
    )
    # Loose bounds: the machine is shared; the figures above are the measurement.
    assert median < debounce_ms / 1000 + (2.0 if size == "large" else 1.0)
    assert sorted(hover_times)[2] < 0.5 and sorted(completion_times)[2] < 0.5


@pytest_asyncio.fixture
async def lsp_client_factory() -> Any:
    started: list[Client] = []

    async def make(options: dict[str, Any], root: Path) -> Client:
        client = await SERVER.start()
        assert isinstance(client, Client)
        started.append(client)
        await start(client, root, options)
        return client

    yield make
    for client in started:
        await client.shutdown_session()
        await client.stop()
