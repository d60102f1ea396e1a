"""The validators the benchmark runs: where to find them and the exact command lines for a tree or one skill."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
DRIVER = HERE / "skills_ref_driver.py"
# Where the README's set-up step installs the peers; searched after --peer-bin and PATH.
DEFAULT_PEER_BIN = Path("/tmp/peers/bin")
KNOWN = ("skillkit", "agnix", "skills-ref")


@dataclass
class Tool:
    """One validator: how to run it on a whole tree and on one skill, and which exit codes mean it worked."""

    key: str
    label: str
    tree: list[str]
    single: list[str]
    note: str
    version: str
    ok_codes: frozenset[int] = frozenset({0, 1})
    count_re: str | None = None
    single_label: str = ""

    def tree_cmd(self, path: Path) -> list[str]:
        return [*self.tree, str(path)]

    def single_cmd(self, skill_dir: Path) -> list[str]:
        return [*self.single, str(skill_dir)]

    def counted(self, stdout: str) -> int | None:
        """The number of skills the tool says it checked, when it prints one."""
        if self.count_re is None:
            return None
        found = re.findall(self.count_re, stdout)
        return int(found[-1].replace(",", "")) if found else None


def _which(names: tuple[str, ...], dirs: list[Path]) -> Path | None:
    for d in dirs:
        for name in names:
            candidate = d / name
            if candidate.is_file() and os.access(candidate, os.X_OK):
                return candidate
    for name in names:
        found = shutil.which(name)
        if found:
            return Path(found)
    for name in names:
        candidate = DEFAULT_PEER_BIN / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def _version(cmd: list[str]) -> str:
    try:
        out = subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=30,
                             stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"unknown ({exc})"
    lines = (out.stdout or out.stderr).strip().splitlines()
    return lines[-1] if lines else "unknown"


def interpreter(script: Path) -> str | None:
    """The Python a console script runs under (its #! line), so the driver can import the same package."""
    with open(script, "rb") as fh:
        first = fh.readline().decode(errors="replace").strip()
    if not first.startswith("#!"):
        return None
    parts = first[2:].split()
    return parts[0] if parts and "python" in os.path.basename(parts[0]) else None


def find(keys: list[str], peer_bins: list[Path], skillkit_bin: Path | None) -> tuple[list[Tool], list[str]]:
    """Resolve the requested tools; returns the ones found and one message for each that was not."""
    tools: list[Tool] = []
    missing: list[str] = []
    for key in keys:
        if key == "skillkit":
            exe = skillkit_bin or _which(("skillkit",), [Path(sys.executable).parent])
            if exe is None:
                missing.append("skillkit: no `skillkit` next to this Python or on PATH (use --skillkit-bin)")
                continue
            tools.append(Tool("skillkit", "skillkit", [str(exe), "validate"], [str(exe), "validate"],
                              f"{exe} validate PATH", _version([str(exe), "--version"]),
                              count_re=r"([\d,]+) skills? checked"))
        elif key == "agnix":
            exe = _which(("agnix",), peer_bins)
            if exe is None:
                missing.append("agnix: not found on --peer-bin, PATH or /tmp/peers/bin (pip install agnix)")
                continue
            # --max-files 0: agnix refuses trees with more than 10,000 files by default ("Too many files").
            tools.append(Tool("agnix", "agnix", [str(exe), "--max-files", "0"], [str(exe)],
                              f"{exe} --max-files 0 PATH (one skill: {exe} SKILL_DIR)",
                              _version([str(exe), "--version"])))
        elif key == "skills-ref":
            exe = _which(("agentskills", "skills-ref"), peer_bins)
            python = interpreter(exe) if exe else None
            if exe is None or python is None:
                missing.append("skills-ref: `agentskills` not found on --peer-bin, PATH or /tmp/peers/bin "
                               "(pip install skills-ref)")
                continue
            tools.append(Tool("skills-ref", "skills-ref (API, 1 process)", [python, str(DRIVER)],
                              [str(exe), "validate"],
                              f"{python} {DRIVER} PATH (its CLI checks one skill per call; "
                              f"one skill: {exe} validate SKILL_DIR)",
                              _version([str(exe), "--version"]), count_re=r"([\d,]+) skills checked",
                              single_label="skills-ref (CLI)"))
        else:
            missing.append(f"{key}: unknown tool (choose from {', '.join(KNOWN)})")
    return tools, missing
