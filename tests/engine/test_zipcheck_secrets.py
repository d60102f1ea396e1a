"""Secret detection: live-looking tokens and keys are found; documentation showing a format is not.

Every live-looking value is generated at run time from a seeded RNG, so no token-shaped literal is committed.
"""

from __future__ import annotations

import base64
import random
import string

import pytest

from skillkit.content import secrets

RNG = random.Random(20261124)
B62 = string.ascii_letters + string.digits


def rand(n: int, alphabet: str = B62) -> str:
    return "".join(RNG.choice(alphabet) for _ in range(n))


LIVE = {
    "aws access key id": "AKIA" + rand(16, string.ascii_uppercase + "234567"),
    "github token": "ghp_" + rand(36),
    "github fine-grained token": "github_pat_" + rand(22) + "_" + rand(59),
    "anthropic api key": "sk-ant-api03-" + rand(93, B62 + "-_") + "AA",
    "openai project key": "sk-proj-" + rand(120, B62 + "-_"),
    "openai legacy key": "sk-" + rand(48),
    "slack token": "xoxb-" + rand(12, string.digits) + "-" + rand(13, string.digits) + "-" + rand(24),
}


@pytest.mark.parametrize("kind", sorted(LIVE))
def test_live_tokens_are_found_and_masked(kind: str) -> None:
    token = LIVE[kind]
    [hit] = secrets.scan_text(f"# config\n  key: '{token}'\n")
    assert (hit.line, hit.column) == (2, 9)
    assert token not in hit.shown and token.startswith(hit.shown.rstrip("\u2026"))


@pytest.mark.parametrize(
    "text",
    [
        "export ANTHROPIC_API_KEY=sk-ant-api03-...",
        "ANTHROPIC_API_KEY=sk-ant-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "token = 'ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'",
        "aws_access_key_id = AKIAIOSFODNN7EXAMPLE",
        "Authorization: Bearer <token>",
        "OPENAI_API_KEY=sk-your-key-here",
        "ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "ghp_ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
        "xoxb-123456789012-1234567890123-abcdefghijklmnopqrstuvwx",
        "use the task-budgets-2026-03-13 beta header",
        "sk-proj-" + "Q9" + "mVt3LkP8zR2wXc7nB4yH6jD1" + "...",  # truncated in the docs
        "-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----",
        "Keys start with `-----BEGIN OPENSSH PRIVATE KEY-----`.",
        "sk-ant-api03-" + "Zq" + "8Xm2Lp4Rt6Vw9Yb3Nc5Hj7Kd1Fg0Sa" * 3 + "  # skillkit: allow-secret",
    ],
)
def test_documentation_of_formats_is_quiet(text: str) -> None:
    assert secrets.scan_text(text) == []


def _key_body() -> str:
    return base64.b64encode(bytes(RNG.randrange(256) for _ in range(600))).decode()


def test_pem_private_key_with_a_body() -> None:
    body = _key_body()
    pem = "-----BEGIN PRIVATE KEY-----\n" + "\n".join(body[i : i + 64] for i in range(0, len(body), 64)) + "\n-----END PRIVATE KEY-----\n"
    [hit] = secrets.scan_text("notes\n" + pem)
    assert (hit.kind, hit.line, hit.column) == ("private key", 2, 1)


def test_pem_key_inside_json() -> None:
    body = _key_body()
    line = '{"private_key": "-----BEGIN PRIVATE KEY-----\\n' + body[:64] + "\\n" + body[64:128] + '\\n-----END PRIVATE KEY-----\\n"}'
    [hit] = secrets.scan_text(line)
    assert (hit.line, hit.column) == (1, 18)


def test_binary_files_are_skipped() -> None:
    assert secrets.scan_bytes(b"\x00\x01" + LIVE["github token"].encode()) == []
    assert len(secrets.scan_bytes(LIVE["github token"].encode())) == 1


@pytest.mark.parametrize(
    ("name", "secret"),
    [(".env", True), ("config/.env.local", True), (".env.production", True), (".envrc", True), ("id_rsa", True),
     ("keys/id_ed25519", True), ("cert.p12", True), (".netrc", True), (".env.example", False), (".env.sample", False),
     ("id_rsa.pub", False), ("environment.md", False), ("cert.pem", False)],
)
def test_secret_file_names(name: str, secret: bool) -> None:
    assert (secrets.secret_filename(name) is not None) is secret
