"""Git's gitignore patterns (wildmatch semantics): each compiled once (pattern.py) and matched in time linear in the
path; a list of them answers which one decides a path, meeting few (patternlist.py)."""

from skillkit.wildmatch.pattern import Glob, compile_line, encode
from skillkit.wildmatch.patternlist import GlobList

__all__ = ["Glob", "GlobList", "compile_line", "encode"]
