"""secret-token, hidden-text and invisible-char over every file of a skill folder, a zip and a build.

Token-shaped values are generated at run time from a seeded RNG (never committed), so this file
cannot trip secret scanning; the golden lines are built the same way, in the test_cases format.
"""

from __future__ import annotations

import base64
import os
import random
import string
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import skillkit
from skillkit.content import secrets
from skillkit.diagnostics import Report
from skillkit.document import files as document
from skillkit.packaging.build import BuildOptions, build_zips
from skillkit.reporters.text import location
from skillkit.rules import security

RNG = random.Random(20261125)
B62 = string.ascii_letters + string.digits
MINE = ("secret-token", "hidden-text", "invisible-char")
SKILL_MD = "---\nname: demo-skill\ndescription: Formats demo reports. Use when a test needs a small valid skill.\n---\n\n# Demo\n\nSteps.\n"


def rand(n: int, alphabet: str = B62) -> str:
    return "".join(RNG.choice(alphabet) for _ in range(n))


TOKENS = {
    "aws access key id": "AKIA" + rand(16, string.ascii_uppercase + "234567"),
    "github token": "ghp_" + rand(36),
    "anthropic api key": "sk-ant-api03-" + rand(93, B62 + "-_") + "AA",
    "openai api key": "sk-proj-" + rand(100, B62 + "-_"),
    "slack token": "xoxb-" + rand(12, string.digits) + "-" + rand(13, string.digits) + "-" + rand(24),
}


def pem() -> str:
    body = base64.b64encode(bytes(RNG.randrange(256) for _ in range(600))).decode()
    return "-----BEGIN RSA PRIVATE KEY-----\n" + "\n".join(body[i : i + 64] for i in range(0, len(body), 64)) + "\n-----END RSA PRIVATE KEY-----\n"


def make(root: Path, files: dict[str, str | bytes], name: str = "demo-skill") -> Path:
    skill = root / name
    for rel, content in {"SKILL.md": SKILL_MD, **files}.items():
        path = skill / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return skill


def got(report: Report, rules: tuple[str, ...] = MINE) -> list[str]:
    return [" ".join(f"{location(d)}  {d.severity.value}  {d.rule}  {d.message}".split()) for s in report.skills for d in s.diagnostics if d.rule in rules]


def live(kind: str, token: str) -> str:
    return f"live-looking {kind} ({secrets.mask(token)}); remove it from the skill and revoke it"


def test_golden_secrets_in_every_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    t = TOKENS
    make(tmp_path, {
        "SKILL.md": SKILL_MD.replace("Steps.", f"Steps.\n\nexport GITHUB_TOKEN={t['github token']}"),
        "scripts/config.py": f"# settings\nREGION = 'eu'\nKEY = \"{t['anthropic api key']}\"; AWS = '{t['aws access key id']}'\n",
        "references/setup.md": "# Setup\n\nThe key:\n\n" + pem(),
        "references/formats.md": "Keys look like `sk-ant-api03-...` or `ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`.\n",
        "tests/fixture.txt": f"token = {t['slack token']}  # skillkit: allow-secret\n",
        ".env": "OPENAI_API_KEY=whatever\n",
        ".env.example": "OPENAI_API_KEY=your-key-here\n",
        "assets/logo.png": f"not really a png {t['openai api key']}\n",
        "assets/data.bin": b"\x00\x01" + t["openai api key"].encode(),
    })
    monkeypatch.chdir(tmp_path)
    key, aws = t["anthropic api key"], t["aws access key id"]
    column_aws = len(f"KEY = \"{key}\"; AWS = '") + 1
    assert got(skillkit.validate(["."], target="claude-ai")) == [
        "demo-skill/.env error secret-token '.env' is an environment file; never ship it in a skill (remove it, or exclude it in .skillkitignore)",
        f"demo-skill/SKILL.md:10:21 error secret-token {live('github token', t['github token'])}",
        "demo-skill/references/setup.md:5:1 error secret-token live-looking private key (-----BEGIN RSA PRIVATE KEY-----); remove it from the skill and revoke it",
        f"demo-skill/scripts/config.py:3:8 error secret-token {live('anthropic api key', key)}",
        f"demo-skill/scripts/config.py:3:{column_aws} error secret-token {live('aws access key id', aws)}",
    ]


@pytest.mark.parametrize("kind", sorted(TOKENS))
def test_each_token_kind_is_found_masked_and_passes_the_prefilter(kind: str, tmp_path: Path) -> None:
    token = TOKENS[kind]
    for around in ("{}", "key={};", "é{}é", "x" * 30 + "{}", "-----{}\r\n", "{}" + "y" * 30):
        assert security.may_hold_secret(around.format(token).encode()), ("the prefilter must never hide a token the scan reports", around)
    skill = make(tmp_path, {"notes.txt": f"first\n  value: {token}\n"})
    [d] = [d for d in skillkit.validate([str(skill)]).all_diagnostics() if d.rule == "secret-token"]
    assert (d.file, d.line, d.column) == (str(skill / "notes.txt"), 2, 10)
    assert token not in d.message and secrets.mask(token) in d.message
    assert len(secrets.mask(token).rstrip("\u2026")) <= 12


def test_excluded_large_binary_and_linked_files_are_not_read(tmp_path: Path) -> None:
    token = TOKENS["github token"]
    outside = tmp_path / "outside.txt"
    outside.write_text(f"t = {token}\n")
    skill = make(tmp_path, {
        ".skillkitignore": "fixtures/\n",
        "fixtures/creds.txt": f"t = {token}\n",
        "evals/case.json": f'{{"t": "{token}"}}\n',  # a root evals/ folder is left out of every build
        "big.txt": f"t = {token}\n" + "x" * document.SCAN_MAX_BYTES,
        "nul.txt": f"\x00t = {token}\n",
        "font.woff2": f"t = {token}\n",
    })
    (skill / "link.txt").symlink_to(outside)
    os.mkfifo(skill / "pipe.md")
    assert got(skillkit.validate([str(skill)])) == []


def test_a_link_inside_the_skill_is_reported_once_at_its_target(tmp_path: Path) -> None:
    skill = make(tmp_path, {"real.md": "a\u200bb\n"})
    (skill / "alias.md").symlink_to("real.md")
    [d] = [d for d in skillkit.validate([str(skill)]).all_diagnostics() if d.rule in MINE]
    assert (d.rule, d.file, d.line, d.column) == ("invisible-char", str(skill / "real.md"), 1, 2)


@pytest.mark.pure_python
def test_every_file_is_read_once_and_skill_md_never(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a.md is also read by the markdown walk (SKILL.md links it, and it links on): it shares the scan's bytes.
    skill_md = SKILL_MD + "\nSee [a](a.md).\n"
    skill = make(tmp_path, {"SKILL.md": skill_md, "a.md": "x\u202ey [c](b/c.md)\n", "b/c.md": "plain\n", "d.py": "print(1)\n"})
    reads: list[str] = []
    real = document.read_bounded
    monkeypatch.setattr(document, "read_bounded", lambda path, cap=document.SCAN_MAX_BYTES: (reads.append(path), real(path, cap))[1])
    monkeypatch.setattr(Path, "read_bytes", lambda self: reads.append(str(self)))  # the walk's own reader: unused
    report = skillkit.validate([str(skill)])
    assert [d.rule for d in report.all_diagnostics() if d.rule in MINE] == ["hidden-text"]
    assert "reference-chain" in [d.rule for d in report.all_diagnostics()]  # the walk did read a.md
    assert sorted(Path(p).relative_to(skill).as_posix() for p in reads) == ["a.md", "b/c.md", "d.py"]


def test_hidden_file_names(tmp_path: Path) -> None:
    skill = make(tmp_path, {"invoice\u202efdp.md": "# Invoice\n"})
    [d] = [d for d in skillkit.validate([str(skill)]).all_diagnostics() if d.rule == "hidden-text"]
    assert d.message == "file name 'invoice\\u202efdp.md' holds U+202E (right-to-left override); rename the file"


def test_findings_per_file_are_capped_and_counted(tmp_path: Path) -> None:
    skill = make(tmp_path, {"notes.md": "x\u200b" * 1000 + "\n"})
    found = [d for d in skillkit.validate([str(skill)]).all_diagnostics() if d.rule == "invisible-char"]
    assert len(found) == security.MAX_PER_FILE
    assert [d.column for d in found] == [2 * i for i in range(1, security.MAX_PER_FILE + 1)]
    assert found[-1].message.endswith(f"({1000 - security.MAX_PER_FILE} more in this file not listed)")


def test_suppressed_in_skill_md_like_any_rule(tmp_path: Path) -> None:
    body = "Steps.\n\n<!-- skillkit-disable-next-line invisible-char -->\nUse the word\u2060joiner.\n"
    skill = make(tmp_path, {"SKILL.md": SKILL_MD.replace("Steps.\n", body)})
    assert got(skillkit.validate([str(skill)])) == []


def test_in_a_zip_hidden_text_points_at_the_member_and_secrets_are_package_secret(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from engine.test_zipcheck import make_zip

    token = TOKENS["slack token"]
    entries: dict[str, bytes | str] = {"demo-skill/SKILL.md": SKILL_MD, "demo-skill/ref.md": f"# Ref\n\nt: {token}\nsay\u202ehi\n"}
    make_zip(tmp_path / "x.zip", entries)
    monkeypatch.chdir(tmp_path)
    report = skillkit.validate(["x.zip"])
    assert [(d.rule, d.file, d.line, d.column) for d in report.all_diagnostics() if d.rule in (*MINE, "package-secret")] == [
        ("package-secret", "x.zip/demo-skill/ref.md", 3, 4),
        ("hidden-text", "x.zip/demo-skill/ref.md", 4, 4),
    ]


def test_build_zip_reports_package_secret_once_and_honours_allow_secret(tmp_path: Path) -> None:
    token = TOKENS["openai api key"]
    skill = make(tmp_path, {"fixtures/sample.txt": f"key = {token}\n"})
    [refused] = build_zips([str(skill)], BuildOptions(out=tmp_path / "dist"))
    assert refused.status == "refused"
    assert [(d.rule, d.line, d.column) for d in refused.diagnostics if d.severity.value == "error"] == [("package-secret", 1, 7)]
    [built] = build_zips([str(skill)], BuildOptions(out=tmp_path / "dist", allow_secret=("fixtures/*",)))
    assert built.status == "built", built.diagnostics


def test_hidden_text_refuses_a_build(tmp_path: Path) -> None:
    skill = make(tmp_path, {"scripts/run.sh": "echo hi \u2066# done\u2069\n"})
    [result] = build_zips([str(skill)], BuildOptions(out=tmp_path / "dist"))
    assert result.status == "refused"
    assert [(d.rule, d.line, d.column) for d in result.diagnostics if d.severity.value == "error"] == [("hidden-text", 1, 9), ("hidden-text", 1, 16)]
    assert not (tmp_path / "dist" / "demo-skill.zip").exists()


def test_byte_prechecks_never_skip_a_hit() -> None:
    """The cheap byte pre-checks that gate the text searches must pass every text those searches would hit."""
    import re._parser as sre_parse

    from skillkit.content import hiddentext
    from skillkit.rules import security

    _, candidate, selector = hiddentext._patterns()
    for cp in [*range(0x80, 0x30000), *range(0xE0000, 0xE0200)]:
        if not 0xD800 <= cp <= 0xDFFF and candidate.match(chr(cp)):
            # a lone variation selector is no hit (emoji carry U+FE0F): only one followed by another is
            lone = f"a{chr(cp)}b".encode()
            assert hiddentext.may_hold(lone) or selector.match(chr(cp)), hex(cp)
            assert hiddentext.may_hold(f"a{chr(cp)}\ufe0fb".encode()), hex(cp)
            assert hiddentext.may_hold(f"a{chr(cp)}\U000e01efb".encode()), hex(cp)
    for token in secrets.tokens():  # _MIN_RUN assumes every prefix is at least 3 token characters
        assert sre_parse.parse(token.prefix.pattern.lstrip("^")).getwidth()[0] >= 3, token.kind
    assert security._MIN_RUN <= min(sre_parse.parse(t.prefix.pattern.lstrip("^")).getwidth()[0] + t.min_random for t in secrets.tokens())
    assert security._MIN_RUN == 3 + min(t.min_random for t in secrets.tokens())  # the constant is what it says
    # the private key precheck's needle is a mandatory part of the header pattern (after an optional group)
    assert ")?" + security._PEM_HEADER.decode() + "(?:" in secrets._PEM_HEADER().pattern


_HIDDEN_ALPHABET = "ab \n\r\u00e9\u0628\u4e2d\u2764\U0001f469\U0001f3f4\u00ad\u180e\u200b\u200c\u200d\u202e\u2066\u2060\ufeff\ufe0e\ufe0f\U000e0041\U000e007f\U000e0100\U000e01ef\udc80"


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=_HIDDEN_ALPHABET, max_size=12))
def test_the_hidden_text_precheck_passes_every_text_find_hits(text: str) -> None:
    from skillkit.content import hiddentext

    raw = text.encode("utf-8", "surrogatepass")  # as the scan encodes a text it has no bytes for
    if not hiddentext.may_hold(raw):  # deleting ASCII may join two selectors: a hit the text has not is allowed
        assert hiddentext._first(text) is None and not list(hiddentext.find(text)), text
    # a lone CR becomes LF, CRLF becomes LF in the scanned text: its bytes (before) still pass
    scanned = text.replace("\r\n", "\n").replace("\r", "\n")
    assert hiddentext.may_hold(raw) or not list(hiddentext.find(scanned))


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=12))
def test_bytes_are_ascii_exactly_when_their_scanned_text_is(raw: bytes) -> None:
    from skillkit.rules import security

    assert raw.isascii() == security._decoded(raw).isascii()


def test_the_secret_prefilter_looks_only_inside_long_token_runs() -> None:
    from skillkit.rules import security

    # Long identifiers and a prefix without its random part are not hints: the exact scan is skipped for them.
    assert not security.may_hold_secret(b"run the_very_long_identifier_name_here, then another-long-kebab-case-name")
    assert not security.may_hold_secret(b"AKIA and ghp_ are prefixes; sk-ant-api03- alone is too\n" * 50)
    # A token split by a character that is not a token character is no token.
    assert not security.may_hold_secret(b"AKIAABCDEFGH IJKLMNOPQR")
    assert security.may_hold_secret(b"AKIAABCDEFGHIJKLMNOPQR")
    # The runs are searched joined by a space: a token in the third run is found, and none forms across two runs.
    assert security.may_hold_secret(b"a-long-kebab-case-name-here, another_long_snake_case_name: AKIAABCDEFGHIJKLMNOPQR")
    assert not security.may_hold_secret(b"a-long-kebab-case-name-AKIA ABCDEFGHIJKLMNOPQRSTUVWX-long-run")
    assert security.may_hold_secret("ключ: -----BEGIN OPENSSH PRIVATE KEY-----".encode())


def test_a_symlink_that_would_pack_a_secret_file_is_reported_where_build_zip_refuses_it(tmp_path: Path) -> None:
    # .env itself excluded, the link still packs its bytes under a harmless name: build-zip refuses the skill, so
    # validate must not pass it under the upload targets.
    skill = make(tmp_path, {".env": "API_HOST=example.org\n", ".skillkitignore": ".env\n"})
    (skill / "settings.txt").symlink_to(".env")
    for target, expected in (("claude-ai", 1), ("api", 1), ("claude-code", 0)):
        found = [d for d in skillkit.validate([str(skill)], target=target).all_diagnostics() if d.rule == "secret-token"]
        assert [(d.file, d.message) for d in found] == [
            (str(skill / "settings.txt"), "symlink 'settings.txt' points to '.env', an environment file; never ship it in a skill")
        ] * expected, target
