"""--check-code: off by default; parses json, yaml, toml, python in-process and shell and others with tools."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import run_cli, write_skill

import skillkit
from skillkit.content import codecheck
from skillkit.diagnostics import Severity

BROKEN = """# Broken code

```json
{"a": 1,
 "b": }
```

```yaml
key: [unclosed
other: 1
```

```toml
[table]
key = = 1
```

```python
def f(:
    pass
```

- In a list:

  ```python
  x = (1,
  ```

> ```bash
> if true; then
> echo missing fi
> ```

```text
not checked
```
"""

GOOD = """# Good code

```json
{"a": [1, 2]}
```

```yaml
a: 1
---
b: [1, 2]
```

```toml
[t]
k = 1
```

```python
>>> print("a session is skipped")
```

```python
%matplotlib inline
!pip install thing
import thing
```

```sh
for f in *.txt; do echo "$f"; done
```
"""


def _diags(folder: Path, **kwargs: object) -> list[tuple[str, int | None, int | None, str]]:
    report = skillkit.validate([folder], target="claude-ai", **kwargs)  # type: ignore[arg-type]
    return [(d.rule, d.line, d.column, d.message) for d in report.skills[0].diagnostics]


def test_off_by_default(tmp_path: Path) -> None:
    folder = write_skill(tmp_path, "broken", body=BROKEN)
    assert not [d for d in _diags(folder) if d[0].startswith("code-")]


def test_syntax_errors_at_exact_lines(tmp_path: Path) -> None:
    folder = write_skill(tmp_path, "broken", body=BROKEN)
    found = [d for d in _diags(folder, check_code=True) if d[0] == "code-syntax"]
    by_line = {line: (col, message) for _, line, col, message in found}
    # '# Broken code' is file line 6; the json fence opens on line 8.
    assert by_line[10] == (7, "invalid JSON: Expecting value (in the json block opened on line 8)")
    assert by_line[15] == (6, "invalid YAML: expected ',' or ']', but got ':' (in the yaml block opened on line 13)")
    assert by_line[20] == (7, "invalid TOML: Invalid value (in the toml block opened on line 18)")
    assert by_line[24] == (7, "python syntax error: invalid syntax (in the python block opened on line 23)")
    # Inside a list item the column counts the item's indentation.
    assert by_line[31] == (7, "python syntax error: '(' was never closed (in the python block opened on line 30)")
    if shutil.which("bash"):
        # bash reports the end of the block; inside a blockquote the column is after '> '.
        assert by_line[36] == (3, "bash syntax error: unexpected end of file (in the bash block opened on line 34)")
    assert len(found) == (6 if shutil.which("bash") else 5)


def test_valid_code_is_clean(tmp_path: Path) -> None:
    folder = write_skill(tmp_path, "good", body=GOOD)
    assert _diags(folder, check_code=True) == []


def test_selecting_the_rule_enables_it(tmp_path: Path) -> None:
    folder = write_skill(tmp_path, "broken", body=BROKEN)
    found = _diags(folder, select=["code-syntax"])
    assert found and {d[0] for d in found} == {"code-syntax"}


def test_missing_tool_is_said_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    body = "# Two\n\n```elixir\nx = 1\n```\n\n```ruby\nputs 1\n```\n\n```exs\ny = 2\n```\n"
    folder = write_skill(tmp_path, "multi-lang", body=body)
    monkeypatch.setattr(codecheck, "available", lambda tool: False)
    found = _diags(folder, check_code=True)
    assert found == [
        ("code-check-skipped", 8, 1, "code not checked, tool not on the PATH: 2 elixir ('elixir') blocks, 1 ruby ('ruby') block")
    ]


@pytest.mark.skipif(shutil.which("elixir") is None, reason="elixir not installed")
def test_elixir_is_parsed_not_run(tmp_path: Path) -> None:
    body = (
        "# Elixir\n\n```elixir\nFile.write!(\"/tmp/skillkit-must-not-exist\", \"x\")\n```\n\n"
        "```elixir\ndefmodule A do\n  def f(x) do\n    x +\n  end\n```\n"
    )
    folder = write_skill(tmp_path, "exs", body=body)
    found = _diags(folder, check_code=True)
    assert not Path("/tmp/skillkit-must-not-exist").exists()
    assert [(rule, line) for rule, line, _, _ in found] == [("code-syntax", 16)]
    assert "elixir syntax error: missing terminator: end" in found[0][3]


@pytest.mark.skipif(shutil.which("node") is None, reason="node not installed")
def test_javascript_with_node(tmp_path: Path) -> None:
    body = "# JS\n\n```javascript\nconst a = ;\n```\n\n```js\nconst b = 1;\n```\n"
    folder = write_skill(tmp_path, "js", body=body)
    found = _diags(folder, check_code=True)
    assert [(rule, line) for rule, line, _, _ in found] == [("code-syntax", 9)]
    assert found[0][3].startswith("javascript syntax error: SyntaxError: Unexpected token")


def test_unclosed_fence_is_not_checked(tmp_path: Path) -> None:
    folder = write_skill(tmp_path, "open", body="# Open\n\n```json\n{bad\n")
    assert [d[0] for d in _diags(folder, check_code=True)] == ["fence-unclosed"]


def test_cli_flag(tmp_path: Path) -> None:
    folder = write_skill(tmp_path, "broken", body=BROKEN)
    plain = run_cli("validate", str(folder), "--target", "claude-ai")
    checked = run_cli("validate", str(folder), "--target", "claude-ai", "--check-code")
    assert "code-syntax" not in plain.stdout
    assert "code-syntax" in checked.stdout and "invalid JSON" in checked.stdout
    assert checked.returncode == 0  # syntax findings are warnings


def test_rule_severities() -> None:
    from skillkit.rules import RULES

    assert RULES["code-syntax"].severity is Severity.WARNING
    assert RULES["code-check-skipped"].severity is Severity.INFO
