"""Combining rule and model spans into one flat, non-overlapping set.

The policy (also in the README):

1. **Rules first.** Byline spans, then rule spans, are kept as they are
   (among overlapping rule spans the longer wins).  Rules only fire on
   patterns they are sure of, so the model never overrides them.
2. **The model proposes the rest.** A model span is considered only where it
   overlaps no kept span, and only if it passes its label's sanity check:
   * PERSON: 2–4 Han characters starting with a known surname, or a
     minority name with ``·``; never a title or an organisation word;
   * ORG: at least 2 characters, not a bare generic noun or a place alone;
   * TITLE: only directly before or after a PERSON (the scheme annotates
     titles of named people only); it is then linked (``holds``) to that
     person and to the ORG that ends right before it, if any.
3. Resolution (:mod:`unionnlp.resolve`) runs after the merge, on rule and
   model spans alike.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .spans import Link, Span, Story

_PRIORITY = {"byline": 0, "rules": 1, "model": 2}
_HAN = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
_MINORITY = re.compile(r"^[\u4e00-\u9fff]{1,8}·[\u4e00-\u9fff·]{1,12}$")
_GENERIC_ORG = re.compile(
    r"^(?:各级|有关|相关|基层|本|该|全国|全省|全市|全区|各)?(?:工会|企业|单位|部门|公司|政府|党委|机关|学校|医院|组织|协会|集团|团队)$")
_PUNCT = re.compile(r"[，。、；：！？“”‘’（）()《》\s]")


@lru_cache(maxsize=1)
def _surnames() -> tuple[frozenset[str], frozenset[str]]:
    from .lexicon import load_lines

    try:
        words = load_lines("surnames.txt")
    except FileNotFoundError:
        words = ()
    single = frozenset(w for w in words if len(w) == 1)
    double = frozenset(w for w in words if len(w) == 2)
    return single, double


@lru_cache(maxsize=1)
def _titles() -> frozenset[str]:
    from .lexicon import load_lines

    try:
        return frozenset(load_lines("titles.txt"))
    except FileNotFoundError:
        return frozenset()


def plausible_person(text: str) -> bool:
    if _MINORITY.match(text):
        return True
    if not _HAN.match(text) or text in _titles():
        return False
    single, double = _surnames()
    if not single:
        return True
    return text[:1] in single or text[:2] in double


def plausible_org(text: str) -> bool:
    if len(text) < 2 or _PUNCT.search(text.strip("“”")) or _GENERIC_ORG.match(text):
        return False
    try:
        from .geography import is_region as is_place_name
    except ImportError:  # pragma: no cover
        return True
    return not is_place_name(text)


@lru_cache(maxsize=1)
def _heads() -> tuple[tuple[str, str], ...]:
    from .lexicon import load_table

    try:
        rows = load_table("org_heads.tsv")
    except FileNotFoundError:
        return ()
    return tuple(sorted(((r["head"], r["kind"]) for r in rows if r.get("head")),
                        key=lambda hk: -len(hk[0])))


def _org_attrs(story: Story, sp: Span) -> dict:
    """Attributes for a model ORG: the rule layer's reading of exactly that span
    when it has one, else the kind of its longest known head word
    (``enterprise`` when none: most unlisted named bodies in the genre are firms)."""
    from .orgs import detect

    for c in detect(story.text, sp.start, sp.end):
        if c.start == sp.start and c.end == sp.end:
            a = {"kind": c.kind, "_parts": c.parts, "_head": c.head}
            if c.canonical:
                a["canonical"] = c.canonical
            if c.level:
                a["level"] = c.level
            return a
    surface = story.text[sp.start:sp.end]
    for head, kind in _heads():
        if surface.endswith(head):
            return {"kind": kind}
    return {"kind": "institution" if surface.endswith(("院", "学校", "大学", "学院", "馆")) else "enterprise"}


def _flat(spans: list[Span]) -> list[Span]:
    order = sorted(spans, key=lambda s: (_PRIORITY.get(s.source, 9), -(s.end - s.start), s.start))
    kept: list[Span] = []
    for sp in order:
        if sp.end <= sp.start or any(sp.overlaps(k) for k in kept):
            continue
        kept.append(sp)
    return kept


def merge(story: Story) -> None:
    """Make ``story.spans`` flat (no two spans overlap) following the policy above.
    Links that point to dropped spans are dropped too."""
    sure = _flat([s for s in story.spans if s.source != "model"])
    proposals = [s for s in story.spans if s.source == "model"]
    kept = list(sure)
    text = story.text
    model_titles: list[Span] = []
    for sp in sorted(proposals, key=lambda s: -(s.end - s.start)):
        if any(sp.overlaps(k) for k in kept):
            continue
        surface = text[sp.start:sp.end]
        if sp.label == "PERSON" and plausible_person(surface):
            sp.attrs.setdefault("role", "other")
            kept.append(sp)
        elif sp.label == "ORG" and plausible_org(surface):
            sp.attrs.update(_org_attrs(story, sp))
            kept.append(sp)
        elif sp.label == "TITLE":
            model_titles.append(sp)
    kept.sort(key=lambda s: (s.start, s.end))
    # model titles: only next to a person; link them
    persons = [s for s in kept if s.label == "PERSON"]
    for t in model_titles:
        if any(t.overlaps(k) for k in kept):
            continue
        after = next((p for p in persons if 0 <= p.start - t.end <= 1), None)
        before = next((p for p in persons if 0 <= t.start - p.end <= 1), None)
        person = after or before
        if person is None:
            continue
        org = next((o for o in kept if o.label == "ORG" and o.end == t.start), None)
        kept.append(t)
        story.links.append(Link(person, t, org))
        if person.source == "model" or person.attrs.get("role") in (None, "other"):
            person.attrs["role"] = "official"
    kept.sort(key=lambda s: (s.start, s.end))
    ids = {id(s) for s in kept}
    story.spans = kept
    story.links = [l for l in story.links
                   if id(l.person) in ids and id(l.title) in ids and (l.org is None or id(l.org) in ids)]
