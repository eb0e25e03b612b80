"""Rule layer: PROGRAM spans (named programmes, campaigns, awards, events …).

Four sources of candidates, all in one pass over a story:

1. **Quoted names** ``“X”``, accepted when the context says X is a programme:
   a head after it (``“X”活动/工作/专项工作/主题/大赛/服务/行动/小程序``,
   ``lexicon/program_heads.tsv``), a cue before it (``开展“X”``, ``获得“X”``,
   ``主题为“X”``), a name continuing after it (``“小三级”工会建设三年行动``),
   the programme lexicon, or the shape of X itself (``“区级工会加强年”``).
   The span drops the outer quotes and any region/period/ordinal prefix
   (``“2024全国网上年货节”`` → ``网上年货节``); a coordinated pair of known
   programmes is split (``“夏送清凉、冬送温暖”`` → 送清凉, 送温暖).
2. **The programme lexicon** (``lexicon/programs.tsv``) unquoted, with
   canonical full names for short forms (``产改`` → ``产业工人队伍建设改革``).
3. **Named events** after an ordinal/period/national prefix or a launching
   verb: ``第六届中国国际工业设计博览会`` → ``中国国际工业设计博览会``,
   ``启动治理欠薪冬季专项行动`` → ``治理欠薪冬季专项行动``.
4. **Long forms** of education campaigns (``学习贯彻……主题教育``), which
   also give the canonical of their short forms (``主题教育``) in the story.

Not programmes: ``《》`` titles as such (names inside them are annotated),
categories of people (``“八大群体”``), generic events (``座谈会``), facilities
(``职工之家``), spirits (``劳模精神``), echoing verb phrases (``送温暖的心``).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from .lexicon import load_table
from .spans import Story, overlap_test

__all__ = ["annotate", "find_programs", "ProgramHit"]

KINDS = ("award", "competition", "platform", "service", "theme", "activity", "campaign")


def _s2t():
    try:
        import opencc

        return opencc.OpenCC("s2t").convert
    except Exception:  # pragma: no cover
        return None


_S2T = _s2t()


@dataclass(slots=True)
class _Entry:
    name: str
    canonical: str
    kind: str
    verbal: bool


def _load_lexicon() -> dict[str, _Entry]:
    out: dict[str, _Entry] = {}
    for row in load_table("programs.tsv"):
        name = (row.get("name") or "").strip()
        kind = (row.get("kind") or "").strip()
        if not name or kind not in KINDS:
            raise ValueError(f"programs.tsv: bad row {row!r}")
        e = _Entry(name, (row.get("canonical") or "").strip() or name, kind,
                   (row.get("verbal") or "").strip() == "yes")
        out[name] = e
        if _S2T:
            out.setdefault(_S2T(name), e)
    return out


def _load_heads() -> dict[str, tuple[str | None, str]]:
    out: dict[str, tuple[str | None, str]] = {}
    for row in load_table("program_heads.tsv"):
        head = (row.get("head") or "").strip()
        kind = (row.get("kind") or "").strip() or None
        role = (row.get("role") or "").strip()
        if not head or role not in ("generic", "name", "event") or (kind and kind not in KINDS):
            raise ValueError(f"program_heads.tsv: bad row {row!r}")
        out[head] = (kind, role)
        if _S2T:
            out.setdefault(_S2T(head), (kind, role))
    return out


_LEX = _load_lexicon()
_HEADS = _load_heads()
_NAME_HEADS = {h: k for h, (k, r) in _HEADS.items() if r == "name"}


def _alt(words) -> str:
    return "|".join(map(re.escape, sorted(set(words), key=len, reverse=True)))


_NUM = "0-9一二三四五六七八九十百零〇两"
#: region / period / ordinal prefixes dropped from a name
_PREFIX_RE = re.compile(
    rf"^(?:(?:19|20)[0-9]{{2}}(?:—|-|～|－|–)?(?:(?:19|20)[0-9]{{2}})?年?度?|第[{_NUM}]+[届次期]|首届|本届|"
    r"全国|全省|全市|全区|全县|全州|“十[一二三四五六七八九]五”|十[一二三四五六七八九]五)+")
_QUOTE_RE = re.compile(r"[“「]([^“”「」\n]{1,40})[”」]")
_HEAD_AFTER_RE = re.compile(_alt(_HEADS))
_LEX_RE = re.compile(_alt(_LEX) + r"|[十一二三四五六七八九]{1,3}运会|感动中国(?:[0-9]{4}年度人物)?")
_NAME_HEAD_ALT = _alt(_NAME_HEADS)
_HAN = r"\u4e00-\u9fff"
#: a named event after an ordinal/period/national prefix
_NC = rf"(?:(?![在于将是和与及的为以把被对从向暨])[{_HAN}（）()·—A-Za-z])"
_EVENT_HEAD_ALT = _alt(h for h, k in _NAME_HEADS.items() if k != "campaign")
_EVENT_RE = re.compile(
    rf"(?:第[{_NUM}]+届|首届|(?<![0-9])(?:19|20)[0-9]{{2}}(?:年度|年)?|全国)(?:全国)?"
    rf"(?P<name>{_NC}{{0,20}}?)(?P<head>{_EVENT_HEAD_ALT})")
#: a second event coordinated with the first: 甲宣传月和乙宣传周
_COORD_RE = re.compile(rf"[和及与、](?P<name>{_NC}{{2,16}}?)(?P<head>{_EVENT_HEAD_ALT})")
#: a list of short names ending in 等活动: 举办甲乙、丙丁等活动
_LIST_RE = re.compile(
    rf"(?:举办|开展|组织开展|推出|启动)(?P<list>(?:[{_HAN}]{{2,8}}、)+[{_HAN}]{{2,8}})等(?:系列)?活动")
#: a named programme whose implementing document is mentioned: 《X工程实施方案》
_PLAN_RE = re.compile(
    rf"(?<=[《\n*，。：“])(?P<name>[{_HAN}]{{2,14}}?(?:工程|行动|计划|奖学金|专项行动))"
    rf"(?=实施方案|实施办法|工作方案|行动方案|实施意见|评审办法|管理办法)")
#: a named drive after a launching verb
_DRIVE_RE = re.compile(
    rf"(?:启动|部署开展|部署|开展|实施|组织开展|深入开展|集中开展)(?:了)?(?:全国|全省|全市|全区)?"
    rf"(?P<name>{_NC}{{2,14}}?)(?P<head>专项治理行动|专项整治行动|专项行动|攻坚行动|提升行动|行动计划|三年行动|行动)")
#: a named competition after an organising verb: 举办矿山机电维修技能比武
_CONTEST_RE = re.compile(
    rf"(?:举办|举行|联合举办|组织|开展)(?:了)?(?:第[{_NUM}]+届|首届)?(?:全国|全省|全市|全区)?"
    rf"(?P<name>{_NC}{{2,14}}?)(?P<head>职业技能竞赛|职业技能大赛|技能竞赛|技能大赛|技能比武|教学竞赛|比武|大赛)(?![{_HAN}])")
_VERB_USE_RE = re.compile(rf"(?:为[{_HAN}「」“”]{{1,10}}|[来去要]|送[{_HAN}]{{1,4}}、"
                          rf"|(?:走进|走進|来到|來到|深入|登轮|登輪|登船|上门|上門)[{_HAN}「」“”]{{0,8}})$")
_INTO_RE = re.compile(rf"进(?:[{_HAN}]{{2}})(?=[^{_HAN}]|活动|启动|仪式|行动|$)")
_LONG_EDU_RE = re.compile(rf"(?:学习贯彻|深入贯彻|深入学习贯彻)[{_HAN}]{{2,30}}?(?:主题教育|学习教育)")
_TITLE_RE = re.compile(r"《[^《》\n]{0,60}》")

#: cue words right before an opening quote, and the kind they imply (None: decide from the name)
_CUES_BEFORE: dict[str, str | None] = {
    "主题为": "theme", "主题是": "theme", "以": "theme?", "围绕": "theme?", "口号": "theme",
    "获得": "award", "荣获": "award", "授予": "award", "评为": "award", "入选": "award",
    "入选了": "award", "命名为": "award", "被评为": "award", "获评": "award",
    "举办": "activity", "举行": "activity", "开展": None, "启动": None, "实施": None,
    "打造": None, "推广": "platform?", "推广应用": "platform?", "上线": "platform",
    "推出": None, "发起": None, "组织": None, "参加": None, "参与": None, "创建": None,
    "参评": "award", "申报": "award", "推荐申报": "award", "通过": "platform?", "在": "platform?",
    "开启": None, "深入开展": None, "持续开展": None, "广泛开展": None, "组织开展": None,
    "启动了": None, "开展了": None, "举办了": "activity", "列入": None, "列为": None, "纳入": None, "表彰": "award",
}
_CUE_RE = re.compile("(?:" + _alt(_CUES_BEFORE) + r")(?:全国|全省|全市|年度|[0-9]{4}(?:年度|年)?|首批|新一批|第[0-9一二三四五六七八九十]+批)?$")
_EXCL_SUFFIX = ("精神", "群体", "人员", "座谈会", "沟通会", "原则", "方针", "问题", "期间", "代表大会", "表彰大会",
                "庆祝大会")
_HOLIDAYS = {"五一", "七一", "八一", "三八", "五四", "六一", "十一", "国庆", "春节", "元旦", "端午", "中秋",
             "清明", "重阳", "双十一", "双11"}
#: figures of speech that are often quoted before a head (“娘家人”服务, “一把手”工程): never names
_FIGURES = {"娘家人", "家门口", "一把手", "主心骨", "贴心人", "领头雁", "连心桥", "暖心窝", "一号工程",
            "面子工程", "头号工程", "形象工程", "政绩工程", "豆腐渣工程", "民心工程", "德政工程"}
_EXCL_EXACT = {"职工之家", "劳模精神", "劳动精神", "工匠精神"} | _HOLIDAYS | _FIGURES
#: what the name's own ending says about its kind
_SUFFIX_KIND = (
    (("奖章", "奖状", "奖", "称号", "先锋号", "文明号", "文明岗", "工匠", "标兵", "能手", "之星", "红旗手",
      "强", "人物", "好提案"), "award"),
    (("大赛", "竞赛", "比武", "比赛", "擂台赛", "运动会", "杯"), "competition"),
    (("小程序", "平台", "APP", "App", "公众号", "卡", "码", "通", "云", "i会员", "e家"), "platform"),
    (("服务", "驿站", "保障", "互助"), "service"),
    (("节", "日", "周", "月", "晚", "汇演", "展演", "大会", "博览会", "交易会", "论坛", "峰会"), "activity"),
)
def _year_kind(name: str) -> str:
    """A named year is a campaign (“区级工会加强年”), a named season an event (“技能提升季”, as the gold)."""
    return "activity" if name.endswith("季") else "campaign"


_YEAR_NAME_RE = re.compile(rf"[{_HAN}]{{2,}}(?:提升|建设|服务|攻坚|落实|推进|质量|效能|能力)?[年季]$")
#: characters after a head that show it is part of a longer word (大会堂, 周年, 奖金, 工程师)
_HEAD_BREAK = {"大会": "堂", "周": "年末", "月": "份底", "奖": "金励项台", "工程": "师", "节": "日点约"}
_NAME_FORBIDDEN = re.compile(r"[在于将是和与及的为以把被对从向暨，。、]|召开|举行|举办|开幕|闭幕|发布|启动|开展"
                             r"|出席|主持|参加|讲话|致辞|宣布|会见|主席|书记|部长|主任|委员|走进|进入|来到|深入|站上|送到|送进|送往|"
                             r"带到|开到|或")
_GENERIC_NAME_HEADS = {"大会", "论坛", "峰会", "晚会", "比赛", "评选"}


@dataclass(slots=True)
class ProgramHit:
    start: int
    end: int
    kind: str
    canonical: str
    from_lexicon: bool = False
    #: the canonical came from the lexicon's short-form mapping (产改 → …): keep it
    fixed: bool = False
    #: a short quoted name with weak evidence (“30强”企业): kept only when a longer
    #: mention in the same story ends with it (全国文化企业30强 … 本届“30强”)
    weak: bool = False


def _suffix_kind(name: str) -> str | None:
    for ends, kind in _SUFFIX_KIND:
        if name.endswith(ends):
            return kind
    return None


def _clean(name: str) -> str:
    """Canonical form: no inner quotes, no line breaks; a space between the two
    halves of a slogan stays (one space), as the real gold writes it."""
    name = re.sub(r"[“”「」‘’\r\n]", "", name)
    return re.sub(r"[ \t\u3000]+", " ", name).strip()


def _strip_prefix(s: str) -> int:
    m = _PREFIX_RE.match(s)
    return m.end() if m else 0


def _lex_kind(name: str) -> _Entry | None:
    e = _LEX.get(name)
    if e:
        return e
    if re.fullmatch(r"[十一二三四五六七八九]{1,3}运会", name):
        return _Entry(name, "全国运动会", "competition", False)
    return None


def _inside(spans: list[tuple[int, int]]):
    spans = sorted(spans)
    starts = [s for s, _ in spans]

    def hit(s: int, e: int) -> bool:
        i = bisect_right(starts, s) - 1
        while i >= 0 and i > bisect_right(starts, s) - 4:
            a, b = spans[i]
            if a <= s and e <= b and (a, b) != (s, e):
                return True
            i -= 1
        return False

    return hit


def find_programs(text: str, start: int = 0, end: int | None = None,
                  blocked: list[tuple[int, int]] = ()) -> list[ProgramHit]:
    """All PROGRAM mentions in ``text[start:end]`` (offsets into ``text``).

    ``blocked``: spans of earlier layers (ORG …); a programme lying wholly
    inside one of them (``“产改”协调小组``) is skipped.
    """
    end = len(text) if end is None else end
    hits: list[ProgramHit] = []
    quoted: list[tuple[int, int]] = []
    _quoted(text, start, end, hits, quoted)
    in_quote = overlap_test(quoted)  # the accepted quoted names
    _lexicon(text, start, end, hits, in_quote)
    _events(text, start, end, hits, in_quote, overlap_test(list(blocked)))
    _long_edu(text, start, end, hits)
    inside_blocked = _inside(list(blocked))
    hits = [h for h in hits if not inside_blocked(h.start, h.end)]
    hits = _dedupe(hits)
    _context_canonical(hits)
    hits = _drop_weak(hits)
    hits = _repeat_quoted(text, start, end, hits, inside_blocked)
    _agree_kinds(hits)
    return hits


def _repeat_quoted(text: str, lo: int, hi: int, hits: list[ProgramHit], inside_blocked) -> list[ProgramHit]:
    """Every quoted mention of a name found as a programme elsewhere in the story is one too
    (a headline “六送”进社区, a team “六送”服务队 once “六送”服务 is a programme)."""
    names: dict[str, ProgramHit] = {}
    for h in hits:
        nm = text[h.start:h.end]
        if nm and not re.search(r"[“”「」\n]", nm):
            names.setdefault(nm, h)
    if not names:
        return hits
    taken = overlap_test([(h.start, h.end) for h in hits])
    extra: list[ProgramHit] = []
    spans: list[tuple[int, int]] = []
    for m in _QUOTE_RE.finditer(text, lo, hi):
        s, e = m.start(1), m.end(1)
        h = names.get(m.group(1))
        if h is None or taken(m.start(), m.end()) or inside_blocked(s, e) or text[max(lo, m.start() - 1):m.start()] == "《":
            continue
        extra.append(ProgramHit(s, e, h.kind, h.canonical, h.from_lexicon, h.fixed))
        spans.append((m.start(), m.end()))
    # an unquoted repeat of a long name (延吉市职工民族体育运动会开幕 … 第九届职工民族体育运动会)
    for nm, h in names.items():
        if len(nm) < 5 or h.from_lexicon or nm.endswith("工作室"):
            continue  # studios are titles only where the text confers them
        brk = next((v for k, v in _HEAD_BREAK.items() if nm.endswith(k)), "")
        i = text.find(nm, lo, hi)
        while i >= 0 and i + len(nm) <= hi:
            j = i + len(nm)
            if not (j < hi and text[j] in brk) and not taken(i, j) and not any(a < j and i < b for a, b in spans) and not inside_blocked(i, j):
                extra.append(ProgramHit(i, j, h.kind, h.canonical, False, h.fixed))
                spans.append((i, j))
            i = text.find(nm, j, hi)
    return sorted(hits + extra, key=lambda h: h.start) if extra else hits


def _drop_weak(hits: list[ProgramHit]) -> list[ProgramHit]:
    """Weak short names stay only as short forms of a longer mention in the story."""
    if not any(h.weak for h in hits):
        return hits
    strong = {h.canonical for h in hits if not h.weak}
    out = []
    for h in hits:
        if h.weak:
            full = next((c for c in strong if len(c) > len(h.canonical) and c.endswith(h.canonical)), None)
            if full is None:
                continue
            h.canonical = full
        out.append(h)
    return out


_KIND_RANK = {k: i for i, k in enumerate(KINDS)}


def _agree_kinds(hits: list[ProgramHit]) -> None:
    """All mentions of one canonical in a story get one kind: the lexicon's, else the
    most frequent (ties: the scheme's order award > competition > platform > …)."""
    by: dict[str, list[ProgramHit]] = {}
    for h in hits:
        by.setdefault(h.canonical, []).append(h)
    for group in by.values():
        kinds = {h.kind for h in group}
        if len(kinds) < 2:
            continue
        lex = [h.kind for h in group if h.from_lexicon]
        if lex:
            kind = lex[0]
        else:
            counts = {k: sum(h.kind == k for h in group) for k in kinds}
            kind = min(kinds, key=lambda k: (-counts[k], _KIND_RANK.get(k, 99)))
        for h in group:
            h.kind = kind


def _dedupe(hits: list[ProgramHit]) -> list[ProgramHit]:
    """Non-overlapping, longer first (ties: lexicon first, then earlier)."""
    import bisect

    order = sorted(hits, key=lambda h: (-(h.end - h.start), not h.from_lexicon, h.start))
    kept: list[ProgramHit] = []
    starts: list[int] = []
    ends: list[int] = []  # taken intervals, sorted by start, non-overlapping
    for h in order:
        i = bisect.bisect_left(starts, h.start)
        if i < len(starts) and starts[i] < h.end:
            continue
        if i > 0 and ends[i - 1] > h.start:
            continue
        starts.insert(i, h.start)
        ends.insert(i, h.end)
        kept.append(h)
    kept.sort(key=lambda h: h.start)
    return kept


def _context_canonical(hits: list[ProgramHit]) -> None:
    """A short form (``主题教育``) takes the canonical of a longer mention in
    the same story that ends with it (``学习贯彻……主题教育``)."""
    longest: dict[str, str] = {}
    for c in {h.canonical for h in hits}:
        for k in range(1, len(c) - 3):
            suf = c[k:]
            if len(c) > len(longest.get(suf, "")):
                longest[suf] = c
    for h in hits:
        if not h.fixed and len(h.canonical) >= 4 and h.canonical in longest:
            h.canonical = longest[h.canonical]


# -- 1. quoted names --------------------------------------------------------
def _quoted(text: str, lo: int, hi: int, hits: list[ProgramHit], quoted: list[tuple[int, int]]) -> None:
    """Quoted names; ``quoted`` receives the quotes accepted as programme names."""
    prev_end, prev_kind = -10, None
    for m in _QUOTE_RE.finditer(text, lo, hi):
        qs, qe = m.start(), m.end()
        inner_s, inner_e = m.start(1), m.end(1)
        content = m.group(1)
        k0 = _strip_prefix(content)
        name_s = inner_s + k0
        name = text[name_s:inner_e]
        after = text[qe:min(hi, qe + 24)]
        if after[:1] in "（(":  # “五小”（小发明、小创造……）活动: a gloss between the name and its head
            close = re.match(r"[（(][^（()）\n]{1,40}[）)]", text[qe:min(hi, qe + 44)])
            if close:
                a2 = text[qe + close.end():min(hi, qe + close.end() + 24)]
                hm = _HEAD_AFTER_RE.match(a2)
                if hm and _HEADS[hm.group(0)][1] == "generic":
                    after = a2
        if not name or len(name) < 2 and not _lex_kind(name) \
                or name in _EXCL_EXACT and name not in _HOLIDAYS and not _platform_after(after) \
                or _NO_NAME_RE.fullmatch(name):  # “1998－2024”, “2024”: digits and punctuation only
            prev_kind = None
            continue
        before = text[max(lo, qs - 8):qs]
        found = _quoted_known(text, name_s, inner_e, name)
        if found:  # lexicon names, a coordinated pair, a season prefix (“夏送清凉”)
            if len(found) == 1 and found[0].start == name_s and found[0].end == inner_e:
                ext = _inside_head(after, name)
                if ext:
                    head, hlen = ext
                    cs = qs if k0 == 0 else name_s
                    hits.append(ProgramHit(cs, qe + hlen, _NAME_HEADS[head] or found[0].kind,
                                           _clean(text[cs:qe + hlen])))
                    quoted.append((qs, qe + hlen))
                    prev_end, prev_kind = qe + hlen, found[0].kind
                    continue
            hits.extend(found)
            quoted.append((qs, qe))
            prev_end, prev_kind = qe, found[0].kind
            continue
        # a name head right after the quote belongs to the name: “安康杯”竞赛, “五一”劳动奖章
        ext = _inside_head(after, name)
        if ext:
            head, hlen = ext
            cs = qs if k0 == 0 else name_s
            kind = _NAME_HEADS[head] or "campaign"
            hits.append(ProgramHit(cs, qe + hlen, kind, _clean(text[cs:qe + hlen])))
            quoted.append((qs, qe + hlen))
            prev_end, prev_kind = qe + hlen, kind
            continue
        if name in _HOLIDAYS:  # “五一”: a holiday, unless a name head follows (“五一”劳动奖章, above)
            prev_kind = None
            continue
        if _BODY_AFTER_RE.match(after):  # “石榴籽”职工志愿服务队: the name of a team (an ORG)
            prev_kind = None
            continue
        chained = prev_kind is not None and (qs == prev_end or (qs == prev_end + 1 and text[prev_end] in "、和及与"))
        if not chained:  # 申报五一劳动奖章和“黔匠”: coordinated with a known programme
            lm = _LEX_TAIL_RE.search(text, max(lo, qs - 16), qs)
            ent = _lex_kind(lm.group(1)) if lm else None
            if ent:
                chained, prev_kind = True, ent.kind
        kind, accept = _classify_quote(name, before, after, chained, prev_kind, k0 > 0)
        if not accept and _PEOPLE_DESC_RE.match(after) and not _is_facility(name) and not _suffix_kind(name) \
                and name not in _EXCL_EXACT and not _short_name(name):
            # “心语心愿”教职工心理关爱行动: the quote is the name, the rest describes it
            hits.append(ProgramHit(name_s, inner_e, "campaign", _clean(name)))
            quoted.append((qs, qe))
            prev_end, prev_kind = qe, "campaign"
            continue
        # a name continuing after the quote: “小三级”工会建设三年行动
        if not (accept and _HEAD_AFTER_RE.match(after)) and not re.search(r"[、，,；;]", name):
            cont = _continuation(after, name)
            if cont is not None:
                head, clen = cont
                cs = qs if k0 == 0 else name_s
                full = text[cs:qe + clen]
                hk = _NAME_HEADS.get(head) or _suffix_kind(full) or "campaign"
                hits.append(ProgramHit(cs, qe + clen, hk, _clean(full)))
                quoted.append((qs, qe + clen))
                prev_end, prev_kind = qe + clen, hk
                continue
        if not accept:
            prev_kind = None
            continue
        if kind == "award":  # “辽宁省技术能手” → 技术能手 (a bare place stays: “杭州工匠”)
            r = _region_prefix(name)
            if r and name[r - 1] in "省市区县州旗盟":
                name_s += r
                name = name[r:]
        weak = _short_name(name) and not _strong_cue(before) and not chained and (
            not _HEAD_AFTER_RE.match(after) or before.endswith("的") or bool(re.search(r"[0-9０-９]", name)))
        hits.append(ProgramHit(name_s, inner_e, kind or "campaign", _clean(name), weak=weak))
        quoted.append((qs, qe))
        prev_end, prev_kind = qe, kind


def _quoted_known(text: str, s: int, e: int, name: str) -> list[ProgramHit]:
    """Known programmes making up a quoted name: the name itself, a pair
    (“夏送清凉、冬送温暖”) or one with a season prefix (“夏送清凉”)."""
    ent = _lex_kind(name)
    if ent:
        return [ProgramHit(s, e, ent.kind, ent.canonical, True, ent.canonical != name)]
    parts = list(_LEX_RE.finditer(text, s, e))
    if not parts:
        return []
    if len(parts) == 1:
        p = parts[0]
        if p.end() == e and p.start() - s == 1 and name[0] in _SEASONS:
            ent = _lex_kind(p.group(0))
            if ent:
                return [ProgramHit(p.start(), p.end(), ent.kind, ent.canonical, True, ent.canonical != p.group(0))]
        return []
    # a coordination: every part a known name, separated by 、/，, at most a season prefix each
    out = []
    pos = s
    for p in parts:
        gap = text[pos:p.start()]
        if len(gap.lstrip("、，, ")) > 1 or (gap.lstrip("、，, ") and gap.lstrip("、，, ") not in _SEASONS):
            return []
        ent = _lex_kind(p.group(0))
        if not ent:
            return []
        out.append(ProgramHit(p.start(), p.end(), ent.kind, ent.canonical, True, ent.canonical != p.group(0)))
        pos = p.end()
    return out if pos == e else []


_SEASONS = set("春夏秋冬")
_NO_NAME_RE = re.compile(r"[\W\d_０-９Ａ-Ｚａ-ｚA-Za-z]*[\W\d_０-９]+")
#: cues that make even a short quoted string a programme (开展“六送”, 荣获“黔匠”)
_STRONG_CUES = {k for k, v in _CUES_BEFORE.items() if v in (None, "award", "activity", "theme", "platform")} - {"在", "通过"}


def _short_name(name: str) -> bool:
    """Two characters or fewer, or short and numeric (“里子”, “30强”): weak as a name on its own."""
    core = re.sub(r"[\s“”「」]", "", name)
    return len(core) <= 2 or (len(core) <= 4 and bool(re.search(r"[0-9０-９]", core)))


def _strong_cue(before: str) -> bool:
    m = _CUE_RE.search(before)
    return bool(m) and _cue_word(m.group(0)) in _STRONG_CUES
_BODY_AFTER_RE = re.compile(rf"[{_HAN}]{{0,6}}?(?:志愿服务队|服务队|志愿队|突击队|宣讲团|服务团|工作室|联盟|协会|"
                            rf"工作组|小组|车间|班组|机车组)")
#: heads that, right after a quote, are part of the name (not the campaign heads 行动/工程/计划)
_INSIDE_HEADS = {h: k for h, k in _NAME_HEADS.items() if k in ("competition", "award", "activity")}
_INSIDE_HEAD_RE = re.compile(_alt(_INSIDE_HEADS))


def _inside_head(after: str, name: str) -> tuple[str, int] | None:
    m = _INSIDE_HEAD_RE.match(after)
    if not m or re.search(r"[、，,；;]", name):
        return None
    head = m.group(0)
    nxt = after[m.end():m.end() + 1]
    if nxt and nxt in _HEAD_BREAK.get(head, ""):
        return None
    return head, m.end()


_AWARD_NAME_ENDS = ("工匠", "金蓝领", "之星", "标兵", "能手", "红旗手", "先锋号", "文明号", "文明岗", "奖章")
_SERVICE_NAME_ENDS = ("驿站", "夜校", "课堂", "书屋")
#: rooms and buildings: facilities, not programmes (模范职工之家 and X工之家 apps aside)
_FACILITY_ENDS = ("之家", "小屋", "服务站", "服务点")


def _is_facility(name: str) -> bool:
    return name.endswith(_FACILITY_ENDS) and not name.startswith("模范") \
        and not _PLATFORM_NAME_RE.match(name) and not _lex_kind(name)


def _platform_after(after: str) -> bool:
    return after.startswith(("APP", "App", "app", "客户端", "小程序", "公众号"))


#: a people noun and a head after a quote: “X”教职工心理关爱行动, “X”职工演讲比赛
_PEOPLE_DESC_RE = re.compile(
    rf"(?:职工|教职工|女职工|员工|农民工|青年|教师|劳动者)[{_HAN}]{{0,8}}?(?:{_NAME_HEAD_ALT})")
_PLATFORM_NAME_RE = re.compile(rf"^[{_HAN}]{{1,2}}工(?:之家|惠|e家|E家)$")  # “京工之家”, “津工惠”: union apps
_PLATFORM_AFTER = ("客户端", "APP", "App", "app", "小程序", "平台", "上", "领取", "线上", "申请", "报名",
                   "查询", "预约", "办理", "公众号")
_HEAD_SOON_RE = re.compile(rf"[{_HAN}]{{0,8}}?(?:" + _alt(_HEADS) + ")")
_NOT_PROGRAM_AFTER = ("全链条", "体系", "模式", "机制", "格局", "链条", "理念", "原则", "方针", "精神")
_ORDINAL_BEFORE_RE = re.compile(rf"(?:第[{_NUM}]+届|首届|本届|(?<![0-9])(?:19|20)[0-9]{{2}}(?:年度|年)?)$")


def _classify_quote(name: str, before: str, after: str, chained: bool,
                    prev_kind: str | None, prefixed: bool = False) -> tuple[str | None, bool]:
    """(kind, accept) for a quoted name from its context."""
    head = _HEAD_AFTER_RE.match(after)
    if name in _EXCL_EXACT and name not in _HOLIDAYS and name not in _FIGURES and _platform_after(after):
        return "platform", True  # “职工之家”APP: the union app, not the facility
    if name in _EXCL_EXACT or before.endswith("《") or (
            name.endswith(_EXCL_SUFFIX) and not name.startswith("模范")
            and not (head and _HEADS[head.group(0)][0] == "platform")):
        return None, False  # 职工之家 as a facility, 劳模精神, “八大群体”
    if (_APPROACH_AFTER_RE.match(after) or before.endswith("以") and after.startswith("为目标")) \
            and 3 <= len(name.replace("、", "").replace(" ", "")) <= 16 and not re.search(r"[，,；;。]", name):
        return "theme", True  # “先入会、再建会”的办法, 以“X”为目标: a slogan naming an approach
    if "、" in name and not (after.startswith(("为主题", "主题")) or _CUE_RE.search(before)
                            and _CUES_BEFORE.get(_cue_word(_CUE_RE.search(before).group(0))) in ("theme", "theme?")):
        return None, False  # “比安全、比质量、比进度”: a slogan list, not a name
    if "。" in name or "？" in name or "！" in name:
        return None, False
    # theme: 主题为“X” / 以“X”为主题 / “X”主题 / 围绕“X”主题
    cue = _CUE_RE.search(before)
    cue_kind = _CUES_BEFORE.get(_cue_word(cue.group(0))) if cue else None
    head_kind, head_role = (_HEADS[head.group(0)] if head else (None, None))
    if after.startswith(("为主题", "主题")) or cue_kind == "theme":
        return "theme", True
    if cue_kind == "theme?" and (after.startswith("为主题") or (head and head_kind == "theme")):
        return "theme", True
    e = _lex_kind(name)
    if e:
        return e.kind, True
    if cue_kind == "award" and len(name) <= 20 and not (head and head_kind in ("competition", "platform", "service")):
        return "award", True  # 荣获/授予/获评“X”: an honour conferred, whatever X ends with
    if _is_facility(name):  # “司机之家”, “爱心妈咪小屋”: a room or building, not a programme
        return ("platform", True) if _platform_after(after) else (None, False)
    if len(name) > 20 or re.search(r"[，,；;]", name):
        return None, False  # a quotation, not a name
    if head and head_role in ("generic", "name"):
        if after.startswith(("名单", "榜单")) or head_kind == "award":
            return "award", True
        if cue_kind == "activity" and head.group(0) in ("活动", "启动活动"):
            return "activity", True  # 举办“X”活动: an event held
        return _suffix_kind(name) if head_role == "generic" and head_kind == "campaign" and _suffix_kind(name) in ("activity", "competition") else head_kind, True
    if head and head_role == "event":
        return _suffix_kind(name) or "campaign", True
    if after.startswith(_NOT_PROGRAM_AFTER):
        return None, False  # “助学帮扶—就业援助”全链条服务体系: a description
    if _ORDINAL_BEFORE_RE.search(before) or prefixed:
        return _suffix_kind(name) or (_year_kind(name) if _YEAR_NAME_RE.search(name) else "activity"), True
        # 第十四届“X”, “2024全国X”, 首届“区级工会加强年”
    if _YEAR_NAME_RE.search(name) and not re.search(r"[0-9]", name):
        return _year_kind(name), True  # “区级工会加强年” campaign, “技能提升季” activity
    if cue and cue_kind not in ("theme?",):
        if cue_kind is None and after[:1] and re.match(rf"[{_HAN}]", after[:1]) \
                and not _HEAD_SOON_RE.match(after):
            return None, False  # 开展“一店一策”改造: the quote qualifies another noun
        if cue_kind == "platform?" and not after.startswith(_PLATFORM_AFTER) \
                and _suffix_kind(name) != "platform":
            return None, False
        k = cue_kind
        if k in ("platform?", "award?"):
            k = _suffix_kind(name) or ("platform" if k == "platform?" else "award")
        return k or _suffix_kind(name) or "campaign", True
    if chained and prev_kind:
        return _suffix_kind(name) or prev_kind, True
    if _YEAR_NAME_RE.search(name) and not re.search(r"[0-9]", name):
        return _year_kind(name), True  # “区级工会加强年”
    if name.endswith(_AWARD_NAME_ENDS) or name.startswith("模范"):
        return "award", True  # “杭州工匠”, “模范职工之家”
    if _PLATFORM_NAME_RE.match(name):
        return "platform", True
    if name.endswith(_SERVICE_NAME_ENDS):
        return "service", True  # “暖心驿站”, “职工夜校”, “司机之家”
    if len(name) >= 4 and name.endswith(("行动", "工程", "计划")) and not re.search(r"[0-9\W]", name):
        return "campaign", True  # “百万职工技能提升行动”: a named drive
    if name.endswith(("服务圈", "生活圈")):
        return "campaign", True  # “15分钟文化生活圈”
    return None, False


_APPROACH_AFTER_RE = re.compile(r"的(?:思路|办法|做法|模式|工作法|理念|路子)")
_LEX_TAIL_RE = re.compile("(" + _alt(_LEX) + ")[和及与、]$")
_CUE_WORD_RE = re.compile("(?:" + _alt(_CUES_BEFORE) + ")")


def _cue_word(s: str) -> str:
    m = _CUE_WORD_RE.match(s)
    return m.group(0) if m else s


_CONT_RE = re.compile(rf"([{_HAN}—·（）()A-Za-z0-9]{{1,18}}?)({_NAME_HEAD_ALT})")


def _continuation(after: str, name: str = "") -> tuple[str, int] | None:
    """(head, length) when a name continues after a closing quote up to a name head."""
    m = _CONT_RE.match(after)
    if not m:
        return None
    body, head = m.group(1), m.group(2)
    if body.startswith("等"):
        return None  # “春风送岗”等专项行动: a list closed by 等, the head is generic
    if _PEOPLE_DESC_RE.match(after) and not _suffix_kind(name):
        return None  # “心语心愿”教职工心理关爱行动: a description of the quoted name
    if _NAME_FORBIDDEN.search(body.replace("——", "")) and not body.startswith("——"):
        return None
    if head in _GENERIC_NAME_HEADS and len(body) < 2:
        return None
    nxt = after[m.end():m.end() + 1]
    if nxt and nxt in _HEAD_BREAK.get(head, ""):
        return None
    return head, m.end()


# -- 2. lexicon ---------------------------------------------------------------
#: a qualifier right before a short service name: another scheme (专属互助保障, 住院医疗互助保障)
_SERVICE_MOD_RE = re.compile(r"(?:医疗|醫療|专属|專屬|补充|補充|住院|重疾|意外|大病|专项|專項|特惠|一份)$")
#: a people noun and qualifiers before a short service name: the long name of a scheme
_SERVICE_PEOPLE = "女职工|女職工|在职职工|在職職工|退休职工|退休職工"
_SERVICE_LONG_RE = re.compile(rf"(?:{_SERVICE_PEOPLE})(?:(?!{_SERVICE_PEOPLE})[{_HAN}]){{0,8}}$")
def _lexicon(text: str, lo: int, hi: int, hits: list[ProgramHit], in_quote) -> None:
    for m in _LEX_RE.finditer(text, lo, hi):
        s, e = m.start(), m.end()
        if in_quote(s, e):
            continue
        name = m.group(0)
        ent = _lex_kind(name)
        if ent is None:
            if name.startswith("感动中国"):
                ent = _Entry(name, name, "award", False)
            else:
                continue
        nxt = text[e:e + 1] if e < hi else ""
        if ent.verbal and nxt == "的":
            continue  # 一颗颗送温暖的心: an echo of the name, not a mention
        if ent.verbal and not _HEAD_AFTER_RE.match(text, e, hi) and _VERB_USE_RE.search(text, max(lo, s - 12), s):
            continue  # 为环卫工人送清凉, 每年夏天还来送清凉: the verb phrase, not the programme
        if ent.kind == "service" and not name.startswith(("职工", "職工")):
            pre = text[max(lo, s - 12):s]
            lm = _SERVICE_LONG_RE.search(pre)
            if lm and not re.search(r"[的和与及为对]|办理|参加", lm.group(0)):  # 女职工安康互助保障: a scheme
                ls = s - len(lm.group(0))
                hits.append(ProgramHit(ls, e, "service", _clean(text[ls:e])))
                continue
            if _SERVICE_MOD_RE.search(pre) or (pre.endswith(("和", "及", "与", "與")) and name.startswith(("一线", "一線"))):
                continue  # 专属互助保障, 劳模和一线职工疗休养: another scheme, or a shared head
        j = _INTO_RE.match(text, e, hi)
        if j and not re.match(r"[”」]|活动|启动|仪式|行动", text[j.end():j.end() + 2]) \
                and text.count(text[s:j.end()], lo, hi) < 2:
            j = None  # a headline phrase (普惠服务进彝乡) that names no event of the story
        if j and ent.kind in ("service", "campaign"):  # 普惠服务进园区: a named drive of its own
            hits.append(ProgramHit(s, j.end(), "activity", _clean(text[s:j.end()])))
            continue
        c = _CARD_AFTER_RE.match(text, e, hi)
        if c and ent.kind == "platform":  # 京卡互助服务卡: a card of the platform
            hits.append(ProgramHit(s, c.end(), "platform", _clean(text[s:c.end()])))
            continue
        a = _AWARD_AFTER_RE.match(text, e, hi)
        if a and ent.kind in ("activity", "competition"):  # 广交会设计创新奖: an award of the event
            hits.append(ProgramHit(s, a.end(), "award", _clean(text[s:a.end()])))
            continue
        hits.append(ProgramHit(s, e, ent.kind, ent.canonical, True, ent.canonical != name))


# -- 3. named events and drives -------------------------------------------------
def _region_prefix(name: str) -> int:
    """Length of a leading region name (杨凌, 北京市) when a name of >= 4 characters follows."""
    try:
        from . import geography
    except Exception:  # pragma: no cover
        return 0
    for k in range(min(6, len(name) - 4), 1, -1):
        if geography.is_region(name[:k]):
            return k
    return 0


#: a card named after a known platform: 京卡互助服务卡
_CARD_AFTER_RE = re.compile(rf"[{_HAN}]{{0,4}}?(?:服务卡|会员卡|互助卡|保障卡)")
#: an award named after a known event: 广交会设计创新奖 (not 奖金/奖励/奖项)
_AWARD_AFTER_RE = re.compile(rf"[{_HAN}]{{0,6}}?奖(?![金励项台品])")
#: a ranking published as a list: (2023)中国企业500强榜单
_RANKING_RE = re.compile(rf"(?:(?<![0-9])(?:19|20)[0-9]{{2}}(?:年度|年)?|发布|公布)(?P<name>[{_HAN}]{{2,12}}?[0-9]{{2,4}}强)"
                         rf"(?=榜单|名单|排行榜|排名)")
#: a grant set up or awarded: 设立X奖学金
_GRANT_RE = re.compile(rf"(?:设立|设置|颁发|获得|荣获|发放)(?P<name>[{_HAN}]{{2,14}}?(?:奖学金|助学金))")
_GENERIC_SKILLS = {"技能", "职业技能", "岗位技能", "职工技能", "业务技能", "岗位"}
#: a drive named by its beneficiaries (职工/教师/劳动者 …) and a plain 行动 head is a description
_BENEFICIARY_RE = re.compile(rf"(?!百万|千万|万名)[{_HAN}]{{0,6}}?(?:职工|教师|劳动者|农民工|骑手|快递员|司机|员工)"
                             rf"[{_HAN}]{{0,4}}(?:关爱|入会)$")
#: studios conferred as a title: 命名…劳模和工匠人才创新工作室, …创新工作室授牌
_STUDIO_RE = re.compile(r"(?:劳模和工匠人才|劳模和工匠|劳模工匠|劳模)创新工作室")
_CONFER = ("命名", "授牌")


def _studios(text: str, lo: int, hi: int, hits: list[ProgramHit], in_quote, overlaps_other) -> None:
    for m in _STUDIO_RE.finditer(text, lo, hi):
        s, e = m.start(), m.end()
        if in_quote(s, e) or overlaps_other(s, e):
            continue
        pre = re.split(r"[。！？；\n]", text[max(lo, s - 50):s])[-1]
        if any(c in pre for c in _CONFER) or text.startswith(_CONFER, e):
            hits.append(ProgramHit(s, e, "award", m.group(0)))


def _events(text: str, lo: int, hi: int, hits: list[ProgramHit], in_quote, overlaps_other) -> None:
    _studios(text, lo, hi, hits, in_quote, overlaps_other)
    for rx in (_RANKING_RE, _GRANT_RE):  # 2023中国企业500强榜单, 设立中等职业教育国家奖学金
        for m in rx.finditer(text, lo, hi):
            s, e = m.start("name"), m.end("name")
            if in_quote(s, e) or overlaps_other(s, e) or _NAME_FORBIDDEN.search(m.group("name")):
                continue
            hits.append(ProgramHit(s, e, "award", _clean(m.group("name"))))
    for m in _LIST_RE.finditer(text, lo, hi):
        pos = m.start("list")
        for item in m.group("list").split("、"):
            if not in_quote(pos, pos + len(item)) and not overlaps_other(pos, pos + len(item)):
                hits.append(ProgramHit(pos, pos + len(item), "campaign", item))
            pos += len(item) + 1
    for m in _PLAN_RE.finditer(text, lo, hi):
        s, e = m.start("name"), m.end("name")
        name = m.group("name")
        if _NAME_FORBIDDEN.search(name) or overlaps_other(s, e):
            continue
        k = _strip_prefix(name) + 0
        s += k
        s += _region_prefix(text[s:e])
        kind = "award" if name.endswith("奖学金") else "campaign"
        hits.append(ProgramHit(s, e, kind, _clean(text[s:e])))
    for rx in (_EVENT_RE, _DRIVE_RE, _CONTEST_RE):
        for m in rx.finditer(text, lo, hi):
            s, e = m.start("name"), m.end("head")
            name, head = m.group("name"), m.group("head")
            # the prefix may have been repeated inside (第二届全国技能大赛)
            k = _strip_prefix(name)
            s += k
            name = name[k:]
            if in_quote(s, e) and not _LEX_RE.fullmatch(text[s:e]):
                continue
            if _NAME_FORBIDDEN.search(name) or overlaps_other(s, e):
                continue
            r = _region_prefix(text[s:e])
            s += r
            name = name[r:]
            if name.startswith(("重点", "各类", "各项", "系列", "一系列", "多种", "各种")):
                continue
            if rx is _CONTEST_RE and name in _GENERIC_SKILLS:
                continue  # 举办技能比武: no name, only the generic head
            if rx is _DRIVE_RE and head == "行动" and _BENEFICIARY_RE.match(name):
                continue  # 启动乡村教师健康关爱行动: a description of who is cared for, not a name
            if len(name) < 2 and head not in ("技能大赛", "职业技能大赛", "运动会", "劳动竞赛"):
                continue
            if not name and head == "运动会" and not text.startswith("全国", max(lo, s - 2)):
                continue  # 2025年运动会, 首届运动会: a bare generic head (全国运动会 is the National Games)
            nxt = text[e:e + 1] if e < hi else ""
            if nxt and nxt in _HEAD_BREAK.get(head, ""):
                continue
            if name.endswith(("表彰", "庆祝", "代表", "动员", "推进", "部署", "座谈", "总结", "颁奖", "誓师")):
                continue
            kind = _NAME_HEADS.get(head) or "campaign"
            full = text[s:e]
            ent = _lex_kind(full)
            if ent is None:  # 杨凌农业高新科技成果博览会: a short place before a known event
                for k in (1, 2, 3):
                    sub = _lex_kind(full[k:])
                    if sub and len(full) - k >= 5:
                        s, full, ent = s + k, full[k:], sub
                        break
            hits.append(ProgramHit(s, e, ent.kind if ent else kind,
                                   ent.canonical if ent else _clean(full), bool(ent)))
            if rx is _EVENT_RE:
                c = _COORD_RE.match(text, e, hi)
                if c and not _NAME_FORBIDDEN.search(c.group("name")) and not overlaps_other(c.start("name"), c.end()) \
                        and _NAME_HEADS.get(c.group("head")) == kind:
                    cs = c.start("name") + _strip_prefix(c.group("name"))
                    if c.end() - cs >= 4:
                        hits.append(ProgramHit(cs, c.end(), kind, _clean(text[cs:c.end()])))


def _long_edu(text: str, lo: int, hi: int, hits: list[ProgramHit]) -> None:
    for m in _LONG_EDU_RE.finditer(text, lo, hi):
        hits.append(ProgramHit(m.start(), m.end(), "campaign", m.group(0), False))


def annotate(story: Story) -> None:
    """Append PROGRAM spans for ``story``."""
    blocked = [(sp.start, sp.end) for sp in story.spans if sp.label in ("ORG", "PERSON", "TITLE")]
    for h in find_programs(story.text, story.start, story.end, blocked):
        story.add(h.start, h.end, "PROGRAM", kind=h.kind, canonical=h.canonical)
