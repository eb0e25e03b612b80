"""Raw page → working text with an offset map back to the raw text.

(Placeholder: identity. Issue #3 replaces this with line-break repair,
duplicate detection, full-width folding, traditional→simplified and
boilerplate recognition, keeping this interface.)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from .types import Duplicate


@dataclass(slots=True)
class WorkingText:
    """The text extractors read, and the way back to raw offsets.

    ``offsets[i]`` is the raw index of working character ``i``; a working span
    ``[s, e)`` maps to raw ``[offsets[s], offsets[e-1] + 1)`` (so a repaired
    line break inside it stays inside the raw span).
    """

    raw: str
    text: str
    offsets: Sequence[int]
    duplicates: list[Duplicate] = field(default_factory=list)
    boilerplate: list[tuple[int, int]] = field(default_factory=list)

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            raise ValueError(f"empty span [{start}, {end})")
        return self.offsets[start], self.offsets[end - 1] + 1


def normalize(raw: str) -> WorkingText:
    return WorkingText(raw=raw, text=raw, offsets=range(len(raw)))
