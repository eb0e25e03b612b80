"""The extraction pipeline: raw text → :class:`~unionnlp.types.Document`.

normalize → segment stories (+ bylines) → rule layer (orgs, officials,
counts, programmes) → statistical layer → merge → resolve → raw offsets.
"""
from __future__ import annotations

import threading
from typing import Any, Iterable, Mapping, Sequence

from . import articles, counts, merge, normalize, officials, orgs, programs, resolve
from .spans import Span, Story
from .textio import decode_bytes
from .types import (
    Article, Count, Document, Entity, Holds, Organization, Person, Program, Title, link_posts,
)

__all__ = ["Extractor", "extract", "LAYERS", "DEFAULT_LAYERS"]

LAYERS = ("rules", "model")
DEFAULT_LAYERS: tuple[str, ...] = ("rules", "model")

#: A text touching every layer, run once when an Extractor is built.
WARM_UP_TEXT = ("北京市丰台区总工会党组书记、主席王某某出席“职工暖心驿站”启动仪式，"
                "130余家企业的1200余名职工参加。")

_RULES = (orgs.annotate, officials.annotate, counts.annotate, programs.annotate)


def _check_layers(layers: str | Iterable[str]) -> tuple[str, ...]:
    if isinstance(layers, str):
        layers = [x.strip() for x in layers.split(",") if x.strip()]
    out = tuple(layers)
    bad = [x for x in out if x not in LAYERS]
    if bad or not out:
        raise ValueError(f"layers must be a non-empty subset of {LAYERS}, got {out!r}")
    return out


def coerce_text(text: Any) -> str:
    """Accept ``str`` (and ``bytes``, decoded); anything else is a ``TypeError``."""
    if isinstance(text, str):
        return text
    if isinstance(text, (bytes, bytearray, memoryview)):
        return decode_bytes(text)
    raise TypeError(f"extract() expects text as str (or bytes), got {type(text).__name__}")


class Extractor:
    """A reusable extractor. Building one loads lexicons (and the model) once.

    >>> ex = Extractor(layers=("rules",))
    >>> doc = ex("北京市总工会党组书记、主席王某某到丰台区调研。")
    """

    def __init__(self, layers: str | Iterable[str] = DEFAULT_LAYERS, model_path: str | None = None,
                 warm: bool = True) -> None:
        self.layers = _check_layers(layers)
        self._model = None
        if "model" in self.layers:
            from .model import StatisticalLayer

            self._model = StatisticalLayer(model_path)
        if warm:  # load every lazily built lexicon, tagger and model now, not on the first text
            self.extract(WARM_UP_TEXT, id="warm-up")

    def __call__(self, text: Any, id: str = "doc", meta: Mapping[str, Any] | None = None) -> Document:
        return self.extract(text, id=id, meta=meta)

    def extract(self, text: Any, id: str = "doc", meta: Mapping[str, Any] | None = None) -> Document:
        """Extract everything from one page or story, ``text`` raw as scraped."""
        raw = coerce_text(text)
        meta = dict(meta or {})
        if not raw.strip():
            return Document(id=id, text=raw, meta=meta)
        wt = normalize.normalize(raw)
        stories = articles.segment(wt)
        if "rules" in self.layers:
            for st in stories:
                for rule in _RULES:
                    rule(st)
        else:  # bylines are rules too: a model-only run keeps none of them
            for st in stories:
                st.spans = [sp for sp in st.spans if sp.source != "byline"]
        if self._model is not None:
            self._model.annotate(stories)
        for st in stories:
            merge.merge(st)
            resolve.resolve(st)
        return _build(id, raw, meta, wt, stories)


def _build(doc_id: str, raw: str, meta: dict, wt: "normalize.WorkingText", stories: Sequence[Story]) -> Document:
    placed: list[tuple[int, int, Span]] = []
    for st in stories:
        for sp in st.spans:
            s, e = wt.to_raw(sp.start, sp.end)
            placed.append((s, e, sp))
    placed.sort(key=lambda t: (t[0], t[1]))
    ids: dict[int, str] = {}
    ents: list[Entity] = []
    for i, (s, e, sp) in enumerate(placed, 1):
        eid = f"e{i}"
        ids[id(sp)] = eid
        for key, (a, b) in sp.attrs.pop("_raw", {}).items():  # attrs "as written": re-read from raw
            sp.attrs[key] = raw[slice(*wt.to_raw(a, b))]
        ents.append(_entity(eid, s, e, raw[s:e], sp))
    rels: list[Holds] = []
    seen = set()
    for st in stories:
        for l in st.links:
            if id(l.person) in ids and id(l.title) in ids:
                r = Holds(ids[id(l.person)], ids[id(l.title)], ids.get(id(l.org)) if l.org else None)
                if r not in seen:
                    seen.add(r)
                    rels.append(r)
    arts = []
    for st in stories:
        s, e = wt.to_raw(st.start, st.end)
        head = None
        if st.headline:
            hs, he = wt.to_raw(*st.headline)
            head = raw[hs:he]
            s = min(s, hs)
        arts.append(Article(s, e, head))
    return Document(id=doc_id, text=raw, entities=link_posts(tuple(ents), tuple(rels)),
                    relations=tuple(rels), articles=tuple(arts), duplicates=tuple(wt.duplicates),
                    meta=meta)


def _entity(eid: str, s: int, e: int, text: str, sp: Span) -> Entity:
    a = sp.attrs
    if sp.label == "ORG":
        return Organization(eid, s, e, text, kind=a.get("kind"), level=a.get("level"),
                            canonical=a.get("canonical"), parent=a.get("parent"))
    if sp.label == "PERSON":
        return Person(eid, s, e, text, role=a.get("role"))
    if sp.label == "TITLE":
        return Title(eid, s, e, text)
    if sp.label == "COUNT":
        return Count(eid, s, e, text, value=a.get("value"), approx=a.get("approx"),
                     unit=a.get("unit"), noun=a.get("noun"))
    if sp.label == "PROGRAM":
        return Program(eid, s, e, text, kind=a.get("kind"), canonical=a.get("canonical"))
    raise ValueError(f"unknown label {sp.label!r}")


_default: dict[tuple[str, ...], Extractor] = {}
_lock = threading.Lock()


def get_extractor(layers: str | Iterable[str] = DEFAULT_LAYERS) -> Extractor:
    """A shared :class:`Extractor` per layer set (built on first use)."""
    key = _check_layers(layers)
    with _lock:
        if key not in _default:
            _default[key] = Extractor(key)
        return _default[key]


def extract(text: Any, *, id: str = "doc", layers: str | Iterable[str] = DEFAULT_LAYERS,
            meta: Mapping[str, Any] | None = None) -> Document:
    """Extract organizations, officials, counts and programmes from one raw text.

    ``text``: a page or story as scraped (``str``; ``bytes`` are decoded as
    UTF-8 or GB18030). ``layers``: ``("rules", "model")`` by default; either
    may be switched off. Returns a :class:`~unionnlp.types.Document` whose
    entity offsets point into ``text``.
    """
    return get_extractor(layers).extract(text, id=id, meta=meta)
