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


@lru_cache(maxsize=1)
def _head_index() -> tuple[tuple[int, ...], dict[str, tuple[str, str]]]:
    """Head lengths, longest first, and head → ``(head, kind)`` (first listing wins)."""
    index: dict[str, tuple[str, str]] = {}
    for hk in _heads():
        index.setdefault(hk[0], hk)
    return tuple(sorted({len(h) for h in index}, reverse=True)), index


def _head_of(surface: str) -> tuple[str, str] | None:
    """``(head word, kind)`` of the longest known organisation head ending ``surface``."""
    lengths, index = _head_index()
    for k in lengths:
        hk = index.get(surface[-k:]) if len(surface) >= k else None
        if hk is not None:
            return hk
    return None


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


def proposal_sites(story: Story, start: int, words: list[str], occ: _Occupied) -> list[tuple[int, int]]:
    """Where in a chunk could a model span survive :func:`merge`?

    ``words`` are the jieba tokens of ``story.text[start:…]``; the result lists
    token ranges ``[a, b)`` holding a candidate (empty: the model need not look
    at this chunk at all, which is how the statistical layer saves most of its
    time).  Model spans are token-aligned; a candidate is free of kept rule
    spans, passes the checks :func:`merge` applies, and has the shape of

    * a PERSON: a word jieba's dictionary tags as a name (nr), or a surname
      token (``王``, ``欧阳``) followed by tokens up to four characters in all,
      each a single character, a word jieba tags as a name part (nr, nz) or a
      word that is no verb and not among jieba's commonest (``亚平``, ``建国``;
      not ``强调``, ``安全``), or a two-character word starting with a surname
      followed by single characters (``周长/根``); a name with ``·`` makes the
      whole chunk a site;
    * an ORG: tokens ending with a known head word, where the last token is
      the head word itself or a word jieba does not know as an ordinary noun
      (``格局``, ``干部`` end in 局, 部 but are no heads), the first is no verb
      and none is a preposition, conjunction, particle, pronoun or adverb.
      The site reaches back as far as such a name could start.

    These shapes are the only assumption beyond :func:`merge` itself; what
    they cost is measured in ``docs/decisions/speed.md``.
    """
    cls = _token_classes()
    kinds = [cls[w] for w in words]
    n = len(words)
    if not any(k & (_NAME | _START | _ORG_END) for k in kinds):
        return [(0, n)] if "·" in "".join(words) else []
    text = story.text
    bounds = [start]
    for w in words:
        bounds.append(bounds[-1] + len(w))
    if "·" in text[start:bounds[-1]]:
        return [(0, n)]
    sites: list[tuple[int, int]] = []
    for a, k in enumerate(kinds):
        if k & _NAME and _person_ok(story, bounds[a], bounds[a + 1], occ):
            sites.append((a, a + 1))
            continue
        if k & _START:
            i = bounds[a]
            for b in range(a + 1, n):
                # a two-character first word (周长/根) is followed by single characters only
                if bounds[b + 1] - i > 4 or not kinds[b] & _GIVEN or (k & _WORD and len(words[b]) > 1):
                    break
                if _person_ok(story, i, bounds[b + 1], occ):
                    sites.append((a, b + 1))
                    break
        if k & _ORG_END:
            j = bounds[a + 1]
            found = False
            c = a
            while c >= 0:
                i = bounds[c]
                if (c < a and kinds[c] & _ORG_BREAK) or not occ.free(i, j) or _ORG_STOP.search(text, i, j):
                    break
                if not found and not kinds[c] & _VERB and _keeps(story, Span(i, j, "ORG", source="model")):
                    found = True
                c -= 1
            if found:
                sites.append((c + 1, a + 1))
    return sites


# token classes for proposal_sites (bit flags), computed once per distinct token
_NAME, _START, _WORD, _GIVEN, _ORG_END, _ORG_BREAK, _VERB = 1, 2, 4, 8, 16, 32, 64
#: words that may follow a surname in a name: single characters, words jieba tags as
#: name parts, rarer words and rare verbs (王/亚平, 杜/春生, 王/建国, 黎/远航; not
#: 时/强调, 和/安全, 国家/战略): frequency limits for (other words, verbs)
_GIVEN_TAGS = ("nr", "nz")
_GIVEN_MAX_FREQ = (5000, 1000)


def _word_freq(w: str) -> int:
    from .tokenizer import get_tokenizer

    return get_tokenizer().FREQ.get(w) or 0
#: jieba tags of words never inside an organisation's name (prepositions, conjunctions,
#: particles, pronouns, adverbs, interjections)
_ORG_BREAK_TAGS = frozenset("pcuyred")


class _Classes(dict):
    """token → class bits, filled on first sight (bounded: cleared when huge)."""

    def __missing__(self, w: str) -> int:
        if len(self) > 500_000:
            self.clear()
        k = self[w] = _classify(w)
        return k


@lru_cache(maxsize=1)
def _token_classes() -> _Classes:
    return _Classes()


def _classify(w: str) -> int:
    from .tokenizer import jieba_dict

    tags = jieba_dict().tags
    single, double = _surnames()
    tag = tags.get(w, "")
    k = 0
    if len(w) >= 2 and tag.startswith("nr"):
        k |= _NAME
    if len(w) <= 2 and (w[:1] in single or w[:2] in double):
        k |= _START
        if len(w) == 2 and w not in double:
            k |= _WORD
    f = _word_freq(w)
    if len(w) == 1 or tag.startswith(_GIVEN_TAGS) or f < _GIVEN_MAX_FREQ[tag == "v"]:
        k |= _GIVEN
    if tag[:1] in _ORG_BREAK_TAGS and (len(w) == 1 or tag[:1] in "rpd"):  # jieba tags 即时 c
        k |= _ORG_BREAK
    if tag == "v":
        k |= _VERB
    hk = _head_of(w)
    if hk is not None and (w == hk[0] or w in _head_words() or tag == "nt" or not tag.startswith(("n", "f", "r"))
                           or (len(w) == 2 and w[0] in "总分")):  # 国家开发银行 (nt), 总局, 分厂
        k |= _ORG_END
    return k


@lru_cache(maxsize=1)
def _head_words() -> frozenset[str]:
    """Heads listed as whole words (``有限公司``, ``港务局``)."""
    return frozenset(h for h, _ in _heads())


def _person_ok(story: Story, i: int, j: int, occ: _Occupied) -> bool:
    """Would :func:`merge` keep a model PERSON at ``[i, j)``?"""
    return occ.free(i, j) and _keeps(story, Span(i, j, "PERSON", source="model"))


def _keeps(story: Story, sp: Span) -> bool:
    """The merge's checks of a model span that no kept span overlaps (PERSON, ORG; never TITLE)."""
    surface = story.text[sp.start:sp.end]
    if sp.label == "PERSON":
        return plausible_person(surface) and not _nickname(story.text, sp) and _person_context(story, sp)
    if sp.label == "ORG":
        return plausible_org(surface) and _org_context(story, sp)
    return False


def merge(story: Story) -> None:
    """Make ``story.spans`` flat (no two spans overlap) following the policy above.
    Links that point to dropped spans are dropped too."""
    occ = _Occupied()
    sure = _flat([s for s in story.spans if s.source != "model"], occ)
    proposals = [s for s in story.spans if s.source == "model"]
    kept = list(sure)
    for sp in sorted(proposals, key=lambda s: -(s.end - s.start)):
        if sp.end <= sp.start or not occ.free(sp.start, sp.end) or not _keeps(story, sp):
            continue
        if sp.label == "PERSON":
            sp.attrs.setdefault("role", _model_person_role(story, sp, sure))
        else:
            sp.attrs.update(_org_attrs(story, sp))
        occ.take(sp.start, sp.end)
        kept.append(sp)
    kept.sort(key=lambda s: (s.start, s.end))
    ids = {id(s) for s in kept}
    story.spans = kept
    story.links = [l for l in story.links
                   if id(l.person) in ids and id(l.title) in ids and (l.org is None or id(l.org) in ids)]
