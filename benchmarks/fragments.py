"""Vocabulary and Markdown block builders for the synthetic benchmark corpus (all text is made up here)."""

from __future__ import annotations

import random

DOMAINS: tuple[tuple[str, str, str], ...] = (
    # (title noun phrase, file stem, a tool or library the domain talks about)
    ("PDF forms", "pdf-forms", "pypdf"),
    ("spreadsheet reports", "spreadsheets", "openpyxl"),
    ("Kubernetes manifests", "kubernetes", "kubectl"),
    ("SQL migrations", "migrations", "alembic"),
    ("git history", "git-history", "git"),
    ("REST API clients", "api-clients", "httpx"),
    ("Docker images", "docker-images", "docker"),
    ("data frames", "dataframes", "pandas"),
    ("protein structures", "proteins", "biopython"),
    ("time series", "time-series", "statsmodels"),
    ("slide decks", "slides", "python-pptx"),
    ("log files", "logs", "jq"),
    ("Terraform modules", "terraform", "terraform"),
    ("unit tests", "unit-tests", "pytest"),
    ("image batches", "images", "pillow"),
    ("chemical compounds", "compounds", "rdkit"),
    ("single-cell data", "single-cell", "scanpy"),
    ("release notes", "release-notes", "gh"),
    ("web accessibility audits", "accessibility", "axe"),
    ("database schemas", "schemas", "sqlalchemy"),
)
VERBS = ("process", "validate", "convert", "analyse", "generate", "inspect", "clean", "merge", "summarise",
         "review", "deploy", "migrate", "profile", "debug", "extract", "format", "compare", "archive")
NOUNS = ("file", "record", "field", "table", "column", "request", "response", "batch", "config", "template",
         "schema", "report", "step", "result", "output", "input", "token", "header", "page", "section", "query",
         "index", "cache", "session", "error", "warning", "checkpoint", "manifest", "dataset", "sample")
ADJS = ("large", "nested", "optional", "required", "empty", "partial", "cached", "remote", "local", "invalid",
        "temporary", "sorted", "filtered", "compressed", "encrypted", "versioned", "shared", "default")
ADVERBS = ("always", "never", "first", "carefully", "only", "again", "explicitly", "quickly")
TOOLS = ("Read", "Write", "Edit", "Grep", "Glob", "Bash(git:*)", "Bash(python:*)", "WebFetch")
SECTIONS = ("Overview", "Quick start", "When to use", "Workflow", "Core concepts", "Examples", "Common patterns",
            "Configuration", "Reference", "Troubleshooting", "Best practices", "Error handling", "Output format",
            "Installation", "Advanced usage", "Performance", "Validation", "Limitations", "Checklist")
LANGS: tuple[tuple[str, float], ...] = (("python", 0.55), ("bash", 0.25), ("json", 0.07), ("yaml", 0.07),
                                        ("javascript", 0.02), ("text", 0.02), ("sql", 0.02))
# A few non-ASCII pieces, since real skills carry dashes, arrows, emoji and the odd CJK word.
UNICODE = ("—", "→", "✅", "❌", "é", "データ", "“quoted”", "±", "…")


def plural(noun: str) -> str:
    return noun[:-1] + "ies" if noun.endswith("y") else noun + ("es" if noun.endswith(("s", "x", "h")) else "s")


def ident(rng: random.Random) -> str:
    return f"{rng.choice(VERBS)}_{rng.choice(NOUNS)}"


def code_span(rng: random.Random, stem: str, tool: str) -> str:
    pick = rng.random()
    if pick < 0.3:
        return f"`{ident(rng)}()`"
    if pick < 0.5:
        return f"`--{rng.choice(NOUNS)}`"
    if pick < 0.7:
        return f"`{rng.choice(NOUNS)}.{rng.choice(('json', 'yaml', 'csv', 'md', 'txt'))}`"
    if pick < 0.85:
        return f"`{tool}`"
    return f"`{stem}`"


def sentence(rng: random.Random, stem: str, tool: str, code: float = 0.3) -> str:
    n1, n2 = rng.choice(NOUNS), rng.choice(NOUNS)
    forms = (
        f"{rng.choice(VERBS).capitalize()} the {rng.choice(ADJS)} {n1} before you {rng.choice(VERBS)} each {n2}",
        f"The {n1} must be {rng.choice(ADJS)} when the {n2} is {rng.choice(ADJS)}",
        f"Use {tool} to {rng.choice(VERBS)} every {n1} and {rng.choice(ADVERBS)} keep the {n2}",
        f"If a {n1} fails, {rng.choice(VERBS)} the {rng.choice(ADJS)} {n2} and retry once",
        f"{rng.choice(ADVERBS).capitalize()} check the {n1} so that the {n2} stays {rng.choice(ADJS)}",
        f"Each {n1} maps to one {n2}, which keeps the {rng.choice(NOUNS)} {rng.choice(ADJS)}",
    )
    text = rng.choice(forms)
    if rng.random() < code:
        text += f" (see {code_span(rng, stem, tool)})"
    if rng.random() < 0.04:
        text += f" {rng.choice(UNICODE)} {rng.choice(NOUNS)}"
    return text + "."


def paragraph(rng: random.Random, stem: str, tool: str) -> str:
    if rng.random() < 0.35:
        # Short "**Label:** text" lines are the most common paragraph shape in real skills.
        return f"**{rng.choice(NOUNS).capitalize()}:** {sentence(rng, stem, tool)}"
    text = " ".join(sentence(rng, stem, tool) for _ in range(rng.randint(1, 4)))
    if rng.random() < 0.15:
        text = text.replace(" the ", " the **key** ", 1)
    return text


def bullets(rng: random.Random, stem: str, tool: str, numbered: bool = False) -> str:
    lines = []
    for i in range(rng.randint(3, 8)):
        mark = f"{i + 1}." if numbered else "-"
        item = sentence(rng, stem, tool, code=0.4)
        if not numbered and rng.random() < 0.3:
            item = f"**{rng.choice(NOUNS).capitalize()}**: {item}"
        lines.append(f"{mark} {item}")
        if rng.random() < 0.12:
            pad = " " * (len(mark) + 1)
            lines.extend(f"{pad}- {sentence(rng, stem, tool, code=0.2)}" for _ in range(rng.randint(1, 3)))
    return "\n".join(lines)


def table(rng: random.Random, stem: str, tool: str, bad_row: bool = False) -> str:
    cols = rng.choices((2, 3, 4, 5), weights=(3, 8, 3, 1))[0]
    head = rng.sample(("Option", "Type", "Default", "Description", "Example", "Tool", "When", "Result"), cols)
    rows = [f"| {' | '.join(head)} |", "|" + "|".join("---" for _ in head) + "|"]
    count = rng.randint(2, 8)
    broken = rng.randrange(count) if bad_row else -1
    for r in range(count):
        cells = [code_span(rng, stem, tool)] + [
            " ".join(rng.choice(NOUNS + ADJS) for _ in range(rng.randint(1, 5))) for _ in range(cols - 1)]
        if r == broken:
            cells.append("extra cell")
        rows.append(f"| {' | '.join(cells)} |")
    return "\n".join(rows)


def code_lines(rng: random.Random, lang: str, stem: str, tool: str) -> list[str]:
    n = max(1, min(40, int(rng.lognormvariate(2.1, 0.6))))
    if lang == "python":
        out = [f"from {tool.replace('-', '_')} import {rng.choice(NOUNS).capitalize()}", ""]
        while len(out) < n:
            fn = ident(rng)
            out += [f"def {fn}(path: str, {rng.choice(NOUNS)}: int = {rng.randint(0, 99)}) -> dict:",
                    f'    """{rng.choice(VERBS).capitalize()} one {rng.choice(NOUNS)}."""',
                    f"    data = load_{rng.choice(NOUNS)}(path)",
                    f"    return {{'{rng.choice(NOUNS)}': data, 'ok': True}}", ""]
        return out[:n]
    if lang == "bash":
        cmds = (f"python scripts/{ident(rng)}.py --{rng.choice(NOUNS)} input.{rng.choice(('pdf', 'csv', 'json'))}",
                f"pip install {tool}", f"{tool} --help", f"mkdir -p out/{plural(rng.choice(NOUNS))}",
                f"grep -rn '{rng.choice(NOUNS)}' . | head -20", f"export {rng.choice(NOUNS).upper()}_DIR=/tmp/{stem}")
        return [rng.choice(cmds) for _ in range(n)]
    if lang == "json":
        body = [f'  "{rng.choice(NOUNS)}_{i}": "{rng.choice(ADJS)}",' for i in range(max(1, n - 2))]
        body[-1] = body[-1].rstrip(",")
        return ["{", *body, "}"]
    if lang == "yaml":
        return [f"{rng.choice(NOUNS)}_{i}: {rng.choice(ADJS)}" for i in range(n)]
    if lang == "sql":
        return [f"SELECT {rng.choice(NOUNS)}, COUNT(*) FROM {plural(rng.choice(NOUNS))} GROUP BY 1;" for _ in range(n)]
    if lang == "javascript":
        return [f"const {rng.choice(NOUNS)}{i} = await {ident(rng)}('{stem}');" for i in range(n)]
    return [sentence(rng, stem, tool, code=0) for _ in range(n)]


def fence(rng: random.Random, stem: str, tool: str, closed: bool = True) -> str:
    lang = rng.choices([lang for lang, _ in LANGS], weights=[w for _, w in LANGS])[0]
    lines = [f"```{lang}", *code_lines(rng, lang, stem, tool)]
    if closed:
        lines.append("```")
    return "\n".join(lines)


def quote(rng: random.Random, stem: str, tool: str) -> str:
    label = rng.choice(("Note", "Warning", "Tip", "Important"))
    return f"> **{label}:** {sentence(rng, stem, tool)}\n> {sentence(rng, stem, tool)}"


def reference_file(rng: random.Random, title: str, stem: str, tool: str) -> str:
    parts = [f"# {title}", ""]
    for _ in range(rng.randint(2, 6)):
        parts += [f"## {rng.choice(SECTIONS)}", "", paragraph(rng, stem, tool), "", bullets(rng, stem, tool), ""]
    return "\n".join(parts)


def script_file(rng: random.Random, stem: str, tool: str) -> str:
    return "\n".join(['#!/usr/bin/env python3', f'"""{sentence(rng, stem, tool, code=0)}"""', "",
                      *code_lines(rng, "python", stem, tool), "", 'if __name__ == "__main__":', "    pass", ""])
