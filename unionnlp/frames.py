"""Documents → pandas DataFrames (one row per mention or link, with ``doc_id``)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from .types import Document

if TYPE_CHECKING:  # pandas is imported on first use: `import unionnlp` stays light
    import pandas as pd

__all__ = ["FRAME_COLUMNS", "to_frames"]

#: Column names (and pandas dtypes) of every frame; empty frames keep them.
FRAME_COLUMNS: dict[str, dict[str, str]] = {
    "organizations": {"doc_id": "string", "id": "string", "start": "int64", "end": "int64",
                      "text": "string", "kind": "string", "level": "string",
                      "canonical": "string", "parent": "string"},
    "people": {"doc_id": "string", "id": "string", "start": "int64", "end": "int64",
               "text": "string", "role": "string", "n_posts": "int64"},
    "holds": {"doc_id": "string", "person_id": "string", "person": "string",
              "title_id": "string", "title": "string", "org_id": "string",
              "org": "string", "org_canonical": "string"},
    "counts": {"doc_id": "string", "id": "string", "start": "int64", "end": "int64",
               "text": "string", "value": "float64", "approx": "string", "unit": "string",
               "noun": "string"},
    "programs": {"doc_id": "string", "id": "string", "start": "int64", "end": "int64",
                 "text": "string", "kind": "string", "canonical": "string"},
    "hierarchy": {"doc_id": "string", "child": "string", "parent": "string"},
    "articles": {"doc_id": "string", "start": "int64", "end": "int64", "headline": "string"},
}


def _rows(docs: Iterable[Document]) -> dict[str, list[dict]]:
    rows: dict[str, list[dict]] = {k: [] for k in FRAME_COLUMNS}
    for d in docs:
        did = d.id
        by_id = {e.id: e for e in d.entities}
        for o in d.organizations:
            rows["organizations"].append(dict(doc_id=did, id=o.id, start=o.start, end=o.end, text=o.text,
                                              kind=o.kind, level=o.level, canonical=o.canonical,
                                              parent=o.parent))
        for p in d.persons:
            rows["people"].append(dict(doc_id=did, id=p.id, start=p.start, end=p.end, text=p.text,
                                       role=p.role, n_posts=len(p.posts)))
        for r in d.relations:
            per, tit = by_id.get(r.person), by_id.get(r.title)
            org = by_id.get(r.org) if r.org else None
            rows["holds"].append(dict(doc_id=did, person_id=r.person, person=per.text if per else None,
                                      title_id=r.title, title=tit.text if tit else None,
                                      org_id=r.org, org=org.text if org else None,
                                      org_canonical=getattr(org, "canonical", None) if org else None))
        for c in d.counts:
            rows["counts"].append(dict(doc_id=did, id=c.id, start=c.start, end=c.end, text=c.text,
                                       value=c.value, approx=c.approx, unit=c.unit, noun=c.noun))
        for p in d.programs:
            rows["programs"].append(dict(doc_id=did, id=p.id, start=p.start, end=p.end, text=p.text,
                                         kind=p.kind, canonical=p.canonical))
        for child, parent in d.hierarchy():
            rows["hierarchy"].append(dict(doc_id=did, child=child, parent=parent))
        for a in d.articles or ():
            rows["articles"].append(dict(doc_id=did, start=a.start, end=a.end, headline=a.headline))
    return rows


def to_frames(docs: Iterable[Document]) -> "dict[str, pd.DataFrame]":
    """DataFrames for a corpus: ``organizations``, ``people``, ``holds``,
    ``counts``, ``programs``, ``hierarchy`` (child→parent edges per document)
    and ``articles``. Columns and dtypes are fixed (:data:`FRAME_COLUMNS`),
    also for empty frames."""
    import pandas as pd

    if isinstance(docs, Document):
        docs = [docs]
    rows = _rows(docs)
    out = {}
    for name, cols in FRAME_COLUMNS.items():
        df = pd.DataFrame(rows[name], columns=list(cols))
        out[name] = df.astype(cols)
    return out
