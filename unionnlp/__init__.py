"""unionnlp: structured data from Chinese trade-union news.

>>> import unionnlp
>>> doc = unionnlp.extract("北京市总工会党组书记、主席王某某到丰台区调研。")
>>> doc.organizations, doc.officials, doc.counts, doc.programs
"""
from __future__ import annotations

__version__ = "0.1.0"

from .annotation import AnnotationError, read_jsonl, write_jsonl
from .batch import extract_many
from .frames import to_frames
from .pipeline import Extractor, extract
from .render import render
from .scoring import ScoreResult, score
from .textio import DecodeError, decode_bytes, read_text_file
from .types import (
    Article, Count, Document, Duplicate, Entity, Holds, Organization, Person, Post, Program,
    Title,
)

__all__ = [
    "__version__", "extract", "extract_many", "render", "Extractor", "score", "ScoreResult", "to_frames",
    "read_jsonl", "write_jsonl", "AnnotationError", "decode_bytes", "read_text_file",
    "DecodeError", "Document", "Entity", "Organization", "Person", "Title", "Post", "Count",
    "Program", "Holds", "Article", "Duplicate",
]
