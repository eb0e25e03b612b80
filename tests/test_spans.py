"""Internal working types: the shared overlap test."""
from __future__ import annotations

import random

from unionnlp.spans import overlap_test


def test_overlap_test_matches_a_plain_scan():
    rnd = random.Random(3)
    for _ in range(200):
        spans = [(a, a + rnd.randint(1, 6)) for a in (rnd.randint(0, 40) for _ in range(rnd.randint(0, 8)))]
        hit = overlap_test(spans)
        for s in range(0, 45):
            for e in range(s + 1, s + 5):
                assert hit(s, e) == any(a < e and s < b for a, b in spans)
