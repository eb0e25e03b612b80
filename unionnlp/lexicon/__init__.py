"""Lexicons kept as data files in this folder, loaded once and cached.

File formats:

* ``*.txt``: one entry per line; ``#`` starts a comment; blank lines ignored.
* ``*.tsv``: tab-separated columns, first non-comment line is the header.
"""
from __future__ import annotations

import csv
import io
from functools import lru_cache
from importlib import resources

__all__ = ["load_lines", "load_table", "lexicon_path"]


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
