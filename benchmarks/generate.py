"""Write a reproducible corpus of N synthetic skills shaped like real ones: `generate.py N OUT_DIR [--seed S]`."""

from __future__ import annotations

import argparse
import math
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

import fragments as f

# Calibrated against real public skills: SKILL.md mean ~7.3 KB (issue), 1-30 KB spread, H2/H3 every ~300 bytes,
# about one fence per KB, tables in ~40% of skills, references/ in ~40% and scripts/ in ~25% of them.
MEAN_BYTES = 7300
SIGMA = 0.62
MIN_BYTES, MAX_BYTES = 1000, 30000
DEFECT_RATE = 0.05
DEFECTS = ("bad-name", "unknown-key", "long-description", "unclosed-fence", "table-cells", "broken-link")
# The lognormal's mean is exp(mu + sigma^2/2); the small correction covers the last block's overshoot.
MU = math.log(MEAN_BYTES) - SIGMA * SIGMA / 2 - 0.065
REF_NAMES = ("api", "examples", "troubleshooting", "advanced", "patterns", "workflows", "schema", "faq")


@dataclass
class Skill:
    """One generated skill: its SKILL.md text, extra files (relative path -> text) and its defect, if any."""

    name: str
    text: str
    files: dict[str, str] = field(default_factory=dict)
    defect: str | None = None


def _description(rng: random.Random, domain: str, stem: str, tool: str, length: int) -> str:
    verb = rng.choice(f.VERBS)
    text = f"{verb.capitalize()} {domain} with {tool}, including {rng.choice(f.ADJS)} {f.plural(rng.choice(f.NOUNS))}."
    use = (f" Use when the user asks to {verb} {domain}, {rng.choice(f.VERBS)} a {rng.choice(f.NOUNS)}, "
           f"or works with {stem} files.")
    while len(text) + len(use) < length:
        text += " " + f.sentence(rng, stem, tool, code=0)
    return (text + use).replace(": ", " - ")


def _yaml_description(rng: random.Random, text: str) -> list[str]:
    style = rng.random()
    if style < 0.7:
        return [f"description: {text}"]
    if style < 0.85:
        return ['description: "' + text.replace("\\", "\\\\").replace('"', '\\"') + '"']
    out, line = ["description: >-"], ""
    for word in text.split(" "):
        if line and len(line) + len(word) > 78:
            out.append("  " + line)
            line = ""
        line = f"{line} {word}" if line else word
    return out + ["  " + line]


def _frontmatter(rng: random.Random, name: str, domain: str, stem: str, tool: str, defect: str | None,
                 files: dict[str, str]) -> list[str]:
    length = int(rng.triangular(150, 600, 320)) if defect != "long-description" else rng.randint(1100, 1600)
    lines = ["---"]
    if defect == "bad-name":
        lines.append(f"name: {stem.replace('-', '_').title()}_{name[-5:]}")
    else:
        lines.append(f"name: {name}")
    lines += _yaml_description(rng, _description(rng, domain, stem, tool, length))
    if rng.random() < 0.85:
        lic = rng.choice(("MIT", "Apache-2.0", "Proprietary. LICENSE.txt has complete terms"))
        lines.append(f"license: {lic}")
        if lic.startswith("Proprietary"):
            files["LICENSE.txt"] = "All rights reserved.\n" + f.sentence(rng, stem, tool, code=0) + "\n"
    if rng.random() < 0.17:
        lines.append("allowed-tools: " + " ".join(rng.sample(f.TOOLS, rng.randint(2, 4))))
    if rng.random() < 0.05:
        lines.append(f"compatibility: Requires Python 3.10+ and {tool}")
    if rng.random() < 0.78:
        lines += ["metadata:", f"  author: {rng.choice(('acme', 'data-team', 'lab-tools', 'jdoe'))}",
                  f'  version: "1.{rng.randint(0, 12)}"']
    if defect == "unknown-key":
        lines += rng.choice((["author: Jane Doe"], ["version: 2.1.0"], ["tags:", f"  - {stem}", f"  - {tool}"]))
    return lines + ["---", ""]


def _links(rng: random.Random, stem: str, tool: str, files: dict[str, str], defect: str | None) -> list[str]:
    """Create references/ and scripts/ files and return the blocks that link to them."""
    blocks: list[str] = []
    if rng.random() < 0.4:
        items = []
        for ref in rng.sample(REF_NAMES, rng.randint(1, 4)):
            title = f"{ref.capitalize()} notes for {stem}"
            files[f"references/{ref}.md"] = f.reference_file(rng, title, stem, tool)
            items.append(f"- [{ref.capitalize()}](references/{ref}.md): {f.sentence(rng, stem, tool, code=0)}")
        blocks.append("**Reference files:**\n\n" + "\n".join(items))
    if rng.random() < 0.25:
        items = []
        for _ in range(rng.randint(1, 3)):
            script = f"scripts/{f.ident(rng)}.py"
            files[script] = f.script_file(rng, stem, tool)
            items.append(f"- [`{script}`]({script}) - {f.sentence(rng, stem, tool, code=0)}")
        blocks.append("\n".join(items))
    if rng.random() < 0.2:
        blocks.append(f"Upstream docs: [{tool} documentation](https://docs.example.com/{tool}/latest/).")
    if defect == "broken-link":
        blocks.append(f"For edge cases read [the advanced guide](references/{stem}-advanced.md).")
    return blocks


def _block(rng: random.Random, stem: str, tool: str, tables: bool, quotes: bool) -> str:
    kind = rng.choices(("para", "list", "numbered", "fence", "table", "quote"),
                       weights=(34, 25, 10, 20, 6 if tables else 0, 2 if quotes else 0))[0]
    if kind == "para":
        return f.paragraph(rng, stem, tool)
    if kind in ("list", "numbered"):
        return f.bullets(rng, stem, tool, numbered=kind == "numbered")
    if kind == "fence":
        return f.fence(rng, stem, tool)
    if kind == "table":
        return f.table(rng, stem, tool)
    return f.quote(rng, stem, tool)


def make_skill(seed: int, index: int) -> Skill:
    """Build skill number `index` (1-based); each skill has its own RNG, so any one can be rebuilt alone."""
    rng = random.Random(f"{seed}:{index}")
    name = f"skill-{index:05d}"
    domain, stem, tool = rng.choice(f.DOMAINS)
    defect = rng.choice(DEFECTS) if rng.random() < DEFECT_RATE else None
    target = min(MAX_BYTES, max(MIN_BYTES, int(rng.lognormvariate(MU, SIGMA))))
    files: dict[str, str] = {}
    head = _frontmatter(rng, name, domain, stem, tool, defect, files)
    verb = rng.choice(f.VERBS)
    body = [f"# {verb.capitalize()} {domain}", "", f.paragraph(rng, stem, tool), ""]
    pending = _links(rng, stem, tool, files, defect)
    tables, quotes = rng.random() < 0.45, rng.random() < 0.15
    if defect == "table-cells":
        pending.append(f.table(rng, stem, tool, bad_row=True))
    size = sum(len(line) + 1 for line in head + body)
    sections = rng.sample(f.SECTIONS, len(f.SECTIONS))
    used: dict[str, None] = {}  # ordered, unlike a set: the output must not depend on PYTHONHASHSEED
    while size < target or pending:
        if sections and (len(used) < 2 or rng.random() < 0.3):
            heading = "## " + sections.pop()
        else:
            heading = f"### {rng.choice(f.VERBS).capitalize()} {rng.choice(f.ADJS)} {f.plural(rng.choice(f.NOUNS))}"
        if heading in used:
            continue
        used[heading] = None
        parts = [heading, ""]
        for _ in range(rng.randint(1, 3)):
            block = pending.pop(0) if pending and rng.random() < 0.5 else _block(rng, stem, tool, tables, quotes)
            parts += [block, ""]
        body += parts
        size += sum(len(p.encode()) + 1 for p in parts)
    h2 = [h[3:] for h in used if h.startswith("## ")]
    if h2 and rng.random() < 0.15:
        anchor = rng.choice(h2)
        body += [f"See [{anchor}](#{anchor.lower().replace(' ', '-')}) for the details.", ""]
    if defect == "unclosed-fence":
        body += ["## Example", "", f.fence(rng, stem, tool, closed=False), ""]
    text = "\n".join(head + body).rstrip("\n") + "\n"
    return Skill(name, text, files, defect)


def generate(n: int, out_dir: Path, seed: int = 1) -> dict[str, object]:
    """Write N skills under out_dir and return a summary (counts, SKILL.md bytes, defects per kind)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    sizes: list[int] = []
    defects: dict[str, list[str]] = {d: [] for d in DEFECTS}
    for i in range(1, n + 1):
        skill = make_skill(seed, i)
        folder = out_dir / skill.name
        folder.mkdir(exist_ok=True)
        data = skill.text.encode()
        (folder / "SKILL.md").write_bytes(data)
        sizes.append(len(data))
        for rel, content in skill.files.items():
            path = folder / rel
            path.parent.mkdir(exist_ok=True)
            path.write_text(content, encoding="utf-8")
        if skill.defect:
            defects[skill.defect].append(skill.name)
    sizes.sort()
    return {"skills": n, "seed": seed, "skill_md_bytes": sum(sizes),
            "mean_bytes": round(sum(sizes) / max(n, 1)), "min_bytes": sizes[0] if sizes else 0,
            "median_bytes": sizes[n // 2] if sizes else 0, "max_bytes": sizes[-1] if sizes else 0,
            "defects": defects}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("n", type=int, help="number of skills")
    ap.add_argument("out_dir", type=Path, help="folder to create (must be empty or absent)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    if args.n < 1:
        ap.error("N must be at least 1")
    if args.out_dir.exists() and any(args.out_dir.iterdir()):
        print(f"generate.py: error: {args.out_dir} is not empty", file=sys.stderr)
        return 2
    summary = generate(args.n, args.out_dir, args.seed)
    counts = ", ".join(f"{k} {len(v)}" for k, v in summary["defects"].items())  # type: ignore[union-attr]
    print(f"{args.n} skills in {args.out_dir} (seed {args.seed}): SKILL.md {summary['skill_md_bytes'] / 1e6:.1f} MB, "
          f"mean {summary['mean_bytes']} B, median {summary['median_bytes']} B, "
          f"min {summary['min_bytes']} B, max {summary['max_bytes']} B; defects: {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
