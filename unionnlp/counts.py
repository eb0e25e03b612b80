"""Rule layer: COUNT spans (cardinal quantities).

A COUNT is a numeral with its approximation marker and measure word:
``130余家``, ``1.2万余名``, ``35.6万元``, ``近百名``, ``超四成``, ``95%``,
``200名左右``. attrs: ``value`` (money in yuan, ``1.2万`` → 12000), ``approx``
(余 多 近 约 超 逾 上 左右), ``unit`` (money → ``元``, percent → ``%``) and
``noun`` (the counted noun phrase written after it, or ``None``).

How it works (one compiled regex, linear in the text):

1. ``_COUNT_RE`` finds *optional prefix marker* + *numeral* (Arabic with
   magnitudes, Chinese, mixed) + *optional 余/多* + *optional 万/亿* +
   *word after it* + *optional 左右* (``以上`` stays outside). The word after it is matched
   against one alternation of measure words (``lexicon/measure_words.txt``)
   and blocking words (``lexicon/count_exclusions.txt``: 年, 月, 个月, 千瓦,
   倍, 届 …), longest first, so ``个月`` blocks ``个`` and ``千瓦`` blocks ``千``.
2. Each hit is checked against the exclusions the regex cannot see: ordinals
   (``第``), ``一`` + measure word as an article, numbers inside fixed
   expressions (``八项规定``), short quoted names (``“五比五赛”``), spans the
   earlier layers already placed (ORG, TITLE, PERSON, PROGRAM).
3. The numeral alone goes to :func:`unionnlp.numerals.parse_numeral` (cn2an).
4. The noun phrase is read from a short window after the count (see
   :func:`_noun`), with jieba's part-of-speech dictionary.
"""
from __future__ import annotations

import re
import threading

from .lexicon import load_lines
from .numerals import MAGNITUDES, parse_numeral
from .spans import Story, overlap_test
from .tokenizer import pos_lcut

__all__ = ["annotate", "find_counts", "CountHit", "warm_up"]

_T2S_MARK = {"約": "约", "餘": "余", "踰": "逾", "萬": "万", "億": "亿", "兩": "两"}


def _variants(words: list[str]) -> dict[str, str]:
    """word → simplified form, for the words and their traditional spellings."""
    out = {w: w for w in words}
    try:
        import opencc

        s2t = opencc.OpenCC("s2t")
        for w in words:
            t = s2t.convert(w)
            out.setdefault(t, w)
    except Exception:  # pragma: no cover - opencc is a dependency; stay usable without it
        pass
    return out


def _load_exclusions() -> tuple[list[str], list[str]]:
    units, phrases = [], []
    for line in load_lines("count_exclusions.txt"):
        kind, _, word = line.partition(" ")
        word = word.strip()
        if not word:
            raise ValueError(f"count_exclusions.txt: bad line {line!r} (want 'unit X' or 'phrase X')")
        if kind == "unit":
            units.append(word)
        elif kind == "phrase":
            phrases.append(word)
        else:
            raise ValueError(f"count_exclusions.txt: unknown kind {kind!r} in {line!r}")
    return units, phrases


_MEASURES = _variants(list(load_lines("measure_words.txt")))
_MEASURE_PREFIXES = tuple(sorted(set(_MEASURES), key=len, reverse=True))
_EXCL_UNITS_L, _EXCL_PHRASES_L = _load_exclusions()
_EXCL_UNITS = _variants(_EXCL_UNITS_L)
_EXCL_PHRASES = _variants(_EXCL_PHRASES_L)
_UNIT_WORDS = sorted(set(_MEASURES) | set(_EXCL_UNITS), key=len, reverse=True)

_DIG = "0-9０-９"
_CN = "零〇一二三四五六七八九十百千万亿两萬億兩"
_MAG = "十百千万亿萬億"
_CORE = (rf"(?:[{_DIG}]+(?:[,，][{_DIG}]{{3}})*(?:[.．][{_DIG}]+)?[{_MAG}]*"
         rf"|[{_CN}]+)")
_COUNT_RE = re.compile(
    rf"(?P<pre>[约約近超逾踰]|上(?=[百千万亿萬億]))?"
    rf"(?<![{_DIG}.．A-Za-zＡ-Ｚａ-ｚ{_CN}])"
    rf"(?P<core>{_CORE})"
    rf"(?P<ap>[余餘多])?"
    rf"(?P<mag>[万亿萬億]+)?"
    rf"(?P<unit>{'|'.join(map(re.escape, _UNIT_WORDS))})?"
    rf"(?P<post>左右|(?<=成)多)?"
)
_PERCENT_RE = re.compile(rf"(?P<pre>[约約近超逾踰])?百分之(?P<core>{_CORE})(?P<post>左右)?")
_PHRASE_RE = re.compile("|".join(map(re.escape, sorted(_EXCL_PHRASES, key=len, reverse=True))))
_SHORT_QUOTE_RE = re.compile(r"[“「『\"][^“”「」『』\"\n]{1,12}[”」』\"]")
#: what may follow a bare ``8400万`` with no measure word
_BARE_END = set("，。；、：！？,;:!?）)”」\n\r \t*") | {""}
#: people nouns that may follow a bare 万/亿 amount (80多万职工)
_BARE_NOUNS = ("职工", "会员", "农民工", "员工", "工人", "劳动者", "群众", "居民", "人口", "家庭", "户",
               "名", "人", "企业", "农户", "学生", "游客", "用户", "骑手", "快递员", "货车司机")
_ORDINAL_BEFORE = set("第")
_VAGUE_BEFORE = set("几幾数數")
#: X届 earlier in the clause, then N次 + a meeting word: a session ordinal (十四届区人大四次会议)
_SESSION_BEFORE_RE = re.compile(r"[届屆][^，。；：！？,;:!?\n]{0,12}$")
_SESSION_AFTER_RE = re.compile(r"(?:全[体體])?(?:[会會][议議]|全[会會]|全委[会會]|大[会會]|常委[会會]|[会會])")
_RANK_BEFORE = set("前")
_NEAR_BLOCK = set("最接将將附临臨靠亲親邻鄰")
_RANGE = set("—–-~～至到")
_MONEY = {"元"}
_PERCENT = {"%": "%", "％": "%"}
_NO_NOUN_UNITS = {"%", "‰", "成", "个百分点"}


class CountHit(dict):
    """One count found: ``start``/``end`` (text offsets) and the scheme attrs."""


def _value(core: str, ap: str | None, mag: str | None) -> int | float | None:
    v = parse_numeral(core)
    if v is None:
        return None
    if mag:
        from decimal import Decimal

        d = Decimal(str(v))
        for ch in mag:
            d *= MAGNITUDES[_T2S_MARK.get(ch, ch)]
        v = int(d) if d == d.to_integral_value() else float(d)
    return v


def find_counts(text: str, start: int = 0, end: int | None = None,
                blocked: list[tuple[int, int]] = (), with_noun: bool = True) -> list[CountHit]:
    """All COUNTs in ``text[start:end]`` (offsets into ``text``), in order.

    ``blocked``: spans (start, end) the count must not overlap (earlier layers).
    """
    end = len(text) if end is None else end
    body = text[start:end]
    excl = list(blocked)
    excl += [(start + m.start(), start + m.end()) for m in _PHRASE_RE.finditer(body)] if _EXCL_PHRASES else []
    excl += [(start + m.start(), start + m.end()) for m in _SHORT_QUOTE_RE.finditer(body)]
    overlaps = overlap_test(excl)
    hits: list[CountHit] = []
    for m in _COUNT_RE.finditer(text, start, end):
        h = _check(text, m, start, end)
        if h and not overlaps(h["start"], h["end"]):
            hits.append(h)
    if "百分之" in body:
        for m in _PERCENT_RE.finditer(text, start, end):
            v = parse_numeral(m.group("core"))
            if v is None or overlaps(m.start(), m.end()):
                continue
            pre, post = m.group("pre"), m.group("post")
            hits.append(CountHit(start=m.start(), end=m.end(), value=v,
                                 approx=_approx(pre, None, post), unit="%", noun=None))
        hits.sort(key=lambda h: h["start"])
    if with_noun:
        for h in hits:
            if h["unit"] not in _NO_NOUN_UNITS:
                at = _noun(text, h["end"], end)
                if at:
                    h["noun"] = text[at[0]:at[1]]
                    h["noun_at"] = at
    return hits


_CN_UNITS = set("十百千万亿萬億")
_CN_ZERO = set("零〇")


def _valid_cn(core: str) -> bool:
    """A Chinese numeral, not digit strings (一一, 三五) or a lone 零."""
    if core[0].isdigit() or core[0] in "０１２３４５６７８９":
        return True
    if all(c in _CN_ZERO for c in core):
        return False
    prev_digit = False
    for c in core:
        d = c not in _CN_UNITS and c not in _CN_ZERO
        if d and prev_digit:
            return False
        prev_digit = d
    return True


_LIST_BEFORE_RE = re.compile(rf"[{_DIG}两二三四五六七八九十百千万][^，。；：！？\n]{{0,12}}[和、及与]$")


def _in_list(text: str, s: int, lo: int) -> bool:
    """``12个储物柜和一个药箱``: 一 coordinated with another number is a count."""
    return bool(_LIST_BEFORE_RE.search(text, max(lo, s - 16), s))


def _approx(pre: str | None, ap: str | None, post: str | None) -> str | None:
    if pre:
        return _T2S_MARK.get(pre, pre)
    if ap:
        return _T2S_MARK.get(ap, ap)
    if post == "左右":
        return "左右"
    if post == "多":
        return "多"
    return None


def _check(text: str, m: re.Match, lo: int, hi: int) -> CountHit | None:
    core, unit, pre, ap, mag, post = (m.group(k) for k in ("core", "unit", "pre", "ap", "mag", "post"))
    s, e = m.start(), m.end()
    before = text[s - 1] if s > lo else ""
    if pre == "近" and before in _NEAR_BLOCK:  # 接近/将近/最近: leave the verb out
        pre, s = None, s + 1
        before = "近"
    if before in _ORDINAL_BEFORE:
        return None
    if unit is not None and unit in _EXCL_UNITS:
        return None
    if unit is None:
        # a bare 8400万 / 3万余 with nothing after it
        if post or not (mag or core[-1] in "万亿萬億"):
            return None
        if (text[e] if e < hi else "") not in _BARE_END and not text.startswith(_BARE_NOUNS, e):
            return None
        if all(c in "十百千万亿萬億" for c in core):
            return None  # 亿万职工, 千万: idioms, not amounts
    if core[0] in _DIG or core[0].isdigit():
        pass
    elif len(core) == 1 and core in "百千万亿萬億" and not (pre or ap):
        return None  # 万家, 千万: a bare magnitude needs a marker (近百, 百余, 上千)
    if core in ("一",) and not (pre or ap or mag or post) and not _in_list(text, s, lo) \
            and not text.startswith("以上", e):
        return None  # 一 + measure word: an article (一支队伍, 一堂课, 一批)
    if core == "二" and not (pre or ap or mag):
        return None  # 二 + measure word is an ordinal/fixed form (二次全会, 二套房); counts say 两
    if not _valid_cn(core):
        return None  # 零部件, 一一, 三五个 (a rough range)
    if before == "届":
        return None  # 十届五次全委会: a session number
    if before in _VAGUE_BEFORE and core[0] in "十百千万萬":
        return None  # 几十个, 数百位: vague, the scheme has no approx for 几/数 (and 几十元 in the gold is no count)
    if unit == "次" and _SESSION_BEFORE_RE.search(text, max(lo, s - 14), s) \
            and _SESSION_AFTER_RE.match(text, e, hi):
        return None  # 十四届区人大四次会议: a session number after X届
    if before in _RANK_BEFORE and unit in ("名", "位"):
        return None  # 前三名: a rank
    if before in _RANGE and s - 2 >= lo and (text[s - 2].isdigit() or text[s - 2] in _CN):
        return None  # 3—5家: a range, not one count
    v = _value(core, ap, mag)
    if v is None:
        return None
    u = _MEASURES.get(unit, unit) if unit else None
    u = _PERCENT.get(u, u) if u else None
    if post and unit is None:
        return None
    h = CountHit(start=s, end=e, value=v, approx=_approx(pre, ap, post), unit=u, noun=None)
    if unit and u == unit and u != "%":
        h["unit_at"] = (m.start("unit"), m.end("unit"))  # kept as written in the raw text
    return h


# ---------------------------------------------------------------------------
# the counted noun phrase
# ---------------------------------------------------------------------------
_tags_lock = threading.Lock()
_tags: dict[str, str] | None = None


def _pos_tags() -> dict[str, str]:
    """jieba's tag table (shared, read once) plus the noun reader's own tags."""
    global _tags
    if _tags is None:
        with _tags_lock:
            if _tags is None:
                from .tokenizer import jieba_dict

                t = dict(jieba_dict().tags)
                t.update(_EXTRA_TAGS)
                _tags = t
    return _tags


#: tags the noun reader needs for words jieba's tag table lacks or mis-tags
_EXTRA_TAGS = {"之家": "n", "驿站": "n", "户外劳动者": "n", "新就业形态": "b", "一线职工": "n",
               "困难职工": "n", "农民工": "n", "快递员": "n", "外卖骑手": "n", "规上": "b",
               "青年": "n", "办理": "v", "中枪": "v", "受表彰": "v", "受资助": "v", "受帮扶": "v", "受助": "v", "受益": "v"}
_HAN_WORD = re.compile(r"[\u4e00-\u9fff]{2,}")
_HARD_STOP = re.compile(r"[，。；：！？,;:!?\n\r*《》…—·|/【】\[\]]|[0-9０-９]")
_NOUNISH_FLAGS = ("n", "vn", "an", "b", "j", "s", "nz", "eng", "l", "g", "i")
#: words that end a noun phrase when they follow a noun (职工集体参加, 员工中, 骑手现场办理)
_AFTER_NOUN_STOPS = {"集体", "现场", "参赛", "中", "内", "里", "间", "外", "上", "下", "前", "后", "圆梦", "布点"}
_NAMES = ("ns", "nr", "nrt", "nrfg")
#: one-character noun suffixes jieba may tag otherwise (大类, 设备费)
_SUFFIXES = set("费类款金室站所点员者家师户群品区园馆场队组")
#: words jieba tags as verbs that start or sit inside counted noun phrases
_NOUN_OVERRIDE = {
    "选手", "代表", "委员", "学员", "会员", "职工", "劳模", "工匠", "嘉宾", "志愿者", "负责人",
    "创新", "在建", "通用", "示范", "服务", "管理", "培训", "建设", "生产", "研发", "施工",
    "维修", "养老", "救助", "帮扶", "困难", "参保", "参赛", "获奖", "新建", "改造", "重点",
    "规模", "以上", "专项", "慰问", "技能", "竞赛", "合作", "投资", "就业", "创业", "监督",
    "保障", "扶持", "活动", "孵化", "实训", "考核", "检查", "整改", "调解", "咨询", "体检", "运营",
}
_STOP_WORDS = {"的", "之", "等", "共", "约", "和", "与", "及", "或", "在", "将", "被", "为", "以", "由",
               "对", "向", "从", "于", "已", "都", "均", "还", "也", "又", "再", "就", "才", "即", "是",
               "之一", "左右", "以上", "以下", "其中", "分别", "相关", "次", "参加", "参与", "获得",
               "全部", "全体", "所有", "各自", "一起", "一道", "同时", "同台", "目前", "今年", "今天",
               "日前", "近日", "其他", "其余"}
_OPEN_CLOSE = {"（": "）", "(": ")", "“": "”", "「": "」"}


def _program_start_re() -> re.Pattern:
    from .lexicon import load_table

    names = sorted({r["name"] for r in load_table("programs.tsv") if len(r["name"]) >= 3}, key=len, reverse=True)
    return re.compile("(?:全国)?(?:" + "|".join(map(re.escape, names)) + ")")


_PROGRAM_START_RE = _program_start_re()


def _nounish(word: str, flag: str) -> bool:
    if word in _NOUN_OVERRIDE:
        return True
    if word in _STOP_WORDS:
        return False
    return flag.startswith(_NOUNISH_FLAGS) or flag in ("a", "nr", "ns", "nt", "nrt", "nrfg", "ng", "m_first")


def _noun(text: str, pos: int, hi: int) -> tuple[int, int] | None:
    """Offsets of the counted noun phrase starting at ``pos``, or ``None``.

    Convention (matching the reference annotations): the noun phrase right
    after the measure word up to a verb, a preposition, ``等``, a conjunction
    introducing another count, or punctuation; coordinations with ``、`` and
    short ``和`` pairs stay inside (``国家和地区``), so do brackets and inner
    quotes (``省（区、市）``, ``“高精尖”展品``). ``800万元的设备费`` → ``设备费``;
    a relative clause ending in ``的`` is kept when the phrase starts with it
    (``来自全国各行各业的代表``).
    """
    if text.startswith("以上", pos):  # 300个以上: the marker stays outside, no noun is read past it
        return None
    window = text[pos:min(hi, pos + 60)]
    if not window:
        return None
    # a leading numeral is part of the noun (500强企业), any later one ends the window
    lead = 0
    while lead < len(window) and window[lead].isdigit():
        lead += 1
    if lead and window.startswith(_MEASURE_PREFIXES, lead):
        return None  # 3批66个基地: the numeral starts the next count, nothing is counted here
    m = _HARD_STOP.search(window, lead)
    cut_by_number = bool(m and window[m.start()].isdigit())
    if m:
        window = window[:m.start()]
    m0 = _PROGRAM_START_RE.match(window)  # 3024个全国五一劳动奖: the programme IS the noun
    p = _PROGRAM_START_RE.search(window, m0.end() if m0 else 1)
    if p:  # 200个单位全国五一劳动奖状: a programme name starts another phrase
        window = window[:p.start()]
    # keep brackets/quotes balanced inside the window
    if not window.strip():
        return None
    # domain words of the shared tokenizer (titles, programme names) have no tag: nouns
    toks = _glue_suffixes([(w, "n" if f == "x" and _HAN_WORD.fullmatch(w) else f)
                           for w, f in pos_lcut(window, _pos_tags())])
    if not toks:
        return None
    i = 1 if toks[0][0] == "的" else 0  # 800万元的设备费
    if i == 0 and _may_be_clause(toks):
        rel = _relative_clause(text, pos, hi)
        if rel:
            return rel
    if i < len(toks) and toks[i][1].startswith("v") and toks[i][1] != "vn" and toks[i][0] not in _NOUN_OVERRIDE:
        # a relative clause: verb … 的 noun
        j = next((k for k in range(i, len(toks)) if toks[k][0] == "的"), None)
        if j is None or toks[i][0] in _PURPOSE_VERBS or j + 1 >= len(toks) or not _nounish(*toks[j + 1]):
            return None
        n_end = _run(toks, j + 1, long_and=not cut_by_number)
        if n_end == j + 1:
            return None
        return _offsets(toks, pos, i, n_end)
    n_end = _run(toks, i, first=True, long_and=not cut_by_number)
    if n_end == i:
        return None
    if n_end == i + 1 and toks[i][1] in _PREDICATE_FLAGS and toks[i][0] not in _NOUN_OVERRIDE:
        return None  # 3000名左右入学, 300面鲜艳夺目: a predicate, nothing counted is written
    return _offsets(toks, pos, i, n_end)


#: flags of a lone word that is a predicate, not a counted noun (鲜艳, 入学, 受表彰)
_PREDICATE_FLAGS = ("vn", "a", "ad", "i", "v", "d")
_CLAUSE_STOP = re.compile(r"[，。；：！？,;:!?\n\r*《》…—·|/【】\[\]]")
_NOUN_FLAGS_STRICT = ("n", "vn", "b", "j", "s", "eng", "g", "x")
_CLAUSE_FLAGS = ("a", "ad", "d", "m")


def _plain_noun(w: str, f: str) -> bool:
    """A token of a plain noun phrase (no predicate): nouns, coordinators, brackets."""
    if w in _NOUN_OVERRIDE or w in "、和与及（）()“”「」" or w.isspace():
        return True
    return f.startswith(_NOUN_FLAGS_STRICT) and w not in _STOP_WORDS and not w.isdigit()


_PURPOSE_VERBS = {"用于", "用来", "用在", "投入", "投向", "补贴", "奖励", "支持", "资助", "帮助", "慰问",
                  "发放", "购买", "建设", "完成", "实现", "达到", "覆盖", "惠及", "服务", "帮扶", "救助"}


def _may_be_clause(toks: list[tuple[str, str]]) -> bool:
    """Cheap pre-check on the tokens already cut: can a relative clause start here?"""
    acc = 0
    for j, (w, f) in enumerate(toks):
        if w == "的":
            break
        acc += len(w)
        if acc > 16:
            return False
        if j and (w in _STOP_WORDS or w in _PURPOSE_VERBS):
            return False
    else:
        return len(toks) > 0 and acc <= 16  # the window was cut (by a number) before any 的
    stretch = toks[:j]
    if not stretch:
        return False
    last_w, last_f = stretch[-1]
    predicate_end = len(stretch) > 1 and last_f in ("a", "ad", "an", "v") and last_w in _NOUN_OVERRIDE
    return predicate_end or not all(_plain_noun(*t) for t in stretch)


def _relative_clause(text: str, pos: int, hi: int) -> tuple[int, int] | None:
    """``360多名平均年龄不到30岁的职工`` → ``平均年龄不到30岁的职工``.

    The gold keeps a relative clause ending in ``的`` inside the noun
    (``12名在本村务工的返乡青年``) when the count quantifies the head noun after
    ``的``. Taken when the stretch before ``的`` is a clause, not a plain noun
    phrase (``30多个国家和地区的外交使节`` → ``国家和地区``): it starts with a
    non-noun (``鲜艳的``, ``中枪的``, ``受表彰的``), or a noun is followed by an
    adjective, adverb or number (``家庭困难的``, ``平均年龄不到30岁的``); and it
    holds no other count.
    """
    window = text[pos:min(hi, pos + 40)]
    m = _CLAUSE_STOP.search(window)
    if m:
        window = window[:m.start()]
    k = window.find("的")
    if k <= 0 or k > 16 or k + 1 >= len(window):
        return None
    toks = _glue_suffixes([(w, "n" if f == "x" and _HAN_WORD.fullmatch(w) else f)
                           for w, f in pos_lcut(window, _pos_tags())])
    j, acc = 0, 0
    while j < len(toks) and acc < k:
        acc += len(toks[j][0])
        j += 1
    if acc != k or j >= len(toks) or toks[j][0] != "的" or j == 0:
        return None
    stretch = toks[:j]
    if toks[0][0] in _STOP_WORDS and toks[0][0] not in ("在", "从", "来自") or toks[0][0] in _PURPOSE_VERBS:
        return None  # 3.5亿元用于……的保障: a purpose, not a relative clause
    last_w, last_f = stretch[-1]
    predicate_end = len(stretch) > 1 and last_f in ("a", "ad", "an", "v") and last_w in _NOUN_OVERRIDE
    if not predicate_end and all(_plain_noun(*t) for t in stretch):
        return None  # 国家和地区的外交使节: the count is of the first noun
    if _plain_noun(*toks[0]) and not any(
            f.startswith(_CLAUSE_FLAGS) or w[:1].isdigit() for w, f in stretch[1:]):
        return None  # 50名职工参加的比赛: the count is of 职工
    if any(w in _STOP_WORDS or w in _PURPOSE_VERBS or w == "为期" for w, _ in stretch[1:]):
        return None  # 3200名职工参加为期三天的疗休养: the count is of 职工
    for cm in _COUNT_RE.finditer(text, pos, pos + k):
        if _check(text, cm, pos, pos + k):
            return None  # 9家企事业单位的115名职工: another count inside
    cut = next((x for x in range(j + 1, len(toks)) if toks[x][0][:1].isdigit()), len(toks))
    toks = toks[:cut]  # 代表和50余名特邀代表: a later count ends the phrase
    if j + 1 >= len(toks) or not _nounish(*toks[j + 1]) or toks[j + 1][1] in _PREDICATE_FLAGS:
        return None
    n_end = _run(toks, j + 1)
    if n_end == j + 1 or sum(len(w) for w, _ in toks[j + 1:n_end]) < 2:
        return None
    return _offsets(toks, pos, 0, n_end)


def warm_up() -> None:
    """Load the part-of-speech table now, not on the first text with a count.

    Safe to call more than once and from several threads; the pipeline calls it
    when an :class:`unionnlp.Extractor` is built.
    """
    pos_lcut("两名职工", _pos_tags())


def _run(toks: list[tuple[str, str]], i: int, first: bool = False, long_and: bool = False) -> int:
    """End index of the noun run starting at toks[i].

    ``long_and``: a ``和`` coordination may run to the end of the window
    (nothing else is counted after it: ``15个市级劳模和工匠人才创新工作室``).
    """
    n = len(toks)
    k = i
    while k < n:
        w, f = toks[k]
        if w in _OPEN_CLOSE:  # bracket or quote: take it whole if it closes
            close = _OPEN_CLOSE[w]
            j = next((x for x in range(k + 1, min(n, k + 12)) if toks[x][0] == close), None)
            if j is None:
                break
            k = j + 1
            continue
        if k == i and f == "f" and k + 1 < n and _nounish(*toks[k + 1]):
            k += 1  # 外方代表
            continue
        if k == i and first and f.startswith("m"):
            k += 1
            continue
        if w in ("、",) and k > i and k + 1 < n and _nounish(*toks[k + 1]):
            k += 1
            continue
        if w in ("和", "与", "及") and k > i and k + 1 < n and _nounish(*toks[k + 1]):
            nxt = k + 2
            if nxt >= n or not _nounish(*toks[nxt]):
                k += 2
                continue
            break
        if w.isspace() and k > i and k + 1 < n and _nounish(*toks[k + 1]):
            k += 1
            continue
        if k > i and (w in _AFTER_NOUN_STOPS
                      or f in _NAMES and w not in _NOUN_OVERRIDE and not (k + 1 < n and _nounish(*toks[k + 1]))):
            break  # 员工中, 选手李某; but 公办养老床位 (jieba tags 养老 as a name)
        if k > i and f == "vn" and not (k + 1 < n and toks[k + 1][1] in ("n", "nz") and toks[k + 1][0] not in _STOP_WORDS
                                         or w in _NOUN_OVERRIDE and k + 1 < n and _nounish(*toks[k + 1])):
            break  # 职工办理, 城市调研: the predicate (but 纺织服装企业: a noun compound)
        if k > i and len(w) == 1 and f in ("zg", "ng", "g") and k + 1 < n and toks[k + 1][1].startswith("n"):
            k += 1  # 桥吊司机: a bound morpheme inside a compound
            continue
        if _nounish(w, f):
            k += 1
            continue
        if k > i and len(w) == 1 and w in _SUFFIXES:
            k += 1
            continue
        if k > i and f.startswith("m") and k + 1 < n and _nounish(*toks[k + 1]):
            k += 1  # 十八大代表
            continue
        break
    # a trailing verbal noun after a noun is the predicate (城市调研, 企业参展)
    if k - i >= 2 and toks[k - 1][1] == "vn" and toks[k - 1][0] not in _NOUN_OVERRIDE \
            and (k >= n or toks[k][0] not in _OPEN_CLOSE):
        k -= 1
    return k


#: one-character endings that make the word before them a noun for people
#: (快递/员, 采茶/工, 绣/娘) or places (服务/点, 纳凉/点)
_PERSON_SUFFIX = frozenset("员工娘匠手师者")
_PLACE_SUFFIX = frozenset("点站")
#: verbs that govern what follows rather than name it (用于|师带徒)
_NOT_GLUED = frozenset({"用于", "用来", "给予", "属于", "对于", "关于", "为了", "来自", "面向", "针对", "包括", "覆盖"})


def _glue_suffixes(toks: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Join a verb or noun and a one-character person/place ending into one noun
    (jieba splits 快递员 into 快递|员 and tags 焊工 as a verb; a counted noun
    starting with a verb would read as a relative clause)."""
    out: list[tuple[str, str]] = []
    for w, f in toks:
        if out and len(w) == 1 and (w in _PERSON_SUFFIX or w in _PLACE_SUFFIX) and _HAN_WORD.fullmatch(out[-1][0]) \
                and out[-1][1][:1] in ("v", "n") and out[-1][0] not in _STOP_WORDS \
                and out[-1][0] not in _NOT_GLUED:
            out[-1] = (out[-1][0] + w, "n")
            continue
        if len(w) == 2 and w[-1] in _PERSON_SUFFIX and f == "v":
            f = "n"  # 焊工
        out.append((w, f))
    return out


def _offsets(toks: list[tuple[str, str]], pos: int, i: int, j: int) -> tuple[int, int] | None:
    """Text offsets of tokens ``i``..``j`` (surrounding spaces trimmed)."""
    s = pos + sum(len(w) for w, _ in toks[:i])
    e = s + sum(len(w) for w, _ in toks[i:j])
    seg = "".join(w for w, _ in toks[i:j])
    s += len(seg) - len(seg.lstrip())
    e -= len(seg) - len(seg.rstrip())
    return (s, e) if e > s else None


def annotate(story: Story) -> None:
    """Append COUNT spans for ``story`` (skipping what earlier layers placed)."""
    blocked = [(sp.start, sp.end) for sp in story.spans]
    for h in find_counts(story.text, story.start, story.end, blocked):
        sp = story.add(h["start"], h["end"], "COUNT", value=h["value"], approx=h["approx"],
                       unit=h["unit"], noun=h["noun"])
        raw = {k: h[k + "_at"] for k in ("unit", "noun") if k + "_at" in h}
        if raw:  # unit and noun are "as written": the pipeline re-reads them from the raw text
            sp.attrs["_raw"] = raw
