"""Reading, validating and writing the scheme's JSON Lines.

A gold file must fail loudly: :func:`read_jsonl` collects *every* problem of
every record (file, line, entity id, what is wrong) and raises one
:class:`AnnotationError` listing them all, unless ``validate=False``.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from numbers import Real
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from .types import (
    APPROX_MARKERS, LABELS, LEVELLED_KINDS, ORG_KINDS, ORG_LEVELS, PERSON_ROLES,
    PROGRAM_KINDS, Document,
)

__all__ = ["Problem", "AnnotationError", "validate_record", "read_jsonl", "iter_jsonl",
           "write_jsonl", "dumps"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an annotation record."""

    file: str
    line: int
    doc_id: str | None
    entity_id: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}"
        if self.doc_id is not None:
            where += f" doc {self.doc_id}"
        if self.entity_id is not None:
            where += f" entity {self.entity_id}"
        return f"{where}: {self.message}"


class AnnotationError(ValueError):
    """Raised when a gold/prediction file breaks the scheme. ``.problems`` lists all."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = "\n  ".join(str(p) for p in problems[:50])
        more = f"\n  … and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"{len(problems)} annotation problem(s):\n  {shown}{more}")


_ATTR_SPECS: dict[str, dict[str, tuple]] = {
    # attr -> (allowed values or type, nullable)
    "ORG": {"kind": (ORG_KINDS, False), "level": (ORG_LEVELS, True),
            "canonical": (str, True), "parent": (str, True)},
    "PERSON": {"role": (PERSON_ROLES, False)},
    "COUNT": {"value": (Real, True), "approx": (APPROX_MARKERS, True),
              "unit": (str, True), "noun": (str, True)},
    "PROGRAM": {"kind": (PROGRAM_KINDS, False), "canonical": (str, True)},
    "TITLE": {},
}


def _check_attr(label: str, key: str, value: Any) -> str | None:
    spec = _ATTR_SPECS[label].get(key)
    if spec is None:
        return f"unknown attribute {key!r} for {label}"
    allowed, nullable = spec
    if value is None:
        return None if nullable else f"attribute {key!r} must not be null"
    if isinstance(allowed, tuple):
        if value not in allowed:
            return f"attribute {key!r} = {value!r} is not one of {', '.join(allowed)}"
        return None
    if allowed is Real:
        if isinstance(value, bool) or not isinstance(value, Real):
            return f"attribute {key!r} must be a number, got {type(value).__name__}"
        return None
    if not isinstance(value, allowed):
        return f"attribute {key!r} must be {allowed.__name__}, got {type(value).__name__}"
    return None


def validate_record(rec: Any, file: str = "<record>", line: int = 0) -> list[Problem]:
    """All problems of one decoded JSON record (empty list: valid)."""
    probs: list[Problem] = []

    def add(msg: str, eid: str | None = None) -> None:
        probs.append(Problem(file, line, doc_id, eid, msg))

    doc_id = None
    if not isinstance(rec, Mapping):
        add(f"record must be a JSON object, got {type(rec).__name__}")
        return probs
    doc_id = rec.get("id")
    if not isinstance(doc_id, str) or not doc_id:
        add("missing or non-string 'id'")
        doc_id = None if not isinstance(doc_id, str) else doc_id
    text = rec.get("text")
    if not isinstance(text, str):
        add("missing or non-string 'text'")
        return probs
    n = len(text)

    def check_range(obj: Mapping, what: str, eid: str | None = None) -> bool:
        s, e = obj.get("start"), obj.get("end")
        if not (isinstance(s, int) and isinstance(e, int)) or isinstance(s, bool) or isinstance(e, bool):
            add(f"{what}: start/end must be integers", eid)
            return False
        if not (0 <= s < e <= n):
            add(f"{what}: span [{s}, {e}) is outside the text (length {n}) or empty", eid)
            return False
        return True

    for key in ("articles", "duplicates", "entities", "relations"):
        if key in rec and not isinstance(rec[key], list):
            add(f"'{key}' must be a list")
            return probs
    if "meta" in rec and not isinstance(rec["meta"], Mapping):
        add("'meta' must be an object")

    for i, a in enumerate(rec.get("articles") or []):
        if not isinstance(a, Mapping):
            add(f"article {i} must be an object")
            continue
        check_range(a, f"article {i}")
        if a.get("headline") is not None and not isinstance(a.get("headline"), str):
            add(f"article {i}: headline must be a string or null")

    dup_ranges = []
    for i, x in enumerate(rec.get("duplicates") or []):
        if not isinstance(x, Mapping):
            add(f"duplicate {i} must be an object")
            continue
        if check_range(x, f"duplicate {i}"):
            c = x.get("copy_of")
            if not isinstance(c, int) or isinstance(c, bool) or not (0 <= c < x["start"]):
                add(f"duplicate {i}: copy_of must be an integer offset before its start")
            dup_ranges.append((x["start"], x["end"]))

    ids: dict[str, str] = {}
    spans: list[tuple[int, int, str]] = []
    for i, e in enumerate(rec.get("entities") or []):
        if not isinstance(e, Mapping):
            add(f"entity {i} must be an object")
            continue
        eid = e.get("id")
        if not isinstance(eid, str) or not eid:
            add(f"entity {i}: missing or non-string id")
            eid = f"#{i}"
        elif eid in ids:
            add("duplicate entity id", eid)
        label = e.get("label")
        if label not in LABELS:
            add(f"unknown label {label!r}", eid)
            continue
        ids[eid] = label
        if not check_range(e, "entity", eid):
            continue
        s, t = e["start"], e["end"]
        if e.get("text") != text[s:t]:
            add(f"text {e.get('text')!r} does not match text[{s}:{t}] = {text[s:t]!r}", eid)
        for ds, de in dup_ranges:
            if s < de and ds < t:
                add(f"entity inside declared duplicate [{ds}, {de})", eid)
                break
        spans.append((s, t, eid))
        attrs = e.get("attrs")
        if attrs is None:
            continue
        if not isinstance(attrs, Mapping):
            add("attrs must be an object", eid)
            continue
        for k, v in attrs.items():
            msg = _check_attr(label, k, v)
            if msg:
                add(msg, eid)
        if label == "ORG":
            kind = attrs.get("kind")
            if attrs.get("level") is not None and kind not in LEVELLED_KINDS:
                add(f"'level' is only for kinds {sorted(LEVELLED_KINDS)}, not {kind!r}", eid)
            if attrs.get("parent") is not None and kind != "union":
                add(f"'parent' is only for union bodies, not {kind!r}", eid)

    spans.sort()
    for (s1, e1, id1), (s2, e2, id2) in zip(spans, spans[1:]):
        if s2 < e1:
            add(f"span [{s2}, {e2}) overlaps entity {id1} [{s1}, {e1})", id2)

    for i, r in enumerate(rec.get("relations") or []):
        if not isinstance(r, Mapping):
            add(f"relation {i} must be an object")
            continue
        if r.get("type") != "holds":
            add(f"relation {i}: unknown type {r.get('type')!r}")
            continue
        for role, want, nullable in (("person", "PERSON", False), ("title", "TITLE", False),
                                     ("org", "ORG", True)):
            ref = r.get(role)
            if ref is None:
                if not nullable:
                    add(f"relation {i}: '{role}' is missing")
                continue
            if ref not in ids:
                add(f"relation {i}: {role} points to missing entity {ref!r}")
            elif ids[ref] != want:
                add(f"relation {i}: {role} {ref!r} is a {ids[ref]}, not a {want}")
    return probs


def iter_jsonl(path: str | os.PathLike, validate: bool = True) -> Iterator[tuple[int, dict]]:
    """Yield ``(line number, record)``; malformed JSON raises :class:`AnnotationError`."""
    name = str(path)
    with open(path, encoding="utf-8-sig") as fh:
        for ln, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise AnnotationError([Problem(name, ln, None, None, f"invalid JSON: {exc}")]) from None
            yield ln, rec


def read_jsonl(path: str | os.PathLike, validate: bool = True) -> list[Document]:
    """Read a scheme JSONL file into :class:`Document` objects.

    With ``validate`` (the default) every record is checked and all problems
    are raised together as one :class:`AnnotationError`; duplicate document
    ids are an error too.
    """
    name = str(path)
    docs: list[Document] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for ln, rec in iter_jsonl(path):
        if validate:
            p = validate_record(rec, name, ln)
            if isinstance(rec, Mapping) and isinstance(rec.get("id"), str):
                if rec["id"] in seen:
                    p.append(Problem(name, ln, rec["id"], None,
                                     f"duplicate document id (first on line {seen[rec['id']]})"))
                seen.setdefault(rec["id"], ln)
            if p:
                problems.extend(p)
                continue
        docs.append(Document.from_dict(rec))
    if problems:
        raise AnnotationError(problems)
    return docs


def dumps(doc: Document | Mapping[str, Any]) -> str:
    """One JSONL line (no newline) for a document."""
    d = doc.to_dict() if isinstance(doc, Document) else doc
    line = json.dumps(d, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: keep it as a JSON \\u escape
        line = json.dumps(d, ensure_ascii=True)
    return line


def write_jsonl(docs: Iterable[Document | Mapping[str, Any]], path: str | os.PathLike) -> int:
    """Write documents as scheme JSONL (UTF-8, no BOM); returns how many were written."""
    n = 0
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        for d in docs:
            fh.write(dumps(d) + "\n")
            n += 1
    return n
