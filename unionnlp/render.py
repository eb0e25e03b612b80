"""Visual views of a result: a spaCy ``Doc`` and displaCy HTML.

>>> doc = unionnlp.extract(text)
>>> sdoc = doc.to_spacy()          # spaCy Doc over the raw text, our entities as sdoc.ents
>>> unionnlp.render(doc)           # displaCy HTML (shown inline in a notebook)
"""
from __future__ import annotations

import html
import threading
from typing import Any, Iterable, Mapping

from .types import LABELS, Count, Document, Entity, Organization, Program

__all__ = ["COLORS", "to_spacy", "render", "RenderedHTML", "SPAN_KEY"]

#: displaCy colours per label (ORG blue, PERSON orange, TITLE yellow, COUNT green, PROGRAM violet).
COLORS: dict[str, str] = {
    "ORG": "#7aecec",
    "PERSON": "#feca74",
    "TITLE": "#fff59d",
    "COUNT": "#bfe1a0",
    "PROGRAM": "#d9b8f5",
}

#: ``sdoc.spans[SPAN_KEY]`` holds every entity (``sdoc.ents`` cannot hold overlapping ones).
SPAN_KEY = "unionnlp"

_nlp_lock = threading.Lock()
_blank: Any = None


def _char_nlp() -> Any:
    """A blank Chinese pipeline with spaCy's character segmenter: every character
    is a token, so every entity boundary is a token boundary."""
    global _blank
    with _nlp_lock:
        if _blank is None:
            import spacy

            _blank = spacy.blank("zh")  # default segmenter: "char"
        return _blank


def _kb_id(e: Entity) -> str:
    if isinstance(e, (Organization, Program)) and e.canonical:
        return e.canonical
    return ""


def to_spacy(doc: Document, nlp: Any = None) -> Any:
    """A spaCy ``Doc`` over ``doc.text`` (the raw text) with our entities.

    ``nlp``: any spaCy ``Language`` used only to tokenize (default: blank ``zh``
    with the character segmenter). With a word tokenizer an entity boundary
    inside a token is expanded to the token (``alignment_mode="expand"``), so
    no entity is dropped. ``sdoc.ents`` gets the entities (overlaps, which our
    output never has, are resolved longest-first); ``sdoc.spans["unionnlp"]``
    gets all of them. Each span's ``kb_id_`` is the canonical name (ORG,
    PROGRAM) and ``sdoc.user_data["unionnlp"]`` maps span ``(start_char,
    end_char)`` to the entity's scheme dict (id, label, attrs).
    """
    from spacy.tokens import Span
    from spacy.util import filter_spans

    nlp = nlp if nlp is not None else _char_nlp()
    sdoc = nlp.make_doc(doc.text)
    spans: list[Span] = []
    info: dict[tuple[int, int], dict[str, Any]] = {}
    for e in doc.entities:
        sp = sdoc.char_span(e.start, e.end, label=e.label, kb_id=_kb_id(e), alignment_mode="expand")
        if sp is None:  # only possible when the entity is pure whitespace
            continue
        spans.append(sp)
        info[(e.start, e.end)] = e.to_dict()
    sdoc.spans[SPAN_KEY] = spans
    sdoc.ents = filter_spans(spans)
    sdoc.user_data["unionnlp"] = info
    sdoc.user_data["unionnlp_id"] = doc.id
    return sdoc


class RenderedHTML(str):
    """displaCy HTML as a ``str`` that notebooks display as HTML."""

    def _repr_html_(self) -> str:
        return str(self)


def _label_text(e: Entity, detail: bool) -> str:
    if not detail:
        return e.label
    a = e.attrs() or {}
    if isinstance(e, Organization):
        bits = [x for x in (e.kind, e.level) if x]
    elif isinstance(e, Count):
        bits = [str(a.get("noun"))] if a.get("noun") else []
    else:
        bits = [str(a[k]) for k in ("kind", "role") if a.get(k)]
    return e.label + (" · " + "/".join(bits) if bits else "")


def render(doc: Document | Iterable[Document], *, detail: bool = False, labels: Iterable[str] | None = None,
           colors: Mapping[str, str] | None = None, page: bool = False, title: bool = True) -> RenderedHTML:
    """displaCy entity HTML of one document (or several, one after the other).

    ``detail``: show attributes in the label (``ORG · union/district``,
    ``COUNT · 企业``, ``PERSON · official``); ``labels``: only these labels;
    ``colors``: override :data:`COLORS`; ``page``: a full HTML page instead of
    a fragment; ``title``: show the document id above the text. Returns a
    ``str`` (a :class:`RenderedHTML`, displayed inline by Jupyter).
    """
    from spacy import displacy

    docs = [doc] if isinstance(doc, Document) else list(doc)
    keep = set(labels) if labels is not None else set(LABELS)
    cols = dict(COLORS)
    if colors:
        cols.update(colors)
    parsed = []
    for d in docs:
        ents = []
        for e in d.entities:
            if e.label not in keep:
                continue
            lab = _label_text(e, detail)
            cols.setdefault(lab, cols.get(e.label, "#ddd"))
            ents.append({"start": e.start, "end": e.end, "label": lab})
        parsed.append({"text": d.text, "ents": ents, "title": html.escape(d.id) if title else None})
    shown = sorted({p["label"] for x in parsed for p in x["ents"]})
    out = displacy.render(parsed, style="ent", manual=True, page=page, jupyter=False,
                          options={"colors": cols, "ents": shown or None})
    return RenderedHTML(out)
