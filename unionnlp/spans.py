"""Internal working types shared by the extraction layers.

Extractors never see raw offsets: they read a :class:`Story` of the working
text (see :mod:`unionnlp.normalize`) and append :class:`Span` candidates and
:class:`Link` (holds) candidates to it, in *working-text* offsets.  The
pipeline maps them to raw offsets at the very end.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable


@dataclass(slots=True, eq=False)
class Span:
    """A candidate entity in working-text offsets (identity equality)."""

    start: int
    end: int
    label: str
    attrs: dict[str, Any] = field(default_factory=dict)
    source: str = "rules"  # "rules" | "model" | "byline"
    score: float = 1.0

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.end and other.start < self.end

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Span({self.start},{self.end},{self.label},{self.attrs},{self.source})"


@dataclass(slots=True, eq=False)
class Link:
    """A candidate ``holds``: person, title and (optional) org spans."""

    person: Span
    title: Span
    org: Span | None = None


@dataclass(slots=True, eq=False)
class Story:
    """One story of a page in working-text offsets.

    ``text`` is the whole working text; the story covers ``text[start:end]``.
    ``headline`` is the working-text range of the headline, if any.
    ``context`` carries what resolution learns about the story (its regions …).
    """

    text: str
    start: int
    end: int
    headline: tuple[int, int] | None = None
    spans: list[Span] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    context: dict[str, Any] = field(default_factory=dict)

    @property
    def body(self) -> str:
        return self.text[self.start:self.end]

    def add(self, start: int, end: int, label: str, source: str = "rules", **attrs: Any) -> Span:
        """Append and return a new span (offsets are absolute working-text offsets)."""
        sp = Span(start, end, label, dict(attrs), source)
        self.spans.append(sp)
        return sp

    def spans_of(self, label: str) -> list[Span]:
        return sorted((s for s in self.spans if s.label == label), key=lambda s: s.start)


def overlap_test(spans: Iterable[tuple[int, int]]) -> Callable[[int, int], bool]:
    """A function telling in O(log n) whether ``[s, e)`` overlaps any of ``spans``
    (fixed ``(start, end)`` ranges, in any order)."""
    ranges = sorted(spans)
    starts = [a for a, _ in ranges]
    ends: list[int] = []
    m = -1
    for _, b in ranges:  # running max end: any range starting before e that reaches past s
        m = max(m, b)
        ends.append(m)

    def overlaps(s: int, e: int) -> bool:
        i = bisect_right(starts, e - 1) - 1
        return i >= 0 and ends[i] > s

    return overlaps
