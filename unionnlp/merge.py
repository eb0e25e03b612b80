"""Combining rule and model spans into one flat, non-overlapping set.

The policy (also in the README):

1. **Rules first.** Byline spans, then rule spans, are kept as they are
   (among overlapping rule spans the longer wins).  Rules only fire on
   patterns they are sure of, so the model never overrides them.
2. **The model proposes the rest.** A model span is considered only where it
   overlaps no kept span, and only if it passes its label's sanity check:
   * PERSON: 2–4 Han characters starting with a known surname, or a
     minority name with ``·``; never a title, a place (``王桥镇``,
     ``邵阳县``) or a common word; and a cue that a person is meant (an
     occupation, list or ``的`` right before it; speech, action or
     punctuation right after it);
   * ORG: ends with a known organisation head word (``lexicon/org_heads.tsv``:
     局, 公司, 事务所 …) after a proper name of at least two characters that
     is not generic (``物流公司``), and is not a place alone, a venue
     (``在……中心开幕``), a sector (``工会界``) or a country's unions in general;
   * TITLE: never from the model.  On our dev split model titles added no
     correct post the rules missed and cost 10 points of TITLE precision
     (``记者``, ``通讯员``, ``选手``); posts stay with the title lexicon.
3. Resolution (:mod:`unionnlp.resolve`) runs after the merge, on rule and
   model spans alike.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from .geography import is_region
from .spans import Span, Story

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


_PLACE_END = re.compile(r"(省|市|县|区|镇|乡|村|街道|旗|州|盟|路|街|山|河|湖|峰)$")


def plausible_person(text: str) -> bool:
    if _MINORITY.match(text):
        return True
    if not _HAN.match(text) or text in _titles() or _PLACE_END.search(text):
        return False
    # a common word of jieba's dictionary (代表, 方面, 江南) is not a name; real
    # names are absent or rare there
    from .tokenizer import get_tokenizer

    if (get_tokenizer().FREQ.get(text) or 0) >= 50:
        return False
    single, double = _surnames()
    if not single:
        return True
    return text[:1] in single or text[:2] in double


@lru_cache(maxsize=1)
def _generic_names() -> frozenset[str]:
    from .lexicon import load_lines

    try:
        return frozenset(load_lines("org_generic.txt"))
    except FileNotFoundError:
        return frozenset()


_WORKER_CUE = re.compile(r"职工|工人|员工|劳模|劳动模范|工匠|选手|师傅|技师|技工|骑手|司机|获得|荣获|获评|[员工匠手](?=[^，。；！？\n]{0,2}$)")


def _model_person_role(story: Story, sp: Span, sure: list[Span]) -> str:
    """Role of a name only the model found: the role of a rule mention of the
    same name in the story; else ``worker`` when its clause names workers,
    honours or an occupation (the model's finds in the genre are mostly
    front-line workers); else ``other``."""
    surface = story.text[sp.start:sp.end]
    for k in sure:
        if k.label == "PERSON" and story.text[k.start:k.end] == surface and k.attrs.get("role"):
            return k.attrs["role"]
    lo = max(story.start, sp.start - 30)
    clause = re.split(r"[。！？；\n]", story.text[lo:sp.start])[-1]
    return "worker" if _WORKER_CUE.search(clause) else "other"


_PERSON_BEFORE = re.compile(r"(?:[员工师匠手长]|工人|职工|劳模|代表|选手|同志|的|、|和|与|及|：|:)$")
_PERSON_AFTER = re.compile(
    r"^(?:说|表示|介绍|告诉|坦言|认为|笑着|指出|是|今年|已|已经|在|从|从事|带领|带着|带队|率|一行|获得|荣获|被|曾|还|也|就|便|和|与|、|等|同志|（|\(|，|。|；|！)")


def _person_context(story: Story, sp: Span) -> bool:
    """A name the model alone proposes needs a cue that a person is meant: an
    occupation, list or 的 right before it, or speech, action or punctuation
    right after it (``兰张高铁``, ``唐山中润`` have none)."""
    before = story.text[max(story.start, sp.start - 4):sp.start]
    after = story.text[sp.end:sp.end + 3]
    if after[:1] in "（(" and before[-1:] in "（(":
        return False
    titles = _titles()
    if any(before[-k:] in titles for k in (2, 3, 4)):
        return True
    return bool(_PERSON_BEFORE.search(before) or _PERSON_AFTER.match(after))


@lru_cache(maxsize=1)
def _foreign() -> frozenset[str]:
    from .lexicon import load_table

    try:
        return frozenset(r["name"] for r in load_table("org_foreign.tsv"))
    except (FileNotFoundError, KeyError):
        return frozenset()


def _org_context(story: Story, sp: Span) -> bool:
    """Reject model ORGs that name a venue (``在……会展中心开幕``), a sector
    (``工会界``), a country's unions in general (``法国工会``), or a place plus a
    bare head (``雄安总部``)."""
    text = story.text
    surface = text[sp.start:sp.end]
    before, after = text[max(story.start, sp.start - 1):sp.start], text[sp.end:sp.end + 2]
    if after[:1] == "界":
        return False
    if before in ("在", "于", "赴", "到") and re.match(r"(开幕|举行|举办|召开|闭幕|使用|发射|落成)", text[sp.end:sp.end + 4]):
        return False
    head = (_head_of(surface) or ("", ""))[0]
    name = surface[: len(surface) - len(head)]
    if name in _foreign() and head in ("工会", "总部"):
        return False
    return not (head in ("总部", "工会", "部") and is_region(name))


def _nickname(text: str, sp: Span) -> bool:
    """``小周刚在…``: a 小/老 before a two-character proposal marks a nickname
    (小周) followed by an adverb, not a full name."""
    return sp.end - sp.start == 2 and sp.start > 0 and text[sp.start - 1] in "小老阿"


def plausible_org(text: str) -> bool:
    if len(text) < 3 or _PUNCT.search(text.strip("“”")) or _GENERIC_ORG.match(text):
        return False
    hk = _head_of(text)
    if hk is None:
        return False
    name = text[: -len(hk[0])].strip("“”")
    if len(name) < 2 or name in _generic_names() or _GENERIC_NAME.match(name):
        return False
    return not is_region(text)


_GENERIC_NAME = re.compile(r"^(?:物流|科技|商贸|贸易|建筑|餐饮|快递|外卖|家政|保安|物业|销售|服务|本|该|各|某|这家|一家|有关|相关)$")


@lru_cache(maxsize=1)
def _heads() -> tuple[tuple[str, str], ...]:
    from .lexicon import load_lines, load_table

    try:
        rows = load_table("org_heads.tsv")
    except FileNotFoundError:
        return ()
    extra = [(w, "institution" if w.endswith(("所", "院", "馆")) else "enterprise")
             for w in load_lines("model_org_heads.txt")]
    return tuple(sorted([(r["head"], r["kind"]) for r in rows if r.get("head")] + extra,
                        key=lambda hk: -len(hk[0])))


def _head_of(surface: str) -> tuple[str, str] | None:
    """``(head word, kind)`` of the longest known organisation head ending ``surface``."""
    return next((hk for hk in _heads() if surface.endswith(hk[0])), None)


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
    hk = _head_of(surface)
    if hk:
        return {"kind": hk[1]}
    return {"kind": "institution" if surface.endswith(("院", "学校", "大学", "学院", "馆")) else "enterprise"}


class _Occupied:
    """Non-overlapping kept spans, sorted by start: overlap test in O(log n)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def free(self, s: int, e: int) -> bool:
        i = bisect_right(self.starts, s)
        if i and self.ends[i - 1] > s:
            return False
        return i == len(self.starts) or self.starts[i] >= e

    def take(self, s: int, e: int) -> None:
        i = bisect_right(self.starts, s)
        self.starts.insert(i, s)
        self.ends.insert(i, e)


def _flat(spans: list[Span], occ: _Occupied) -> list[Span]:
    order = sorted(spans, key=lambda s: (_PRIORITY.get(s.source, 9), -(s.end - s.start), s.start))
    kept: list[Span] = []
    for sp in order:
        if sp.end <= sp.start or not occ.free(sp.start, sp.end):
            continue
        occ.take(sp.start, sp.end)
        kept.append(sp)
    return kept


def rule_occupancy(story: Story) -> _Occupied:
    """The ranges the merge will keep for non-model spans (bylines, rules)."""
    occ = _Occupied()
    _flat([s for s in story.spans if s.source != "model"], occ)
    return occ


_ORG_STOP = re.compile(r"[，。、；：！？‘’（）()《》\s]")  # quotes: plausible_org decides


def worth_asking(story: Story, start: int, words: list[str], occ: _Occupied) -> bool:
    """Could a model span in the chunk ``words`` (jieba tokens of
    ``story.text[start:…]``) survive :func:`merge`?  The statistical layer only
    runs the model on chunks where one could, which saves most of its time.

    Model spans are token-aligned; a chunk qualifies when it holds, free of
    kept rule spans and passing the same checks :func:`merge` applies,

    * a PERSON candidate: one token of 2–4 Han characters (a name jieba knows),
      or a surname token followed by tokens up to four characters in all
      (``王/晓明``, ``欧阳/xx``); names with ``·`` always qualify;
    * an ORG candidate: tokens ending with a known head word.

    The token shapes are the one assumption beyond :func:`merge` itself: a
    model PERSON whose first token is a longer word (``文章/指出``) is never
    asked for.  On the corpora we measured no accepted model span was lost
    (see ``docs/decisions/speed.md``).
    """
    text = story.text
    bounds = [start]
    for w in words:
        bounds.append(bounds[-1] + len(w))
    if "·" in text[start:bounds[-1]]:
        return True
    single, double = _surnames()
    n = len(bounds)
    for a in range(n - 1):
        i = bounds[a]
        w = words[a]
        if len(w) >= 2 and _HAN.match(w):
            if _person_ok(story, i, i + len(w), occ):
                return True
        if w in single or w in double:
            for b in range(a + 2, n):
                j = bounds[b]
                if j - i > 4:
                    break
                if _person_ok(story, i, j, occ):
                    return True
    for b in range(1, n):
        j = bounds[b]
        if _head_of(text[max(start, j - 8):j]) is None:
            continue
        for a in range(b - 1, -1, -1):
            i = bounds[a]
            if not occ.free(i, j) or _ORG_STOP.search(text, i, j):
                break
            if plausible_org(text[i:j]) and _org_context(story, Span(i, j, "ORG", source="model")):
                return True
    return False


def _person_ok(story: Story, i: int, j: int, occ: _Occupied) -> bool:
    """Would :func:`merge` keep a model PERSON at ``[i, j)``?"""
    if not occ.free(i, j):
        return False
    sp = Span(i, j, "PERSON", source="model")
    return (plausible_person(story.text[i:j]) and not _nickname(story.text, sp)
            and _person_context(story, sp))


def merge(story: Story) -> None:
    """Make ``story.spans`` flat (no two spans overlap) following the policy above.
    Links that point to dropped spans are dropped too."""
    occ = _Occupied()
    sure = _flat([s for s in story.spans if s.source != "model"], occ)
    proposals = [s for s in story.spans if s.source == "model"]
    kept = list(sure)
    text = story.text
    for sp in sorted(proposals, key=lambda s: -(s.end - s.start)):
        if sp.end <= sp.start or not occ.free(sp.start, sp.end):
            continue
        surface = text[sp.start:sp.end]
        if (sp.label == "PERSON" and plausible_person(surface) and not _nickname(text, sp)
                and _person_context(story, sp)):
            sp.attrs.setdefault("role", _model_person_role(story, sp, sure))
            occ.take(sp.start, sp.end)
            kept.append(sp)
        elif sp.label == "ORG" and plausible_org(surface) and _org_context(story, sp):
            sp.attrs.update(_org_attrs(story, sp))
            occ.take(sp.start, sp.end)
            kept.append(sp)
    kept.sort(key=lambda s: (s.start, s.end))
    ids = {id(s) for s in kept}
    story.spans = kept
    story.links = [l for l in story.links
                   if id(l.person) in ids and id(l.title) in ids and (l.org is None or id(l.org) in ids)]
