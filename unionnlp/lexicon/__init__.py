"""Lexicons kept as data files in this folder, loaded once and cached.

File formats:

* ``*.txt``: one entry per line; ``#`` starts a comment; blank lines ignored.
* ``*.tsv``: tab-separated columns, first non-comment line is the header.
"""
from __future__ import annotations

import csv
import io
import re
from functools import lru_cache
from importlib import resources
from typing import Iterable

__all__ = ["load_lines", "load_table", "lexicon_path", "trie_regex"]


def lexicon_path(name: str):
    """A ``Traversable`` for the data file ``name`` in this package."""
    return resources.files(__name__).joinpath(name)


@lru_cache(maxsize=None)
def load_lines(name: str) -> tuple[str, ...]:
    """Entries of a ``.txt`` lexicon (comments and blank lines dropped), in file order."""
    out = []
    for line in lexicon_path(name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return tuple(out)


@lru_cache(maxsize=None)
def load_table(name: str) -> tuple[dict[str, str], ...]:
    """Rows of a ``.tsv`` lexicon as dicts keyed by the header."""
    text = "\n".join(l for l in lexicon_path(name).read_text(encoding="utf-8").splitlines()
                     if l.strip() and not l.lstrip().startswith("#"))
    return tuple(dict(r) for r in csv.DictReader(io.StringIO(text), delimiter="\t"))


def trie_regex(words: Iterable[str]) -> str:
    """A regex matching any of ``words`` written as a trie: the longest word wins
    and matching never backtracks over a long alternation (linear in the text)."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [re.escape(ch) + build(node[ch]) for ch in sorted(k for k in node if k)]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:
            body = "(?:" + body + ")?"
        return body

    return build(trie)
