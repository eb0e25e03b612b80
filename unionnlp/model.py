"""Statistical layer: a spaCy NER pipeline shipped in ``models/``. (Placeholder; issue #6.)"""
from __future__ import annotations

from .spans import Story


class StatisticalLayer:
    """Loads the shipped model once and adds ``source="model"`` spans to stories."""

    def __init__(self, path: str | None = None) -> None:
        self.path = path

    def annotate(self, stories: list[Story]) -> None:
        return None
