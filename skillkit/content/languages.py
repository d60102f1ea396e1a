"""Code-fence language tags: which are known, and the common language a misspelled tag was meant to be."""

from __future__ import annotations

from functools import lru_cache

from skillkit.words import closest

# Languages a skill's author is likely to mean; a misspelled tag is matched against these only.
COMMON: tuple[str, ...] = (
    "bash", "c", "cpp", "csharp", "css", "diff", "dockerfile", "elixir", "erlang", "go", "graphql", "haskell",
    "html", "java", "javascript", "json", "jsx", "julia", "kotlin", "latex", "lua", "makefile", "markdown",
    "matlab", "mermaid", "perl", "php", "powershell", "python", "ruby", "rust", "scala", "shell", "sql",
    "swift", "text", "toml", "tsx", "typescript", "xml", "yaml",
)  # fmt: skip

# Tags in common use that Pygments does not list (plain text, data formats, diagram languages).
EXTRA: frozenset[str] = frozenset(
    ["ascii", "astro", "bat", "batch", "bed", "bib", "cfg", "cmd", "conf", "config", "console", "containerfile", "csv", "cwl", "cypher", "diagram", "dot", "dotenv", "email", "env", "example", "fasta", "file", "flowchart", "gff", "gitignore", "gql", "graphviz", "hbs", "hcl", "heex", "http", "jinja", "jinja2", "jsonc", "jsonl", "json5", "jsx", "log", "math", "mdx", "mermaid", "mojo", "ndjson", "none", "nextflow", "output", "pdb", "plain", "plaintext", "plantuml", "prompt", "properties", "puml", "result", "results", "sam", "sequence", "sh-session", "shellsession", "smiles", "snakemake", "stdout", "stderr", "svelte", "terraform", "tex", "text", "tf", "tree", "tsv", "tsx", "txt", "url", "vcf", "vue", "wdl"]
)

# Tags GitHub Linguist knows (a language's name, alias, extension or file name in lib/linguist/languages.yml, as of
# 2026-08-20) that Pygments does not and that lie one typo from a common language: `just` is not a misspelt `rust`,
# `xaml` not a misspelt `xml`. Only these are listed, not Linguist's 2,000 tags: the others draw no suggestion anyway.
LINGUIST: frozenset[str] = frozenset(
    [
        "adml", "ash", "ashx", "axaml", "axml", "baml", "bas", "bashrc", "bats", "bsdmakefile", "c2hshaskell",
        "cakefile", "ccxml", "cjsx", "cperl", "cppm", "cshtml", "cson", "druby", "ecmarkdown", "emakefile",
        "escript", "fakefile", "fxml", "gaml", "gbo", "gco", "geo", "gko", "gno", "gnumakefile", "god", "gohtml",
        "graphqls", "grxml", "gto", "hash", "htm", "hujson", "jakefile", "jav", "jison", "jruby", "jsoniq", "just",
        "latte", "lex", "ltx", "m3makefile", "marko", "mata", "mavenfile", "mdown", "mkdown", "mkfile", "mtml",
        "nukefile", "nushell", "pcss", "per", "perl-6", "pgsql", "phakefile", "phps", "phpt", "phtml", "plsql",
        "qsharp", "qtscript", "rakefile", "raml", "rascript", "rescript", "rmarkdown", "scxml", "slakefile",
        "snakefile", "sqlpl", "ston", "surql", "texi", "tmdl", "tml", "tmpl", "tolk", "tool", "typescriptreact",
        "vbhtml", "vxml", "wit", "wlua", "xaml", "xhtml",
    ]
)  # fmt: skip

MIN_SUGGEST_LENGTH = 3
SUGGEST_CUTOFF = 0.75


@lru_cache(maxsize=1)
def _pygments_names() -> frozenset[str]:
    """Pygments' lexer names and aliases: the catalogue of real language tags (a declared dependency)."""
    from pygments.lexers import get_all_lexers

    names: set[str] = set()
    for name, aliases, _files, _mimes in get_all_lexers(plugins=False):
        names.add(name.lower())
        names.update(a.lower() for a in aliases)
    return frozenset(names)


_OURS = frozenset(COMMON) | EXTRA | LINGUIST


def is_known(tag: str) -> bool:
    tag = tag.lower()
    return tag in _OURS or tag in _pygments_names()


def title(info: str) -> bool:
    """Whether a fence's info string is a title in words (```` ```Test Failure Pattern Analysis ````), not a language
    tag: several words, the first capitalised and no known language."""
    words = info.split()
    first = words[0] if words else ""
    return len(words) > 1 and first[:1].isupper() and not first.isupper() and not is_known(first.strip("{}.,"))


@lru_cache(maxsize=1024)  # one skill's fences repeat their tags, and a run's skills share them: difflib once per tag
def suggest(tag: str) -> str | None:
    """The common language an unknown tag most likely misspells, or None when it is not one typo away."""
    tag = tag.lower()
    if len(tag) < MIN_SUGGEST_LENGTH:
        return None
    return closest(tag, COMMON, cutoff=SUGGEST_CUTOFF)
