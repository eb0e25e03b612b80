"""Story segmentation and bylines. (Placeholder: one story per page; issue #3.)"""
from __future__ import annotations

from .normalize import WorkingText
from .spans import Story


def segment(wt: WorkingText) -> list[Story]:
    """Split the working text into stories (bylines become PERSON spans)."""
    if not wt.text.strip():
        return []
    return [Story(wt.text, 0, len(wt.text))]
