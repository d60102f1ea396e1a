"""Count the SKILL.md bodies under a folder that skillkit's fast scanner parses and those that fall back to markdown-it-py."""

# Run under skillkit's own Python (the runner does, on the corpus it times): `parse_paths.py DIR [--json]`.
# Bodies are read as `skillkit validate` reads them (strict UTF-8, the frontmatter split) and handed to
# `skillkit.markdown.scan.parse`, which returns None when a body uses something the scanner does not model;
# the reason is the message of the `Unmodeled` that `skillkit.markdown.scan._Blocks(body).run()` raises.
# Only these names of skillkit's Markdown code are used, so that the scanner can be rewritten behind them;
# when they cannot be imported, the result says so instead of failing.

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import scan, skill_file

TOP_REASONS = 10
CR_OR_NUL = "CR or NUL character in the body"  # refused before any scanning (scan.parse's first test)


def _reason(blocks: Any, unmodeled: type[Exception], body: str) -> str:
    """Why the scanner fell back on this body: the Unmodeled message, or what else stopped it."""
    if "\r" in body or "\0" in body:
        return CR_OR_NUL
    try:
        blocks(body).run()
    except unmodeled as exc:
        return str(exc) or type(exc).__name__
    except RecursionError:
        return "nesting too deep (RecursionError)"
    except Exception as exc:  # noqa: BLE001 - a scanner bug: skillkit falls back to markdown-it-py for it too
        return f"scanner error: {type(exc).__name__}: {exc}"[:120]
    return "parse() returned None, but _Blocks ran to the end (reason unknown)"


def _bodies(root: Path, decode: Any, split: Any) -> tuple[list[str], Counter[str]]:
    """The SKILL.md bodies under root, as skillkit reads them, and a count of the files that give none."""
    bodies: list[str] = []
    skipped: Counter[str] = Counter()
    for folder in scan(root, "folder").skills:
        entry = skill_file({e.name: e for e in os.scandir(folder)})
        try:
            raw = Path(entry.path).read_bytes() if entry else b""
        except OSError:
            skipped["unreadable"] += 1
            continue
        text, _ = decode(raw)
        if text is None:
            skipped["not UTF-8 text"] += 1
            continue
        parts = split(text)
        # skillkit parses no body after a frontmatter block that is never closed (it is all frontmatter).
        if any(str(getattr(f.rule, "value", f.rule)) == "frontmatter-unclosed" for f in parts.findings):
            skipped["unclosed frontmatter"] += 1
        elif not parts.body.strip():
            skipped["empty body"] += 1
        else:
            bodies.append(parts.body)
    return bodies, skipped


def measure(root: Path) -> dict[str, Any]:
    """How many bodies under root each parse path takes, with the top reasons for falling back."""
    try:
        from skillkit.document.frontmatter import decode, split
        from skillkit.markdown.scan import _Blocks, parse
        from skillkit.markdown.tokens import Unmodeled
    except Exception as exc:  # noqa: BLE001 - the scanner is being rewritten: a half-done edit must not sink the run
        return {"available": False, "error": f"cannot import the scanner: {type(exc).__name__}: {exc}"}
    bodies, skipped = _bodies(root, decode, split)
    reasons: Counter[str] = Counter()
    fast = 0
    start = time.perf_counter()
    for body in bodies:
        try:
            ok = parse(body) is not None
        except Exception:  # noqa: BLE001 - skillkit's caller catches this and falls back: count it the same way
            ok = False
        if ok:
            fast += 1
        else:
            reasons[_reason(_Blocks, Unmodeled, body)] += 1
    took = time.perf_counter() - start
    return {"available": True, "build": _build(), "bodies": len(bodies), "fast": fast,
            "fallback": len(bodies) - fast, "skipped": dict(skipped), "seconds": round(took, 3),
            "reasons": reasons.most_common()}


def _build() -> str:
    """Whether the scanner ran compiled (mypyc) or as Python source: its speed differs, its answers do not."""
    try:
        from skillkit import build_mode

        return "compiled" if build_mode.compiled() else "pure Python"
    except Exception:  # noqa: BLE001 - an internal of skillkit's that may change: only a label hangs on it
        return "unknown"


def describe(result: dict[str, Any]) -> list[str]:
    """The result as lines of text, for the runner's report and this script's own output."""
    if not result.get("available"):
        return [f"parse paths: unavailable ({result.get('error', 'no result')})"]
    n = result["bodies"]
    share = result["fast"] / n * 100 if n else 0.0
    skipped = ", ".join(f"{v:,} {k}" for k, v in sorted(result["skipped"].items())) or "none"
    lines = [f"parse paths of {n:,} SKILL.md bodies (scanner {result['build']}; without a body: {skipped}):",
             f"  fast scanner:               {result['fast']:>7,}  {share:6.2f}%",
             f"  fell back to markdown-it-py: {result['fallback']:>6,}  {100 - share if n else 0.0:6.2f}%"]
    if result["reasons"]:
        lines.append(f"  top reasons for falling back (of {len(result['reasons'])}):")
        lines += [f"    {count:>6,}  {reason}" for reason, count in result["reasons"][:TOP_REASONS]]
    lines.append(f"  (scanner time in one process: {result['seconds']:.2f} s, bodies that fell back included)")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("root", type=Path, help="a folder of skills")
    ap.add_argument("--json", action="store_true", help="print the result as JSON (what the runner reads)")
    args = ap.parse_args(argv)
    result = measure(args.root)
    print(json.dumps(result) if args.json else "\n".join(describe(result)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
