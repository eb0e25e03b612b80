"""Robustness of the public API on arbitrary and messy input.

Everything goes through :func:`unionnlp.extract` (rules only, and the default
layers), never through internal modules, and checks the invariants every
result must satisfy whatever the text:

* no exception;
* ``doc.text[e.start:e.end] == e.text`` for every entity, offsets inside the text;
* entities are flat (no two overlap) and their ids unique;
* no entity touches a reported duplicate; a duplicate is >= 20 non-space
  characters, identical (spaces and line breaks ignored) to the text at
  ``copy_of``, which comes before it;
* ``holds`` relations point to existing entities of the right labels;
* articles lie inside the text, in order, without overlapping;
* ``to_dict()`` validates with :func:`unionnlp.annotation.validate_record`
  and round-trips through :meth:`Document.from_dict` (and through JSON);
* extraction is deterministic.

Inputs: arbitrary Unicode (control characters, NUL, lone surrogates, emoji,
line separators, very long lines, ``\\r\\n``), token soups of the genre, and
whole pages assembled from invented fragments (menus, headlines, bylines,
boilerplate, paragraphs with union bodies, chains of posts, counts, quoted
programmes, broken lines, repeated paragraphs, full-width digits,
traditional characters).  All example text is invented.
"""
from __future__ import annotations

import json
import os
import random
import re
import signal
import time
import unicodedata
import warnings
from contextlib import contextmanager

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import unionnlp
from unionnlp.annotation import validate_record
from unionnlp.types import Article, Document, Organization, Person, Title

RULES = ("rules",)


def _content(s: str) -> str:
    """What a layout repeat must share with its first occurrence: the text without spaces,
    line breaks, control/format characters and lone surrogates, width-folded (NFKC)."""
    s = "".join(ch for ch in s if not ch.isspace() and unicodedata.category(ch) not in ("Cc", "Cf", "Cs"))
    return unicodedata.normalize("NFKC", s)


_SURROGATE = re.compile("[\ud800-\udfff]")

# Small and derandomized by default (the suite must stay fast and stable); for a deep
# run: UNIONNLP_ROBUSTNESS_EXAMPLES=500 pytest tests/test_robustness.py (random seeds).
_DEEP = int(os.environ.get("UNIONNLP_ROBUSTNESS_EXAMPLES", "0"))
_HC = [HealthCheck.too_slow, HealthCheck.data_too_large]
SETTINGS = settings(deadline=None, max_examples=_DEEP or 30, derandomize=not _DEEP,
                    suppress_health_check=_HC)
SETTINGS_FEW = settings(deadline=None, max_examples=_DEEP // 3 or 12, derandomize=not _DEEP,
                        suppress_health_check=_HC)


def extract_default(text):
    """The default layers; a missing model only warns (the rule layer still runs)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return unionnlp.extract(text)


# ----------------------------------------------------------------------------
# The invariants


def assert_sound(doc: Document, text: str) -> None:
    """Every property a result must have, whatever the input."""
    assert isinstance(doc, Document)
    assert doc.text == text
    n = len(text)
    ids = [e.id for e in doc.entities]
    assert len(ids) == len(set(ids)), f"duplicate entity ids {ids}"
    for e in doc.entities:
        assert 0 <= e.start < e.end <= n, e
        assert text[e.start:e.end] == e.text, e
        assert e.label in ("ORG", "PERSON", "TITLE", "COUNT", "PROGRAM")
    spans = sorted(doc.entities, key=lambda e: (e.start, e.end))
    for a, b in zip(spans, spans[1:]):
        assert b.start >= a.end, f"overlap: {a} / {b}"
    for d in doc.duplicates:
        assert 0 <= d.copy_of < d.start < d.end <= n, d
        body = _content(text[d.start:d.end])
        assert len(body) >= 20, d
        assert _content(text[d.copy_of:d.copy_of + 4 * (d.end - d.start) + 50]).startswith(body), \
            f"not a repeat: {d}"
        for e in doc.entities:
            assert e.end <= d.start or e.start >= d.end, f"{e} inside duplicate {d}"
    by_id = {e.id: e for e in doc.entities}
    for r in doc.relations:
        assert isinstance(by_id.get(r.person), Person), r
        assert isinstance(by_id.get(r.title), Title), r
        assert r.org is None or isinstance(by_id.get(r.org), Organization), r
    last = 0
    for a in doc.articles:
        assert last <= a.start < a.end <= n, doc.articles
        assert a.headline is None or a.headline in text[a.start:a.end], a
        last = a.end
    d = doc.to_dict()
    assert validate_record(d) == []
    assert Document.from_dict(d) == doc
    if not _SURROGATE.search(text):  # json joins two lone surrogates into one character
        assert Document.from_dict(json.loads(json.dumps(d, ensure_ascii=False))) == doc


def run_rules(text: str) -> Document:
    doc = unionnlp.extract(text, layers=RULES)
    assert_sound(doc, text)
    again = unionnlp.extract(text, layers=RULES)
    assert again.to_dict() == doc.to_dict(), "extraction is not deterministic"
    return doc


def test_the_checker_itself_catches_broken_documents():
    """assert_sound must fail on each kind of broken result (else the properties prove nothing)."""
    from unionnlp.types import Duplicate, Holds

    text = "丰台区总工会主席王建国到场。丰台区总工会主席王建国到场，慰问职工。"
    good = unionnlp.extract(text, layers=RULES)
    assert_sound(good, text)
    org, title, person = good.entities[:3]
    broken = [
        Document("d", text, entities=(Organization("e1", 0, 5, "丰台区总工会"),)),          # text mismatch
        Document("d", text, entities=(Organization("e1", 0, 6, "丰台区总工会"),
                                      Title("e2", 5, 8, text[5:8]))),                     # overlap
        Document("d", text, entities=(org, Title("e1", 6, 8, "主席"))),                     # same id
        Document("d", text, duplicates=(Duplicate(14, 20, 0),)),                           # too short
        Document("d", text, entities=good.entities, relations=(Holds(title.id, person.id, org.id),)),
        Document("d", text, entities=good.entities, relations=(Holds(person.id, title.id, "e99"),)),
        Document("d", text, articles=(Article(0, 10), Article(5, 20))),                    # overlapping
    ]
    for doc in broken:
        with pytest.raises(AssertionError):
            assert_sound(doc, text)
    p = "北京市总工会党组书记、主席王建国到丰台区调研，130余家企业参加。"
    page = p + "\n" + p
    dup = Duplicate(len(p) + 1, len(page), 0)
    assert_sound(Document("d", page, duplicates=(dup,)), page)
    with pytest.raises(AssertionError, match="inside duplicate"):
        assert_sound(Document("d", page, entities=(Organization("e1", dup.start, dup.start + 6, "北京市总工会"),),
                              duplicates=(dup,)), page)


# ----------------------------------------------------------------------------
# Strategies: arbitrary Unicode

surrogates = st.integers(0xD800, 0xDFFF).map(chr)
controls = st.sampled_from(["\x00", "\x01", "\x07", "\x08", "\t", "\x0b", "\x0c", "\x1b", "\x1c",
                            "\x7f", "\x85", "\u2028", "\u2029", "\ufeff", "\u200b", "\u200d",
                            "\u00ad", "\ufffd", "\r", "\n", "\r\n", "\u3000", "\xa0"])
emoji = st.sampled_from(["😀", "👍", "🎉", "👷\u200d♀️", "🇨🇳", "❤️", "🔥", "\U0001F9D1\U0001F3FD"])
any_char = st.one_of(st.characters(), surrogates, controls, emoji)  # some "chars" are several code points
any_text = st.lists(any_char, max_size=300).map("".join)

# Tokens of the genre, simplified, traditional and full-width, and junk around them.
GENRE_TOKENS = [
    "丰台区", "朝阳区", "南京市", "江苏省", "成都市", "武侯区", "玉林街道", "该镇", "区", "市", "省",
    "总工会", "工会", "工会联合会", "工会工作委员会", "区委", "市人大常委会", "交通运输局", "有限公司",
    "市总", "区总", "全总", "党组书记", "、", "常务副主席", "主席", "副主任", "三级调研员", "书记",
    "王建国", "李秀梅", "张某", "阿依古丽·买买提", "欧阳", "记者", "通讯员", "本报讯（", "）",
    "130", "余", "家", "１２", "名", "1.2万", "近百", "95%", "９５％", "十二", "两", "支", "万元",
    "“", "”", "区级工会加强年", "产改", "“五一”劳动奖章", "送温暖", "职工技能大赛", "《", "》",
    "，", "。", "；", "：", "！", "？", "\n", "\r\n", "\n\n", " ", "\u3000", "**", "#",
    "總工會", "黨組書記", "區", "餘", "職工", "豐臺區", "廣州市", "勞動", "會議",
    "2024年3月2日", "第一次", "首届", "二十大", "十四五", "2号院", "一支队伍",
    "责任编辑：", "来源：", "发布时间：", "【打印】【关闭】", "首页 > 新闻中心",
]
genre_text = st.lists(st.one_of(st.sampled_from(GENRE_TOKENS), any_char), max_size=120).map("".join)


# ----------------------------------------------------------------------------
# Strategies: pages assembled from invented fragments

REGIONS = ["丰台区", "朝阳区", "鼓楼区", "武侯区", "天河区", "江宁区", "昆山市", "南京市", "广州市",
           "成都市", "江苏省", "四川省", "广东省", "北京市", "上海市", "金盏地区", "玉林街道", "怀柔镇"]
BODIES = ["总工会", "工会", "工会联合会", "区委", "市委", "人大常委会", "政协", "人力资源和社会保障局",
          "交通运输局", "职工服务中心", "机械制造有限公司", "第一人民医院", "实验小学", "产改协调小组"]
TITLES = ["党组书记", "主席", "常务副主席", "副主席", "党组成员", "副主任", "经费审查委员会主任",
          "三级调研员", "一级巡视员", "书记", "副书记", "常委", "部长", "局长", "总经理", "女工委员会主任"]
NAMES = ["王建国", "李秀梅", "张立群", "陈晓东", "刘芳", "周航", "林晓", "赵红", "孙志强", "郑丽娟",
         "欧阳明", "马海燕", "阿依古丽·买买提", "黄某某", "何某"]
COUNTS = ["130余家", "27支", "1.2万余名", "35.6万元", "近百名", "95%", "两支", "十二个", "300多人次",
          "１２０余名", "５０万元", "约2000名", "逾千名", "八成", "上百场", "4.5万户"]
NOUNS = ["企业负责人", "职工", "劳模工匠", "快递小哥", "外卖骑手", "一线工人", "女职工", "户困难职工家庭",
         "服务站点", "技能人才", "新就业形态劳动者"]
PROGRAMS = ["“区级工会加强年”", "产业工人队伍建设改革", "产改", "“民主日”", "“六送”", "“能力提升年”",
            "“五一”劳动奖章", "工人先锋号", "“夏送清凉、冬送温暖”", "金秋助学", "“暖心驿站”",
            "“访企业，近职工”", "职工互助保障", "“蓉e工”小程序", "劳动和技能竞赛"]
VERBS = ["召开", "组织", "开展", "走访", "慰问", "调研", "部署", "启动", "推进", "表彰"]
BOILERPLATE = ["首页 | 工会新闻 | 劳模风采 | 维权服务 | 联系我们", "发布时间：2024-05-06 09:30 来源：本站",
               "作者：本站编辑", "【打印】【关闭】", "责任编辑：张三", "分享到：微信 微博 QQ空间",
               "原文链接：http://www.example.cn/news/1.html", "免责声明：本站转载内容仅供参考",
               "上一篇：无 下一篇：无", "扫一扫在手机打开当前页"]
BYLINES = ["本报讯（记者 {a} 通讯员 {b}）", "（记者 {a}）", "记者 {a} 报道", "通讯员：{b}",
           "（{a} {b}）", "文/{a} 图/{b}", "供稿：{b}", "編輯：{a}"]

FW_DIGITS = str.maketrans("0123456789%.", "０１２３４５６７８９％．")
TRAD = str.maketrans({"区": "區", "总": "總", "会": "會", "书": "書", "记": "記", "组": "組",
                      "党": "黨", "职": "職", "门": "門", "东": "東", "长": "長", "万": "萬",
                      "余": "餘", "务": "務", "员": "員", "广": "廣", "庆": "慶", "劳": "勞",
                      "动": "動", "奖": "獎", "协": "協", "调": "調", "开": "開", "为": "為",
                      "业": "業", "产": "產", "发": "發", "这": "這", "个": "個", "们": "們"})

pick = st.sampled_from


@st.composite
def org_name(draw):
    return draw(pick(REGIONS)) + draw(pick(BODIES))


@st.composite
def official_chain(draw):
    """``某某区总工会党组书记、主席王建国`` and longer chains over several bodies."""
    parts = []
    for _ in range(draw(st.integers(1, 3))):
        titles = draw(st.lists(pick(TITLES), min_size=1, max_size=3))
        parts.append(draw(org_name()) + "、".join(titles))
    chain = "，".join(parts) + draw(pick(NAMES))
    if draw(st.booleans()):
        chain += "、" + draw(pick(NAMES))
    return chain


@st.composite
def paragraph(draw):
    kind = draw(st.integers(0, 6))
    o, v, c, nn = draw(org_name()), draw(pick(VERBS)), draw(pick(COUNTS)), draw(pick(NOUNS))
    p = draw(pick(PROGRAMS))
    if kind == 0:
        s = f"近日，{o}{v}{p}推进会，{c}{nn}参加。"
    elif kind == 1:
        s = f"{draw(official_chain())}出席会议并讲话。"
    elif kind == 2:
        s = f"{draw(official_chain())}一行到{draw(org_name())}{v}，看望慰问{c}{nn}。"
    elif kind == 3:
        s = f"今年以来，{o}累计投入{c}资金，建成{draw(pick(COUNTS))}{nn}，惠及{draw(pick(COUNTS))}职工。"
    elif kind == 4:
        s = f"会议要求，各级工会要深化{p}，持续开展{draw(pick(PROGRAMS))}活动，切实维护职工合法权益。"
    elif kind == 5:
        s = f"该{draw(pick(['镇', '区', '街道', '市']))}总工会{draw(pick(TITLES))}{draw(pick(NAMES))}表示，将以{p}为抓手，{v}{nn}服务。"
    else:
        s = f"{draw(pick(NAMES))}是{o}的一名{nn}，曾获{p}称号，带领{c}{nn}完成攻关。"
    return s


@st.composite
def story(draw):
    lines = []
    if draw(st.booleans()):
        lines.append(f"{draw(org_name())}{draw(pick(VERBS))}{draw(pick(PROGRAMS))}工作")
    if draw(st.booleans()):
        lines.append(draw(pick(BYLINES)).format(a=draw(pick(NAMES)), b=draw(pick(NAMES))))
    paras = draw(st.lists(paragraph(), min_size=1, max_size=5))
    if draw(st.booleans()):  # a layout repeat of an earlier paragraph
        paras.insert(draw(st.integers(1, len(paras))), draw(pick(paras)))
    lines.extend(paras)
    if draw(st.booleans()):
        lines.append(f"（{draw(pick(NAMES))} {draw(pick(NAMES))}）")
    if draw(st.booleans()):
        lines.append("图为" + draw(paragraph()))
    return lines


def _break_lines(text: str, cuts: list[int], indent: str) -> str:
    """Page-layout damage: line breaks (with indentation) at arbitrary positions."""
    out, last = [], 0
    for c in sorted(set(x % (len(text) + 1) for x in cuts)):
        out.append(text[last:c])
        last = c
    out.append(text[last:])
    return ("\n" + indent).join(out)


@st.composite
def page(draw):
    lines = []
    if draw(st.booleans()):
        lines.extend(draw(st.lists(pick(BOILERPLATE), max_size=3)))
    for _ in range(draw(st.integers(1, 3))):
        lines.extend(draw(story()))
        if draw(st.booleans()):
            lines.append(draw(pick(BOILERPLATE)))
    sep = draw(pick(["\n", "\n\n", "\r\n", "\n　　", "\r\n\r\n"]))
    text = sep.join(lines)
    if draw(st.booleans()):
        text = _break_lines(text, draw(st.lists(st.integers(0, 10_000), max_size=6)),
                            draw(pick(["", "  ", "\u3000\u3000"])))
    if draw(st.booleans()):
        text = text.translate(FW_DIGITS)
    if draw(st.booleans()):
        text = text.translate(TRAD)
    if draw(st.booleans()):  # stray junk of the kind scrapers leave
        junk = draw(st.lists(st.tuples(st.integers(0, 10_000), st.one_of(controls, emoji, surrogates)),
                             max_size=4))
        for pos, ch in sorted(junk, reverse=True):
            pos %= len(text) + 1
            text = text[:pos] + ch + text[pos:]
    return text


# ----------------------------------------------------------------------------
# Property tests


@SETTINGS
@given(any_text)
def test_arbitrary_unicode(text):
    run_rules(text)


@SETTINGS
@given(genre_text)
def test_token_soup_of_the_genre(text):
    run_rules(text)


@SETTINGS
@given(page())
def test_assembled_pages(text):
    doc = run_rules(text)
    assert doc.articles, "a page with text has at least one article"


@SETTINGS_FEW
@given(page())
def test_assembled_pages_default_layers(text):
    assert_sound(extract_default(text), text)


@SETTINGS_FEW
@given(any_text)
def test_arbitrary_unicode_default_layers(text):
    assert_sound(extract_default(text), text)


@SETTINGS_FEW
@given(st.lists(paragraph(), min_size=1, max_size=3), st.integers(1, 3))
def test_long_single_line(paras, times):
    """A whole page on one line (no line breaks at all), repeated."""
    text = "".join(paras) * times
    run_rules(text)


@SETTINGS_FEW
@given(page())
def test_crlf_and_lf_agree(text):
    """Windows line endings give the same entities (shifted by the extra \\r)."""
    lf = text.replace("\r\n", "\n").replace("\r", "\n")
    crlf = lf.replace("\n", "\r\n")
    a, b = run_rules(lf), run_rules(crlf)
    assert [(e.label, e.text.replace("\r", "")) for e in a.entities] == \
           [(e.label, e.text.replace("\r", "")) for e in b.entities]


@SETTINGS_FEW
@given(page())
def test_bytes_in_any_supported_encoding(text):
    """UTF-8, UTF-8 with BOM and GB18030 bytes give the same result as the str."""
    text = text.encode("utf-8", "replace").decode("utf-8")  # no lone surrogates in bytes
    want = unionnlp.extract(text, layers=RULES).to_dict()
    for data in (text.encode("utf-8"), text.encode("gb18030")):
        got = unionnlp.extract(data, layers=RULES)
        assert got.text == text
        assert got.to_dict() == want
    bom = unionnlp.extract(b"\xef\xbb\xbf" + text.encode("utf-8"), layers=RULES)
    assert bom.text == text


# ----------------------------------------------------------------------------
# Hand-written cases (each was a plausible way to break offsets)

CASES = {
    "nul_inside_names": "北京市总工会\x00党组书记、主席王建国\x00到丰台区调研。",
    "lone_surrogates": "北京市总工会\ud800主席王建国到丰台区\udfff调研，130余家企业参加。",
    "emoji_and_zwj": "👍丰台区总工会👷\u200d♀️主席王建国🎉到场，慰问27支队伍。",
    "zero_width_in_name": "丰台区\u200b总工会主席\u200d王建国到场。",
    "full_width": "丰台区总工会组织１３０余家企业、２．５万名职工参加“区级工会加强年”活动。",
    "traditional": "豐臺區總工會黨組書記、主席張立群出席，一百三十餘家企業參加“產改”推進會。",
    "crlf_broken_name": "朝阳区金盏\r\n地区总工会主席李秀梅\r\n带领３５名职工。\r\n",
    "lone_cr": "丰台区总工会主席\r王建国\r到场。",
    "line_separators": "丰台区总工会\u2028主席王建国\u2029到场。\x85",
    "only_quotes": "“”“”《》《》“" * 50,
    "unclosed_quote": "开展“区级工会加强年" + "活动" * 300,
    "bom_in_middle": "丰台区总工会\ufeff主席王建国到场。",
    "dup_at_start": "北京市总工会党组书记、主席王建国到丰台区调研，130余家企业参加。\n"
                    "北京市总工会党组书记、主席王建国到丰台区调研，130余家企业参加。",
    "numbers_only": "1234567890" * 200,
    "punct_only": "。，、；：！？" * 300,
    "long_name_run": "丰台区" + "朝阳" * 500 + "总工会主席王建国到场。",
    "title_run": "、".join(["党组书记", "主席", "副主任"] * 200) + "王建国",
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_hand_written_cases(name):
    run_rules(CASES[name])
    assert_sound(extract_default(CASES[name]), CASES[name])


def test_same_results_when_the_paragraph_is_repeated():
    """A repeated paragraph is reported once and its entities are not found twice."""
    p = "丰台区总工会党组书记、主席王建国到玉林街道调研，130余家企业参加座谈。"
    text = "丰台区总工会开展走访\n" + p + "\n会议要求各级工会做好服务。\n" + p + "\n"
    doc = run_rules(text)
    assert len(doc.duplicates) == 1
    assert doc.duplicates[0].copy_of == text.index(p)
    once = unionnlp.extract("丰台区总工会开展走访\n" + p + "\n会议要求各级工会做好服务。\n", layers=RULES)
    assert [(e.label, e.text) for e in doc.entities] == [(e.label, e.text) for e in once.entities]


# ----------------------------------------------------------------------------
# Bad input types, empty input


@pytest.mark.parametrize("value", [None, 42, 3.5, ["丰台区总工会"], {"text": "x"}, ("a",)])
def test_non_text_is_a_type_error_naming_the_type(value):
    with pytest.raises(TypeError, match=type(value).__name__):
        unionnlp.extract(value, layers=RULES)
    with pytest.raises(TypeError, match=type(value).__name__):
        unionnlp.Extractor(layers=RULES)(value)


@pytest.mark.parametrize("text", ["", " ", "\n", "\r\n\r\n", "\t \u3000 \n", "\u3000" * 100, "\n" * 1000])
def test_empty_and_whitespace_give_an_empty_document(text):
    for doc in (unionnlp.extract(text, layers=RULES), extract_default(text)):
        assert doc.text == text
        assert doc.entities == () and doc.relations == () and doc.duplicates == ()
        assert validate_record(doc.to_dict()) == []
    assert unionnlp.extract(text.encode("utf-8"), layers=RULES).entities == ()


def test_bytes_utf8_and_gb18030_decode():
    text = "江苏省总工会党组书记、常务副主席陈晓东到昆山市调研，慰问１２０余名一线职工。"
    want = unionnlp.extract(text, layers=RULES)
    assert want.entities, "the example should give entities"
    for data in (text.encode("utf-8"), text.encode("utf-8-sig"), text.encode("gb18030"),
                 bytearray(text.encode("gb18030")), memoryview(text.encode("utf-8"))):
        got = unionnlp.extract(data, layers=RULES)
        assert got.text == text
        assert got.to_dict() == want.to_dict()


def test_undecodable_bytes_raise_a_clear_error():
    with pytest.raises(ValueError, match="UTF-8|GB18030"):
        unionnlp.extract(b"\xff\xfe\xfa\x80\x81\xff" * 3, layers=RULES)


def test_bad_layers_are_rejected():
    with pytest.raises(ValueError):
        unionnlp.extract("丰台区总工会", layers=("rulez",))
    with pytest.raises(ValueError):
        unionnlp.extract("丰台区总工会", layers=())


# ----------------------------------------------------------------------------
# Output writing: a document of any str must be writable and readable back


def test_write_jsonl_round_trips_odd_characters(tmp_path):
    texts = ["丰台区总工会\x00主席王建国到场。", "丰台区总工会😀主席王建国到场。\u2028", "\r\n\r\n丰台区总工会"]
    docs = [unionnlp.extract(t, id=f"d{i}", layers=RULES) for i, t in enumerate(texts)]
    p = tmp_path / "out.jsonl"
    unionnlp.write_jsonl(docs, p)
    assert [d.to_dict() for d in unionnlp.read_jsonl(p)] == [d.to_dict() for d in docs]


def test_write_jsonl_lone_surrogate(tmp_path):
    doc = unionnlp.extract("北京市总工会\ud800主席王建国到场。", layers=RULES)
    p = tmp_path / "out.jsonl"
    unionnlp.write_jsonl([doc], p)
    assert unionnlp.read_jsonl(p)[0].text == doc.text


# ----------------------------------------------------------------------------
# Very large input, under a CPU-time budget (SIGPROF) so that a slow case fails
# instead of hanging the suite, and other load on the machine does not count.

#: CPU seconds allowed for 1 MB of pathological text. The unpunctuated megabyte, one story of
#: ~40,000 ORG mentions, takes ~12 s on the development machine (10.5 s before the second
#: session's rules). A quadratic step would take minutes, so this bound still catches one.
BIG_BUDGET_S = 20.0


class OutOfTime(Exception):
    pass


@contextmanager
def cpu_budget(seconds: float):
    if not hasattr(signal, "setitimer"):
        pytest.skip("needs signal.setitimer (POSIX)")

    def _stop(signum, frame):
        raise OutOfTime(f"not done after {seconds:.0f} CPU seconds")

    old = signal.signal(signal.SIGPROF, _stop)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, old)


def _no_punctuation_megabyte() -> str:
    """Union news with every punctuation mark and line break removed."""
    rnd = random.Random(5)
    words = ["丰台区总工会", "党组书记", "主席", "王建国", "到", "玉林街道", "调研", "慰问", "130余家",
             "企业", "职工", "开展", "区级工会加强年", "活动", "会议", "要求", "各级工会", "做好",
             "服务", "近百名", "劳模", "工匠", "参加", "座谈", "今年以来", "累计", "投入", "35.6万元"]
    parts, n = [], 0
    while n < 1_000_000:
        w = rnd.choice(words)
        parts.append(w)
        n += len(w)
    return "".join(parts)[:1_000_000]


def _extract_big(text: str) -> tuple[float, Document]:
    unionnlp.extract("北京市总工会党组书记、主席王建国到丰台区调研，130余家企业参加。", layers=RULES)  # lazy loads
    t0 = time.process_time()
    try:
        with cpu_budget(BIG_BUDGET_S):
            doc = unionnlp.extract(text, layers=RULES)
    except OutOfTime as exc:
        pytest.fail(f"1 MB: {exc}")
    return time.process_time() - t0, doc


def test_one_megabyte_of_one_character():
    text = "工" * 1_000_000
    secs, doc = _extract_big(text)
    assert all(text[e.start:e.end] == e.text for e in doc.entities)
    assert secs < BIG_BUDGET_S


def test_one_megabyte_without_punctuation():
    text = _no_punctuation_megabyte()
    secs, doc = _extract_big(text)
    assert all(text[e.start:e.end] == e.text for e in doc.entities)
    assert secs < BIG_BUDGET_S
