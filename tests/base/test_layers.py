"""The house's import contract: layers import one way down, no cycles (pyproject.toml's [tool.importlinter])."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    code = "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"
    return subprocess.run([sys.executable, "-c", code, "--no-cache"], cwd=cwd, capture_output=True, text=True, check=False, timeout=300)


def test_every_contract_is_kept() -> None:
    done = run_lint_imports(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 kept, 0 broken" in done.stdout


def test_a_wrong_way_import_breaks_the_contract(tmp_path: Path) -> None:
    """The contract can fail: a copy of the package where the markdown layer imports the engine is refused."""
    import shutil

    shutil.copytree(ROOT / "skillkit", tmp_path / "skillkit", ignore=shutil.ignore_patterns("*.so", "__pycache__"))
    shutil.copy2(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    parsed = tmp_path / "skillkit" / "markdown" / "parsed.py"
    parsed.write_text(parsed.read_text(encoding="utf-8") + "\nfrom skillkit.engine import run  # noqa\n", encoding="utf-8")
    done = run_lint_imports(tmp_path)
    assert done.returncode != 0
    assert "skillkit.markdown is not allowed to import skillkit.engine" in done.stdout
