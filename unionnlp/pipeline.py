"""The extraction pipeline: raw text → :class:`~unionnlp.types.Document`.

normalize → segment stories (+ bylines) → rule layer (orgs, officials,
counts, programmes) → statistical layer → merge → resolve → raw offsets.
"""
from __future__ import annotations

import re
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
        sources = _source_lines(wt, stories) if "rules" in self.layers else []
        for st in sources:
            orgs.annotate(st)
            st.spans = [sp for sp in st.spans if not _MEDIA.search(st.text, sp.start, sp.end)]
            resolve.use_page_context(st)
        if self._model is not None:
            self._model.annotate(stories)
        for st in (*stories, *sources):
            merge.merge(st)
            resolve.resolve(st)
        return _build(id, raw, meta, wt, stories, sources)


#: a page line outside every story that states a source, host or contributor
#: (``来源：某区总工会``, ``主办：…``, ``…总工会 主办``, ``Copyright © …``), names a
#: linked post (``上一篇：…``), or is a source field without its label (``某镇总工会  2024-04-26``):
#: the bodies it names are ORGs (docs/annotation.md, page boilerplate)
_SOURCE_LINE = re.compile(
    r"(?:来源|主办|承办|协办|供稿|版权所有|Copyright|©|上一篇|下一篇|上一條|下一條|上一条|下一条)"
    r"|^[^\s|｜>：:]{3,30}?(?:工会|委员会)[\s\u3000]+\d{4}[-年./]\d{1,2}")


#: media are not ORGs even when a source line names them (辽宁职工网站编辑部, 甘肃工人报社)
_MEDIA = re.compile(r"(?:报社|编辑部|杂志社|电视台|广播电台|网站|出版社|融媒体中心|新闻中心)$")
#: a WeChat account header (``某街道总工会  2024-05-22 18:30  河南``, ``… 发表于北京``): a medium
_ACCOUNT_HEADER = re.compile(r"发表于|\d{1,2}:\d{2}[\s\u3000]+[\u4e00-\u9fff]{2,3}\s*$")


def _source_lines(wt: "normalize.WorkingText", stories: Sequence[Story]) -> list[Story]:
    """One pseudo-story (ORGs only, no article) per boilerplate line outside every
    story that is a source statement (:data:`_SOURCE_LINE`)."""
    out: list[Story] = []
    spans = sorted((st.start, st.end) for st in stories)
    for s, e in wt.boilerplate:
        if any(a < e and s < b for a, b in spans):
            continue
        if _SOURCE_LINE.search(wt.text[s:e]) and not _ACCOUNT_HEADER.search(wt.text[s:e]):
            out.append(Story(wt.text, s, e))
    return out


def _build(doc_id: str, raw: str, meta: dict, wt: "normalize.WorkingText", stories: Sequence[Story],
           sources: Sequence[Story] = ()) -> Document:
    placed: list[tuple[int, int, Span]] = []
    for st in (*stories, *sources):
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
