"""markdown-it-py tokens built directly, and the Rust parser's inline nodes turned into them (markdown_fast)."""

from __future__ import annotations

import re
from typing import Any, Final

from markdown_it.common.normalize_url import normalizeLink
from markdown_it.token import Token

from skillkit.markdown.scan_links import plain_href

_new = object.__new__
# markdown-it-py stops nesting at maxNesting (20); stay well below it.
MAX_LEVEL: Final = 14
_DELIMITER_RUN_RE: Final = re.compile(r"\*+|_+")


class Unsupported(Exception):
    """The tree holds something not converted exactly: the caller parses with markdown-it-py."""


def token(type_: str, tag: str, nesting: int, level: int, map_: list[int] | None = None, markup: str = "", block: bool = True) -> Token:
    """A Token as markdown-it-py's parser leaves it, without the dataclass __init__ (a third of the cost)."""
    tok: Token = _new(Token)
    tok.type = type_
    tok.tag = tag
    tok.nesting = nesting  # type: ignore[assignment]
    tok.attrs = {}
    tok.map = map_
    tok.level = level
    tok.children = None
    tok.content = ""
    tok.markup = markup
    tok.info = ""
    tok.meta = {}
    tok.block = block
    tok.hidden = False
    return tok


def children(nodes: list[Any], out: list[Token], level: int) -> bool:
    """Inline nodes to the flat child tokens of an `inline` token, as markdown-it-py lists them; True
    when there is an emphasis among them."""
    if level > MAX_LEVEL:
        raise Unsupported("inline nesting")
    emphasis = False
    for node in nodes:
        name = node.name
        if name == "text":
            content = node.meta["content"]
            if out and out[-1].type == "text":
                out[-1].content += content
            else:
                tok = _new(Token)
                tok.type, tok.tag, tok.nesting, tok.attrs, tok.map, tok.level = "text", "", 0, {}, None, level
                tok.children, tok.content, tok.markup, tok.info, tok.meta = None, content, "", "", {}
                tok.block = tok.hidden = False
                out.append(tok)
        elif name == "softbreak" or name == "hardbreak":
            tok = _new(Token)
            tok.type, tok.tag, tok.nesting, tok.attrs, tok.map, tok.level = name, "br", 0, {}, None, level
            tok.children, tok.content, tok.markup, tok.info, tok.meta = None, "", "", "", {}
            tok.block = tok.hidden = False
            out.append(tok)
        elif name == "text_special":  # an escape or entity; the joined text keeps the first token's markup
            meta = node.meta
            if out and out[-1].type == "text":
                out[-1].content += meta["content"]
            else:
                tok = token("text", "", 0, level, None, meta.get("markup", ""), False)
                tok.content = meta["content"]
                tok.info = meta.get("info", "")
                out.append(tok)
        elif name == "code_inline":
            meta = node.meta
            tok = token("code_inline", "code", 0, level, None, meta["marker"] * meta["marker_len"], False)
            tok.content = content = "".join(child.meta["content"] for child in node.children)
            if content and not content.strip(" "):
                raise Unsupported("blank code span")  # Rust trims one space off each end of these too
            out.append(tok)
        elif name == "em" or name == "strong":
            strong = name == "strong"
            markup = node.meta["marker"] * (2 if strong else 1)
            # markdown-it-py makes one delimiter of a `**` pair the tag and leaves the other as an empty
            # text token, joined to a neighbouring text token when there is one.
            if strong:
                _empty_text(out, level)
            out.append(token(f"{name}_open", name, 1, level, None, markup, False))
            emphasis = True
            children(node.children, out, level + 1)
            out.append(token(f"{name}_close", name, -1, level, None, markup, False))
            if strong:
                _empty_text(out, level)
        elif name == "link" or name == "autolink":
            emphasis = _link(node, name == "autolink", out, level) or emphasis
        elif name == "image":
            meta = node.meta
            tok = token("image", "img", 0, level, None, "", False)
            tok.attrs = {"src": href(meta["url"]), "alt": ""}
            if meta.get("title"):
                tok.attrs["title"] = meta["title"]
            tok.children = []
            if children(node.children, tok.children, 0):
                check_emphasis(tok.children)
            out.append(tok)
        elif name == "html_inline":
            tok = token("html_inline", "", 0, level, None, "", False)
            tok.content = node.meta["content"]
            out.append(tok)
        else:
            raise Unsupported(name)
    return emphasis


def check_emphasis(out: list[Token]) -> None:
    """Rust matches `*`/`_` runs as it reads them and keeps the lowest opener it tried per run kind as
    an index into a list that a match then restructures: after an emphasis, a later run can miss its
    opener. Such a run stays literal text, so an emphasis next to a literal run that could open or
    close one (not `_` inside a word, not `*` between spaces) falls back. Call it when `children`
    found an emphasis."""
    for tok in out:
        if tok.type != "text" or ("*" not in tok.content and "_" not in tok.content):
            continue
        text = tok.content
        for m in _DELIMITER_RUN_RE.finditer(text):
            start, end = m.span()
            before = text[start - 1] if start else ""
            after = text[end] if end < len(text) else ""
            if before and after and (before.isspace() and after.isspace() or (m.group(0)[0] == "_" and before.isalnum() and after.isalnum())):
                continue
            raise Unsupported("unmatched emphasis run")


def _empty_text(out: list[Token], level: int) -> None:
    if not out or out[-1].type != "text":
        out.append(token("text", "", 0, level, None, "", False))


def _link(node: Any, auto: bool, out: list[Token], level: int) -> bool:
    meta = node.meta
    markup, info = ("autolink", "auto") if auto else ("", "")
    opener = token("link_open", "a", 1, level, None, markup, False)
    opener.attrs = {"href": href(meta["url"])}
    if meta.get("title"):
        opener.attrs["title"] = meta["title"]
    opener.info = info
    out.append(opener)
    if auto:  # markdown-it-py writes an autolink's text as one plain text token
        text = token("text", "", 0, level + 1, None, "", False)
        text.content = "".join(child.meta["content"] for child in node.children)
        if "xn--" in text.content.lower():
            raise Unsupported("punycode")  # markdown-it-py shows a punycode host decoded
        out.append(text)
        emphasis = False
    else:
        emphasis = children(node.children, out, level + 1)
    closer = token("link_close", "a", -1, level, None, markup, False)
    closer.info = info
    out.append(closer)
    return emphasis


def href(url: str) -> str:
    """markdown-it-py's normalised URL. The Rust parser percent-encodes more (`[`, `]`) and never punycodes
    a host, so an encoded URL cannot be traced back to its source: fall back. With no `%` it encoded
    nothing: the URL is the source's destination, which normalizeLink then normalises."""
    if "%" in url:
        raise Unsupported("url escapes")
    return url if plain_href(url) else normalizeLink(url)
