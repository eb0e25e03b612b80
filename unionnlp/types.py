"""Result types: what :func:`unionnlp.extract` returns.

Every entity is a frozen, slotted dataclass carrying ``start``/``end``/``text``
into the *raw* text of its :class:`Document` (``doc.text[e.start:e.end] ==
e.text`` always holds) plus the attributes of the annotation scheme
(``../shared/ANNOTATION.md``, copied with our decisions in
``docs/annotation.md``).

A :class:`Document` is the unit of input and output.  It serialises to exactly
the scheme's JSON (:meth:`Document.to_dict` / :meth:`Document.from_dict`) and
to pandas DataFrames (:meth:`Document.to_frames`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Iterator, Mapping

__all__ = [
    "LABELS",
    "ORG_KINDS",
    "ORG_LEVELS",
    "PERSON_ROLES",
    "PROGRAM_KINDS",
    "APPROX_MARKERS",
    "LEVELLED_KINDS",
    "Entity",
    "Organization",
    "Person",
    "Title",
    "Post",
    "Count",
    "Program",
    "Holds",
    "Article",
    "Duplicate",
    "Document",
]

LABELS: tuple[str, ...] = ("ORG", "PERSON", "TITLE", "COUNT", "PROGRAM")
ORG_KINDS: tuple[str, ...] = (
    "union", "party", "government", "legislature", "cppcc",
    "enterprise", "institution", "social", "working_group",
)
#: ORG kinds that carry a ``level`` attribute (the scheme: union, party,
#: government, legislature only).
LEVELLED_KINDS: frozenset[str] = frozenset({"union", "party", "government", "legislature"})
ORG_LEVELS: tuple[str, ...] = (
    "national", "provincial", "municipal", "district", "township",
    "community", "unit", "sector",
)
PERSON_ROLES: tuple[str, ...] = (
    "reporter", "correspondent", "photographer", "editor", "worker", "official", "other",
)
PROGRAM_KINDS: tuple[str, ...] = (
    "award", "competition", "platform", "service", "theme", "activity", "campaign",
)
APPROX_MARKERS: tuple[str, ...] = ("余", "多", "近", "约", "超", "逾", "上", "左右")


@dataclass(frozen=True, slots=True)
class Entity:
    """A labelled span of the raw text. Subclasses add the label's attributes."""

    id: str
    start: int
    end: int
    text: str

    label: ClassVar[str] = ""

    def attrs(self) -> dict[str, Any] | None:
        """The scheme's ``attrs`` object for this entity (``None``: no attrs key)."""
        return None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "id": self.id, "start": self.start, "end": self.end,
            "label": self.label, "text": self.text,
        }
        a = self.attrs()
        if a is not None:
            d["attrs"] = a
        return d


@dataclass(frozen=True, slots=True)
class Organization(Entity):
    """An ORG mention. ``canonical`` is the full simplified name it stands for;
    ``parent`` (union bodies only) the canonical name of the union one tier up."""

    kind: str | None = None
    level: str | None = None
    canonical: str | None = None
    parent: str | None = None

    label: ClassVar[str] = "ORG"

    def attrs(self) -> dict[str, Any]:
        a: dict[str, Any] = {"kind": self.kind}
        if self.kind in LEVELLED_KINDS:
            a["level"] = self.level
        a["canonical"] = self.canonical
        if self.kind == "union":
            a["parent"] = self.parent
        return a

    @property
    def name(self) -> str:
        """The canonical name where known, else the text as written."""
        return self.canonical or self.text


@dataclass(frozen=True, slots=True)
class Title(Entity):
    """A TITLE mention: one post (``党组书记``, ``副主席``) held by a named person."""

    label: ClassVar[str] = "TITLE"


@dataclass(frozen=True, slots=True)
class Post:
    """A post a person holds: the title mention and the body it is held in."""

    title: Title
    org: Organization | None = None

    def as_tuple(self) -> tuple[str, str | None]:
        """``(title text, organization canonical name or None)``."""
        return (self.title.text, self.org.name if self.org else None)


@dataclass(frozen=True, slots=True)
class Person(Entity):
    """A PERSON mention with its ``role`` and the ``posts`` linked to it."""

    role: str | None = None
    posts: tuple[Post, ...] = ()

    label: ClassVar[str] = "PERSON"

    def attrs(self) -> dict[str, Any]:
        return {"role": self.role}


@dataclass(frozen=True, slots=True)
class Count(Entity):
    """A COUNT: ``130余家`` → value 130, approx ``余``, unit ``家``, noun ``企业负责人``."""

    value: int | float | None = None
    approx: str | None = None
    unit: str | None = None
    noun: str | None = None

    label: ClassVar[str] = "COUNT"

    def attrs(self) -> dict[str, Any]:
        return {"value": self.value, "approx": self.approx, "unit": self.unit, "noun": self.noun}


@dataclass(frozen=True, slots=True)
class Program(Entity):
    """A PROGRAM: a named programme, campaign, activity, competition, award or service."""

    kind: str | None = None
    canonical: str | None = None

    label: ClassVar[str] = "PROGRAM"

    def attrs(self) -> dict[str, Any]:
        return {"kind": self.kind, "canonical": self.canonical}


ENTITY_CLASSES: dict[str, type[Entity]] = {
    cls.label: cls for cls in (Organization, Person, Title, Count, Program)
}


@dataclass(frozen=True, slots=True)
class Holds:
    """The ``holds`` relation: entity ids of a person, a title and an org (or None)."""

    person: str
    title: str
    org: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"type": "holds", "person": self.person, "title": self.title, "org": self.org}


@dataclass(frozen=True, slots=True)
class Article:
    """One story of a page, from its headline's first character to its last paragraph."""

    start: int
    end: int
    headline: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "headline": self.headline}


@dataclass(frozen=True, slots=True)
class Duplicate:
    """A layout repeat ``[start, end)`` of the text first seen at ``copy_of``."""

    start: int
    end: int
    copy_of: int

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "copy_of": self.copy_of}


def _entity_from_dict(d: Mapping[str, Any]) -> Entity:
    cls = ENTITY_CLASSES[d["label"]]
    a = dict(d.get("attrs") or {})
    kw: dict[str, Any] = {"id": d["id"], "start": d["start"], "end": d["end"], "text": d["text"]}
    if cls is Organization:
        kw.update(kind=a.get("kind"), level=a.get("level"), canonical=a.get("canonical"),
                  parent=a.get("parent"))
    elif cls is Person:
        kw.update(role=a.get("role"))
    elif cls is Count:
        kw.update(value=a.get("value"), approx=a.get("approx"), unit=a.get("unit"),
                  noun=a.get("noun"))
    elif cls is Program:
        kw.update(kind=a.get("kind"), canonical=a.get("canonical"))
    return cls(**kw)


def link_posts(entities: tuple[Entity, ...], relations: tuple[Holds, ...]) -> tuple[Entity, ...]:
    """Return ``entities`` with each :class:`Person`'s ``posts`` filled from ``relations``."""
    by_id = {e.id: e for e in entities}
    posts: dict[str, list[Post]] = {}
    for r in relations:
        t = by_id.get(r.title)
        o = by_id.get(r.org) if r.org else None
        if isinstance(t, Title):
            posts.setdefault(r.person, []).append(
                Post(t, o if isinstance(o, Organization) else None))
    out = []
    for e in entities:
        if isinstance(e, Person):
            p = tuple(posts.get(e.id, ()))
            if p != e.posts:
                e = Person(e.id, e.start, e.end, e.text, role=e.role, posts=p)
        out.append(e)
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Document:
    """One input text and everything found in it.

    ``articles``/``duplicates`` are ``None`` when a gold file does not annotate
    them (the key is absent); extraction always fills them (possibly empty).
    """

    id: str
    text: str
    entities: tuple[Entity, ...] = ()
    relations: tuple[Holds, ...] = ()
    articles: tuple[Article, ...] | None = ()
    duplicates: tuple[Duplicate, ...] | None = ()
    meta: Mapping[str, Any] = field(default_factory=dict)

    # -- views -------------------------------------------------------------
    def _of(self, cls: type) -> list:
        return [e for e in self.entities if isinstance(e, cls)]

    @property
    def organizations(self) -> list[Organization]:
        """All ORG mentions, in text order."""
        return self._of(Organization)

    @property
    def persons(self) -> list[Person]:
        """All PERSON mentions (officials, reporters, workers …), in text order."""
        return self._of(Person)

    @property
    def officials(self) -> list[Person]:
        """PERSON mentions that hold at least one post in the text."""
        return [p for p in self._of(Person) if p.posts]

    @property
    def titles(self) -> list[Title]:
        return self._of(Title)

    @property
    def counts(self) -> list[Count]:
        return self._of(Count)

    @property
    def programs(self) -> list[Program]:
        return self._of(Program)

    def entity(self, entity_id: str) -> Entity:
        """The entity with this id (``KeyError`` if none)."""
        for e in self.entities:
            if e.id == entity_id:
                return e
        raise KeyError(entity_id)

    def hierarchy(self) -> list[tuple[str, str]]:
        """The union tree found here: distinct ``(child, parent)`` canonical edges."""
        seen: dict[tuple[str, str], None] = {}
        for o in self.organizations:
            if o.kind == "union" and o.parent and o.canonical:
                seen[(o.canonical, o.parent)] = None
        return list(seen)

    def __iter__(self) -> Iterator[Entity]:
        return iter(self.entities)

    def __len__(self) -> int:
        return len(self.entities)

    # -- serialisation ---------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """The scheme's JSON object for this document."""
        d: dict[str, Any] = {"id": self.id, "text": self.text, "meta": dict(self.meta)}
        if self.articles is not None:
            d["articles"] = [a.to_dict() for a in self.articles]
        if self.duplicates is not None:
            d["duplicates"] = [x.to_dict() for x in self.duplicates]
        d["entities"] = [e.to_dict() for e in self.entities]
        d["relations"] = [r.to_dict() for r in self.relations]
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Document":
        """Build from a scheme JSON object. Does not validate: see
        :func:`unionnlp.annotation.validate_record` for that."""
        ents = tuple(_entity_from_dict(e) for e in d.get("entities", ()))
        rels = tuple(Holds(r["person"], r["title"], r.get("org"))
                     for r in d.get("relations", ()) if r.get("type", "holds") == "holds")
        arts = d.get("articles")
        dups = d.get("duplicates")
        return cls(
            id=str(d["id"]), text=d["text"], entities=link_posts(ents, rels), relations=rels,
            articles=None if arts is None else tuple(
                Article(a["start"], a["end"], a.get("headline")) for a in arts),
            duplicates=None if dups is None else tuple(
                Duplicate(x["start"], x["end"], x["copy_of"]) for x in dups),
            meta=dict(d.get("meta") or {}),
        )

    def to_frames(self) -> dict[str, "Any"]:
        """pandas DataFrames, one row per mention or link; see :func:`unionnlp.to_frames`."""
        from .frames import to_frames

        return to_frames([self])

    def to_spacy(self, nlp: Any = None) -> Any:
        """A spaCy ``Doc`` over the raw text with our entities as ``doc.ents``."""
        from .render import to_spacy

        return to_spacy(self, nlp)
