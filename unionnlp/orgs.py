"""Rule layer: orgs. (Placeholder; see the issue that builds it.)"""
from __future__ import annotations

from .spans import Story


def annotate(story: Story) -> None:
    """Append this layer's spans (and links) to story."""
    return None
