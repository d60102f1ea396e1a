"""Load frontmatter YAML safely: compose nodes only, build plain values ourselves, keep a position per key.

Nothing is ever constructed from a tag (no `!!python/object`), aliases are expanded under a budget
(so "billion laughs" is a finding, not an out-of-memory), and duplicate keys are reported, not merged.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from skillkit.diagnostics import Finding
from skillkit.document.yamlsimple import (
    KeyInfo,
    Loaded,
    block_header_text,
    unquoted_colon,
)
from skillkit.ids import RuleId

try:  # libyaml's composer is ~10x faster; the pure-Python one gives the same nodes.
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

MAX_NODES = 10_000  # node visits, alias expansions included; real frontmatter uses < 100
MAX_DEPTH = 64

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp", "binary")}
_COLLECTION_TAGS = {_TAG + t for t in ("seq", "map", "set", "omap", "pairs")}
_MERGE = _TAG + "merge"
_STR = _TAG + "str"


class _TooComplex(Exception):
    pass


def load(text: str, first_line: int) -> Loaded:
    """Parse `text` (the lines between the `---` delimiters) whose first line is file line `first_line`."""
    out = Loaded()
    if text.strip() == "":
        out.data, out.ok = {}, True
        return out
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader if _could_nest_deeply(text) else _Loader)
    except yaml.MarkedYAMLError as exc:
        out.findings.append(_syntax_finding(exc, text, first_line))
        return out
    except yaml.YAMLError as exc:
        out.findings.append(Finding(RuleId.YAML_SYNTAX, f"invalid YAML: {exc}", first_line, 1))
        return out
    except RecursionError:
        out.findings.append(Finding(RuleId.YAML_TOO_COMPLEX, f"YAML nested too deeply (over {MAX_DEPTH} levels)", first_line, 1))
        return out
    if node is None:
        out.data, out.ok = {}, True
        return out
    builder = _Builder(first_line, out)
    try:
        out.data = builder.build(node, (), 0)
    except _TooComplex as exc:
        out.findings.append(Finding(RuleId.YAML_TOO_COMPLEX, str(exc), _line(node.start_mark, first_line), 1))
        out.data = None
        return out
    out.ok = True
    return out


def _could_nest_deeply(text: str) -> bool:
    """An over-estimate of nesting depth, so deep input never reaches libyaml's recursive composer.

    libyaml recurses in C and crashes the process (SIGSEGV) around 100,000 levels; PyYAML's pure-Python
    composer raises a catchable RecursionError instead. Real frontmatter never comes near these counts.
    """
    if text.count("[") + text.count("{") > _DEEP_BRACKETS:
        return True
    if " " * (_DEEP_INDENT + 1) not in text:
        return False  # no line can be indented that deep: skip splitting the text into lines
    return any(len(line) - len(line.lstrip(" ")) > _DEEP_INDENT for line in text.split("\n"))


_DEEP_BRACKETS = 256
_DEEP_INDENT = 256


def _line(mark: Any, first_line: int) -> int:
    return int(mark.line) + first_line


class _Builder:
    def __init__(self, first_line: int, out: Loaded) -> None:
        self.first = first_line
        self.out = out
        self.visits = 0
        self.scalars = SafeConstructor()

    def build(self, node: yaml.Node, path: tuple[str, ...], depth: int) -> Any:
        self.visits += 1
        if self.visits > MAX_NODES:
            raise _TooComplex(f"YAML expands to over {MAX_NODES:,} nodes (alias bomb?); frontmatter needs a few dozen")
        if depth > MAX_DEPTH:
            raise _TooComplex(f"YAML nested too deeply (over {MAX_DEPTH} levels)")
        self._check_tag(node)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(child, path, depth + 1) for child in node.value]
        return self._scalar(node)

    def _check_tag(self, node: yaml.Node) -> None:
        tag = node.tag or ""
        known = tag in (_SCALAR_TAGS if isinstance(node, yaml.ScalarNode) else _COLLECTION_TAGS)
        if not known and tag != _MERGE:
            shown = "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag
            self.out.findings.append(
                Finding(
                    RuleId.YAML_UNSUPPORTED_TAG,
                    f"YAML tag {shown} is not allowed in frontmatter (it is read as plain data, never constructed)",
                    _line(node.start_mark, self.first),
                    int(node.start_mark.column) + 1,
                )
            )

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        if node.tag == _STR or node.tag not in _SCALAR_TAGS:
            return node.value  # what the constructor returns for a string, without its bookkeeping
        try:
            return self.scalars.construct_object(node)
        except (ValueError, yaml.YAMLError) as exc:  # e.g. an int of 5,000 digits
            self.out.findings.append(
                Finding(
                    RuleId.YAML_SYNTAX,
                    f"YAML value cannot be read as {node.tag[len(_TAG):]}: {str(exc)[:80]}; quote it to keep it as text",
                    _line(node.start_mark, self.first),
                    int(node.start_mark.column) + 1,
                )
            )
            return node.value

    def _mapping(self, node: yaml.MappingNode, path: tuple[str, ...], depth: int) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        seen: dict[Any, int] = {}
        merged: list[yaml.Node] = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                merged.append(value_node)
                continue
            key = self.build(key_node, path, depth + 1)
            string_key = isinstance(key, str)
            if not string_key:
                key = _key_text(key, key_node)
            line = _line(key_node.start_mark, self.first)
            if key in seen:
                self.out.findings.append(
                    Finding(
                        RuleId.YAML_DUPLICATE_KEY,
                        f"duplicate key '{key}' (first on line {seen[key]}); YAML loaders disagree on which value wins",
                        line,
                        int(key_node.start_mark.column) + 1,
                    )
                )
            seen.setdefault(key, line)
            self.out.keys.setdefault(path + (key,), self._info(key_node, value_node, string_key))
            result[key] = self.build(value_node, path + (key,), depth + 1)
        for source in merged:
            for extra in source.value if isinstance(source, yaml.SequenceNode) else [source]:
                value = self.build(extra, path, depth + 1)
                if isinstance(value, dict):
                    for k, v in value.items():
                        result.setdefault(k, v)
        return result

    def _info(self, key: yaml.Node, value: yaml.Node, string_key: bool) -> KeyInfo:
        if isinstance(value, yaml.ScalarNode):
            style: str | None = value.style or None
        else:
            style = "flow" if value.flow_style else "block"
        return KeyInfo(
            line=_line(key.start_mark, self.first),
            column=int(key.start_mark.column) + 1,
            value_line=_line(value.start_mark, self.first),
            value_column=int(value.start_mark.column) + 1,
            value_end_line=_line(value.end_mark, self.first),
            value_end_column=int(value.end_mark.column) + 1,
            style=style,
            string_key=string_key,
        )


def _key_text(key: Any, node: yaml.Node) -> str:
    if isinstance(node, yaml.ScalarNode):
        return str(node.value)
    return repr(key)[:60]


_KEY_LINE = re.compile(r"^(\s*)([A-Za-z0-9_-]+):\s+(.*)$")


def _syntax_finding(exc: yaml.MarkedYAMLError, text: str, first_line: int) -> Finding:
    mark = exc.problem_mark or exc.context_mark
    line = _line(mark, first_line) if mark is not None else first_line
    col = int(mark.column) + 1 if mark is not None else 1
    problem = (exc.problem or "invalid YAML").strip()
    message = f"invalid YAML: {problem}"
    if exc.context and exc.context.strip() not in problem:
        message += f" ({exc.context.strip()})"
    src = text.split("\n")
    row = int(mark.line) if mark is not None else 0
    hint = _hint(problem, src[row] if row < len(src) else "")
    if hint is not None:
        message, col = hint[0], hint[1] or col
    return Finding(RuleId.YAML_SYNTAX, message, line, col)


def _hint(problem: str, row: str) -> tuple[str, int | None] | None:
    if "'\\t'" in problem or "'\t'" in problem or "\t" in row[: len(row) - len(row.lstrip())]:
        return ("tab character in indentation; YAML indents with spaces only", None)
    block = block_header_text(row)
    if block is not None and "expected comment or line break" in problem:
        return block
    m = _KEY_LINE.match(row)
    if "mapping values are not allowed" in problem and m:
        return unquoted_colon(row, m.group(2), m.group(3))
    if "cannot start any token" in problem and m:
        return (
            (
                f"the value of '{m.group(2)}' starts with a character YAML reserves "
                f"({m.group(3)[:1]!r}); wrap the whole value in double quotes"
            ),
            len(row) - len(m.group(3)) + 1,
        )
    return None
