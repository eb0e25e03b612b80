"""Combining rule and model spans into one flat, non-overlapping set.

Policy (placeholder until issue #6 documents the final one): rule spans win;
a model span is kept only where it overlaps no rule span; among overlapping
spans of one source the longer wins.
"""
from __future__ import annotations

from .spans import Span, Story

_PRIORITY = {"byline": 0, "rules": 1, "model": 2}


def merge(story: Story) -> None:
    """Make ``story.spans`` flat: no two spans overlap. Links to dropped spans go too."""
    order = sorted(story.spans, key=lambda s: (_PRIORITY.get(s.source, 9), -(s.end - s.start), s.start))
    kept: list[Span] = []
    for sp in order:
        if sp.end <= sp.start:
            continue
        if any(sp.overlaps(k) for k in kept):
            continue
        kept.append(sp)
    kept.sort(key=lambda s: (s.start, s.end))
    ids = {id(s) for s in kept}
    story.spans = kept
    story.links = [l for l in story.links
                   if id(l.person) in ids and id(l.title) in ids and (l.org is None or id(l.org) in ids)]
