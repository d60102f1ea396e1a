"""Syntax checks for fenced code (`--check-code`): parse only, never run; in-process where Python can, else a tool."""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import tempfile
import tomllib
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

import yaml

# Rules that run only when asked for (--check-code, check_code=True, or selected by id).
TIMEOUT_SECONDS = 20

ALIASES: dict[str, str] = {
    "py": "python", "python3": "python", "py3": "python",
    "sh": "bash", "shell": "bash", "bash": "bash",
    "yml": "yaml", "yaml": "yaml", "json": "json", "toml": "toml", "python": "python",
    "js": "javascript", "javascript": "javascript", "mjs": "javascript", "node": "javascript",
    "elixir": "elixir", "ex": "elixir", "exs": "elixir",
    "ruby": "ruby", "rb": "ruby", "php": "php",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Problem:
    """A syntax error at a 1-based line (within the block) and optional 1-based column."""

    line: int
    column: int | None
    message: str


Result = Problem | None


def language(tag: str) -> str | None:
    """The checker language for a fence tag, or None when no checker exists for it."""
    return ALIASES.get(tag.lower())


def tool_for(lang: str) -> str | None:
    """The program an external checker needs, or None for the languages checked in-process."""
    return EXTERNAL[lang][0] if lang in EXTERNAL else None


@cache
def available(tool: str) -> bool:
    return shutil.which(tool) is not None


def check_all(lang: str, blocks: Sequence[str]) -> list[Result]:
    """One result per block (None = parses). Raises LookupError when the language's tool is missing."""
    if lang in IN_PROCESS:
        return [IN_PROCESS[lang](code) for code in blocks]
    tool, batch = EXTERNAL[lang]
    if not available(tool):
        raise LookupError(tool)
    return batch(list(blocks))


def _python(code: str) -> Result:
    lines = code.split("\n")
    if any(line.lstrip().startswith(">>>") for line in lines):
        return None  # an interpreter session, not a module
    # Notebook magics and shell escapes (`%timeit`, `!pip install`) are not Python: blank them out.
    cleaned = "\n".join(re.sub(r"^(\s*)[%!].*$", r"\1pass", line) for line in lines)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(cleaned)
    except SyntaxError as exc:
        return Problem(exc.lineno or 1, exc.offset, f"python syntax error: {exc.msg}")
    except (ValueError, RecursionError, MemoryError) as exc:
        return Problem(1, None, f"python could not be parsed: {exc}")
    return None


# Elisions written on purpose in examples: `{...}`, `[...]`, and a `...` line or element.
_ELLIPSIS = r"(?:\.\.\.|…)"
_JSON_ELISION_RE = re.compile(
    rf"\{{\s*{_ELLIPSIS}\s*\}}|\[\s*{_ELLIPSIS}\s*\]|^\s*{_ELLIPSIS},?\s*$|,\s*{_ELLIPSIS}(?=\s*[\]}}])", re.MULTILINE
)
# `<name>`-style placeholders in commands (`git checkout <branch>`): not redirections, so read as words.
_SHELL_PLACEHOLDER_RE = re.compile(r"<([A-Za-z][\w.-]*(?:[ |/][\w.-]+)*)>")


def _json(code: str) -> Result:
    code = _JSON_ELISION_RE.sub(_blank, code)
    try:
        json.loads(code)
    except json.JSONDecodeError as exc:
        return Problem(exc.lineno, exc.colno, f"invalid JSON: {exc.msg}")
    except RecursionError:
        return Problem(1, None, "invalid JSON: nested too deeply")
    return None


def _yaml(code: str) -> Result:
    try:
        # compose only builds the node graph: no tags are constructed, aliases are not expanded.
        for _ in yaml.compose_all(code, Loader=yaml.SafeLoader):
            pass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, None)
        return Problem(line, col, f"invalid YAML: {exc.problem or exc.context}")
    except yaml.YAMLError as exc:
        return Problem(1, None, f"invalid YAML: {exc}")
    return None


def _toml(code: str) -> Result:
    try:
        tomllib.loads(code)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        return Problem(int(m.group(1)) if m else 1, int(m.group(2)) if m else None, f"invalid TOML: {message}")
    except RecursionError:  # tomllib recurses per nesting level
        return Problem(1, None, "invalid TOML: nested too deeply")
    return None


IN_PROCESS: dict[str, Callable[[str], Result]] = {"python": _python, "json": _json, "yaml": _yaml, "toml": _toml}


def _run(argv: list[str], stdin: str | None = None) -> subprocess.CompletedProcess[str] | None:
    try:
        return subprocess.run(
            argv,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
            env={"PATH": os.environ.get("PATH", ""), "LC_ALL": "C"},
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None


def _line_message(output: str, label: str) -> Problem:
    lines = [line.strip() for line in output.strip().splitlines() if line.strip()] or ["syntax error"]
    text = next((line for line in lines if "syntax error" in line.lower() or "SyntaxError" in line), lines[0])
    m = re.search(r"line (\d+)", output) or re.search(r":(\d+)(?::|$)", output, re.MULTILINE)
    text = re.sub(r"^.*?(?:line \d+:|block\d*[^:]*:\d+:)\s*", "", text)
    text = re.sub(r"^syntax error:\s*", "", text, flags=re.IGNORECASE)
    return Problem(int(m.group(1)) if m else 1, None, f"{label} syntax error: {text}")


def _per_file(argv: list[str], suffix: str, label: str) -> Callable[[list[str]], list[Result]]:
    """A checker that takes one file per run and fails with 'line N' in its output."""

    def batch(blocks: list[str]) -> list[Result]:
        out: list[Result] = []
        with tempfile.TemporaryDirectory(prefix="skillkit-") as tmp:
            for i, code in enumerate(blocks):
                path = os.path.join(tmp, f"block{i}{suffix}")
                with open(path, "w", encoding="utf-8") as fh:
                    fh.write(code)
                done = _run([*argv, path])
                if done is None or done.returncode == 0:
                    out.append(None)
                else:
                    out.append(_line_message((done.stderr or done.stdout).replace(path, "block"), label))
        return out

    return batch


def _blank(m: re.Match[str]) -> str:
    """Replace an elision by what keeps the JSON valid and the columns where they were."""
    text = m.group(0)
    if text.lstrip().startswith("{"):
        return "{" + " " * (len(text) - 2) + "}"
    if text.lstrip().startswith("["):
        return "[" + " " * (len(text) - 2) + "]"
    return " " * len(text)


def _bash(blocks: list[str]) -> list[Result]:
    out: list[Result] = []
    for code in blocks:
        code = _SHELL_PLACEHOLDER_RE.sub(lambda m: "_" * len(m.group(0)), code)
        done = _run(["bash", "-n"], stdin=code)
        out.append(None if done is None or done.returncode == 0 else _line_message(done.stderr, "bash"))
    return out


# One BEAM start for every block: Code.string_to_quoted/2 parses without compiling or running.
_ELIXIR_SCRIPT = r"""
for {path, i} <- Enum.with_index(System.argv()) do
  case Code.string_to_quoted(File.read!(path), columns: true) do
    {:ok, _} -> IO.puts("#{i}\tok")
    {:error, {meta, msg, token}} ->
      line = if is_list(meta), do: Keyword.get(meta, :line, 1), else: meta
      col = if is_list(meta), do: Keyword.get(meta, :column, 0), else: 0
      msg = case msg do
        {a, b} -> "#{a}#{b}"
        m when is_binary(m) -> m
        m -> inspect(m)
      end
      text = String.replace("#{msg}#{token}", ~r/\s+/, " ")
      IO.puts("#{i}\terror\t#{line}\t#{col}\t#{text}")
  end
end
"""


def _elixir(blocks: list[str]) -> list[Result]:
    out: list[Result] = [None] * len(blocks)
    with tempfile.TemporaryDirectory(prefix="skillkit-") as tmp:
        paths = []
        for i, code in enumerate(blocks):
            paths.append(os.path.join(tmp, f"block{i}.exs"))
            with open(paths[-1], "w", encoding="utf-8") as fh:
                fh.write(code)
        done = _run(["elixir", "-e", _ELIXIR_SCRIPT, "--", *paths])
    if done is None:
        return out
    for row in done.stdout.splitlines():
        parts = row.split("\t")
        if len(parts) == 5 and parts[1] == "error" and parts[0].isdigit() and int(parts[0]) < len(out):
            line = int(parts[2]) if parts[2].isdigit() else 1
            col = int(parts[3]) if parts[3].isdigit() and int(parts[3]) > 0 else None
            out[int(parts[0])] = Problem(line, col, f"elixir syntax error: {parts[4].strip()}")
    return out


EXTERNAL: dict[str, tuple[str, Callable[[list[str]], list[Result]]]] = {
    "bash": ("bash", _bash),
    "elixir": ("elixir", _elixir),
    "javascript": ("node", _per_file(["node", "--check"], ".mjs", "javascript")),
    "ruby": ("ruby", _per_file(["ruby", "-c"], ".rb", "ruby")),
    "php": ("php", _per_file(["php", "-l"], ".php", "php")),
}
