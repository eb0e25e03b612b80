"""Story segmentation and bylines.

:func:`segment` splits the working text of a page (:mod:`unionnlp.normalize`)
into :class:`~unionnlp.spans.Story` objects and appends the PERSON spans of
bylines and credits to them (``source="byline"``, ``attrs={"role": ...}``).

Segmentation works on lines of the working text:

* a story starts at a headline: a markdown bold line ``**…**`` or ``#``
  heading, the first content line of the page, or (on pages without markup) a
  title-like line (no sentence-final punctuation) that follows the end of a
  story or is followed by a dateline/byline/body start (``本报讯``, ``6月17日，``,
  ``文/图 X`` …).  Consecutive title-like lines (kicker, headline,
  subheadline) form one heading; the story starts at its first line, which is
  recorded as the headline;
* a story runs to the line before the next story starts, without trailing
  blank, banner and boilerplate lines; credit lines that follow it
  (``责任编辑：X``, ``编辑：X 审核：Y``, ``来源：X``, ``作者：X``) are kept in it so their
  names (and sources) can be found;
* page banners (``某某工会新闻 第2版 …星期二``), site menus and widgets belong to
  no story; a "story" with no body (``国内联播快讯`` followed only by a dateline)
  is a banner, not a story.

Byline shapes: ``本报讯（记者 林晓 通讯员 周航）``, ``本报北京3月2日电（记者 X）``,
``本报记者 X 通讯员 Y 摄影报道``, ``文/图 X``, ``作者：X``, ``（供稿：X）``, ``（X Y）``
or ``记者 X`` closing a story, ``（摄影 X）``/``（记者 X 摄）`` photo credits,
``责任编辑：X``/``编辑：X 审核：Y`` credit lines.  Roles follow the scheme: the first
that applies of reporter (记者, 文, 作者, or unmarked), correspondent (通讯员, 供稿),
photographer (摄影, 图, 摄), editor (编辑, 审核, 实习生).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .normalize import WorkingText, _ends_terminal
from .spans import Story

__all__ = ["segment", "find_bylines"]

_SPACES = " \t\u3000"

# ----------------------------------------------------------------------------- line classes

_BOLD = re.compile(r"\*\*([^*\n]{1,200})\*\*")
_HEADING = re.compile(r"#{1,6}\s+\S")
_DATELINE_ONLY = re.compile(
    r"\**(?:本[报网台]讯|[^\s，。*]{0,16}(?:消息|讯|电)\**\s*(?:[（(][^（）()\n]{0,30}[）)]\s*[:：]?|[:：]))")
_DATE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月|\d{4}[-./]\d{1,2}[-./]\d{1,2}")
_DATE_ONLY = re.compile(r"[（(]?\s*\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?\s*[）)]?")
_ISSUE = re.compile(r"第\s*[0-9一二三四五六七八九十]{1,4}\s*[版期]|总第\s*\d+\s*期")
_COLUMN = re.compile(r"[【\[［][^】\]］]{1,12}[】\]］]")
_MASTHEAD = re.compile(r"[^，。\s]{2,12}(?:日报|晚报|时报|工人报|工会报|网|在线|新闻网|客户端)(?:\s*[·|｜]\s*[^，。\s]{1,8})?")
_BULLET = re.compile(r"[●◆■□▲△★☆•▪◎]")
_LIST_ITEM = re.compile(
    r"(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[、．]|"
    r"[①②③④⑤⑥⑦⑧⑨⑩]|第[一二三四五六七八九十]{1,3}[，、是])")
_SENT_END_INSIDE = re.compile(r"[。！？][^”’」』）)]")
_FULL_STOP_INSIDE = re.compile(r"。[^”’」』）)]")
_BODY_START = re.compile(
    r"(?:本报讯|本网讯|本台讯|本报|新华社|[^，。\s]{1,16}(?:讯|日电|电)\s*[（(]|[^，。\s]{0,12}消息|"
    r"\d{1,2}月\d{1,2}日|\d{4}年\d{1,2}月|(?:近日|日前|近期|连日来|当天|昨天|今天|今年|去年|近年来|岁末年初|新年伊始|年初|年底)[，,]|"
    r"(?:本报|本网)?(?:见习|特约|首席|融媒体)?记者\s*[\u4e00-\u9fff]|通讯员\s|文\s*[/／|｜]|图\s*[/／]|作者\s*[:：]|发布时间)")


@dataclass(slots=True)
class _L:
    s: int          # working offset of the first content char
    e: int          # working offset after the last content char
    ls: int         # working offset of the line start
    text: str       # stripped content
    kind: str = "prose"  # prose | title | bold | boiler | credit | banner | dateline | byline | list


_LINE_RE = re.compile(r"[^\n]+")


def _lines(text: str) -> list[_L]:
    """Non-blank lines of the working text with their content bounds."""
    out: list[_L] = []
    for m in _LINE_RE.finditer(text):
        seg = m.group()
        st = seg.lstrip(_SPACES)
        if st:
            c = st.rstrip(_SPACES)
            s = m.start() + len(seg) - len(st)
            out.append(_L(s, s + len(c), m.start(), c))
    return out


_CREDIT = re.compile(
    r"(?:(?:本版|本期)?(?:责任|值班|网络|文字|美术)?编辑|美编|图文|责编|审核|审校|校对|终审|初审|复审|监制|来源|稿源|作者|供稿|摄影|"
    r"图片|实习生)\s*[:：｜|]")


def _classify(ln: _L, boiler_starts: set[int], first: bool) -> str:
    c = ln.text
    if ln.s in boiler_starts:  # normalize recognised it
        return "credit" if _CREDIT.match(c.lstrip("【[（(")) else "boiler"
    if _BOLD.fullmatch(c):
        inner = _BOLD.fullmatch(c).group(1)  # type: ignore[union-attr]
        if _DATELINE_ONLY.fullmatch(inner) or _DATE_ONLY.fullmatch(inner):
            return "dateline"  # **央视网消息**, **（2024年7月26日）**: not headlines
        return "bold"
    if _HEADING.match(c):
        return "bold"
    if len(c) <= 40 and _DATELINE_ONLY.fullmatch(c):
        return "dateline"
    if len(c) <= 80 and "，" not in c and "。" not in c and (
            _DATE.search(c) or _ISSUE.search(c) or _COLUMN.fullmatch(c)):
        return "banner"
    if _BYLINE_LINE.fullmatch(c):
        return "byline"
    if _ends_terminal(c) or _FULL_STOP_INSIDE.search(c) or (len(c) > 40 and _SENT_END_INSIDE.search(c)):
        return "prose"
    if _LIST_ITEM.match(c):
        return "list"
    if len(c) <= (150 if first else 60):
        return "title"
    return "prose"


# ----------------------------------------------------------------------------- segmentation


def segment(wt: WorkingText) -> list[Story]:
    """Split the working text into stories (bylines become PERSON spans)."""
    text = wt.text
    if not text.strip():
        return []
    lines = _lines(text)
    boiler_starts = {s for s, _ in wt.boilerplate}
    first_content = True
    for ln in lines:
        ln.kind = _classify(ln, boiler_starts, first_content)
        if ln.kind not in ("boiler", "credit", "banner"):
            first_content = False
    # a short first line right above a banner (a WeChat account name over its
    # date line) is part of the page header
    for i, ln in enumerate(lines[:-1]):
        if ln.kind in ("boiler", "credit", "banner"):
            continue
        if ln.kind == "title" and len(ln.text) <= 16 and lines[i + 1].kind == "banner":
            ln.kind = "banner"
        elif ln.kind == "title" and _MASTHEAD.fullmatch(ln.text) and lines[i + 1].kind == "title":
            ln.kind = "banner"  # a masthead (某某日报, 某某工会网) above the headline
        break
    has_markup = any(ln.kind == "bold" for ln in lines)

    starts: list[int] = []  # indices into lines
    weak_starts: list[int] = []
    seen_content = False
    for i, ln in enumerate(lines):
        k = ln.kind
        if k in ("boiler", "credit", "banner"):
            continue
        if not seen_content:
            seen_content = True
            starts.append(i)
            continue
        if k == "bold":
            starts.append(i)
            continue
        if k != "title" or has_markup:
            continue
        prev = _prev_content(lines, i)
        nxt = _next_non_title(lines, i)
        if nxt == i + 1 and _BULLET.match(lines[nxt].text):
            starts.append(i)  # a column of briefs: 基层简讯 / ●…
            continue
        if prev is not None and lines[prev].kind == "title":
            continue  # inside a heading run
        after_story_end = prev is None or lines[prev].kind in ("boiler", "credit", "banner") or \
            _closes_story(lines[prev].text)
        body_follows = nxt is not None and (
            lines[nxt].kind in ("byline", "dateline", "credit", "boiler")
            or bool(_BODY_START.match(lines[nxt].text)))
        if body_follows or (after_story_end and nxt is not None and lines[nxt].kind == "prose"):
            starts.append(i)
        elif nxt is not None and lines[nxt].kind == "prose" and prev is not None and lines[prev].kind == "prose":
            weak_starts.append(i)
    # a page already shown to hold several stories (briefs): a short title line
    # between two paragraphs starts one more, rather than being a subheading
    if not has_markup and len(starts) >= 3:
        starts = sorted(set(starts).union(i for i in weak_starts if len(lines[i].text) <= 30))

    starts = _merge_heading_runs(lines, starts)
    stories: list[Story] = []
    for si, a in enumerate(starts):
        b = starts[si + 1] if si + 1 < len(starts) else len(lines)
        # trailing lines that belong to no story
        end = b - 1
        while end > a and lines[end].kind in ("boiler", "banner"):
            end -= 1
        body = [ln for ln in lines[a + 1:end + 1] if ln.kind in ("prose", "list", "title", "byline")]
        if lines[a].kind == "prose":
            body.append(lines[a])
        if not body:
            continue  # a banner such as 国内联播快讯 + dateline
        first = lines[a]
        headline = (first.s, first.e) if first.kind in ("title", "bold") else None
        st = Story(text, first.s, lines[end].e, headline)
        find_bylines(st, lines[a:end + 1])
        stories.append(st)
    if not stories:
        # a page of title-like lines only (``区总工会主席王某出席``, no sentence end):
        # one story over its content rather than none, so nothing is lost
        content = [ln for ln in lines if ln.kind in _BODY_KINDS or ln.kind in ("bold", "dateline")]
        if content:
            st = Story(text, content[0].s, content[-1].e, None)
            find_bylines(st, [ln for ln in lines if content[0].s <= ln.s < content[-1].e])
            stories.append(st)
            starts = [lines.index(content[0])]
    if stories and starts:
        # page meta lines above the first story (发布时间：… 作者：X) credit it
        for ln in lines[:starts[0]]:
            if ln.kind in ("boiler", "credit"):
                for s_, e_, role in _credit_items(ln):
                    stories[0].add(s_, e_, "PERSON", source="byline", role=role)
    return stories


_CREDIT_LABEL = re.compile(
    r"(责任编辑|值班编辑|美术编辑|美编|编辑|责编|审核|审校|校对|初审|终审|复审|监制|实习生|作者|通讯员|记者|摄影|"
    r"图片|图文|供稿)\s*[:：｜|]\s*")
_FIELD_LABEL = re.compile(r"[\u4e00-\u9fff]{2,6}\s*[:：｜|]|\s{2,}")
_LABEL_ROLE = {"图片": "photographer", "图文": "reporter"}


def _credit_items(ln: _L) -> list[tuple[int, int, str]]:
    """Names in credit fields of a meta/credit line: ``作者：X``, ``编辑｜X 审核｜Y``,
    ``（供稿：某某工会 X）``."""
    out: list[tuple[int, int, str]] = []
    c = ln.text
    for m in _CREDIT_LABEL.finditer(c):
        role = _LABEL_ROLE.get(m.group(1)) or _ROLE_OF.get(m.group(1), "reporter")
        stop = _FIELD_LABEL.search(c, m.end())
        seg_end = stop.start() if stop else len(c)
        out += _parse_group(c[m.end():seg_end], ln.s + m.end(), default=role, premarked=True)
    return out


_BODY_KINDS = ("prose", "list", "title", "byline")


def _similar(a: str, b: str) -> bool:
    a, b = a.strip("*# "), b.strip("*# ")
    if len(a) < 6 or len(b) < 6:
        return False
    return a in b or b in a or a[:6] == b[:6]


def _merge_heading_runs(lines: list[_L], starts: list[int]) -> list[int]:
    """Headings with no body between them are one heading: consecutive bold
    lines (``**招待会在京举行**`` / ``**习近平发表重要讲话**``), or a page title
    followed by a bold line that repeats it.  The story starts at the first."""
    out: list[int] = []
    merged_bold = False
    for b in starts:
        if out:
            a = out[-1]
            bodiless = not any(ln.kind in _BODY_KINDS for ln in lines[a + 1:b])
            if bodiless and lines[b].kind == "bold" and (
                    lines[a].kind == "bold" or merged_bold or _similar(lines[a].text, lines[b].text)):
                merged_bold = True
                continue
        out.append(b)
        merged_bold = False
    return out


def _prev_content(lines: list[_L], i: int) -> int | None:
    return i - 1 if i > 0 else None


def _next_non_title(lines: list[_L], i: int) -> int | None:
    j = i + 1
    while j < len(lines) and lines[j].kind == "title":
        j += 1
    return j if j < len(lines) else None


_CLOSING_PAREN = re.compile(r"[（(]([^（）()\n]{1,40})[）)]\s*$")


def _closes_story(c: str) -> bool:
    """Does the line end a story (a closing byline or credit)?"""
    m = _CLOSING_PAREN.search(c)
    if m and _parse_group(m.group(1), 0, closing=True):
        return True
    return bool(_BYLINE_LINE.fullmatch(c))


# ----------------------------------------------------------------------------- bylines

_ROLE_WORDS = (
    "本报记者", "本网记者", "本台记者", "见习记者", "特约记者", "首席记者", "融媒体记者", "摄影记者", "记者",
    "特约通讯员", "通讯员", "实习生", "责任编辑", "值班编辑", "美术编辑", "美编", "编辑", "责编", "审核", "审校", "校对", "初审",
    "终审", "复审", "监制", "供稿", "摄影报道", "摄影", "供图", "作者", "报道", "文图",
)
#: Single-character roles need context: ``文/图 X``, ``文：X``, ``图/X``, ``X 摄``.
_ROLE_CTX = (r"文(?=\s*[/／|｜:：])", r"图(?=\s*[/／|｜:：])", r"摄(?=\s*(?:$|[\s）)、，,]))")
_ROLE_OF = {
    "本报记者": "reporter", "本网记者": "reporter", "本台记者": "reporter", "见习记者": "reporter",
    "特约记者": "reporter", "首席记者": "reporter", "融媒体记者": "reporter", "摄影记者": "reporter",
    "记者": "reporter", "作者": "reporter", "文": "reporter", "文图": "reporter",
    "特约通讯员": "correspondent", "通讯员": "correspondent", "供稿": "correspondent",
    "摄影": "photographer", "图": "photographer",
    "实习生": "editor", "责任编辑": "editor", "值班编辑": "editor", "编辑": "editor", "责编": "editor",
    "审核": "editor", "审校": "editor", "校对": "editor", "初审": "editor", "终审": "editor",
    "复审": "editor", "监制": "editor", "美编": "editor", "美术编辑": "editor",
}
#: Words after names that mark them (``林晓 摄``, ``林晓 供图``) or are noise (``报道``).
_POSTFIX = {"摄": "photographer", "供图": "photographer", "摄影报道": None, "报道": None}
_ROLE_ALT = "|".join(sorted(map(re.escape, _ROLE_WORDS), key=len, reverse=True)) + "|" + "|".join(_ROLE_CTX)
_TOKEN = re.compile(
    rf"(?P<role>{_ROLE_ALT})|(?P<name>[\u4e00-\u9fff]{{1,8}}[·•][\u4e00-\u9fff]{{1,10}}(?:[·•][\u4e00-\u9fff]{{1,10}})?|(?:(?!{_ROLE_ALT})[\u4e00-\u9fff]){{1,4}})"
    r"|(?P<sep>[\s、，,：:/／|｜（）()]+)|(?P<other>.)"
)
_NOT_NAMES = frozenset(
    "本报 本网 报道 综合 整理 新华社 央视 通讯 特约 见习 实习 图片 视频 来源 发布 编辑 审核 网 稿 讯 电 "
    "专稿 报社 记者站 工会 总工会 供图 摄影报道 联合报道 全媒体 融媒 宣传部 宣传科 办公室 编辑部".split()
)
_ORGISH = re.compile(r"(?:会|局|委|部|院|司|厂|校|中心|处|办|站|所|队|社|馆|组|室|集团|公司|工会|街道|政府|社区)$")
_BYLINE_LINE = re.compile(
    r"[（(]?\s*(?:(?:本报|本网|本台)?(?:见习|特约|首席|融媒体|摄影)?记者|(?:特约)?通讯员|文\s*[/／|｜]\s*图|文\s*[/／|｜]|图\s*[/／|｜]|"
    r"文图\s*[/／|｜:：]|供稿\s*[:：]|摄影\s*[:：]?|作者\s*[:：])"
    r"[^。！？，\n]{1,60}?(?:摄影报道|报道|摄)?\s*[）)]?")
_OPENING = re.compile(
    r"(?:本报讯|本网讯|本台讯|本报[^（()\n，。]{0,16}电|新华社[^（()\n，。]{0,16}电|[^（()\n，。]{0,16}(?:讯|电|消息))"
    r"\s*[（(]([^（）()\n]{1,60})[）)]")
_ANY_PAREN = re.compile(r"[（(]([^（）()\n]{1,50})[）)]")
_CLOSING_NOT = re.compile(r"^(?:据|综合|整理|资料|图片|视频|来源|转自)|(?:网|报|社|台|站|图|稿|综合|整理)$")


@lru_cache(maxsize=1)
def _surnames() -> tuple[frozenset[str], frozenset[str]]:
    try:
        from .lexicon import load_lines

        words = load_lines("surnames.txt")
    except (FileNotFoundError, OSError):
        words = ()
    base = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
            "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
    single = frozenset(w for w in words if len(w) == 1) | frozenset(base)
    double = frozenset(w for w in words if len(w) == 2) | frozenset(("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "令狐", "慕容"))
    return single, double


def _is_name(s: str, strict: bool | str) -> bool:
    if "·" in s or "•" in s:
        return 3 <= len(s) <= 16
    if not 2 <= len(s) <= 4 or s in _NOT_NAMES or _ORGISH.search(s):
        return False
    if strict == "closing":
        return not _CLOSING_NOT.search(s)
    if strict:
        single, double = _surnames()
        return s[0] in single or s[:2] in double
    return True


def _parse_group(g: str, base: int, closing: bool = False, default: str = "reporter",
                 marked_only: bool = False, premarked: bool = False) -> list[tuple[int, int, str]]:
    """Names and roles in a byline group such as ``记者 林晓 通讯员 周航`` or
    ``林晓 摄``; ``base`` is the working offset of ``g[0]``.

    ``closing`` (an unmarked parenthetical closing a story): every token must be
    a name starting with a known surname, else nothing is returned.
    """
    toks: list[tuple[str, int, int, str]] = []  # (kind, start, end, text)
    for m in _TOKEN.finditer(g):
        kind = m.lastgroup or "other"
        if kind == "other":
            if closing or marked_only:
                return []
            continue
        if kind == "sep" and not m.group().strip():
            toks.append(("space", m.start(), m.end(), m.group()))
        else:
            toks.append((kind, m.start(), m.end(), m.group()))
    # merge ``林 晓`` (a two-character name padded with a space) into one name
    merged: list[tuple[str, int, int, str]] = []
    for t in toks:
        if (t[0] == "name" and len(t[3]) == 1 and len(merged) >= 2 and merged[-1][0] == "space"
                and merged[-2][0] == "name" and len(merged[-2][3]) == 1):
            a = merged[-2]
            merged[-2:] = [("name", a[1], t[2], g[a[1]:t[2]])]
        else:
            merged.append(t)
    # a run of Han characters longer than a name (``海淀区教育系统工会``) is no name:
    # an organisation credit is skipped, anything else voids an unmarked closing group
    runs: list[tuple[str, int, int, str]] = []
    for t in merged:
        if t[0] == "name" and runs and runs[-1][0] in ("name", "run") and runs[-1][2] == t[1]:
            a = runs[-1]
            runs[-1] = ("run", a[1], t[2], g[a[1]:t[2]])
        else:
            runs.append(t)
    merged = []
    for t in runs:
        if t[0] == "run":
            if closing and not _ORGISH.search(t[3]):
                return []
            continue
        merged.append(t)
    out: list[tuple[int, int, str, bool]] = []  # start, end, role, marked
    role, marked = default, premarked
    pending: list[int] = []  # indices into out of names not yet closed by a postfix
    any_marker = False
    for kind, s, e, t in merged:
        if kind == "role":
            if t in _POSTFIX:
                r = _POSTFIX[t]
                if r is not None:  # a photo credit: unmarked names took the photo
                    for k in pending:
                        if not out[k][3]:
                            out[k] = (out[k][0], out[k][1], r, True)
                pending = []
                any_marker = True
                continue
            role, marked, any_marker = _ROLE_OF.get(t, default), True, True
            pending = []
        elif kind == "name":
            surface = t.replace(" ", "")
            if not _is_name(surface, strict=("closing" if closing else not marked)):
                if closing:
                    return []
                continue
            out.append((base + s, base + e, role, marked))
            pending.append(len(out) - 1)
    if marked_only and not any_marker:
        return []
    return [(s, e, r) for s, e, r, _ in out]


def find_bylines(st: Story, lines: list[_L] | None = None) -> None:
    """Append the story's byline and credit PERSON spans (``source="byline"``)."""
    text = st.text
    if lines is None:
        lines = [ln for ln in _lines(text) if st.start <= ln.s < st.end]
    found: list[tuple[int, int, str]] = []
    weak: list[tuple[int, int, str]] = []
    content = [ln for ln in lines if ln.kind != "banner"]
    last_body = None
    for ln in content:
        if ln.kind in ("prose", "byline", "list", "title") and ln is not content[0]:
            last_body = ln
    content = [ln for ln in content if ln.kind not in ("boiler", "credit")] + \
        [ln for ln in content if ln.kind in ("boiler", "credit")]
    for idx, ln in enumerate(content):
        c = ln.text
        if ln.kind == "credit" or ln.kind == "boiler":
            found += _credit_items(ln)
            continue
        if ln.kind == "byline":
            found += _parse_group(c, ln.s, marked_only=True)
            continue
        if idx <= 4:
            m = _OPENING.match(c)
            if m:
                found += _parse_group(m.group(1), ln.s + m.start(1))
        for m in _ANY_PAREN.finditer(c):
            if idx <= 4 and _OPENING.match(c) and m.start() < _OPENING.match(c).end():  # type: ignore[union-attr]
                continue
            g = m.group(1)
            at_end = not c[m.end():].strip()
            m2 = _PHOTO_POSTFIX.search(g) if g.rstrip().endswith("摄") else None
            if m2 and m2.start(1) > 0:  # （图为……。 X 摄）
                found += _parse_group(m2.group(1), ln.s + m.start(1) + m2.start(1), marked_only=True)
            elif g.lstrip().startswith(("图文", "图片")):
                found += _credit_items(_L(ln.s + m.start(1), ln.s + m.end(1), 0, g))
            elif g.lstrip().startswith(("记者", "通讯员", "供稿", "摄影", "本报记者", "实习生", "作者", "编辑")) or (
                    g.rstrip().endswith(("摄", "供图")) and len(g) <= 20):
                found += _parse_group(g, ln.s + m.start(1), marked_only=True)
            elif at_end and ln is last_body and (m.start() == 0 or _ends_before_paren(c, m.start())):
                weak += _parse_group(g, ln.s + m.start(1), closing=True)
        m = _PHOTO_POSTFIX.search(c)
        if m and not c.endswith(("）", ")")):
            found += _parse_group(m.group(1), ln.s + m.start(1), marked_only=True)
        if ln is last_body:
            m = _CLOSING_REPORTER.search(c)
            if m:
                found += _parse_group(m.group(1), ln.s + m.start(1), marked_only=True)
    seen: set[tuple[int, int]] = set()
    role_of: dict[str, str] = {}
    for s, e, role in found:
        role_of.setdefault(text[s:e], role)
    # an unmarked closing byline is a reporter's, as the scheme says, even when
    # the name was credited otherwise above
    found += weak
    for s, e, role in sorted(found):
        if (s, e) in seen or not (st.start <= s and e <= st.end):
            continue
        seen.add((s, e))
        st.add(s, e, "PERSON", source="byline", role=role)


_PHOTO_POSTFIX = re.compile(r"(?:^|[。！？”])\s*((?:[\u4e00-\u9fff]{2,4})(?:\s+[\u4e00-\u9fff]{2,4}){0,2}\s*摄)\s*$")
_CLOSING_REPORTER = re.compile(r"(?:^|[。！？”])\s*((?:本报)?记者\s*[\u4e00-\u9fff]{2,4}(?:\s+[\u4e00-\u9fff]{2,4}){0,3})\s*$")


def _ends_before_paren(c: str, k: int) -> bool:
    """Is the text before the parenthetical at ``k`` the end of a sentence?"""
    j = k - 1
    while j >= 0 and c[j] in _SPACES:
        j -= 1
    return j < 0 or c[j] in "。！？!?”）)"
