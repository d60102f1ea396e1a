"""`validate --target claude-ai` predicts `build-zip`: a skill folder validates without errors exactly when it builds.

Both run over every skill of the shared corpus (skipped when it is absent) and of every golden case, in
a temporary copy (the build writes its zips there), and must agree skill by skill on "refused or not".
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from test_cases import CASES, _cases, _parse_expected, _prepare

import skillkit
from skillkit.diagnostics import Severity
from skillkit.ids import RuleId
from skillkit.packaging.build import BuildOptions, build_zips

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"


def _verdicts(root: Path, out: Path) -> tuple[dict[str, bool], dict[str, bool], dict[str, str]]:
    """Per skill folder: refused by validate (errors), refused by build-zip; and the errors validate gave."""
    report = skillkit.validate([str(root)], target="claude-ai", jobs=1)
    validated = {os.path.abspath(s.path): not s.valid for s in report.skills}
    errors = {
        os.path.abspath(s.path): "; ".join(f"{d.rule}: {d.message}" for d in s.diagnostics if d.severity is Severity.ERROR)
        for s in report.skills
    }
    # Two skills of one run that would write the same zip (package-write) is the run's problem, not the skill's.
    built = {
        os.path.abspath(r.path): any(d.severity is Severity.ERROR and d.rule != RuleId.PACKAGE_WRITE for d in r.diagnostics)
        for r in build_zips([str(root)], BuildOptions(out=out))
    }
    return validated, built, errors


def _disagreements(validated: dict[str, bool], built: dict[str, bool], errors: dict[str, str]) -> list[str]:
    assert validated.keys() == built.keys()
    return [
        f"{path}: validate {'refuses' if validated[path] else 'accepts'}, build-zip {'refuses' if built[path] else 'accepts'} ({errors[path]})"
        for path in sorted(validated)
        if validated[path] != built[path]
    ]


def test_corpus_validate_predicts_build(tmp_path: Path) -> None:
    if not CORPUS.is_dir():
        pytest.skip("the shared corpus is not here")
    copy = tmp_path / "corpus"
    shutil.copytree(CORPUS, copy, symlinks=True)
    validated, built, errors = _verdicts(copy, tmp_path / "dist")
    assert len(validated) > 100
    assert _disagreements(validated, built, errors) == []


def _folder_cases() -> list[Path]:
    # Zip cases check a zip, not a folder; build-zip cases already run the build.
    out = []
    for case in _cases():
        options, _ = _parse_expected(case / "expected.txt")
        if "zip" not in options and "command" not in options and "crash" not in options:
            out.append(case)
    return out


@pytest.mark.parametrize("case", _folder_cases(), ids=lambda p: p.name)
def test_case_validate_predicts_build(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    options, _ = _parse_expected(case / "expected.txt")
    work = tmp_path / case.name
    shutil.copytree(CASES / case.name, work, symlinks=True)
    monkeypatch.chdir(work)
    _prepare(work, options)
    paths = (options.get("paths") or [""])[0].split() or ["."]
    try:
        skillkit.validate(paths, target="claude-ai", jobs=1)
    except skillkit.UsageError:
        pytest.skip("nothing to validate as a skill folder here")
    disagreements: list[str] = []
    for path in paths:
        validated, built, errors = _verdicts(work / path, tmp_path / "dist")
        disagreements += _disagreements(validated, built, errors)
    assert disagreements == []
