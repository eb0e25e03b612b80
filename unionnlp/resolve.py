"""Resolution: canonical names, levels, union parents, holds. (Placeholder; issue #4/#5.)"""
from __future__ import annotations

from .spans import Story


def resolve(story: Story) -> None:
    """Fill attrs of the story's spans from its context."""
    return None
