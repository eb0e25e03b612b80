"""Rule layer: officials: TITLE and PERSON spans, ``holds`` links and person roles.

Reads the ORG spans already in ``story.spans`` (orgs run first) and appends

* a TITLE span per post attached to a named person,
* a PERSON span per mention of a name (every mention: a name found once with a
  post or a cue is propagated to its bare mentions in the same story),
* a :class:`~unionnlp.spans.Link` per post (person, title, org or ``None``),
* an ORG span for a body written only as the prefix of a chain
  (``市委副书记`` → ORG ``市委`` + TITLE ``副书记``) when the ORG layer found none there.

Chain shapes handled (see ``docs/decisions/officials.md``)::

    ORG 职务、职务，ORG 职务、职务，ORG 职务 姓名     a post belongs to the nearest ORG before it
    ORG 职务，兼 ORG 职务 姓名 / ORG 职务（兼）姓名
    ORG 职务 姓名、ORG 职务 姓名                     lists
    职务：姓名 / 职务（姓名）                        names after a colon or in parentheses
    姓名（ORG 职务）                                 post in parentheses after the name
    姓名主任一行 / 姓名总书记                        title after the name
    姓名 当选为/担任 ORG 职务                        post after a verb of appointment

Everything is matched on a simplified-character copy of the story of the same
length (traditional input works even before normalisation converts it), with
compiled regexes and dictionary lookups: linear in the story length.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

from .lexicon import load_lines
from .spans import Link, Span, Story

__all__ = ["annotate", "split_chain", "ChainPost", "title_regex"]

# ---------------------------------------------------------------------------
# lexicons
# ---------------------------------------------------------------------------

#: prefixes accepted before every title of titles.txt (兼职/挂职 are markers, left outside)
_TITLE_PREFIXES = ("", "副", "常务", "常务副", "专职副", "执行", "代", "代理", "第一")

_HAN = r"\u3400-\u9fff\uf900-\ufaff"
_IS_HAN = re.compile(f"[{_HAN}]").match

#: what may never follow a title inside the same word (主席团, 委员会, 书记处 …)
_TITLE_BLOCK = r"(?!团|台|会|处(?!书记|第一书记)|级|们|室|热线|信箱|办公|助理|令|职|候选|人选|一职|奖)"

#: titles that name their own body (区长 is the head of the district government,
#: 国家主席 of the state): in a chain they never inherit the previous post's ORG.
_SELF_STANDING = re.compile(r"(?:国家(?:副)?主席|(?:省|市|区|县|州|盟|旗|镇|乡)长)$")

#: title words that a word before them turns into something else (城市长…, 社区长…)
_BAD_BEFORE = {"市长": "城", "区长": "社地园", "县长": "", "镇长": "城", "队长": ""}

_BOUNDARY = set("，。；：！？、,.;:!?（）()“”\"'‘’《》【】[]「」『』\n\r\t 　*#…—-|/")
_NONNAME = set("的了是在等到对说们把被给就也都还又及与着过第年号个名位不")
#: a "name" ending in one of these is a place or a body (贡江镇, 王庄村)
_PLACE_END = set("镇村乡区县市省街路局厂司委会部处所站队组庄屯营寨办院校")
#: a "name" followed by one of these is the head of a body's name (部长江航务管理局)
_ORG_TAIL = re.compile(r"(?:管理|有限|股份|集团|委员会|公司|[局厅署]|办公室|研究院|协会|分行|支行|中心)")
#: a numeral + measure inside a "name" (职工占七成): a quantity, not a person
_NUM_MEASURE = re.compile(r"[一二三四五六七八九十两百千万][成名人个万%％]")
#: single characters that end a ·-joined name (…·吐尔逊和…)
_DOT_CUT = set("和与及等在是为对向说将于也都就已曾还又被把")
#: 王总, 李老, 张工: a surname with a form of address, not a full name
_HONORIFIC_TAIL = set("总老工董局处科师姐哥叔姨")
#: function words that open the phrase after a post (主席向…, 局长为…, 亲自…): never a name start
_FUNC_START = set("向为将对在从于由以把被给同与和跟就也都还又及并亲再更最已曾正")
#: characters typical of transliterated foreign names (古特雷斯, 马克龙): a cut between two of
#: them is inside a longer foreign name
_TRANSLIT = set("斯尔特克德夫娃诺维奇娜莉姆伊罗拉尼里亚基卡雷蒂普布萨索塔图瓦沃西希泽茨舍什谢耶科库洛鲁梅蒙"
                "米穆纳内奥帕佩皮丹迪多杜埃菲弗格古哈赫霍吉加贾杰捷凯坎肯阿艾安巴鲍贝比波")
_PARENS_MARK = re.compile(
    r"[（(](?:兼|兼任|代理|代|挂职|主持工作|正[处厅局科]级|副[处厅局科]级|现任|正职|副职)[)）]")


@lru_cache(maxsize=1)
def _lex() -> "_Lexicon":
    return _Lexicon()


def _trie_pattern(words: Iterable[str]) -> str:
    """A regex alternation in trie form (see :func:`unionnlp.lexicon.trie_regex`)."""
    from .lexicon import trie_regex

    return trie_regex(words)


class _Lexicon:
    """All lexicons and compiled patterns (built once, see :func:`_lex`)."""

    def __init__(self) -> None:
        base = load_lines("titles.txt")
        titles = {p + t for t in base for p in _TITLE_PREFIXES}
        self.titles = frozenset(titles)
        self.title_re = re.compile("(?:" + _trie_pattern(titles) + ")" + _TITLE_BLOCK)
        self.surnames = frozenset(s for s in load_lines("surnames.txt") if len(s) == 1)
        self.minority_parts = frozenset(load_lines("minority_name_parts.txt"))
        self.compound = frozenset(s for s in load_lines("surnames.txt") if len(s) == 2)
        amb = set()
        for line in load_lines("surnames_ambiguous.txt"):
            amb.update(line.split())
        self.ambiguous = frozenset(amb)
        stops = load_lines("name_stops.txt")
        self.stop_multi = re.compile(_trie_pattern([s for s in stops if len(s) > 1]))
        self.stop_single = frozenset(s for s in stops if len(s) == 1)
        self.stop_re = re.compile(_trie_pattern(stops))
        workers = load_lines("worker_nouns.txt")
        self.worker_before = re.compile("(?:" + _trie_pattern(workers) + r")$")
        self.worker_nouns = frozenset(workers)
        self.leaders = tuple(load_lines("national_leaders.txt"))
        self.words = _jieba_words()


def _jieba_words() -> dict[str, tuple[int, str]]:
    """2-3 character words of jieba's dictionary (freq >= 20): word → (freq, POS tag).

    Used to keep common words out of names (``代表``, ``贺词``) and to see a verb
    glued after a two-character name (``粟某履职``). Read once for the package
    (:func:`unionnlp.tokenizer.jieba_dict`).
    """
    from .tokenizer import jieba_dict

    return jieba_dict().common


_NAME_TAGS = ("nr", "nrfg", "nrt")
_VERBISH = ("v", "vn", "vd", "d", "p", "c", "ad")


# ---------------------------------------------------------------------------
# patterns
# ---------------------------------------------------------------------------

_MINORITY = re.compile(f"[{_HAN}]{{1,6}}[·•・‧．][{_HAN}]{{1,8}}(?:[·•・‧．][{_HAN}]{{1,8}})?")
#: separator between two posts of a chain; group 1 = 兼 marker
_SEP = re.compile(r"(?:[、，,；;]\s?|\s)?(并?兼任?|兼)?")
#: what may stand between a title and the name after it
_NAME_LEAD = re.compile(r"(?:[（(](?:兼|兼任|代理|代|挂职|主持工作)[)）])?(?:[ 　]|[：:]\s?|[（(])?")
#: a bare org text between chain separators (no punctuation, no verbs of speech)
_ORG_TEXT_BAD = re.compile(r"[，。；：！？、,.;:!?（）()“”\"《》\s]|表示|指出|出席|参加|主持|调研|会见|看望|慰问|召开|举行")
#: cut points inside the text before the first title of a chain
_CUT = re.compile(
    r"(?:[的了是在由对向据经将与及等让请邀同为]|今天|昨天|近日|日前|上午|下午|晚上|当天|期间|"
    r"会上|会议|\d+日|陪同|带领|邀请|率领|听取|出席|参加|看望|慰问|会见|代表|主持|介绍|强调|指出|表示|宣读|当选)")
#: ORG-like endings for a chain prefix the ORG layer did not find
_ORG_SUFFIX = re.compile(
    r"(?:工会|总工会|联合会|委员会|常委会|人大|政协|政府|党组|党委|党工委|纪委|监委|军委|中央|国务院|全总|[省市区县]总|"
    r"[委部局厅办院司团所处科室组队站社馆校厂矿场行署庭联]|(?:[协学商农研基大]|委员|理事)会|"
    r"公司|集团|中心|总队|支队|大队|分行|支行|街道)$")
#: honoree verbs before a (list of) name(s)
_HONOREE_BEFORE = re.compile(r"(?:推选出|评选出|选出|授予|表彰了?|获奖者有?|荣获.{0,20}?的|获得.{0,20}?的|获评.{0,20}?的|获得者)$")
#: posts held by front-line workers: their holders are ``worker`` (the scheme's 职工)
_FRONTLINE = frozenset({"班长", "班组长", "工段长", "作业长", "队长", "首席技师", "机长", "列车长", "值班长", "护士长"})
#: before 党委书记 …: a region or a bare head noun → the committee is an ORG (镇党委|书记, 公司党委|副书记)
_PARTY_SPLIT_BEFORE = re.compile(
    r"(?:^|[镇乡区市县省州村旗盟]|街道|社区|^公司|^集团|^企业|^单位|^学校|^医院|^厂)$")
_PARTY_TITLE = re.compile(r"(?:党委|党总支|党支部)")
#: an honour received right after a name: 王某荣获全国五一劳动奖章
_HONOREE_AFTER = re.compile(
    r"(?:先后|曾|还|也|已)?(?:荣获|获得|获评|被评为|被授予|获|当选)[^，。；！？\n]{0,25}?"
    r"(?:奖章|奖状|奖|称号|劳动模范|劳模|工匠|能手|标兵|先进个人|先锋号|冠军)")
_LEADER_RE = re.compile(r"(?:[省市区县镇乡州旗]|街道|公司|集团)?(?:领导|负责同志|主要负责人)(?:有|为|是)?")
_UNION_TAIL = re.compile(r"(?:项目|分|机关)?工会(?:委员会|联合会)?")
_ELECT = re.compile(r"(?:选举|推选|任命|聘任|聘请|推举|增补|增选)$")
#: a sub-unit of an enterprise or institution (written after 的 it is no ORG of its own)
_SUBUNIT_SEG = re.compile(f"[{_HAN}]{{0,6}}(?:科|车间|班组|班|工段|作业区|病区|科室|实验室)")
#: 某某是去年的焊工冠军 / 是一名巡道工: an honour or a trade said of the person (no post)
_WORKER_IS_AFTER = re.compile(
    r"(?:今年\d{2}岁，)?是[^，。；！？\n]{0,16}?(?:冠军|获得者|劳动模范|劳模|工匠|选手|工作人员|一线职工|一线员工"
    r"|一名[^，。；！？\n]{0,10}?[工员匠手])"
    r"|(?:以[^，。；！？\n]{1,10}?)?(?:夺冠|(?:夺得|摘得|获得|荣获)[^，。；！？\n]{0,12}?(?:冠军|一等奖|第一名|金奖))")
#: the text of a parenthesis (up to 25 characters) and its closing bracket
_PAREN_BODY = re.compile(r"([^（）()\n]{2,25})[）)]")
#: an age between a worker noun and the name (厨师、63岁的某某)
_AGE_DE = re.compile(r"[、，,]\s?(?:今年)?\d{1,3}岁的")
#: a speech verb right after a bare name (环卫工人某某说：)
_SPEECH_AFTER = re.compile(r"(?:说[：:，,]|表示|告诉记者|介绍|坦言|笑着说)")
_ELECT_ANY = re.compile(r"(?:选举|推选|任命|聘任|聘请|推举|增补|增选)")
_OFFICIAL_AFTER = re.compile(r"等(?:党和国家领导人|领导同志|领导人|领导|同志|出席|陪同|会见)")
_APPOINT_BEFORE = re.compile(r"(?:\d{4}年(?:\d{1,2}月)?)?(?:当选为?|担任|出任|兼任|被任命为|任命为|任)$")
_POST_NAME_CUE = re.compile(
    r"[，。、；：！？,.;:!?）)\s]|一行|等|同志|在|表示|说|指出|强调|关于|的|对|带队|率队|陪同|主持|出席|讲话|致辞|亲切|专门|高度|来到|到"
    r"|走进|走访|深入|前往|察看|查看|视察|考察|调研|看望|慰问|参观|检查|介绍|告诉")


# ---------------------------------------------------------------------------
# public helpers
# ---------------------------------------------------------------------------

def title_regex() -> "re.Pattern[str]":
    """The compiled title matcher (for other layers and scripts)."""
    return _lex().title_re


@dataclass(slots=True)
class ChainPost:
    """One post of a parsed chain: the title, its body text (or None) and offsets."""

    title: str
    org: str | None
    title_span: tuple[int, int]
    org_span: tuple[int, int] | None


@dataclass(slots=True)
class _Chain:
    titles: list[tuple[int, int]] = field(default_factory=list)
    #: org text range written just before each title (or None: nothing written)
    segs: list[tuple[int, int] | None] = field(default_factory=list)


def split_chain(text: str) -> tuple[list[ChainPost], tuple[int, int] | None]:
    """Parse ``"<chain><name>"`` (e.g. ``区委常委、副区长王某``) on its own.

    Returns the posts (title, body text or None after inheritance) and the name
    span. Used by ``scripts/eval_title_chains.py`` and the tests.
    """
    st = Story(text, 0, len(text))
    annotate(st)
    posts: list[ChainPost] = []
    person = None
    for l in st.links:
        person = (l.person.start, l.person.end)
        o = l.org
        posts.append(ChainPost(text[l.title.start:l.title.end],
                               text[o.start:o.end] if o else None,
                               (l.title.start, l.title.end), (o.start, o.end) if o else None))
    if person is None:
        ps = st.spans_of("PERSON")
        if ps:
            person = (ps[0].start, ps[0].end)
    return posts, person


# ---------------------------------------------------------------------------
# the layer
# ---------------------------------------------------------------------------

_T2S = None


def _to_simplified(s: str) -> str:
    """Simplified copy of ``s`` with the same length (else ``s`` itself)."""
    global _T2S
    if _T2S is None:
        try:
            import opencc

            _T2S = opencc.OpenCC("t2s").convert
        except Exception:  # pragma: no cover - opencc missing
            _T2S = lambda x: x  # noqa: E731
    out = _T2S(s)
    return out if len(out) == len(s) else s


class _Work:
    """State of one story while the layer runs."""

    def __init__(self, story: Story) -> None:
        self.story = story
        self.lx = _lex()
        lo = story.start
        if story.headline:
            lo = min(lo, story.headline[0])
        self.lo, self.hi = lo, story.end
        # s is the simplified story text; index i of s == working offset lo + i
        self.s = _to_simplified(story.text[lo:story.end])
        n = len(self.s)
        self.occ = bytearray(n)          # 1 = occupied by a span of another layer / ours
        self.orgs: list[Span] = []
        self.new_orgs: dict[tuple[int, int], Span] = {}
        self._trim_orgs()
        self._split_party_orgs()
        for sp in story.spans:
            a, b = max(sp.start - lo, 0), min(sp.end - lo, n)
            if a < b:
                self.occ[a:b] = b"\x01" * (b - a)
            if sp.label == "ORG" and a < b:
                self.orgs.append(sp)
        self.orgs.sort(key=lambda sp: (sp.end, sp.start))
        self.org_ends = [sp.end - lo for sp in self.orgs]
        self.org_end_set = {e: sp for e, sp in zip(self.org_ends, self.orgs)}
        self.existing_persons = {(sp.start - lo, sp.end - lo) for sp in story.spans if sp.label == "PERSON"}
        # results, in local offsets
        self.persons: dict[tuple[int, int], str] = {}      # span -> name
        self.titles: dict[tuple[int, int], Span] = {}
        self.links: list[tuple[tuple[int, int], tuple[int, int], Span | None]] = []
        self.worker: set[str] = set()
        self.official: set[str] = set()
        self.known: set[str] = set()
        self._tms: list[tuple[int, int]] = []
        self._kfirst: dict[str, list[str]] = {}
        self._klast: dict[str, list[str]] = {}

    def _trim_orgs(self) -> None:
        """Split an ORG span that swallowed a post of a chain.

        ``常务副主席兼市建设工会`` → ORG ``市建设工会``; ``组织部部长兼区总工会`` →
        ORG ``组织部`` (new) + (title) + ORG ``区总工会``. The ORG layer owns these
        spans; we only move their start (and drop a canonical that kept the post).
        """
        s, lo = self.s, self.lo
        for sp in list(self.story.spans):
            if sp.label != "ORG":
                continue
            a, z = sp.start - lo, sp.end - lo
            if a < 0 or z > len(s):
                continue
            for m in self.lx.title_re.finditer(s, a, z):
                k = m.end()
                mk = _PARENS_MARK.match(s, k)
                if mk:
                    k = mk.end()
                sep = _SEP.match(s, k)
                if sep is None or sep.end() == k or sep.end() >= z - 1:
                    continue
                head = (a, m.start())
                sp.start = sep.end() + lo
                canon = sp.attrs.get("canonical")
                if isinstance(canon, str) and s[a:sep.end()] in canon:
                    sp.attrs.pop("canonical", None)
                if head[1] - head[0] >= 2:
                    t = s[head[0]:head[1]]
                    if _ORG_SUFFIX.search(t):
                        self.new_orgs[head] = Span(head[0] + lo, head[1] + lo, "ORG", {"kind": _org_kind(t)}, "rules")
                break

    def _split_party_orgs(self) -> None:
        """Give back 党委/党总支/党支部 to the post after an enterprise or institution name.

        ``瑞江集团党委书记`` → ORG ``瑞江集团`` + TITLE ``党委书记`` (data_review.md), where
        the ORG layer found ``瑞江集团党委``. After a region or a bare head noun
        (``怀柔镇党委|副书记``, ``公司党委|副书记``) or a non-enterprise body
        (``区教委党委|书记``) the committee stays an ORG. The shortened span gets the
        ORG layer's own reading of the shorter text (kind, parts, head, canonical) when
        it has one, else kind ``enterprise`` and no internal attrs (resolve re-detects).
        """
        s, lo = self.s, self.lo
        for sp in self.story.spans:
            if sp.label != "ORG" or sp.source != "rules":
                continue
            a, z = sp.start - lo, sp.end - lo
            if a < 0 or z > len(s):
                continue
            if s.endswith("总工会委员会", a, z) and s.startswith("委员", z) and not s.startswith("委员会", z):
                # 市总工会委员会委员: a member of the union's committee (ORG 市总工会 + 委员会委员)
                attrs = _exact_attrs(self.story.text, sp.start, sp.end - 3)
                if attrs is not None:
                    sp.end -= 3
                    sp.attrs = attrs
                continue
            k = z - 2 if s.startswith("党委", z - 2) else z - 3
            if k - a < 2 or not _PARTY_TITLE.match(s, k) or _PARTY_SPLIT_BEFORE.search(s[a:k]):
                continue
            m = self.lx.title_re.match(s, k)
            if m is None or m.end() <= z or s[z:m.end()] not in self.lx.titles \
                    or not _PARTY_TITLE.fullmatch(s, k, z):
                continue
            attrs = _enterprise_attrs(self.story.text, sp.start, k + lo, sp.attrs.get("_parts"))
            if attrs is None:
                continue
            sp.end = k + lo
            sp.attrs = attrs

    # -- names ------------------------------------------------------------
    def stops(self, e: int, strong_only: bool = False) -> int:
        """2 if a multi-char stop word or a non-Han char is at ``e``, 1 if a single-char stop."""
        s = self.s
        if e >= len(s) or not _IS_HAN(s[e]):
            return 2
        if self.lx.stop_multi.match(s, e):
            return 2
        if not strong_only and (s[e] in self.lx.stop_single or self._verb_at(e)):
            return 1
        return 0

    def _given_ok(self, a: int, b: int) -> bool:
        s = self.s
        if b > len(s):
            return False
        for i in range(a, b):
            c = s[i]
            if not _IS_HAN(c) or c in _NONNAME:
                return False
        return True

    def name_at(self, p: int, strict: bool = False) -> int | None:
        """End of a personal name starting at ``p`` (None: no name there).

        ``strict``: the name is not anchored by a title (bare name) → the
        surname must be unambiguous and a stop must follow.
        """
        e = self._name_at(p, strict)
        if e is None or self._known_span(p, e):
            return e
        if self._cuts_foreign(p, e):
            return None
        return e if self._plausible(p, e) else None

    def _cuts_foreign(self, p: int, e: int) -> bool:
        """The cut at ``e`` falls inside a transliterated name (古特雷|斯通过…): no name."""
        s = self.s
        if e >= len(s) or e - p < 2 or s[e] not in _TRANSLIT or s[e - 1] not in _TRANSLIT:
            return False
        if any(c in "·•・‧．" for c in s[p:e]):
            return False
        w = self.lx.words.get(s[e:e + 2])
        return not (w is not None and w[0] >= 100 and w[1] not in _NAME_TAGS)  # 李娜|特别 is a cut

    def _common(self, a: int, b: int, nouns: bool = True) -> bool:
        """``s[a:b]`` is a common dictionary word (not a name; ``nouns=False``: only a verb,
        adverb, numeral, preposition or conjunction: 参天, 首届, 重视)."""
        w = self.lx.words.get(self.s[a:b])
        if w is None or w[0] < 50 or w[1] in _NAME_TAGS or w[1] in ("ns", "nz", "nt"):
            return False  # rare words and proper nouns (阿苏, a place) do not block a name
        return nouns or w[1] in ("v", "vd", "d", "ad", "m", "p", "c")

    def weak_after(self, p: int, e: int, rival: bool = False) -> bool:
        """A name read right after a post that is more likely ordinary text.

        ``高度重``, ``向首届``, ``成参天``: a surname that is also a common word or a
        preposition, glued into dictionary words. ``rival``: a name is written just
        before the post (王某主席高度重视…), so any such start is enough.
        """
        s, lx = self.s, self.lx
        if s[p:e] in self.known or any(c in "·•・‧．" for c in s[p:e]):
            return False
        if s[p] not in lx.ambiguous and s[p] not in _FUNC_START:
            return False
        if rival:
            return True
        # a real surname whose name is closed by a clear stop (黎远航出席): a verb given name
        closed = s[p] in lx.surnames and self.stops(e) == 2
        return self._common(p, p + 2) or (e - p >= 3 and not closed and self._common(p + 1, p + 3, nouns=False)) \
            or self._common(e - 1, e + 1, nouns=False)

    def _known_span(self, p: int, e: int) -> bool:
        return self.s[p:e] in self.known

    def _plausible(self, p: int, e: int) -> bool:
        """A candidate is not a surname + title (张经理, 王总) nor a place/body (贡江镇)."""
        s, lx = self.s, self.lx
        if s[e - 1] in _PLACE_END:
            return False
        for k in range(p + 1, e):
            if s[k:e] in lx.titles:
                return False
        if e - p == 2 and s[p + 1] in _HONORIFIC_TAIL:
            return False
        if s[e - 2:e] in ("女士", "先生", "老师", "师傅", "同学", "同志", "阿姨", "大姐", "大爷", "老板", "街道", "社区"):
            return False
        if _HONOREE_AFTER.match(s, p):
            return False  # 教师曾获全国…奖: an honour phrase, not a name
        if _ORG_TAIL.match(s, e) and not lx.title_re.match(s, e):
            return False
        return True

    def _name_at(self, p: int, strict: bool = False) -> int | None:
        """Raw name finder behind :meth:`name_at`.

        ``strict``: the name is not anchored by a title (bare name) → the
        surname must be unambiguous and a stop must follow.
        """
        s, lx = self.s, self.lx
        if p >= len(s):
            return None
        for k in self.known_at(p):
            return k
        m = _MINORITY.match(s, p)
        if m and m.end() - p <= 16:
            e = m.end()
            dot = max(s.rfind(c, p, e) for c in "·•・‧．")
            for k in range(dot + 3, e):
                here = self.lx.stop_multi.match(s, k)
                end_k = here.end() if here else (k + 2 if self._verb_at(k) else 0)
                nxt = self.lx.stop_multi.match(s, k + 1) if end_k and s[k] not in _DOT_CUT else None
                if nxt is not None and nxt.end() > end_k and k + 1 < e:
                    continue  # 买买提|出席: the word 提出 straddles the name's end
                if self.stops(k) == 2 or self._verb_at(k) or s[k] in _DOT_CUT:
                    return k
            return e
        if s[p:p + 2] in lx.minority_parts and s[p + 2:p + 4] in lx.minority_parts:
            return p + 4  # 洛绒曲措, 阿西木呷: two Tibetan or Yi name components
        if s[p:p + 2] in lx.compound:
            sl = 2
        elif s[p] in lx.surnames:
            sl = 1
            if strict and s[p] in lx.ambiguous:
                return None
        else:
            if strict:
                return None
            sl = 0
        if s[p] in _NONNAME or not _IS_HAN(s[p]) or lx.stop_multi.match(s, p):
            return None
        if sl == 0 and s[p] in lx.stop_single:
            return None
        if sl == 0:
            # unknown surname right after a title: 2-3 chars closed by a clear stop
            if not self._not_word(p, p + 2, True):
                return None
            for ln in (2, 3, 4, 5):
                if self._given_ok(p + 1, p + ln) and self.stops(p + ln) and self._not_word(p, p + ln, True) \
                        and (ln <= 4 or self.stops(p + ln) or self._verb_at(p + ln)) \
                        and s[p + ln - 1] not in _PLACE_END:
                    return p + ln
            return None
        g = p + sl
        if not strict and sl == 1 and s[g:g + 1] == "都" and self._given_ok(g + 1, g + 2) \
                and lx.stop_multi.match(s, g + 2) and not self._word_at(p):
            return g + 2  # 满都拉一行: 都 inside a Mongolian name, closed by a clear stop
        one = self._given_ok(g, g + 1) and self._not_word(p, g + 1, strict)
        two = self._given_ok(g, g + 2) and self._not_word(p, g + 2, strict) and s[g + 1] not in _PLACE_END
        if strict and one and s[g] in _PLACE_END:
            one = False
        if one and two and self._verb_at(g + 1) and not self._word_at(g + 2) and not self.stops(g + 2):
            two = False
        if one and self.stops(g + 1) == 2 and (not _IS_HAN(s[g + 1]) if g + 1 < len(s) else True):
            return g + 1
        if one and self.lx.stop_multi.match(s, g + 1):
            return g + 1
        if one and two and s[g + 1] in lx.stop_single and s[g + 1:g + 3] not in lx.words \
                and self.stops(g + 2) < 2:
            return g + 1  # 郑凯为获奖选手颁奖: 为 starts the next phrase
        if two and self.stops(g + 2):
            return g + 2
        if one and self.stops(g + 1):
            return g + 1
        if strict:
            return None
        if not strict and self._given_ok(p + 1, p + 4) and p + 4 < len(s) and not _IS_HAN(s[p + 4]) \
                and self._not_word(p, p + 2, False) and self._not_word(p + 2, p + 4, False) \
                and not self.stops(g + 1) and not self.stops(g + 2) and s[p:p + 2] not in lx.compound:
            return p + 4  # 泽仁翁姆， 扎西才仁。
        for ln in (4, 5):  # a longer (minority) name closed by a clear stop: 乌云其其格一行
            if self._given_ok(p + 1, p + ln) and lx.stop_multi.match(s, p + ln) \
                    and not self.stops(g + 2) and self._not_word(p, p + 2, False):
                return p + ln
        if two:
            return g + 2
        if one and self._verb_at(g + 1):
            return g + 1
        return None

    def _not_word(self, a: int, b: int, strict: bool) -> bool:
        """``s[a:b]`` is not a common word (strict: not in the dictionary unless as a full name)."""
        w = self.lx.words.get(self.s[a:b])
        if w is None:
            return True
        f, tag = w
        if strict:
            return tag in ("nrfg", "nrt")
        return f < 1000 and (tag in _NAME_TAGS or f < 100)

    def _verb_at(self, i: int) -> bool:
        w = self.lx.words.get(self.s[i:i + 2])
        return w is not None and w[1] in _VERBISH

    def _word_at(self, i: int) -> bool:
        return self.s[i:i + 2] in self.lx.words or bool(self.lx.stop_multi.match(self.s, i))

    def known_at(self, p: int) -> list[int]:
        """Ends of known names starting at ``p`` (longest first)."""
        s = self.s
        if p >= len(s):
            return []
        return [p + len(n) for n in self._kfirst.get(s[p], ()) if s.startswith(n, p)]

    def add_known(self, name: str) -> None:
        """Remember ``name`` as a name of this story (indexed by first and last char)."""
        if name in self.known or not name:
            return
        self.known.add(name)
        for idx, ch in ((self._kfirst, name[0]), (self._klast, name[-1])):
            lst = idx.setdefault(ch, [])
            lst.append(name)
            lst.sort(key=len, reverse=True)

    def name_before(self, e: int, loose: bool = False, after_org: bool = False) -> int | None:
        """Start of a name ending at ``e`` (a known one, or surname + 1-2 after a boundary)."""
        s, lx = self.s, self.lx
        for n in (self._klast.get(s[e - 1], ()) if e > 0 else ()):
            if e - len(n) >= 0 and s.startswith(n, e - len(n)):
                return e - len(n)
        if e > 3 and any(c in "·•・‧．" for c in s[max(0, e - 10):e]):
            j = e  # a ·-joined name right after a boundary or an ORG: 阿依古丽·买买提主席
            while j > 0 and e - j < 16 and (_IS_HAN(s[j - 1]) or s[j - 1] in "·•・‧．"):
                j -= 1
            if (j == 0 or s[j - 1] in _BOUNDARY or j in self.org_end_set) and _MINORITY.fullmatch(s, j, e):
                return j
        for ln in (3, 2, 4):
            a = e - ln
            if a < 0:
                continue
            org_before = a in self.org_end_set or (after_org and _ORG_SUFFIX.search(s, max(0, a - 4), a))
            if not (a == 0 or s[a - 1] in _BOUNDARY or org_before or _CUT.search(s, max(0, a - 2), a)
                    or (s[a - 1] in "和跟" and a > 1 and s[a - 2] in "）)")):
                continue
            if not all(_IS_HAN(c) for c in s[a:e]) or any(c in _NONNAME for c in s[a + 1:e]):
                continue
            if ln == 4 and s[a:a + 2] in lx.minority_parts and s[a + 2:e] in lx.minority_parts:
                return a  # 索朗旺堆, 阿西木呷: two listed name components
            if ln == 4 and s[a:a + 2] not in lx.compound and not (
                    loose and (a == 0 or s[a - 1] in _BOUNDARY) and self._not_word(a, a + 2, False)):
                continue
            if not self._plausible(a, e):
                continue
            if s[a:a + 2] in lx.compound or (s[a] in lx.surnames and (loose or org_before or s[a] not in lx.ambiguous)):
                if self._not_word(a, e, strict=not loose):
                    return a
        return None

    # -- ORGs ---------------------------------------------------------------
    def org_in(self, a: int, b: int) -> Span | None:
        """The ORG span ending nearest to ``b`` inside ``[a, b]`` (existing or new)."""
        best = None
        i = bisect.bisect_right(self.org_ends, b) - 1
        while i >= 0 and self.org_ends[i] > a:
            sp = self.orgs[i]
            if sp.start - self.lo >= a - 2:
                best = sp
                break
            i -= 1
        for (x, y), sp in self.new_orgs.items():
            if a <= x and y <= b and (best is None or y > best.end - self.lo):
                best = sp
        return best

    def make_org(self, a: int, b: int) -> Span | None:
        """ORG span for the chain prefix ``s[a:b]`` when it looks like a body."""
        s = self.s
        ext = None
        for k in range(b - 1, a - 1, -1):  # only the text after another layer's span
            if self.occ[k]:
                a = k + 1
                prev = self.org_end_set.get(a)
                if prev is not None and _UNION_TAIL.fullmatch(s, a, b):
                    ext = prev.start - self.lo  # X公司 + 项目工会 → one ORG X公司项目工会
                break
        if ext is not None:
            key = (ext, b)
            if key not in self.new_orgs:
                self.new_orgs[key] = Span(ext + self.lo, b + self.lo, "ORG", {"kind": "union"}, "rules")
            return self.new_orgs[key]
        while a < b and s[a] in "原兼并该本其各":
            a += 1
        while b > a and s[b - 1] in "原":
            b -= 1
        if b - a < 2 or b - a > 30:
            return None
        t = s[a:b]
        if not _ORG_SUFFIX.search(t) or t.endswith("主席团"):
            return None
        if (a, b) in self.new_orgs:
            return self.new_orgs[(a, b)]
        sp = Span(a + self.lo, b + self.lo, "ORG", {"kind": _org_kind(t)}, "rules")
        self.new_orgs[(a, b)] = sp
        return sp

    def left_segment(self, start: int) -> tuple[int, int]:
        """The text before the first title of a chain that may name its body."""
        s = self.s
        j = start
        while j > 0 and start - j < 30 and s[j - 1] not in _BOUNDARY:
            j -= 1
        seg = s[j:start]
        last = None
        for m in _CUT.finditer(seg):
            last = m
        if last is not None:
            j += last.end()
        return j, start

    # -- chains -----------------------------------------------------------
    def title_matches(self) -> list[tuple[int, int]]:
        s = self.s
        out = []
        last = 0
        for m in self.lx.title_re.finditer(s):
            a, b = m.span()
            t = m.group()
            if a < last:
                continue
            if t.startswith("总") and a > 0 and s[a - 1] in "全市区省县":
                m2 = self.lx.title_re.match(s, a + 1)  # 全总|书记处书记, not 全|总书记
                if m2 is None:
                    continue
                a, b, t = a + 1, m2.end(), m2.group()
            bad = _BAD_BEFORE.get(t[-2:]) if len(t) >= 2 else None
            if bad and a > 0 and s[a - 1] in bad:
                continue
            if a > 0 and s[a - 1] in "名位个":  # 278名委员: a count of members, not a post
                continue
            glued = self.lx.words.get(s[b - 1:b + 1])
            if glued is not None and glued[0] >= 100 and glued[1] in ("v", "d", "ad", "vd") \
                    and self.name_before(a, after_org=True) is None:
                e = self.name_at(b)
                if e is None or self.weak_after(b, e):
                    continue  # 会长成参天大树: 长成 is a word, 会长 is no post here (署长于某某 is)
            if _PARTY_TITLE.match(s, a) and s[a + 2:b] in self.lx.titles:
                j, _ = self.left_segment(a)
                if _PARTY_SPLIT_BEFORE.search(s[j:a]):
                    a += 2 if s.startswith("党委", a) else 3
            if self.occ[a] and not self.occ[b - 1]:
                # an ORG ends inside the match (公司党委|书记): keep the title after it
                k = a
                while k < b and self.occ[k]:
                    k += 1
                if s[k:b] not in self.lx.titles:
                    continue
                a = k
            out.append((a, b))
            last = b
        return out

    def chains(self, tms: list[tuple[int, int]]) -> list[_Chain]:
        """Group title matches into chains (separators / org text between them)."""
        s = self.s
        chains: list[_Chain] = []
        cur: _Chain | None = None
        prev_end = -1
        for a, b in tms:
            joined = False
            if cur is not None:
                gap = s[prev_end:a]
                mk = _PARENS_MARK.match(gap)
                g0 = mk.end() if mk else 0
                m = _SEP.match(gap, g0)
                sep_end = m.end() if m else g0
                org_txt = gap[sep_end:]
                has_sep = sep_end > g0
                name_first = ("，" in gap[:sep_end] or "," in gap[:sep_end]) and len(cur.titles) == 1 \
                    and self.name_before(cur.titles[0][0], after_org=True) is not None
                if not name_first and (gap == "" or (has_sep and len(org_txt) <= 30
                                                     and not _ORG_TEXT_BAD.search(org_txt))):
                    joined = True
                    if org_txt.startswith("原"):
                        org_txt = org_txt[1:]
                    seg = (prev_end + sep_end, a) if org_txt.strip("原") else None
                    if gap == "":
                        seg = None
                    cur.titles.append((a, b))
                    cur.segs.append(seg)
            if not joined:
                cur = _Chain([(a, b)], [self.left_segment(a)])
                chains.append(cur)
            prev_end = b
        return chains

    def orgs_for(self, ch: _Chain) -> list[Span | None]:
        s = self.s
        out: list[Span | None] = []
        prev: Span | None = None
        for (a, b), seg in zip(ch.titles, ch.segs):
            t = s[a:b]
            org = None
            if seg is not None and seg[1] > seg[0] and seg[0] > 0 and s[seg[0] - 1] == "的" \
                    and _SUBUNIT_SEG.fullmatch(s, seg[0], seg[1]) and not any(self.occ[seg[0]:seg[1]]):
                # 某某医院的麻醉科主任: a sub-unit after 的 is no ORG; the post is held at the
                # body named before 的 (or at no named body)
                org = self.org_end_set.get(seg[0] - 1)
            elif seg is not None and seg[1] > seg[0]:
                org = self.org_in(*seg) or self.make_org(*seg)
                # an ORG written just before a post (even across 原) counts
            elif out and not _SELF_STANDING.search(t):
                org = prev
            out.append(org)
            prev = org if org is not None else (prev if seg is None else None)
        return out

    def anchor_after(self, ch: _Chain) -> tuple[int, int] | None:
        """Name right after the chain's last title (``职务姓名``, ``职务：姓名``, ``职务（姓名）``)."""
        s = self.s
        b = ch.titles[-1][1]
        a0 = ch.titles[0][0]
        if len(ch.titles) == 1 and self._klast.get(s[a0 - 1] if a0 else "") and \
                any(s.startswith(n, a0 - len(n)) for n in self._klast[s[a0 - 1]]):
            return None  # 习近平主席成功…: the post follows a known name
        m = _NAME_LEAD.match(s, b)
        p = m.end() if m else b
        if p < len(s) and s[p] == "\n":
            return None
        if p < len(s) and s[p] == "、":
            return self._name_after_trade(p + 1)
        e = self.name_at(p)
        if e is None:
            return None
        if p > b and s[p - 1] in "（(" and not (e < len(s) and s[e] in "）)"):
            return None
        if p == b:
            seg0 = ch.segs[0]
            rival = len(ch.titles) == 1 and (seg0 is None or seg0[0] == seg0[1]) \
                and self.name_before(a0, after_org=True) is not None
            if self.weak_after(p, e, rival):
                return None  # 王某主席|高度重视, 局长|向首届…: the name is before the post
        if self.occ[p:e].count(1) and (p, e) not in self.existing_persons:
            return None
        return p, e

    def _name_after_trade(self, p: int) -> tuple[int, int] | None:
        """``队长、钳工高级技师某某``: a trade or rank (worker noun) between a post and its holder."""
        s, lx = self.s, self.lx
        for q in range(min(len(s), p + 10), p + 1, -1):
            if not all(_IS_HAN(c) for c in s[p:q]) or not lx.worker_before.search(s, p, q) \
                    or lx.title_re.search(s, p, q):
                continue
            e = self.name_at(q)
            if e is None or not self.stops(e) or any(self.occ[q:e]) or self.weak_after(q, e):
                continue
            self.worker.add(s[q:e])
            return q, e
        return None

    def add_chain(self, ch: _Chain, person: tuple[int, int], n: int | None = None) -> None:
        titles = ch.titles if n is None else ch.titles[:n]
        orgs = self.orgs_for(ch)
        name = self.s[person[0]:person[1]]
        self.persons[person] = name
        self.add_known(name)
        self.official.add(name)
        for (a, b), org in zip(titles, orgs):
            if any(self.occ[a:b]):
                continue
            if self.s[a:b] in _FRONTLINE or self.s[max(0, a - 2):a] in ("车间", "班组", "工段") \
                    or self.s[max(0, a - 3):a] == "作业区":
                self.worker.add(name)
            sp = self.titles.get((a, b))
            if sp is None:
                sp = Span(a + self.lo, b + self.lo, "TITLE", {}, "rules")
                self.titles[(a, b)] = sp
            self.links.append((person, (a, b), org))

    def run(self) -> None:
        s, lx = self.s, self.lx
        for n in lx.leaders:
            if n in s:
                self.add_known(n)
                self.official.add(n)
        tms = self._tms = self.title_matches()
        chains = self.chains(tms)
        pending: list[_Chain] = []
        # 1. 职务 + 姓名
        for ch in chains:
            who = self.anchor_after(ch)
            if who:
                self.add_chain(ch, who)
            else:
                pending.append(ch)
        # 2. bare names with cues (worker nouns, honoree verbs, speech verbs)
        self.cue_names()
        # 3. name before the chain: 姓名（职务）, 姓名当选为职务, 姓名主任一行
        for ch in pending:
            a0 = ch.titles[0][0]
            seg0 = ch.segs[0]
            left = seg0[0] if seg0 else a0
            b = ch.titles[-1][1]
            # 姓名（ORG 职务）
            if left > 0 and s[left - 1] in "（(" and b < len(s) and s[b] in "）)":
                st = self.name_before(left - 1, loose=True)
                if st is None:
                    st = self._paren_name_before(left - 1)
                if st is not None:
                    self.add_chain(ch, (st, left - 1))
                    continue
            # 选举姓名为 ORG 职务
            if left > 2 and s[left - 1] == "为" and (b >= len(s) or s[b] in _BOUNDARY):
                st = self.name_before(left - 1, loose=True)
                if st is None:
                    for ln in (3, 2, 4):
                        if _ELECT.search(s, max(0, left - 1 - ln - 3), left - 1 - ln):
                            st = left - 1 - ln
                            break
                if st is not None and _ELECT.search(s, max(0, st - 3), st) and self._given_ok(st, left - 1):
                    self.add_chain(ch, (st, left - 1))
                    continue
                # 选举阿依古丽·买买提为…: a ·-joined name between the verb and 为
                for m in _ELECT_ANY.finditer(s, max(0, left - 22), left - 1):
                    if _MINORITY.fullmatch(s, m.end(), left - 1) and not any(self.occ[m.end():left - 1]):
                        self.add_chain(ch, (m.end(), left - 1))
                        break
                else:
                    m = None
                if m is not None:
                    continue
                # 增补王某（某公司工会主席）为…委员: the name before the parentheses
                person = self._person_before_parens(left - 1)
                if person is not None and _ELECT.search(s, max(0, person[0] - 3), person[0]):
                    self.add_chain(ch, person)
                    continue
            # 姓名 当选为 ORG 职务
            m = _APPOINT_BEFORE.search(s, max(0, left - 12), left)
            if m and (b >= len(s) or s[b] in _BOUNDARY or s[b] == "的"):
                st = self.name_before(m.start(), loose=True)
                if st is not None:
                    self.add_chain(ch, (st, m.start()))
                    continue
                person = self._person_before_parens(m.start())  # 王某（…经理）当选…主席
                if person is not None:
                    self.add_chain(ch, person)
                    continue
            # ORG 职务由 ORG 职务姓名兼任: the post goes to the person named after 由
            if s.startswith("由", b):
                person = next((pr for pr, t, _ in self.links
                               if b + 1 <= t[0] <= b + 20 and s.startswith(("兼任", "担任", "出任"), pr[1])), None)
                if person is not None:
                    self.add_chain(ch, person)
                    continue
            # 姓名主任一行 (single title right after the name)
            if len(ch.titles) == 1 and (seg0 is None or seg0[0] == seg0[1] or True):
                if _POST_NAME_CUE.match(s, b) or b >= len(s) or lx.stop_re.match(s, b):
                    st = self.name_before(a0, after_org=True)
                    if st is not None and not any(self.occ[st:a0]):
                        person = (st, a0)
                        self.persons[person] = s[st:a0]
                        self.add_known(s[st:a0])
                        self.official.add(s[st:a0])
                        sp = self.titles.get((a0, b)) or Span(a0 + self.lo, b + self.lo, "TITLE", {}, "rules")
                        self.titles[(a0, b)] = sp
                        org = self.org_end_set.get(st)
                        if org is None and _ORG_SUFFIX.search(s, max(0, st - 4), st):
                            org = self.make_org(*self.left_segment(st))
                        org = org or self._same_post_org(s[st:a0], s[a0:b])
                        self.links.append((person, (a0, b), org))
        # 4. lists around known names, then every mention
        self.extend_lists()
        self.propagate()
        # 5. an honour received right after any mention makes the person a worker
        for (a, b), nm in self.persons.items():
            if nm not in self.worker and (_HONOREE_AFTER.match(s, b) or self._trade_in_parens(b)
                                          or (nm not in self.official and _WORKER_IS_AFTER.match(s, b))):
                self.worker.add(nm)

    def _person_before_parens(self, e: int) -> tuple[int, int] | None:
        """The person found right before the parentheses that close at ``e`` (``王某（…）|当选``)."""
        s = self.s
        if e < 2 or s[e - 1] not in "）)":
            return None
        i = max(s.rfind("（", max(0, e - 40), e - 1), s.rfind("(", max(0, e - 40), e - 1))
        if i <= 0 or any(c in "）)\n" for c in s[i + 1:e - 1]):
            return None
        for (a, b) in self.persons:
            if b == i:
                return a, b
        return None

    def _paren_name_before(self, e: int) -> int | None:
        """Start of the name right before ``（ORG 职务）`` at ``e`` when :meth:`name_before` has none.

        The parenthesised post is cue enough: a 2-4 character list item after a boundary
        (``，禄某某（某县人民政府副县长）``, rare surnames too), or a surname + 1-2 characters
        glued to a verb (``增补孟某某（…主席）``).
        """
        s, lx = self.s, self.lx
        j = e
        while j > 0 and e - j < 5 and _IS_HAN(s[j - 1]):
            j -= 1
        if j < e and (j == 0 or s[j - 1] in _BOUNDARY) and s[j] in _FUNC_START:
            j += 1  # …）和周某（…）: the conjunction is no part of the name
        if 2 <= e - j <= 4 and (j == 0 or s[j - 1] in _BOUNDARY or s[j - 1] in _FUNC_START) and self._given_ok(j, e) \
                and self._not_word(j, e, False) and self._plausible(j, e) and not any(self.occ[j:e]):
            return j
        for ln in (3, 2):
            a = e - ln
            if a < 0 or s[a] not in lx.surnames or s[a] in lx.ambiguous:
                continue
            if self._given_ok(a + 1, e) and self._not_word(a, e, False) and self._plausible(a, e) \
                    and not any(self.occ[a:e]):
                return a
        return None

    def _speech_closed_worker(self, p: int) -> bool:
        """A name right after a worker noun, closed by a speech verb (保洁员某某说：): added as a worker.

        For names without a listed surname (更登, 热孜万古丽) or starting with a surname
        that is also a word; neither the name nor its given part may be a dictionary word.
        """
        s, lx = self.s, self.lx
        e = next((k for k in range(p + 2, min(len(s), p + 6)) if _SPEECH_AFTER.match(s, k)), None)
        if e is None or s[p:e] in lx.words or s[p + 1:e] in lx.words or not self._given_ok(p, e) \
                or s[p - 1:p + 1] in lx.words or s[p - 1:p + 1] in lx.worker_nouns \
                or any(self.occ[p:e]) or not self._not_word(p, e, True) or not self._not_word(p, p + 2, True) \
                or s[e - 1] in _PLACE_END or _NUM_MEASURE.search(s, p, min(len(s), e + 1)) \
                or lx.title_re.search(s, p, e) or s[p] in _FUNC_START:
            return False
        self.persons[(p, e)] = s[p:e]
        self.add_known(s[p:e])
        self.worker.add(s[p:e])
        return True

    def _skip_parens(self, e: int) -> int:
        """End of a short parenthesis starting at ``e`` (``（…）`` up to 40 characters), else ``e``."""
        s = self.s
        if e < len(s) and s[e] in "（(":
            m = _PAREN_BODY.match(s, e + 1)
            if m is not None:
                return m.end()
        return e

    def _trade_in_parens(self, b: int) -> bool:
        """A trade in parentheses right after a name, no post: 某某（热轧作业区技术员）."""
        s = self.s
        if b >= len(s) or s[b] not in "（(":
            return False
        m = _PAREN_BODY.match(s, b + 1)
        if m is None:
            return False
        body = m.group(1)
        if self.lx.title_re.search(body):
            return False
        if self.lx.worker_before.search(body):
            return True
        if body[-1] in "员工匠手":
            w = self.lx.words.get(body[-3:]) or self.lx.words.get(body[-2:])
            return w is not None and w[1].startswith("n")
        return False

    def _same_post_org(self, name: str, title: str) -> Span | None:
        for person, t, org in self.links:
            if org is not None and self.persons.get(person) == name and self.s[t[0]:t[1]] == title:
                return org
        # 汪某书记 after 党组书记汪某: the short form of a post held earlier (not a deputy's)
        for person, t, org in self.links:
            full = self.s[t[0]:t[1]]
            if org is not None and self.persons.get(person) == name and full.endswith(title) \
                    and "副" not in full[:len(full) - len(title)]:
                return org
        return None

    def cue_names(self) -> None:
        """Names anchored by a worker noun before them or a speech verb after them."""
        s, lx = self.s, self.lx
        # worker noun + name: 劳模王某, “90后”驾驶员李某
        title_ends = {b for _, b in self._tms}
        for m in _WORKER_NOUN_RE().finditer(s):
            p = m.end()
            age = _AGE_DE.match(s, p)  # 厨师、63岁的某某
            if age and m.group("occ") is None:
                p = age.end()
            if m.group("occ") is not None:
                # a generic occupation noun (挡车工, 柜员) must be a dictionary noun and not a post (副巡视员)
                w = lx.words.get(s[max(0, p - 3):p]) or lx.words.get(s[max(0, p - 2):p])
                if w is None or not w[1].startswith("n") or p in title_ends or s[p - 1:p + 1] in lx.words:
                    continue
                if p < len(s) and s[p] in lx.ambiguous:
                    continue
            if p < len(s) and s[p] in "“”\"":
                continue
            m2 = _WORKER_NOUN_RE().match(s, p)
            if m2 is not None and m2.group("occ") is None:
                continue  # 劳模劳模…: another descriptor, not a name
            if p + 2 < len(s) and (s[p] not in lx.surnames or s[p] in lx.ambiguous) and s[p:p + 2] not in lx.compound \
                    and self._speech_closed_worker(p):
                continue  # 环卫工人某某说 (no listed surname, or one that is also a word)
            e = self.name_at(p, strict=False)
            if e is None:
                continue
            dotted = any(c in "·•・‧．" for c in s[p:e])
            if s[p] not in lx.surnames and s[p:p + 2] not in lx.compound and not dotted:
                continue
            if (e - p) > 4 and not dotted:
                continue
            if e - p == 4 and s[p:p + 2] not in lx.compound and (
                    s[p] in lx.ambiguous or s[p:p + 2] in lx.words or (e < len(s) and _IS_HAN(s[e]))):
                continue
            if any(self.occ[p:e]) or not self._not_word(p, e, True) or s[e - 1] in _PLACE_END \
                    or not self._not_word(p, p + 2, False) or _NUM_MEASURE.search(s, p, min(len(s), e + 1)):
                continue
            if e < len(s) and (s[e].isdigit() or s[e] in "%％"):
                continue
            st = self.stops(e)
            if s[p] in lx.ambiguous and (st == 0 or s[p] in lx.stop_single
                                         or (e - p < 3 and e < len(s) and _IS_HAN(s[e]))):
                continue
            nm = s[p:e]
            self.persons[(p, e)] = nm
            self.add_known(nm)
            self.worker.add(nm)
        # 某某（热轧作业区技术员）: a name before a trade in parentheses → worker
        for i in _find_all(s, "（"):
            if i < 2 or not self._trade_in_parens(i):
                continue
            st = self.name_before(i, loose=True)
            if st is None:
                st = self._paren_name_before(i)
            if st is None or any(self.occ[st:i]) or not self._not_word(st, i, True):
                continue
            nm = s[st:i]
            self.persons[(st, i)] = nm
            self.add_known(nm)
            self.worker.add(nm)
        # 。焊装分公司的某某是去年的焊工冠军: a bare name said to be an honoree or a tradesman
        for m in _BARE_WORKER_RE().finditer(s):
            p, e = m.start(1), m.end(1)
            if self.name_at(p, strict=True) != e or any(self.occ[p:e]):
                continue
            nm = s[p:e]
            self.persons[(p, e)] = nm
            self.add_known(nm)
            self.worker.add(nm)
        # 区领导王某、李某出席: named as leaders → officials
        for m in _LEADER_RE.finditer(s):
            p = m.end()
            e = self.name_at(p, strict=False)
            if e is None or any(self.occ[p:e]) or not self._not_word(p, e, True) or self.stops(e) == 0 \
                    or not self._not_word(p, p + 2, True):
                continue
            if s[p] not in lx.surnames and s[p:p + 2] not in lx.compound:
                continue
            if (s[p] in _FUNC_START or s[p] in lx.ambiguous) and self.stops(e) < 2:
                continue  # 负责同志和受表彰代表: a conjunction, not a surname
            nm = s[p:e]
            self.persons[(p, e)] = nm
            self.add_known(nm)
            self.official.add(nm)
        # honoree verbs: 推选出陈某、周某 … ; 获得X奖章的张某
        for m in _HONOREE_RE().finditer(s):
            p = m.end()
            if p >= len(s) or (s[p] not in lx.surnames and s[p:p + 2] not in lx.compound):
                continue
            e = self.name_at(p, strict=False)
            if e is not None and (not self._not_word(p, e, True) or s[e - 1] in _PLACE_END
                                  or (self.stops(e) == 0 and s[p] in lx.ambiguous)):
                e = None
            if e is None or any(self.occ[p:e]):
                continue
            nm = s[p:e]
            self.persons[(p, e)] = nm
            self.add_known(nm)
            self.worker.add(nm)
        # bare name + speech/attendance verb after a boundary: 。蔡某代表…  、马某等出席
        for m in _BARE_RE().finditer(s):
            p = m.start(1)
            e = m.end(1)
            if self.name_at(p, strict=True) != e or any(self.occ[p:e]):
                continue
            nm = s[p:e]
            self.persons[(p, e)] = nm
            self.add_known(nm)
            if _OFFICIAL_AFTER.match(s, e) or s.startswith("代表", e):
                # 王某代表市委致辞: speaking for a body implies a post
                self.official.add(nm)

    def extend_lists(self) -> None:
        """Grow 、-lists of names from each known mention, both ways; roles spread along."""
        s = self.s
        changed = True
        rounds = 0
        while changed and rounds < 3:
            changed = False
            rounds += 1
            for (a, b), nm in sorted(self.persons.items()):
                group = [(a, b)]
                # right (a parenthesised post or trade after an item is skipped: 某某（…）和某某（…）)
                e = self._skip_parens(b)
                while e < len(s) and s[e] in "、和及与" and len(group) < 40:
                    p = e + 1
                    q = self.name_at(p, strict=False)
                    if (q is None or self.stops(q) == 0) and len(group) >= 1:
                        # a 2-4 character item closed by 、 / 等 / a non-Han char (次仁措姆、…)
                        j = p
                        while j < len(s) and j - p < 5 and _IS_HAN(s[j]) and s[j] != "、":
                            j += 1
                        if 2 <= j - p <= 4 and (j >= len(s) or s[j] in "、，。；等") and self._given_ok(p, j) \
                                and self._not_word(p, j, True) and (s[p] in self.lx.surnames or j - p == 4):
                            q = j
                    if q is None or q - p > 4 or self.stops(q) == 0:
                        break
                    if s[p] not in self.lx.surnames and s[p:p + 2] not in self.lx.compound and s[p:q] not in self.known:
                        break
                    if any(self.occ[p:q]):
                        break
                    group.append((p, q))
                    e = self._skip_parens(q)
                # left
                st = a
                while st > 1 and s[st - 1] == "、" and len(group) < 40:
                    e2 = st - 1
                    j = e2
                    while j > 0 and e2 - j < 4 and _IS_HAN(s[j - 1]) and s[j - 1] != "、":
                        j -= 1
                    if e2 - j < 2:
                        break
                    # candidates: the whole item, or a name after a worker noun inside it
                    cand = None
                    for k in range(j, e2 - 1):
                        if (s[k] in self.lx.surnames or s[k:k + 2] in self.lx.compound) and self.name_at(k) == e2:
                            if k == j or s[j - 1] == "、" or _BOUNDARY_OR_CUE(s, j, k, self):
                                cand = k
                                break
                    if cand is None or any(self.occ[cand:e2]):
                        break
                    group.insert(0, (cand, e2))
                    st = cand
                if len(group) > 1:
                    names = [s[x:y] for x, y in group]
                    is_worker = any(n in self.worker for n in names)
                    is_off = any(n in self.official for n in names)
                    for sp, n in zip(group, names):
                        if sp not in self.persons:
                            self.persons[sp] = n
                            changed = True
                        if n not in self.known:
                            self.add_known(n)
                            changed = True
                        if is_worker and n not in self.worker:
                            self.worker.add(n)
                        elif is_off and not is_worker and n not in self.official:
                            self.official.add(n)
                    end = group[-1][1]
                    if _OFFICIAL_AFTER.match(s, end):
                        self.official.update(names)
                    h = _HONOREE_BEFORE.search(s[max(0, group[0][0] - 24):group[0][0]])
                    if h:
                        self.worker.update(names)

    def propagate(self) -> None:
        """Every mention of a known name in the story becomes a PERSON."""
        if not self.known:
            return
        s = self.s
        pat = re.compile(_trie_pattern(self.known))
        taken = bytearray(len(s))
        for (a, b) in self.persons:
            taken[a:b] = b"\x01" * (b - a)
        for (a, b) in self.titles:
            taken[a:b] = b"\x01" * (b - a)
        for m in pat.finditer(s):
            a, b = m.span()
            if any(self.occ[a:b]) or any(taken[a:b]):
                continue
            # not the tail of a longer name: a surname-like Han char glued before a 2-char name
            if b - a == 2 and a > 0 and _IS_HAN(s[a - 1]) and s[a - 1] in self.lx.surnames and s[a - 1] not in self.lx.stop_single \
                    and not _CUT.match(s, a - 1) and not self.lx.title_re.search(s, max(0, a - 5), a):
                continue
            self.persons[(a, b)] = m.group()
            taken[a:b] = b"\x01" * (b - a)

    # -- output ---------------------------------------------------------------
    def emit(self) -> None:
        st, lo = self.story, self.lo
        pspans: dict[tuple[int, int], Span] = {}
        for sp in st.spans:
            if sp.label == "PERSON":
                pspans[(sp.start - lo, sp.end - lo)] = sp
        for sp in self.new_orgs.values():
            st.spans.append(sp)
        used = bytearray(len(self.s))
        for a, b in self.titles:
            used[a:b] = b"\x01" * (b - a)
        # insertion order = confidence order (names after posts first, propagated last)
        for (a, b), nm in self.persons.items():
            if (a, b) in pspans:
                continue
            if any(self.occ[a:b]) or any(used[a:b]):
                continue
            used[a:b] = b"\x01" * (b - a)
            role = "worker" if nm in self.worker else ("official" if nm in self.official else "other")
            sp = Span(a + lo, b + lo, "PERSON", {"role": role}, "rules")
            st.spans.append(sp)
            pspans[(a, b)] = sp
        for sp in self.titles.values():
            st.spans.append(sp)
        for person, t, org in self.links:
            p = pspans.get(person)
            if p is not None:
                st.links.append(Link(p, self.titles[t], org))


def _find_all(s: str, ch: str) -> Iterable[int]:
    """Every index of ``ch`` in ``s``."""
    i = s.find(ch)
    while i >= 0:
        yield i
        i = s.find(ch, i + 1)


def _BOUNDARY_OR_CUE(s: str, j: int, k: int, w: _Work) -> bool:
    """True when ``s[j:k]`` (the text before a name inside a list item) is a worker noun."""
    return bool(w.lx.worker_before.search(s[j:k])) or s[j:k] in w.lx.worker_nouns


@lru_cache(maxsize=1)
def _WORKER_NOUN_RE() -> "re.Pattern[str]":
    # the lexicon, or any occupation noun ending in 员/工/匠/手 (柜员, 钳工, 骑手)
    return re.compile("(?:" + _trie_pattern(_lex().worker_nouns) + ")|(?P<occ>[员工匠手])")


@lru_cache(maxsize=1)
def _HONOREE_RE() -> "re.Pattern[str]":
    return re.compile(r"(?:推选出|评选出|授予|获奖者有?|获得者|(?:荣获|获得|获评)[^，。；！？\n]{1,20}?的)")


@lru_cache(maxsize=1)
def _BARE_WORKER_RE() -> "re.Pattern[str]":
    return re.compile(rf"(?:(?<=[，。；：！？、\n\s“”」】的])|^)([{_HAN}]{{2,3}}?)(?={_WORKER_IS_AFTER.pattern})", re.M)


@lru_cache(maxsize=1)
def _BARE_RE() -> "re.Pattern[str]":
    cues = ("表示|指出|强调|介绍|告诉记者|坦言|出席|主持|宣布|宣读|代表[^，。]{1,12}?致|一行|同志|说[，：:。]|"
            "等(?:人|同志|领导|党和国家领导人)?(?:出席|参加|陪同|会见|看望|慰问|调研|在)")
    return re.compile(rf"(?:(?<=[，。；：！？、\n\s“”」】的])|^)([{_HAN}]{{2,3}}?)(?:{cues})", re.M)


def _exact_attrs(text: str, start: int, end: int) -> dict | None:
    """The ORG layer's attrs for exactly ``text[start:end]`` (as merge reads model spans), or None."""
    from . import orgs

    for c in orgs.detect(text, start, end):
        if c.start == start and c.end == end:
            a: dict = {"kind": c.kind, "_parts": c.parts, "_head": c.head}
            if c.canonical:
                a["canonical"] = c.canonical
            if c.level:
                a["level"] = c.level
            return a
    return None


def _enterprise_attrs(text: str, start: int, end: int, parts: object) -> dict | None:
    """ORG attrs for ``text[start:end]`` when it names an enterprise or institution, else None.

    The ORG layer's reading of exactly that range wins (as merge does for model spans);
    without one, a range made of name parts only (``汉江汽零``, ``中铁七局``) is taken as
    an enterprise, with no internal attrs (resolve re-detects inside it).
    """
    a = _exact_attrs(text, start, end)
    if a is not None:
        return a if a["kind"] in ("enterprise", "institution") else None
    inside = [p for p in parts if p[1] >= start and p[2] <= end] if isinstance(parts, list) else []
    if not inside or inside[-1][0] != "name" or any(k not in ("name", "region") for k, _, _ in inside) \
            or not any(k == "name" and e - b >= 2 for k, b, e in inside):
        return None
    return {"kind": "enterprise"}


def _org_kind(t: str) -> str:
    """A guess at the ORG kind of a chain prefix (the resolver may refine it)."""
    if "工会" in t:
        return "union"
    if "人大" in t:
        return "legislature"
    if "政协" in t:
        return "cppcc"
    if re.search(r"(?:党组|党委|党工委|纪委|监委|中共|[市区县省州镇乡]委|中央)$", t) or t.endswith("委") and not t.endswith("军委"):
        return "party"
    if re.search(r"(?:政府|国务院|军委|[局厅部署办]|(?<!公)司|管委会)$", t):  # 外交部司 yes, 分公司 no
        return "government"
    if re.search(r"(?:公司|集团|[厂矿行])$|分行|支行", t):
        return "enterprise"
    if re.search(r"(?:[院校所馆站]|中心|医院|大学)$", t):
        return "institution"
    return "social"


def annotate(story: Story) -> None:
    """Append TITLE/PERSON spans, chain ORG prefixes and ``holds`` links to ``story``."""
    lo = min(story.start, story.headline[0]) if story.headline else story.start
    if story.end <= lo:
        return
    w = _Work(story)
    if not w.s:
        return
    w.run()
    w.emit()
