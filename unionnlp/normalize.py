"""Raw page → working text with an offset map back to the raw text.

The extractors never read the raw page.  They read a *working text* in which

* full-width digits, letters, ``％``/``．`` and ideographic spaces are folded to
  ASCII, control characters and lone surrogates become spaces, form feeds and
  Unicode line separators line breaks (all 1:1);
* traditional characters are converted to simplified with OpenCC ``t2s``
  (only when the page contains traditional characters; the conversion is
  forced to be 1:1 per character so offsets stay exact);
* lines broken mid-sentence by the page layout are joined (the line break
  and the indentation around it are dropped), also inside words and names;
* zero-width characters and soft hyphens are dropped;
* layout repeats (a stretch of >= 20 characters identical, ignoring line
  breaks and spaces, to an earlier stretch of the same section) are removed
  and reported in :attr:`WorkingText.duplicates` (raw offsets), so that no
  extractor can find an entity inside them;
* web boilerplate lines (site menus, ``发布时间``/``来源``/``作者`` lines,
  ``原文链接``, ``免责声明``, share widgets, ``责任编辑`` credit lines,
  ``【打印】【关闭】`` …) are recognised and reported in
  :attr:`WorkingText.boilerplate` (working offsets); story segmentation
  (:mod:`unionnlp.articles`) keeps them out of stories.

``offsets[i]`` is the raw index of working character ``i``.  Working text only
ever *drops* raw characters (and rewrites some 1:1), so ``offsets`` is strictly
increasing and a working span ``[s, e)`` maps to raw ``[offsets[s],
offsets[e-1] + 1)``: a repaired line break inside an entity stays inside its
raw span.

Everything here runs in time linear in the input: regexes are anchored, have
bounded repetitions and are applied per line (or per short window); the
duplicate finder looks up content-defined anchors in a dict.
"""
from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Sequence

from .types import Duplicate

__all__ = [
    "WorkingText",
    "normalize",
    "fold",
    "to_simplified",
    "looks_traditional",
    "is_boilerplate_line",
    "MIN_DUPLICATE",
]

#: Minimum length (non-space characters) of a layout repeat (the scheme's 20).
MIN_DUPLICATE = 20


@dataclass(slots=True)
class WorkingText:
    """The text extractors read, and the way back to raw offsets.

    ``offsets[i]`` is the raw index of working character ``i``; a working span
    ``[s, e)`` maps to raw ``[offsets[s], offsets[e-1] + 1)`` (so a repaired
    line break inside it stays inside the raw span).

    ``duplicates`` are in RAW offsets (they are not part of ``text``);
    ``boilerplate`` are WORKING ranges ``(start, end)`` of boilerplate lines.
    ``traditional`` tells whether the page was converted from traditional.
    """

    raw: str
    text: str
    offsets: Sequence[int]
    duplicates: list[Duplicate] = field(default_factory=list)
    boilerplate: list[tuple[int, int]] = field(default_factory=list)
    traditional: bool = False

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Raw ``(start, end)`` of the working span ``[start, end)``."""
        if end <= start:
            raise ValueError(f"empty span [{start}, {end})")
        return self.offsets[start], self.offsets[end - 1] + 1

    def from_raw(self, pos: int) -> int:
        """Index of the first working character whose raw index is >= ``pos``."""
        return bisect_left(self.offsets, pos)

    def raw_text(self, start: int, end: int) -> str:
        """The raw text under the working span ``[start, end)``."""
        s, e = self.to_raw(start, end)
        return self.raw[s:e]


# --------------------------------------------------------------------------- folding

_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"
_ZW_RE = re.compile(f"[{_ZERO_WIDTH}]+")


def _fold_table() -> dict[int, str]:
    t: dict[int, str] = {}
    for c in range(0xFF10, 0xFF1A):  # ０-９
        t[c] = chr(c - 0xFEE0)
    for c in range(0xFF21, 0xFF3B):  # Ａ-Ｚ
        t[c] = chr(c - 0xFEE0)
    for c in range(0xFF41, 0xFF5B):  # ａ-ｚ
        t[c] = chr(c - 0xFEE0)
    t[0xFF05] = "%"  # ％
    t[0xFF0E] = "."  # ．
    for c in (0x3000, 0x00A0, 0x2002, 0x2003, 0x2009, 0x202F, 0x205F, 0x0009, 0x000B, 0x000C,
              0x0085, 0x2028, 0x2029, 0x000D):
        t[c] = " "
    for c in list(range(0x00, 0x09)) + list(range(0x0E, 0x20)) + [0x7F] + list(range(0x80, 0xA0)):
        if c != 0x85:
            t[c] = " "
    for c in range(0xD800, 0xE000):  # lone surrogates
        t[c] = " "
    # page breaks of PDF extraction and Unicode line/paragraph separators are line breaks
    for c in (0x000B, 0x000C, 0x001C, 0x001D, 0x001E, 0x0085, 0x2028, 0x2029):
        t[c] = "\n"
    return t


_FOLD = _fold_table()
_FOLD_CR = {**_FOLD, 0x0D: "\n"}


_FOLD_RE = re.compile(
    "[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff05\uff0e\u3000\u00a0\u2002\u2003\u2009\u202f"
    "\u205f\u2028\u2029\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff]+")


def _fold_run(m: "re.Match[str]") -> str:
    return m.group().translate(_FOLD)


def _fold_run_cr(m: "re.Match[str]") -> str:
    return m.group().translate(_FOLD_CR)


#: A vertical tab or form feed *inside* a line (between two non-space characters, the
#: first not ending a sentence): an artefact inside a word or name (``丰台区\x0b总工会``),
#: dropped like a zero-width character instead of breaking the line.
_INLINE_VT_FF = re.compile(r"(?<=[^\s。！？!?；;…：:”’」』）)\]》】])[\x0b\x0c]+(?=[^\s\x0b\x0c])")


def _inline_breaks(r: str) -> str:
    """Mark in-line vertical tabs / form feeds (1:1) as zero-width characters to drop."""
    if "\x0b" not in r and "\x0c" not in r:
        return r
    return _INLINE_VT_FF.sub(lambda m: "\u200b" * len(m.group()), r)


def fold(text: str, cr_newline: bool = False) -> str:
    """Fold full-width digits/letters/spaces, control characters and lone
    surrogates 1:1 (``len(fold(t)) == len(t)``); ``cr_newline``: ``\\r`` becomes
    a line break (old Mac line ends) instead of a space."""
    return _FOLD_RE.sub(_fold_run_cr if cr_newline else _fold_run, text)


# Characters that exist only in traditional script (frequent in news); one hit
# is enough to run the converter (OpenCC is fast; this just skips simplified pages).
_TRAD_RE = re.compile(
    "[會國們這來時為與個說對開關發學經過長業員動務後區書記黨總體點從當選實現機構運"
    "職幹辦勞獎節屆讓議論團結費資幫貧傳統區縣鎮條華東廣濟產設還進應據導組織領紀規劃"
    "義參試協萬億區衛計財視聯繫網頭興將專兩門這單簡單線對壓變號車場陣營鐵觀醫療區]"
)


def looks_traditional(text: str) -> bool:
    """True when ``text`` contains characters that only traditional script uses."""
    return _TRAD_RE.search(text) is not None


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=4096)
def _char_t2s(ch: str) -> str:
    out = _converter().convert(ch)
    return out if len(out) == 1 else ch


def to_simplified(text: str) -> str:
    """Traditional → simplified with OpenCC ``t2s``, forced 1:1 per character.

    Phrase conversions that change length are undone for their line, which is
    then converted character by character.
    """
    if not text:
        return text
    conv = _converter().convert(text)
    if len(conv) == len(text):
        return conv
    out = []
    for line in text.split("\n"):
        c = _converter().convert(line)
        if len(c) != len(line):
            c = "".join(_char_t2s(ch) for ch in line)
        out.append(c)
    return "\n".join(out)


# --------------------------------------------------------------------------- line classes

#: Sentence-final punctuation: a line ending with one of these is not broken.
_TERMINAL = frozenset("。！？!?；;…：:")
#: Closing marks that may follow the final punctuation.
_CLOSERS = frozenset("”’」』）)]》〕】\"'")
#: A line ending with one of these continues on the next line.
_JOINING_END = frozenset("，、（(“《「『—/·-")
#: A line starting with one of these continues the previous one.
_CONT_START = frozenset("，。、；：？！）)」』”’》〉%…")
_INTERNAL = re.compile(r"[，、；。！？,;]")
_SENT_END_INSIDE = re.compile(r"[。！？][^”’」』）)]")
_SPACES = " " + _ZERO_WIDTH

_BOILER = re.compile(
    r"""(?:
      当前(?:所在)?(?:位置)?\s*[:：] | 当前所在 | 您(?:现在)?的?(?:当前)?(?:所在)?位置 | 所在位置\s*[:：] | 当前位置 |
      (?:网站)?首页\s*(?:[>＞»›→/|]|&gt;) | 主页\s*[>＞»›] |
      (?:发布|发表|更新|录入|上传|刊发|编发|添加)(?:时间|日期|于)\s*[:：]? |
      (?:信息|文章|新闻|稿件)?来源\s*[:：] | 作者\s*[:：] | 稿源\s*[:：] | 出处\s*[:：] | 供稿\s*[:：].{0,20}$ |
      (?:浏览|点击|阅读|访问)(?:次数|量|数|人次)?\s*[:：]? \s*\d | (?:浏览|点击|阅读)(?:次数|量)\s*[:：] |
      字号\s*[:：] | 【?\s*字体\s*[:：] | 【\s*[大中小]\s*】 |
      原文链接 | 原文地址 | 本文链接 | 原标题\s*[:：] | 免责声明 | 版权(?:所有|声明) | copyright | © |
      [\u4e00-\u9fff]?ICP备 | ICP证 | 公网安备 |
      主办(?:单位)?\s*[:：] | 承办(?:单位)?\s*[:：] | 技术支持\s*[:：] | 联系我们 | 网站地图 | 关于我们 | 网站声明 |
      分享到 | 分享至 | 扫一扫 | 扫描二维码 | 长按(?:识别)?二维码 | 点击蓝字 | 关注我们 | 点击上方 |
      打印本页 | 打印此页 | 关闭窗口 | 上一版 | 下一版 | 本版导航 | 版面导航 | 本期导读 | 阅读原文 | 点击“阅读原文” | 返回顶部 | 返回首页 | 上一篇 | 下一篇 | 相关(?:新闻|阅读|链接|文章|报道)\s*[:：]?\s*$ |
      推荐阅读 | 热点推荐 | 热门文章 | 原创\s*$ |
      (?:本版|本期)?(?:责任|值班|网络|文字|美术)?编辑\s*[:：] | 责编\s*[:：] | (?:审核|审校|校对|终审|初审|复审|监制|统筹|签发)\s*[:：] |
      <!-- | -->\s*$ | [-—_=*~]{3,}\s*$ |
      [【\[]\s*(?:打印|关闭|收藏|返回|字体|纠错|推荐|复制|分享)
    )""",
    re.X | re.I,
)
#: Lines made only of share/widget words.
_WIDGETS = re.compile(
    r"(?:[\s|/·•【】\[\]()（）:：,，]*(?:微信|朋友圈|新浪微博|腾讯微博|微博|QQ空间|QQ好友|QQ|豆瓣|人人网|"
    r"复制链接|打印|关闭|收藏|分享|转发|评论|点赞|在看|扫一扫|返回|顶部|小程序|\d{1,7}))+"
    r"[\s|/·•【】\[\]()（）]*",
    re.I,
)
#: Lines of a site menu: short items separated by ``|`` / ``>`` / ``·``.
_MENU = re.compile(r"[^|｜>＞»›\n]{1,12}(?:\s*[|｜>＞»›]\s*[^|｜>＞»›\n]{1,12}){2,}")

_BOLD_LINE = re.compile(r"\*\*[^*\n]{1,200}\*\*")
_HEADING_LINE = re.compile(r"#{1,6}\s")
_SPECIAL_START = re.compile(
    r"""(?:\*\* | \#{1,6}\s | <!-- | 【 | \[ | > | —— | -- |
      [一二三四五六七八九十]{1,3}[、.．] | [（(][一二三四五六七八九十\d]{1,3}[）)] |
      \d{1,2}[、．]|\d{1,2}\.(?!\d) | [①②③④⑤⑥⑦⑧⑨⑩] | [●◆■□▲△★☆·•] |
      本报讯 | 本网讯 | 本报(?:记者|通讯员) | (?:见习|特约|首席)?记者\s*[\u4e00-\u9fff]{2,4}\s*(?:$|通讯员|报道|摄) |
      通讯员\s | [（(](?:记者|通讯员|供稿|摄影|作者) | 文\s*[/／] | 图\s*[/／] | 文\s*[|｜] |
      (?:责任)?编辑\s*[:：] | 审核\s*[:：] | 来源\s*[:：] | 作者\s*[:：] |
      [\u4e00-\u9fff]{0,12}(?:消息|讯)\s*\**\s*[（(：:] )""",
    re.X,
)
_BODY_START = re.compile(
    r"(?:本报讯|本网讯|本报|[\u4e00-\u9fff]{1,12}(?:日电|讯|消息)|\d{1,2}月\d{1,2}日|\d{4}年\d{1,2}月|"
    r"(?:近日|日前|今年|去年|近年来|目前|昨天|今天|近期|连日来|当天|日前)[，,]|"
    r"今年以来|近年来|据了解|据悉|据介绍|据统计|记者从|记者近日)"
)
_DATELINE_START = re.compile(
    r"(?:本报讯|本网讯|[\u4e00-\u9fff]{1,12}(?:日电|讯|消息)|\d{1,2}月\d{1,2}日[，,]|"
    r"(?:近日|日前|今年|去年|近年来|目前|昨天|今天|近期|连日来)[，,])"
)


def _ends_terminal(c: str) -> bool:
    """Does the stripped line ``c`` end a sentence (possibly followed by closers
    or a parenthetical credit such as ``。（记者 林晓）``)?"""
    i = len(c) - 1
    while i >= 0 and c[i] in _CLOSERS:
        if c[i] in "）)":
            j = max(c.rfind("（", 0, i), c.rfind("(", 0, i))
            if j >= 0 and i - j <= 40:
                k = j - 1
                if k < 0 or c[k] in _TERMINAL:
                    return True
        i -= 1
    return i >= 0 and c[i] in _TERMINAL


#: Meta fields found anywhere in a short line (``基层动态　发布时间：…``, ``渝北工会 2024-07-18 发表于重庆``).
_META_ANY = re.compile(
    r"(?:发布|发表|更新|录入)(?:时间|日期)\s*[:：]|(?:浏览|点击|阅读)(?:次数|量)\s*[:：]|字号\s*[:：]|"
    r"(?:发布|发表)于|\d{4}-\d{1,2}-\d{1,2}\s+\d{1,2}:\d{2}|首页\s|\s首页")
#: Short two-to-five item menus: ``职工服务 | 维权指南``.
_SHORT_MENU = re.compile(r"[^\s|｜，。]{1,6}(?:\s*[|｜]\s*[^\s|｜，。]{1,6}){1,5}")


def is_boilerplate_line(c: str) -> bool:
    """Is the stripped line ``c`` web boilerplate (menu, meta, widgets, credits)?"""
    if not c or len(c) > 300:
        return False
    if _BOILER.match(c) or (c[0] in "【[（(" and _BOILER.match(c, 1)):
        return True
    if len(c) <= 120 and "。" not in c and "，" not in c and (_META_ANY.search(c) or _SHORT_MENU.fullmatch(c)):
        return True
    if len(c) <= 80 and (_WIDGETS.fullmatch(c) or (_MENU.fullmatch(c) and "，" not in c and "。" not in c)):
        # a widget line must contain at least one widget word, not only digits
        return not c.strip(" |/·•【】[]()（）:：,，0123456789").isdigit() and not c.isdigit()
    return False


#: The header of a related-posts block (WeChat ``▼往期推荐▼``, ``往期回顾``, ``推荐阅读``):
#: the whole line, with any decoration around it.
_RELATED_HEADER = re.compile(
    r"[^\w\u4e00-\u9fff]{0,8}"
    r"(?:往期(?:推荐|回顾|精彩|阅读|文章)|推荐阅读|相关阅读|精彩推荐|热文推荐|精彩回顾|延伸阅读|更多精彩|猜你喜欢|"
    r"历史文章|近期热文|相关文章|相关新闻|相关链接|热门推荐)(?:文章)?[^\w\u4e00-\u9fff]{0,8}")
#: A link item (``👉某某工会举办职工篮球赛``, ``▶ 某某…``).
_LINK_MARK = re.compile(r"(?:👉|☞|▶|►|➤|→)")


def _link_like(c: str) -> bool:
    """Could the stripped line be the title of a linked post (short, not a sentence)?"""
    return len(c) <= 80 and not c.rstrip("”’」』）)").endswith("。") and "。" not in c[:-1]


def _mark_link_lists(lines: list["_Line"]) -> None:
    """Mark related-post link lists as boilerplate: a ``往期推荐``/``推荐阅读`` header
    and the post titles under it, and a run of ``👉`` link lines closing the page
    (only boilerplate after it).  They list other posts; they are not stories."""
    i = 0
    n = len(lines)
    while i < n:
        if _RELATED_HEADER.fullmatch(lines[i].text):
            lines[i].boiler = True
            j = i + 1
            while j < n and (lines[j].boiler or (_link_like(lines[j].text)
                                                 and not _RELATED_HEADER.fullmatch(lines[j].text))):
                j += 1
            last = j
            if j < n and not _RELATED_HEADER.fullmatch(lines[j].text):
                # prose follows: the list's last title line may be that story's headline
                while last > i + 1 and lines[last - 1].boiler:
                    last -= 1
                last -= 1
            for ln in lines[i + 1:last]:
                ln.boiler = True
            i = max(j, i + 1)
        else:
            i += 1
    # a trailing run of link lines (no header)
    j = n - 1
    while j >= 0 and lines[j].boiler:
        j -= 1
    k = j
    while k >= 0 and _LINK_MARK.match(lines[k].text) and _link_like(lines[k].text):
        k -= 1
    for ln in lines[k + 1:j + 1]:
        ln.boiler = True


@dataclass(slots=True)
class _Line:
    start: int  # raw index of the first content char (after indentation)
    end: int    # raw index after the last content char
    lstart: int  # raw index of the line start (before indentation)
    indent: int  # number of leading whitespace characters
    text: str   # stripped content (folded/simplified)
    boiler: bool = False
    cont: bool = False  # joined to the previous line


_LINE_RE = re.compile(r"[^\n]+")


def _lines(r: str, nl: str = "\n") -> list[_Line]:
    """Non-blank lines of ``r`` with their content bounds."""
    out: list[_Line] = []
    for m in _LINE_RE.finditer(r):
        seg = m.group()
        st = seg.lstrip(_SPACES)
        if st:
            c = st.rstrip(_SPACES)
            ind = len(seg) - len(st)
            s = m.start() + ind
            out.append(_Line(s, s + len(c), m.start(), ind, c))
    return out


def _prose(c: str) -> bool:
    return bool(_SENT_END_INSIDE.search(c)) or bool(_DATELINE_START.match(c))


def _wrap_width(lines: list[_Line], r: str) -> int | None:
    """The page's layout line width, when many lines are cut at the same length."""
    counts: dict[int, int] = {}
    total = 0
    for a, b in zip(lines, lines[1:]):
        if a.boiler or _ends_terminal(a.text):
            continue
        if r.count("\n", a.end, b.start) != 1:
            continue
        total += 1
        counts[len(a.text)] = counts.get(len(a.text), 0) + 1
    if not counts:
        return None
    w, k = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
    if k >= 3 and k * 10 >= total * 4 and w >= 6:
        return w
    return None


def _unbalanced(c: str) -> bool:
    return (c.count("“") > c.count("”") or c.count("（") > c.count("）")
            or c.count("《") > c.count("》") or c.count("(") > c.count(")"))


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _word_crosses(ca: str, cb: str) -> bool:
    """Does a dictionary word run across the break (``…建设改`` | ``革推进会…``)?

    Segments a short window around the break with our jieba tokenizer (HMM
    off, domain lexicon on) and checks whether a token spans it.
    """
    if not (ca and cb and _is_han(ca[-1]) and _is_han(cb[0])):
        return False
    left, right = ca[-6:], cb[:6]
    from .tokenizer import lcut

    pos = 0
    cut = len(left)
    for t in lcut(left + right, hmm=False):
        if pos < cut < pos + len(t):
            return True
        pos += len(t)
        if pos >= cut:
            break
    return False


def _should_join(block_start: bool, cur: str, cur_len: int, a: _Line, b: _Line, newlines: int,
                 width: int | None) -> bool:
    """Join line ``a`` with the next non-empty line ``b`` (``newlines`` line breaks apart)?

    ``cur`` is the tail of the logical line ``a`` ends (``a`` and the lines
    already joined before it, ``cur_len`` characters long); ``block_start``
    tells whether that logical line opens a block (page start, after a
    heading, boilerplate or a line that did not end a sentence), where a
    headline is likely and stronger evidence is needed.
    """
    if a.boiler or b.boiler:
        return False
    ca, cb = a.text, b.text
    if _ends_terminal(ca):
        return False
    if ca.endswith("**") or _BOLD_LINE.fullmatch(ca) or _HEADING_LINE.match(ca) or ca.startswith("<!--"):
        return False
    if _SPECIAL_START.match(cb):
        return False
    if cb[0] in _CONT_START:
        return True
    if b.indent >= 2:  # an indented line starts a new paragraph
        return False
    hard = ca[-1] in _JOINING_END or _unbalanced(cur)
    if newlines > 1:
        return hard and cur_len >= 8
    if hard:
        return True
    if width is not None and len(ca) >= width - 1:
        return True
    body_next = bool(_BODY_START.match(cb))
    prose = _prose(cur)
    if block_start:
        if prose or (bool(_INTERNAL.search(cur)) and (cur_len >= 40 or (cur_len >= 24 and not body_next))):
            return True
    elif prose or cur_len >= 40 or (bool(_INTERNAL.search(cur)) and not body_next):
        # a paragraph's first line with clause punctuation continues, unless the
        # next line starts like a new story's body (then ``a`` is a headline)
        return True
    return not body_next and (_word_crosses(ca, cb) or _name_cut(ca, cb))


_POST_BEFORE_NAME = re.compile(
    r"(?:主席|书记|主任|局长|部长|会长|理事长|经理|厂长|校长|院长|所长|站长|队长|组长|委员|常委|成员|"
    r"代表|职工|工人|劳模|工匠|选手|师傅|记者|通讯员|同志)$")


def _name_cut(ca: str, cb: str) -> bool:
    """A personal name cut after its surname: ``…工会主席彭`` | ``晓东说…``."""
    if not (cb and _is_han(cb[0])):
        return False
    from .articles import _surnames

    single, double = _surnames()
    for k, pool in ((1, single), (2, double)):
        if len(ca) > k and ca[-k:] in pool and _POST_BEFORE_NAME.search(ca[:-k]):
            return True
    return False


# --------------------------------------------------------------------------- duplicates

_KEY = 8
_NONSPACE_SPLIT = re.compile(r"[\s" + _ZERO_WIDTH + r"]+")
_CLAUSE_END = re.compile(r"[。！？；，：!?;,:]")
_TRIM_END = frozenset("，、；：“‘（(「『《,;:")


def _squeeze(r: str, s: int, e: int) -> tuple[str, list[int], list[int]]:
    """``r[s:e]`` without whitespace, and a piecewise map back to raw indices:
    squeezed index ``k`` in piece ``p`` (``qs[p] <= k``) is raw ``rs[p] + k - qs[p]``."""
    parts: list[str] = []
    qs: list[int] = []
    rs: list[int] = []
    q = 0
    pos = s
    for m in _NONSPACE_SPLIT.finditer(r, s, e):
        if m.start() > pos:
            parts.append(r[pos:m.start()])
            qs.append(q)
            rs.append(pos)
            q += m.start() - pos
        pos = m.end()
    if pos < e:
        parts.append(r[pos:e])
        qs.append(q)
        rs.append(pos)
    return "".join(parts), qs, rs


def _q2r(k: int, qs: list[int], rs: list[int]) -> int:
    p = bisect_right(qs, k) - 1
    return rs[p] + k - qs[p]


def _r2q(pos: int, qs: list[int], rs: list[int]) -> int:
    p = bisect_right(rs, pos) - 1
    return qs[p] + pos - rs[p]


def _common_prefix(q: str, i: int, j: int, limit: int) -> int:
    """Length of the common prefix of ``q[i:]`` and ``q[j:]``, at most ``limit``."""
    n = 0
    step = 64
    while n < limit:
        k = min(step, limit - n)
        if q[i + n:i + n + k] == q[j + n:j + n + k]:
            n += k
            step *= 2
        else:
            if k == 1:
                break
            step = max(1, k // 2)
    return n


def _at_line_end(r: str, e: int, pos: int) -> bool:
    k = r.find("\n", pos, e)
    return not r[pos:(k if k >= 0 else e)].strip(_SPACES)


def _find_duplicates(r: str, s: int, e: int, line_starts: list[int]) -> list[tuple[int, int, int]]:
    """Layout repeats inside the section ``r[s:e]``: ``(start, end, copy_of)`` in raw offsets.

    Which repeats count was measured on 1,600 《新闻联播》 items (no layout
    damage), where legitimate repeats of >= 20 characters are frequent (long
    names, slogans, a headline echoed by the first sentence).  A layout repeat

    * starts a line (the copy),
    * repeats text that starts a line, or that starts a sentence or clause
      inside a paragraph if the copy fills its whole line; a copy repeating a
      line start must be >= 30 characters or fill its whole line,
    * does not repeat the section's first line (the headline).

    Both copies therefore start at a *boundary* (a line start or right after
    clause punctuation); boundaries are indexed by their first ``_KEY``
    characters and only line starts are looked up, so the search is linear.
    """
    q, qs, rs = _squeeze(r, s, e)
    n = len(q)
    if n < 2 * MIN_DUPLICATE or not line_starts:
        return []
    lines_q = [_r2q(x, qs, rs) for x in line_starts]
    is_line = set(lines_q)
    first_end = lines_q[1] if len(lines_q) > 1 else n
    if _prose_first_line(q[lines_q[0]:first_end]):
        first_end = lines_q[0]  # a paragraph, not a headline: it may be an original
    out_lines = _doubled_lines(q, lines_q)
    bounds = sorted(is_line.union(m.end() for m in _CLAUSE_END.finditer(q)))
    seen: dict[str, list[int]] = {}
    last: dict[str, int] = {}
    out: list[tuple[int, int, int]] = []
    skip_to = 0
    for b in bounds:
        if b + MIN_DUPLICATE > n:
            break
        if b < skip_to:
            continue
        key = q[b:b + _KEY]
        prev = seen.get(key)
        if prev is not None and b in is_line:
            best: tuple[int, int, int] | None = None
            for i in prev:
                if i < first_end or b - i < MIN_DUPLICATE or q[i:i + MIN_DUPLICATE] != q[b:b + MIN_DUPLICATE]:
                    continue  # too short to be a duplicate
                f = _common_prefix(q, i, b, min(n - b, b - i))
                ce = b + f
                while ce > b and q[ce - 1] in _TRIM_END:
                    ce -= 1
                length = ce - b
                if length < MIN_DUPLICATE or (best is not None and length <= best[1] - best[0]):
                    continue
                whole = _at_line_end(r, e, _q2r(ce - 1, qs, rs) + 1)
                if whole or (i in is_line and length >= 30):
                    best = (b, ce, i)
            if best is not None:
                cs, ce, os_ = best
                out.append((_q2r(cs, qs, rs), _q2r(ce - 1, qs, rs) + 1, _q2r(os_, qs, rs)))
                skip_to = ce
                continue
        if prev is not None and b not in is_line and q[b - 1] in _SENT_END_CHARS:
            # sentences repeated back to back inside a line (``A。A。B。``): the most
            # recent boundary with the same key, a sentence start in the same line
            i = last[key]
            li = bisect_right(lines_q, b) - 1
            line_end = lines_q[li + 1] if li + 1 < len(lines_q) else n
            ln = b - i
            if (ln >= MIN_DUPLICATE and i >= lines_q[li] and b + ln <= line_end
                    and (i == lines_q[li] or q[i - 1] in _SENT_END_CHARS)
                    and q.startswith(q[i:i + MIN_DUPLICATE], b) and q.startswith(q[i:b], b)):
                k = b
                while k + ln <= line_end and q.startswith(q[i:b], k):  # A。A。A。: each copy
                    out.append((_q2r(k, qs, rs), _q2r(k + ln - 1, qs, rs) + 1, _q2r(i, qs, rs)))
                    k += ln
                skip_to = k
                continue
        last[key] = b
        if prev is None:
            seen[key] = [b]
        elif len(prev) < 4:
            prev.append(b)
    if out_lines:
        taken = sorted((cs, ce) for cs, ce, _ in out)  # disjoint, so ends are sorted too
        t_ends = [ce for _, ce in taken]
        for cs, ce, os_ in out_lines:  # q offsets
            rcs, rce = _q2r(cs, qs, rs), _q2r(ce - 1, qs, rs) + 1
            k = bisect_right(t_ends, rcs)  # the first taken range ending after rcs
            if k == len(taken) or taken[k][0] >= rce:
                out.append((rcs, rce, _q2r(os_, qs, rs)))
        out.sort()
    return out


_SENT_END_CHARS = frozenset("。！？!?")


def _prose_first_line(c: str) -> bool:
    """Is a section's first line (squeezed) a paragraph rather than a headline?

    A headline rarely ends with a full stop: a first line of >= 20 characters
    ending with ``。`` (possibly followed by closing marks) is prose, so a later
    line repeating it is a layout repeat (pages without a headline)."""
    c = c.rstrip("”’」』）)")
    return len(c) >= MIN_DUPLICATE and c.endswith("。")


def _doubled_lines(q: str, lines_q: list[int]) -> list[tuple[int, int, int]]:
    """Logical lines that repeat themselves (a scraped line ``XY…XY…`` whose second
    half is an exact copy of the first, >= 20 characters each): ``(copy start,
    copy end, original start)`` in squeezed offsets.  One slice comparison per
    line, so linear in the section."""
    out: list[tuple[int, int, int]] = []
    ends = lines_q[1:] + [len(q)]
    for a, b in zip(lines_q, ends):
        half = (b - a) // 2
        if (half >= MIN_DUPLICATE and (b - a) % 2 == 0 and q.startswith(q[a:a + MIN_DUPLICATE], a + half)
                and q[a:a + half] == q[a + half:b]):
            out.append((a + half, b, a))
    return out


# --------------------------------------------------------------------------- assembly


def _merge_ranges(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(ranges):
        if e <= s:
            continue
        if out and s <= out[-1][1]:
            if e > out[-1][1]:
                out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def _offsets(keep: list[tuple[int, int]]) -> array:
    """``array('q')`` of the raw indices of the kept ranges (built with numpy when available)."""
    a = array("q")
    try:
        import numpy as np
    except ImportError:  # pragma: no cover - numpy comes with spaCy
        for s, e in keep:
            a.extend(range(s, e))
        return a
    if keep:
        a.frombytes(np.concatenate([np.arange(s, e, dtype=np.int64) for s, e in keep]).tobytes())
    return a


def normalize(raw: str) -> WorkingText:
    """Build the :class:`WorkingText` of a raw page (see the module docstring)."""
    if not isinstance(raw, str):
        raise TypeError(f"normalize() expects str, got {type(raw).__name__}")
    n = len(raw)
    r = fold(_inline_breaks(raw), cr_newline="\r" in raw and "\n" not in raw)  # \r alone: old Mac line ends
    trad = looks_traditional(r)
    if trad:
        r = to_simplified(r)
    nl = "\n"
    lines = _lines(r, nl)
    for ln in lines:
        if len(ln.text) <= 300 and is_boilerplate_line(ln.text):
            ln.boiler = True
    _mark_link_lists(lines)

    drops: list[tuple[int, int]] = []
    spaces: list[int] = []  # raw positions kept as a single ' ' (Latin word joins)
    width = _wrap_width(lines, r) if len(lines) > 3 else None
    block_start = True  # does the current logical line open a block?
    cur = lines[0].text[-300:] if lines else ""
    cur_len = len(cur)
    for a, b in zip(lines, lines[1:]):
        k = r.count("\n", a.end, b.start)
        if _should_join(block_start, cur, cur_len, a, b, k, width):
            if a.text[-1].isascii() and a.text[-1].isalnum() and b.text[0].isascii() and b.text[0].isalnum():
                drops.append((a.end + 1, b.start))
                spaces.append(a.end)
            else:
                drops.append((a.end, b.start))
            cur = (cur + b.text)[-300:]
            cur_len += len(b.text)
            b.cont = True
        else:
            block_start = a.boiler or k > 1 or not _ends_terminal(a.text)
            cur = b.text[-300:]
            cur_len = len(b.text)
    for m in _ZW_RE.finditer(r):
        drops.append((m.start(), m.end()))

    # duplicates, per section (sections are cut at bold/heading lines and boilerplate)
    dups: list[Duplicate] = []
    sec_start: int | None = None
    sec_lines: list[int] = []
    for ln in lines + [None]:  # type: ignore[list-item]
        cut = ln is None or ln.boiler or bool(_BOLD_LINE.fullmatch(ln.text)) or bool(_HEADING_LINE.match(ln.text))
        if cut:
            if sec_start is not None:
                sec_end = ln.lstart if ln is not None else n
                for ds, de, co in _find_duplicates(r, sec_start, sec_end, sec_lines):
                    dups.append(Duplicate(ds, de, co))
                    drops.append((ds, de))
            sec_start = None
            sec_lines = []
        else:
            if sec_start is None:
                sec_start = ln.lstart
            if not ln.cont:
                sec_lines.append(ln.start)

    drops = _merge_ranges(drops)
    keep: list[tuple[int, int]] = []
    pos = 0
    for s, e in drops:
        if s > pos:
            keep.append((pos, s))
        pos = e
    if pos < n:
        keep.append((pos, n))
    if not drops:
        text = r
    else:
        text = "".join(r[s:e] for s, e in keep)
    offsets = _offsets(keep)
    if spaces:
        buf = list(text)
        for p in spaces:
            w = bisect_left(offsets, p)
            if w < len(offsets) and offsets[w] == p:
                buf[w] = " "
        text = "".join(buf)
    boiler: list[tuple[int, int]] = []
    for ln in lines:
        if ln.boiler:
            ws, we = bisect_left(offsets, ln.start), bisect_left(offsets, ln.end)
            if we > ws:
                boiler.append((ws, we))
    return WorkingText(raw=raw, text=text, offsets=offsets, duplicates=dups, boilerplate=boiler,
                       traditional=trad)
