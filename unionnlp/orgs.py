"""Rule layer: ORG detection (issue #4).

Approach: find a *head* (the last word of an organization name: 总工会,
工会委员会, 区委, 局, 有限公司, 协调小组 … from ``lexicon/org_heads.tsv``),
then extend to the left over what can be part of a name:

* region names from :mod:`unionnlp.geography` (``北京市丰台区``, ``河北``),
* a bare region-tier character (``市``/``区``/``镇`` …: ``区总工会``), where
  ``该镇`` gives ``镇`` (the demonstrative is left out),
* a quoted segment (``“雪莲花”``), an ordinal (``第十七届``),
* dictionary words of a name-like part of speech (jieba's own dictionary tags:
  nouns, place and organization names, abbreviations …), verbs only when an
  anchor (region, quote, proper name) follows on their left,

and stopping at punctuation, at stop words (``在``, ``联合``, ``各级`` … from
``lexicon/org_stopwords.txt``) and where a new body starts.  Whole names of
well-known bodies (``全总``, ``党中央``, ``财政部`` …, ``lexicon/org_known.tsv``)
are matched directly.  A name with no proper part (``企业工会``, ``各级工会``)
is dropped.  Because the span ends at the head, a following post stays
outside (``市委副书记`` → ORG ``市委``), for the officials layer to read.

Every span gets ``kind`` and a draft ``canonical``; the internal attribute
``_parts`` (pieces of the name: region / tier / name / head, working-text
offsets) is what :mod:`unionnlp.resolve` completes into canonical, level and
parent once the story's context is known.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from . import geography
from .lexicon import load_lines, load_table
from .spans import Story

__all__ = ["annotate", "detect", "TIER_CHARS", "Candidate"]

#: single characters (and words) that stand for a region of a given tier.
TIER_CHARS: dict[str, str] = {
    "乡镇": "township", "镇街": "township", "自治区": "province", "自治州": "prefecture",
    "省": "province", "市": "prefecture", "州": "prefecture", "盟": "prefecture",
    "区": "county", "县": "county", "旗": "county",
    "镇": "township", "乡": "township", "街道": "township", "地区": "township",
    "社区": "community", "村": "community",
}
_DEMONSTRATIVES = ("该", "本", "此", "这个", "这")
_OPEN_QUOTES = "“‘「『\"'"
_CLOSE_QUOTES = "”’」』\"'"
_BREAK = re.compile(r"[，。；：！？、,.;:!?（）()《》【】\[\]<>\s|/…—·]")
_ORDINAL_END = re.compile(r"第[一二三四五六七八九十百零〇两\d]{1,5}[届次批]?$")
_WORD_TAGS = frozenset({"v", "vn", "vd", "a", "ad", "an", "d", "m", "q", "p", "c", "u", "r", "t",
                        "f", "n", "i", "l", "b", "z", "y", "e", "o"})
_NUMBERED_UNIT = re.compile(r"^[一二三四五六七八九十百]+[局处队院师团]$")
_CN_NUMERAL = re.compile(r"^[一二三四五六七八九十百零〇两]+$")
#: single characters that never belong to an unknown proper name run
_FUNCTION_CHARS = frozenset("的了着之其与及和或并而等在从由向对为给把被让经据是有将已也都还又共该本此这那各每到赴任称说兼")
_COLLECTIVE = frozenset({"全省", "全市", "全区", "全县", "全镇", "全乡", "全旗", "全州", "各级", "各地",
                         "所有", "全体", "全部", "各类", "各个", "广大", "全国各地", "各自"})
_NAMED_BY_WORDS = frozenset({"报社", "日报社", "出版社", "电视台", "广播电视台", "剧院", "歌剧院"})
_UNION_ORGANS = frozenset({"经费审查", "女职工", "经审", "劳动法律监督", "劳动保护监督检查"})
_BARE_UNION_RE = re.compile(r"(?:(?<=[兼、，,；;：:（(\s])|(?<=^))工会(?=(?:常务|专职|兼职)?副?主席)")
_SUBUNIT_RE = re.compile(r"[\u4e00-\u9fff]{1,5}?(?:车间|班组|作业班|[一二三四五六七八九十两\d]{1,3}班|急诊科|[\u4e00-\u9fff]{1,4}科|煤矿|分厂|工区|营业部)")
_TEAM_HEADS = frozenset({"服务队", "志愿服务队", "宣讲团", "宣传队", "突击队", "艺术团", "慰问团"})
_NON_ORG_ENDINGS = ("项目部",)
_WINDOW = 28  # characters a name may extend left of its head
_NUMBERED_END = re.compile(r"[一二三四五六七八九十百零〇\d]{1,4}号$")
_NATIONAL_START = ("国家", "中央", "全国", "中共", "中华", "国务院")
_CJK_NAME = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9]+$")
#: jieba dictionary tags that can be part of an organization name
_NAME_TAGS = frozenset({"n", "nr", "nrt", "nrfg", "ns", "nt", "nz", "vn", "j", "b", "an",
                        "l", "ng", "nrfg", "i", "s", "g", "h", "k", "eng"})
#: tags that may sit inside a name only when an anchor follows on the left
_TENTATIVE_TAGS = frozenset({"v", "vd", "a", "ad", "c"})
_ANCHOR_TAGS = frozenset({"ns", "nt", "nz", "j"})
#: heads that subordinate a unit to the body named on their left (kind inherited)
_SUBORDINATE_HEADS = frozenset({
    "常委会", "部", "办公室", "厅", "中心", "委员会", "分局", "分行", "支行", "分公司", "车间",
    "机务段", "供电所", "工作室", "服务队", "突击队", "乘组",
})
_ORGAN_HEADS = frozenset({"党组", "党委", "党工委", "纪委", "工会委员会", "工会", "总工会"})
_TERRITORIAL_HEADS = frozenset({"政府", "人民政府", "法院", "人民法院", "检察院", "人民检察院"})
_BRANCH_HEADS = frozenset({"分行", "支行", "分公司", "分局", "供电所", "总队"})
#: 委 after one of these is a government commission (发改委, 卫健委); after a
#: bare region it is the party committee (区委, 市委)
_GOV_WEI = ("发改委", "发展改革委", "卫健委", "卫生健康委", "教委", "国资委", "经信委",
            "住建委", "科委", "民委", "体委", "侨委", "工信委", "商委", "农委", "网信委",
            "交委", "建委", "规划委", "人防委", "编委")
_PARTY_WEI = ("政法委", "宣传委", "组织委", "工委", "教育工委", "社会工委", "两新工委")
_WEI_WORDS = tuple(sorted(_GOV_WEI + _PARTY_WEI, key=len, reverse=True))
_ABBREV_BAD_PREV = frozenset("城都全超各本该门上股楼夜集菜花黑早街两三四五六七八九十省市区县")
_ABBREV_RE = re.compile(r"([省市区县])总(?![工体数量计结部裁经监书值额站队院局师统务承包部支编督指会代])")
_COORD_RE = re.compile(r"([省市区县镇乡])、(?=[省市区县镇乡](?:总工会|工会))")


@dataclass(frozen=True, slots=True)
class _Head:
    head: str
    kind: str
    bare: bool
    stop: tuple[str, ...]


@dataclass(slots=True)
class Candidate:
    """A detected ORG before it is added to a story (working-text offsets)."""

    start: int
    end: int
    kind: str
    head: str
    parts: list[tuple[str, int, int]]
    canonical: str | None = None
    level: str | None = None


# --------------------------------------------------------------------------- resources
class _Resources:
    """Everything compiled once: head/known-name regexes, jieba, tags, stop lists."""

    def __init__(self) -> None:
        heads = [_Head(r["head"], r["kind"], r["bare"] == "1", _stops(r.get("stop") or ""))
                 for r in load_table("org_heads.tsv")]
        self.heads = {h.head: h for h in heads}
        alts = sorted(self.heads, key=len, reverse=True)
        self.head_re = re.compile("|".join(map(re.escape, alts)))
        self.known = {r["surface"]: r for r in load_table("org_known.tsv")}
        self.known_re = re.compile("|".join(map(re.escape, sorted(self.known, key=len, reverse=True))))
        self.stop = frozenset(load_lines("org_stopwords.txt"))
        self.union_stop = frozenset(load_lines("org_union_verbs.txt"))
        self.generic = frozenset(load_lines("org_generic.txt"))
        self.sectors = frozenset(load_lines("org_sectors.txt"))
        self.head_words = frozenset(load_lines("org_head_words.txt"))
        self.foreign = frozenset(r["name"] for r in load_table("org_foreign.tsv"))
        self.foreign_re = re.compile("(?:" + "|".join(map(re.escape, sorted(self.foreign, key=len, reverse=True)))
                                     + ")+$")
        try:
            self.titles = frozenset(t for t in load_lines("titles.txt") if len(t) >= 2)
        except FileNotFoundError:  # pragma: no cover - the officials lexicon is optional here
            self.titles = frozenset()
        self.geo = geography.load()
        self.surnames = frozenset(w for w in load_lines("surnames.txt") if len(w) == 1)
        # occupations and honours written right before a name (数控技师丁海军)
        self.person_nouns = frozenset(load_lines("worker_nouns.txt")) | {"技师", "工程师", "技术员", "师傅"}
        self.max_region = 12
        from .tokenizer import jieba_dict

        tags = dict(jieba_dict().tags)  # jieba's tag table, read once for the package
        stop_words = sorted(w for w in self.stop | self.union_stop if len(w) >= 2)
        head_words = list(self.heads) + list(self.known) + list(_GOV_WEI) + list(_PARTY_WEI) + [
            "产改", "中共", "人社局", "人社", "医保局", "城管执法局", "监督管理局"]
        tags.update({"首都": "ns", "中共": "j", "产改": "j"})  # name parts jieba tags otherwise
        # region names usable inside an ORG name: full names of every tier, short names of
        # provinces and prefectures, and county short names that are not ordinary words (新建, 和平)
        names = set()
        for n, regs in self.geo.by_name.items():
            if len(n) < 2 or n in TIER_CHARS or n in geography._WORDLIKE:
                continue
            full = any(r.name == n for r in regs)
            if n.endswith(("社区", "村")):
                continue
            if full and (len(n) >= 3 or any(r.tier != "township" for r in regs)):
                names.add(n)
            elif any(r.tier in ("province", "prefecture") for r in regs):
                names.add(n)
            elif tags.get(n) not in _WORD_TAGS:  # 岳麓, 丰台 yes; 新建, 和平 (ordinary words) no
                names.add(n)
        self.region_names = frozenset(names)
        region_words = sorted(n for n in names
                              if len(n) <= 6 and not any(r.tier == "township" for r in self.geo.by_name[n]))

        def build(tk: Any) -> None:
            for w in stop_words:  # stop words are tokens (选好配强, 隶属于 are not names)
                if not tk.FREQ.get(w):
                    tk.add_word(w, freq=200)
            for w in head_words:
                tk.add_word(w, freq=max(tk.FREQ.get(w, 0), 1000))
            for n in region_words:
                tk.add_word(n, freq=max(tk.FREQ.get(n, 0), 300))

        from .tokenizer import cached_tokenizer, get_tokenizer

        # our own dictionary (region names as words), cached on disk as its difference
        # from the shared tokenizer's: building it takes ~1 s
        self.tk = cached_tokenizer("orgs", (stop_words, head_words, region_words), build, base=get_tokenizer())
        self.tags = tags


_res: _Resources | None = None
_lock = threading.Lock()


def resources() -> _Resources:
    global _res
    if _res is None:
        with _lock:
            if _res is None:
                _res = _Resources()
    return _res


def _stops(field: str) -> tuple[str, ...]:
    """The ``stop`` column: ``a|bc`` lists words, ``abc`` lists characters."""
    return tuple(w for w in field.split("|") if w) if "|" in field else tuple(field)


@lru_cache(maxsize=1)
def _t2s():
    try:
        import opencc

        return opencc.OpenCC("t2s")
    except Exception:  # pragma: no cover - opencc is a dependency
        return None


def _detection_text(text: str) -> str:
    """``text`` in simplified characters when conversion keeps its length
    (normally the working text is already simplified by normalize)."""
    cc = _t2s()
    if cc is None:
        return text
    out = cc.convert(text)
    return out if len(out) == len(text) else text


# --------------------------------------------------------------------------- extension
def _tokens(R: _Resources, s: str) -> list[str]:
    return R.tk.lcut(s, HMM=False) if s else []


def _ends_with_head(R: _Resources, tok: str) -> bool:
    if len(tok) >= 2 and tok.endswith("委"):
        return True
    for k in range(min(len(tok), 7), 0, -1):
        if tok[-k:] in R.heads and (k < len(tok) or k >= 2):
            return True
    return False


def _extend_left(R: _Resources, det: str, lo: int, hs: int, head: _Head) -> tuple[int, list[tuple[str, int, int]]] | None:
    """Extend a name left from ``hs`` (not below ``lo``).  Returns the start and
    the name's parts, or ``None`` when the candidate is to be dropped."""
    # window: back to the previous break character
    ws = hs
    while ws > lo and hs - ws < _WINDOW and not _BREAK.match(det[ws - 1]):
        ws -= 1
    # token end offsets; region names found in the window are kept whole (在无锡华锦: 无锡 + 华锦)
    offs: list[tuple[int, int, str]] = []
    p = ws
    for rs, re_, _name in geography.find_regions(det, ws, hs):
        for t in _tokens(R, det[p:rs]):
            offs.append((p, p + len(t), t))
            p += len(t)
        offs.append((rs, re_, det[rs:re_]))
        p = re_
    for t in _tokens(R, det[p:hs]):
        offs.append((p, p + len(t), t))
        p += len(t)
    parts: list[tuple[str, int, int]] = []
    committed = hs
    pos = hs
    pending: list[tuple[str, int, int]] = []
    starts_region = False  # does the accepted part start with a region/tier?
    ti = len(offs) - 1
    while pos > ws:
        # 1. a region name ending at pos (longest first)
        reg = 0
        foreign = False
        for k in range(min(R.max_region, pos - ws), 1, -1):
            if det[pos - k:pos] in R.region_names and det[pos - k:pos] not in R.stop:
                reg = k
                break
            if det[pos - k:pos] in R.foreign:
                reg, foreign = k, True  # 纽约曼哈顿地区法院
                break
        if reg:
            parts.extend(pending)
            pending = []
            parts.append(("foreign" if foreign else "region", pos - reg, pos))
            pos -= reg
            committed = pos
            starts_region = True
            while ti >= 0 and offs[ti][0] >= pos:
                ti -= 1
            continue
        ch = det[pos - 1]
        # 2. a quoted segment
        if ch in _CLOSE_QUOTES:
            q = pos - 2
            while q >= ws and q > pos - 25 and det[q] not in _OPEN_QUOTES:
                q -= 1
            if q < ws or det[q] not in _OPEN_QUOTES:
                break
            parts.extend(pending)
            pending = []
            parts.append(("quote", q, pos))
            pos = q
            committed = pos
            starts_region = False
            while ti >= 0 and offs[ti][0] >= pos:
                ti -= 1
            continue
        # 3. an ordinal 第十七届
        m = _ORDINAL_END.search(det, max(ws, pos - 8), pos) or _NUMBERED_END.search(det, max(ws, pos - 6), pos)
        if m:
            parts.extend(pending)
            pending = []
            parts.append(("name", m.start(), pos))
            pos = m.start()
            committed = pos
            while ti >= 0 and offs[ti][0] >= pos:
                ti -= 1
            continue
        # 4. the jieba token ending at pos (re-cut if regions broke alignment)
        if ti < 0 or offs[ti][1] != pos:
            while ti >= 0 and offs[ti][0] >= pos:
                ti -= 1
            if ti < 0:
                break
            a = offs[ti][0]  # re-cut only the token a region cut into
            sub, p = [], a
            for t in _tokens(R, det[a:pos]):
                sub.append((p, p + len(t), t))
                p += len(t)
            offs = offs[:ti] + sub
            ti = len(offs) - 1
        ts, te, tok = offs[ti]
        # demonstrative + tier (该镇, 本区): keep the tier, drop the demonstrative, stop
        if len(tok) >= 2 and tok[0] in "该本此这" and tok[1:] in TIER_CHARS:
            parts.extend(pending)
            pending = []
            parts.append(("tier", ts + 1, te))
            committed = ts + 1
            starts_region = True
            break
        if tok in _COLLECTIVE or (tok.startswith("各") and len(tok) <= 3):
            return None  # 全省教育系统工会, 各街道工会: bodies in general, not one body
        if tok in R.stop or (tok.endswith("级") and tok not in ("中级", "高级", "初级")) \
                or (head.kind == "union" and te == hs and (tok in R.union_stop or R.tags.get(tok) == "v")):
            break
        if tok in R.titles or (len(tok) >= 3 and tok[-2:] in R.titles) or tok in ("兼", "兼任"):
            break  # 常务副主席兼市建设工会: a post ends the name on the left
        if tok in TIER_CHARS:
            parts.extend(pending)
            pending = []
            parts.append(("tier", ts, te))
            pos = ts
            committed = pos
            starts_region = True
            ti -= 1
            continue
        if not _CJK_NAME.match(tok):
            break
        if starts_region and head.head in _TERRITORIAL_HEADS:
            break  # 民众围堵|市政府: a court or government is named from its region on
        if tok.endswith("者") and head.kind != "social":
            break  # 示威者冲击|法院: people are no part of a body's name
        if (head.kind == "enterprise" and head.head not in _BRANCH_HEADS and len(tok) >= 3
                and tok.endswith("厂") and tok[-2:] not in ("分厂", "工厂")):
            break  # 宏达纺织厂|并入华润集团有限公司: a factory is a name of its own
        # another body on the left: chain only for organs and branches
        # (全国总工会权益保障部, 工商银行韶关分行), never across a region start
        if tok in R.known or _ends_with_head(R, tok):
            enterprise_chain = head.kind == "enterprise" and tok.endswith(("集团", "公司"))
            committee_chain = head.head == "委员会" and tok.endswith("工会")  # 海员建设工会广东省委员会
            if head.head in _TEAM_HEADS:
                break  # 市总工会“格桑花”服务队: the body and the team are separate
            if starts_region and head.head not in _BRANCH_HEADS and not (enterprise_chain or committee_chain):
                break
            if det.startswith(_NATIONAL_START, pos):
                break  # 中央纪委|国家监委: two bodies side by side
        # a run of single characters jieba could not join: an unknown proper name (顺怀, 独墅)
        if len(tok) == 1 and tok not in _FUNCTION_CHARS and tok not in TIER_CHARS and "\u4e00" <= tok <= "\u9fff":
            j = ti
            while (j - 1 >= 0 and offs[j - 1][1] == offs[j][0] and len(offs[j - 1][2]) == 1
                   and offs[j - 1][2] not in _FUNCTION_CHARS and offs[j - 1][2] not in TIER_CHARS
                   and "\u4e00" <= offs[j - 1][2] <= "\u9fff" and offs[j - 1][0] >= ws):
                j -= 1
            if j < ti:
                parts.extend(pending)
                pending = []
                parts.append(("name", offs[j][0], te))
                pos = offs[j][0]
                committed = pos
                starts_region = False
                ti = j - 1
                continue
        if tok.isdigit():
            break
        tag = R.tags.get(tok)
        if tag == "mq" and len(tok) >= 3:
            tag = "n"  # 零部件
        if tag == "m" and _CN_NUMERAL.match(tok) or _NUMBERED_UNIT.match(tok):
            tag = "v"  # 中铁七局: a numeral only inside a name
        anchor = tok in R.known or tag in _ANCHOR_TAGS or (tag is None and len(tok) >= 2)
        if pending and not (anchor or (len(pending) == 1 and tag in _NAME_TAGS
                                       and not (tag or "").startswith("nr"))):
            break  # verbs are inside a name only before an anchor (“雪莲花”抢险救援服务队)
        if tok in R.known or tag in _NAME_TAGS or (tag is None and len(tok) >= 2):
            parts.extend(pending)
            pending = []
            parts.append(("name", ts, te))
            pos = ts
            committed = pos
            starts_region = False
            ti -= 1
            continue
        if tok == "和" and (head.kind != "government" or starts_region or not parts):
            break
        if tag is None or tag in _TENTATIVE_TAGS:
            pending.append(("name", ts, te))
            pos = ts
            ti -= 1
            continue
        break
    parts.reverse()
    parts = [p for p in parts if p[1] >= committed]
    return committed, parts


# --------------------------------------------------------------------------- detection
def _right_ok(det: str, he: int, head: _Head) -> bool:
    return not (head.stop and det.startswith(head.stop, he))


def _is_generic(R: _Resources, det: str, parts: list[tuple[str, int, int]]) -> bool:
    if any(k == "quote" for k, _, _ in parts):
        return False  # “格桑花”职工志愿服务队
    names = "".join(det[s:e] for k, s, e in parts if k == "name")
    return names in R.generic


def detect(text: str, start: int = 0, end: int | None = None) -> list[Candidate]:
    """ORG candidates in ``text[start:end]`` (absolute offsets), flat, in text order."""
    R = resources()
    end = len(text) if end is None else end
    det = text[:start] + _detection_text(text[start:end]) if start or end != len(text) else _detection_text(text)
    cands: list[Candidate] = []
    # well-known names
    for m in R.known_re.finditer(det, start, end):
        row = R.known[m.group()]
        if _given_name_after_post(R, det, start, m.start(), m.end()):
            continue  # 主席马海军: 海军 is the end of a name here, not the navy
        fm = R.foreign_re.search(det, max(start, m.start() - 12), m.start())
        if fm and row["kind"] in ("government", "party", "union", "legislature", "cppcc"):  # 美国海军: a foreign body, not the Chinese one the short form names
            cands.append(Candidate(fm.start(), m.end(), row["kind"], m.group(),
                                   [("foreign", fm.start(), fm.end()), ("name", m.start(), m.end())],
                                   det[fm.start():m.end()]))
            continue
        cands.append(Candidate(m.start(), m.end(), row["kind"], m.group(),
                               [("known", m.start(), m.end())], row["canonical"],
                               row.get("level") or None))
    # headed names
    for hs, he in _head_matches(R, det, start, end):
        head = R.heads[det[hs:he]]
        if not _right_ok(det, he, head):
            continue
        res = _extend_left(R, det, start, hs, head)
        if res is None:
            continue
        s, parts = res
        if parts and parts[0][0] == "region" and s > start:
            ts = _word_start(R, det, start, s)
            if ts < s:  # 扎西岗村: the word 扎西岗 holds the region name 西岗: it is the name
                parts = [("name", ts, parts[0][2])] + parts[1:]
                s = ts
        cut = max(_after_coordinated_body(R, det, s, hs), _before_session(R, det, s, hs))
        if cut > s:  # 中国机械冶金建材工会和中国海员建设工会广东省委员会: two bodies
            s = cut
            parts = [p for p in parts if p[1] >= cut]
            if not parts:
                continue
        if s == hs and not head.bare:
            continue
        kinds = {k for k, _, _ in parts}
        has_region = bool(kinds & {"region", "tier", "known", "foreign"})
        if head.head == "工会" and not parts:
            continue
        if not head.bare and not ("name" in kinds or "quote" in kinds or "region" in kinds or "foreign" in kinds
                                  or ("tier" in kinds and head.kind == "institution")):
            continue  # 天津电视台, 北京大学: a full region name is a name
        if head.bare and not parts and head.head not in ("政协", "人大"):
            continue
        name_len = sum(e - b for k, b, e in parts if k in ("name", "quote"))
        if not head.bare and not has_region and name_len < 2:
            continue  # 结局, 商协会: a head that needs a name needs two characters of it
        if len(head.head) == 1 and _in_word(R, det, s, hs, he):
            continue  # 肺部, 干部, 大厅, 分厂: the head is the end of an ordinary word
        if head.head == "厅" and not (has_region or det[s:hs].endswith("办公")):
            continue
        if head.head == "中心" and _FACILITY.search(det[s:hs]):
            continue
        if det[s:he].endswith(_NON_ORG_ENDINGS) and not det.startswith("工会", he):
            continue
        if (parts and (parts[0][0] == "tier" or head.kind == "union")
                and _COUNTED.search(det, max(start, s - 3), s)):
            continue  # 4家街道工会, 九个乡镇总工会: a count of bodies, not one body
        if parts and parts[0][0] == "tier" and det[parts[0][1]:parts[0][2]] in ("乡镇", "镇街", "县市", "市县", "区县", "县区"):
            continue
        if head.head in _DEPT_HEADS and not has_region and (
                det.startswith(_DEPT_OWNERS, s) or _DEPT_BEFORE.search(det, max(start, s - 4), s)):
            continue  # 公司人力资源部, 医院的麻醉科: a department inside an enterprise is no ORG
        if _ORDINAL_ONLY.fullmatch(det, s, hs):
            continue  # 第十六届委员会: the session of a body named before, not a body
        if det[s] in _MEASURE_START and _NUMERAL_BEFORE.search(det, max(start, s - 8), s):
            continue  # 一百二十余所中小学: a count of bodies, the measure word is no name
        if parts and all(k == "tier" for k, _, _ in parts) and _generic_tier(R, det, start, s, he):
            continue  # 所在区总工会, 街道、社区工会, 社区工会服务站: such bodies in general
        if head.head in _TERRITORIAL_HEADS and not head.bare and not _anchored(R, det, parts):
            continue  # 冲击法院: a court or government needs a region or a proper name
        if (not head.bare and head.kind in ("enterprise", "institution", "social")
                and head.head not in _NAMED_BY_WORDS and not _anchored(R, det, parts)):
            continue  # 一家设计公司, 山区学校, 职工创新工作室: no proper name
        if head.head == "工会" and parts and all(k == "region" for k, _, _ in parts) \
                and not any(r.name == det[a:b] for k, a, b in parts for r in R.geo.by_name.get(det[a:b], ())):
            continue  # “海淀工会”小程序, 湖北工会的做法: unions of a place in general
        if head.head == "工会" and parts and all(k == "foreign" for k, _, _ in parts):
            continue  # 法国工会: a country's unions in general
        if _is_generic(R, det, parts) and not ("region" in kinds or "foreign" in kinds):
            continue
        if _is_generic(R, det, parts) and head.kind == "union":
            continue
        kind = head.kind
        name_txt = det[s:hs]
        if head.head in ("委员会", "常委会") and name_txt.startswith("大会"):
            continue  # 大会主席团常务委员会: an organ of a meeting, no proper name
        if head.head in ("委员会",):
            if name_txt.startswith(("共青团", "团中央")):
                kind = "social"  # 共青团第十八届中央委员会, like 团中央
            elif name_txt.startswith(("中国共产党", "中共")) and "纪律检查" not in name_txt:
                kind = "party"
            elif name_txt.endswith("工会") or name_txt in _UNION_ORGANS:
                kind = "union"  # 经费审查委员会, 女职工委员会: organs of a union
            elif name_txt.endswith(("人大常务", "纪律检查")):
                kind = "party" if "纪律" in name_txt else "legislature"
        if head.head == "联合会" and re.search("工人|劳工", name_txt):
            kind = "union"  # 法国工人民主联合会: a federation of workers is a union
        if head.head in _SUBORDINATE_HEADS or kind == "union":
            # organs of a body take the body's kind (全国总工会权益保障部 → union)
            inner = _first_inner_kind(R, det, s, hs)
            if inner and head.head in _SUBORDINATE_HEADS and head.head not in _BRANCH_HEADS:
                kind = inner
        parts.append(("head", hs, he))
        cands.append(Candidate(s, he, kind, head.head, parts))
    # 委: 区委 / 中共北京市委 / 发改委
    for m in re.finditer("委(?![员托屈婉会托])", det[start:end]):
        he = start + m.end()
        hs = he - 1
        c = _wei(R, det, start, hs, he)
        if c is not None:
            cands.append(c)
    # abbreviations 市总/区总/省总/县总
    for m in _ABBREV_RE.finditer(det, start, end):
        s, e = m.span()
        if s > start and det[s - 1] in _ABBREV_BAD_PREV:
            continue  # 城市总, 超市总
        head = _Head("总", "union", True, ())
        res = _extend_left(R, det, start, s, head)
        parts = [p for p in (res[1] if res else []) if p[0] in ("region", "tier", "name")]
        if parts and parts[-1][0] == "region":
            s = parts[0][1]  # 湛江市总
            parts = parts + [("tier", m.start(), m.start() + 1)]
        else:
            parts = [("tier", s, s + 1)]
        cands.append(Candidate(s, e, "union", "总", parts + [("head", m.start() + 1, e)]))
    # coordination 市、区总工会: the first conjunct is its own ORG
    for m in _COORD_RE.finditer(det, start, end):
        s = m.start(1)
        j = m.end() + 1
        hm = re.match(r"总工会|工会", det[j:j + 3])
        if hm:
            cands.append(Candidate(s, s + 1, "union", hm.group(),
                                   [("tier", s, s + 1), ("shared_head", j, j + hm.end())]))
    # the bare 工会 of a title chain (兼工会主席): resolve names it from the story's enterprise
    for m in _BARE_UNION_RE.finditer(det, start, end):
        cands.append(Candidate(m.start(), m.end(), "union", "工会", [("bare_union", m.start(), m.end())]))
    flat = _flatten(cands)
    flat = _legislature_committees(R, det, end, flat)
    flat = _shared_heads(R, det, start, flat)
    # a sub-unit written right after its enterprise or institution is part of it
    # (某某有限公司抄纸车间, 某某医院急诊科)
    for c in flat:
        if c.kind in ("enterprise", "institution") and c.head not in _SUBORDINATE_HEADS - _BRANCH_HEADS:
            m = _SUBUNIT_RE.match(det, c.end, min(end, c.end + 12))
            if m and not any(ch in _FUNCTION_CHARS for ch in m.group()) \
                    and _token_end(R, det, c.end, m.end()) and not any(
                    o is not c and o.start < m.end() and c.end < o.end for o in flat):
                c.parts.append(("subunit", c.end, m.end()))
                c.end = m.end()
    return flat


_LEG_COMMITTEE = re.compile(r"[\u4e00-\u9fff]{1,14}?(?:工作委员会|委员会)(?![员会])")
_LEG_BAD = frozenset("的了着之其在从由向对为给把被让经据是有将已也都还又共该本此这那各每到赴任称说兼召")


def _legislature_committees(R: _Resources, det: str, end: int, flat: list[Candidate]) -> list[Candidate]:
    """``区人大农业与农村委员会``: a committee written right after 人大/人大常委会/政协 is one
    ORG with the legislature's (CPPCC's) kind, ``与``/``和`` inside included."""
    out: list[Candidate] = []
    skip_to = -1
    for c in flat:
        if c.start < skip_to:
            continue
        if c.kind in ("legislature", "cppcc") and c.head in ("人大", "人大常委会", "政协", "常委会"):
            m = _LEG_COMMITTEE.match(det, c.end, min(end, c.end + 18))
            if m and not any(ch in _LEG_BAD for ch in m.group()) \
                    and not any(o is not c and o.start < c.end + 1 <= o.end and o.start < c.end for o in flat):
                c.parts = [p for p in c.parts if p[0] != "head"] + [("name", c.parts[-1][1], m.end() - 3),
                                                                     ("head", m.end() - 3, m.end())]
                c.end = m.end()
                c.head = "委员会"
                skip_to = c.end
                out = [o for o in out if o.end <= c.start or o is c]
        out.append(c)
    return out


_COMPOUND_TIERS = frozenset({"省市", "市县", "区县", "县区", "省区市", "市区", "县市区", "乡镇", "镇街"})


def _shared_heads(R: _Resources, det: str, start: int, flat: list[Candidate]) -> list[Candidate]:
    """``南京市、苏州市、徐州市总工会``: region names coordinated before a union share its
    head; each is an ORG (span = the region, canonical completed with the head).  With
    ``等`` (``天河区、番禺区等区总工会``) the plural tail itself is no ORG."""
    extra: list[Candidate] = []
    drop: set[int] = set()
    for c in flat:
        if c.kind != "union" or not c.parts:
            continue
        if c.head not in ("总工会", "工会", "工会联合会", "工会工作委员会"):
            continue
        pos = c.start
        plural = False
        if (c.parts[0][0] == "tier" or det[c.parts[0][1]:c.parts[0][2]] in _COMPOUND_TIERS) \
                and det.startswith("等", pos - 1):
            plural = True  # 天河区、番禺区等区总工会
            pos -= 1
        elif c.parts[0][0] != "region":
            continue
        hs = next((p for p in c.parts if p[0] == "head"), None)
        if hs is None:
            continue
        conj: list[tuple[int, int]] = []
        while True:
            if not plural or conj:
                if pos - 1 < start or det[pos - 1] != "、":
                    break
                pos -= 1
            found = 0
            for k in range(min(R.max_region, pos - start), 1, -1):
                if det[pos - k:pos] in R.region_names:
                    found = k
                    break
            if not found:
                break
            conj.append((pos - found, pos))
            pos -= found
        if not conj or (pos > start and not _BREAK.match(det[pos - 1]) and det[pos - 1] not in "与和及"
                        and det[pos - 1] not in _FUNCTION_CHARS):
            continue
        for a, b in conj:
            extra.append(Candidate(a, b, "union", c.head, [("region", a, b), ("shared_head", hs[1], hs[2])]))
        if plural:
            drop.add(id(c))
    if not extra and not drop:
        return flat
    return sorted([c for c in flat if id(c) not in drop] + extra, key=lambda c: c.start)


def _head_matches(R: _Resources, det: str, start: int, end: int) -> list[tuple[int, int]]:
    """Head matches, longest at each position; a match that starts inside an earlier
    one is kept only when it reaches further right (华侨联合会: 侨联 and 联合会)."""
    out: list[tuple[int, int]] = []
    reach = start
    pos = start
    while True:
        m = R.head_re.search(det, pos, end)
        if m is None:
            break
        if m.end() > reach:
            out.append(m.span())
            reach = m.end()
        pos = m.start() + 1
    return out


def _token_end(R: _Resources, det: str, s: int, e: int) -> bool:
    """Does the segmentation of ``det[s:]`` have a word boundary at ``e``?"""
    p = s
    for t in _tokens(R, det[s:e + 4]):
        p += len(t)
        if p == e:
            return True
        if p > e:
            return False
    return False


_FACILITY = re.compile(r"(会展|购物|党群服务|养老服务|职工服务|检测|活动|健身|体育|商务|物流|数据|展示|游客|文化|发射)$")
_COUNTED = re.compile(r"(?:[\d一二两三四五六七八九十百千]+[家个所支]|各|全)$")


_DEPT_HEADS = frozenset({"部", "科", "室", "处"})
_DEPT_OWNERS = ("公司", "集团", "医院", "学校", "工厂")
_DEPT_BEFORE = re.compile(r"(?:公司|集团|医院|学校|工厂|企业)(?:的)?$|联合$")
_SESSION_RE = r"第[一二三四五六七八九十百零〇\d]+届"
_ORDINAL_ONLY = re.compile(_SESSION_RE + "(?:中央)?")
_MEASURE_START = frozenset("家个所支座名位间")
_NUMERAL_BEFORE = re.compile(r"[\d一二两三四五六七八九十百千万]+(?:余|多)?$")
#: before a body named by its tier alone: any such body, not one (所在区总工会, 各街道工会)
_GENERIC_BEFORE = re.compile(r"(?:所在|每个|每一个|部分|全部|有关|相关|其他|其它|多个|基层|各个?)$")
#: a bare tier coordinated before it (街道、社区工会)
_TIER_COORD = re.compile(r"(街道|社区|乡镇|村)、$")
#: after it: a kind of facility or work of such bodies (社区工会服务站, 社区工会规范化建设)
_GENERIC_AFTER = re.compile(r"(?:服务站|服务窗口|工作站|驿站|规范化|建设经验|覆盖率|全覆盖)")


def _generic_tier(R: _Resources, det: str, start: int, s: int, e: int) -> bool:
    """A union named by its tier alone (``社区工会``) meant as any such body."""
    before = det[max(start, s - 4):s]
    if _GENERIC_BEFORE.search(before) or _GENERIC_AFTER.match(det, e):
        return True
    m = _TIER_COORD.search(before)
    if m is None:
        return False
    t0 = s - len(m.group())  # where the coordinated tier word starts
    # 东城街道、… names a place: the tier word ends a region name, nothing generic
    return not any(det[max(start, t0 - k):t0] + m.group(1) in R.geo.by_name for k in (2, 3, 4))


def _after_coordinated_body(R: _Resources, det: str, s: int, hs: int) -> int:
    """Start of the last conjunct when ``det[s:hs]`` holds a whole body name and a
    conjunction (``X工会和…``): the extension ran over the coordination."""
    best = s
    for m in _CONJ.finditer(det, s, hs):
        before = det[s:m.start()]
        if any(before.endswith(h) for h in _BODY_ENDS) and m.end() < hs:
            best = m.end()
    return best


def _word_start(R: _Resources, det: str, start: int, s: int) -> int:
    """Start of the jieba word that crosses ``s`` (one or two characters before it), else ``s``."""
    if s <= start or not "\u4e00" <= det[s - 1] <= "\u9fff":
        return s
    freq = R.tk.FREQ  # holds every prefix of every word: no word can cross s otherwise
    if det[s - 1:s + 1] not in freq and (s - 2 < start or det[s - 2:s + 1] not in freq):
        return s
    pos = max(start, s - 6)
    for w in R.tk.cut(det[pos:s + 4], HMM=False):
        end = pos + len(w)
        if pos < s < end and s - pos <= 2 and len(w) <= 4 and w not in R.stop and w not in R.union_stop \
                and R.tags.get(w, "x") not in _WORD_TAGS_NOT_NAMES:
            return pos
        if pos >= s:
            break
        pos = end
    return s


#: jieba tags of words that are no part of a name (verbs, prepositions …)
_WORD_TAGS_NOT_NAMES = frozenset({"v", "p", "c", "u", "d", "r", "m", "q", "f", "uj", "ul", "ad", "vn"})


def _before_session(R: _Resources, det: str, s: int, hs: int) -> int:
    """``免去吴英杰第十四届全国政协常委``: a session ordinal after something that is no
    body (a person's name) starts the ORG; after a body (``政协第十四届全国委员会``) it does not."""
    m = _SESSION.search(det, s + 1, hs)
    if m is None:
        return s
    before = det[s:m.start()]
    if before in R.known or any(before.endswith(h) for h in (*_BODY_ENDS, "政协", "人大", "中共", "共青团")) \
            or before in R.region_names:
        return s
    return m.start()


_SESSION = re.compile(_SESSION_RE)
_CONJ = re.compile(r"[和与及]")
_BODY_ENDS = ("工会", "委员会", "联合会", "公司", "集团", "政府", "党委")


def _given_name_after_post(R: _Resources, det: str, start: int, s: int, e: int) -> bool:
    """A two-character known name right after a surname that follows a post or an
    occupation (``主席马海军``, ``数控技师丁海军``): the given name of a person."""
    if e - s != 2 or s - 1 <= start or det[s - 1] not in R.surnames:
        return False
    p = s - 1
    return any(det[max(start, p - k):p] in R.titles or det[max(start, p - k):p] in R.person_nouns
               for k in (2, 3, 4, 5))


def _in_word(R: _Resources, det: str, s: int, hs: int, he: int) -> bool:
    """Is the one-character head at ``hs`` the end of a two-character word
    (jieba's segmentation of the head with a little left context)?"""
    if hs - 1 < s:
        return False
    toks = _tokens(R, det[max(s, hs - 3):he])
    w = toks[-1] if toks else ""
    if len(w) < 2 or w in R.heads:
        return False
    if len(w) == 2 and w in R.tags or R.tags.get(w) == "f":
        return True  # 结局, 肺部, 中西部
    return det[hs - 1:he] in R.head_words  # 工会干部


def _anchored(R: _Resources, det: str, parts: list[tuple[str, int, int]]) -> bool:
    """Does the name contain a proper part (region, quotation, known body, a
    place/organization/person/other proper noun, or an unknown word)?"""
    for k, a, b in parts:
        if k in ("region", "quote", "known", "tier", "foreign"):
            return True
        if k == "name":
            w = det[a:b]
            t = R.tags.get(w)
            if w in R.known or (t is None and len(w) >= 2 and not w.isdigit()) or (t or "")[:2] in ("ns", "nt", "nz", "nr", "j", "en"):
                return True
            if _ORDINAL_END.search(w) or _NUMBERED_UNIT.match(w):
                return True  # 第二医院, 中铁七局
    return False


def _first_inner_kind(R: _Resources, det: str, s: int, hs: int) -> str | None:
    """Kind of the first body named inside ``det[s:hs]`` (a known name or a head)."""
    seg = det[s:hs]
    best: tuple[int, str] | None = None
    m = R.known_re.search(seg)
    if m:
        best = (m.start(), R.known[m.group()]["kind"])
    for m in R.head_re.finditer(seg):
        h = R.heads[m.group()]
        if best is None or m.start() < best[0]:
            best = (m.start(), h.kind)
        break
    wm = re.search(r"(?:[省市区县州旗]|中共\S{0,6}?)委", seg)
    if wm and (best is None or wm.start() < best[0]):
        best = (wm.start(), "party")
    return best[1] if best else None


def _wei(R: _Resources, det: str, lo: int, hs: int, he: int) -> Candidate | None:
    """A 委 head: party committee after a region (区委, 北京市委), else a known commission."""
    seg = det[max(lo, hs - 6):hs]
    if not seg or det[hs - 1] in "常编政党纪工主":
        return None
    for w in _WEI_WORDS:
        if det.startswith(w, he - len(w)) and he - len(w) >= lo:
            kind = "party" if w in _PARTY_WEI else "government"
            head = _Head(w, kind, True, ())
            res = _extend_left(R, det, lo, he - len(w), head)
            s, parts = res if res else (he - len(w), [])
            if s == he - len(w) and kind == "government" and not parts:
                # bare 发改委 is still a named body
                pass
            parts.append(("head", he - len(w), he))
            return Candidate(s, he, kind, w, parts)
    if not seg:
        return None
    # a commission named by a dictionary word: 县计生委, 省纪检委
    toks = _tokens(R, det[max(lo, hs - 4):he])
    w = toks[-1] if toks else ""
    if (len(w) >= 2 and w.endswith("委") and w not in ("常委", "编委", "委委", "政委")
            and det[hs - 1] not in "省市区县州旗" and not w.endswith(("党委", "纪委", "工委"))
            and not w.startswith("各") and R.tags.get(w, "n") in ("n", "nt", "j", "nz")):
        kind = "party" if ("纪" in w or w.endswith(_PARTY_WEI)) else "government"
        head = _Head(w, kind, True, ())
        res = _extend_left(R, det, lo, he - len(w), head)
        s, parts = res if res else (he - len(w), [])
        if parts or len(w) >= 3:
            parts.append(("head", he - len(w), he))
            return Candidate(s, he, kind, w, parts)
        return None
    prev = det[hs - 1]
    head = _Head("委", "party", True, ())
    if prev in "省市区县州旗":
        res = _extend_left(R, det, lo, hs, head)
        if res is None:
            return None
        s, parts = res
        if not parts or parts[-1][0] not in ("tier", "region"):
            return None
        parts.append(("head", hs, he))
        return Candidate(s, he, "party", "委", parts)
    return None


def _flatten(cands: list[Candidate]) -> list[Candidate]:
    """Longest first, no overlaps (a known name beats a same-span headed one)."""
    order = sorted(cands, key=lambda c: (-(c.end - c.start), 0 if c.parts and c.parts[0][0] == "known" else 1, c.start))
    if not order:
        return []
    lo = min(c.start for c in order)
    occ = bytearray(max(c.end for c in order) - lo)
    kept: list[Candidate] = []
    for c in order:
        if c.end <= c.start or 1 in occ[c.start - lo:c.end - lo]:
            continue
        occ[c.start - lo:c.end - lo] = b"\x01" * (c.end - c.start)
        kept.append(c)
    kept.sort(key=lambda c: c.start)
    return kept


def annotate(story: Story) -> None:
    """Append ORG spans for the story (kind, draft canonical; ``_parts`` for resolve)."""
    if story.end <= story.start:
        return
    bylines = [(sp.start, sp.end) for sp in story.spans if sp.source == "byline"]
    for c in detect(story.text, story.start, story.end):
        if bylines and any(s < c.end and c.start < e for s, e in bylines):
            continue
        attrs: dict[str, Any] = {"kind": c.kind, "_parts": c.parts, "_head": c.head}
        if c.canonical:
            attrs["canonical"] = c.canonical
        if c.level:
            attrs["level"] = c.level
        story.add(c.start, c.end, "ORG", **attrs)
