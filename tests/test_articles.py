"""Story segmentation and bylines (all pages invented for these tests)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unionnlp.articles import segment
from unionnlp.normalize import normalize, to_simplified

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def run(raw: str):
    wt = normalize(raw)
    return wt, segment(wt)


def starts(raw: str) -> list[int]:
    wt, stories = run(raw)
    out = []
    for s in stories:
        a, _ = wt.to_raw(s.start, s.end)
        if s.headline:
            a = min(a, wt.to_raw(*s.headline)[0])
        out.append(a)
    return out


def persons(raw: str) -> list[tuple[str, str]]:
    wt, stories = run(raw)
    out = []
    for s in stories:
        for sp in s.spans:
            assert sp.label == "PERSON" and sp.source == "byline"
            out.append((wt.raw_text(sp.start, sp.end), sp.attrs["role"]))
    return sorted(out)


def trad(s: str) -> str:
    import opencc

    return opencc.OpenCC("s2t").convert(s)


# ----------------------------------------------------------------------------- segmentation

PLAIN_PAGE = """安徽工会新闻 第2版          2024年6月18日  星期二
要闻 | 基层 | 维权 | 图片新闻
省总启动2024年“送清凉”活动
本报讯（记者 程某燕 通讯员 鲁某博）6月17日，安徽省总工会在合肥举行“送清凉”活动启动仪式。
据介绍，今年全省各级工会计划筹集防暑降温慰问资金2860万元。
省教育工会举办青年教师教学竞赛
6月14日至16日，由省教育工会主办的全省高校青年教师教学竞赛在某某大学举行。
图为参赛教师进行现场说课。（摄影 唐某）
合肥市金融工会成立创新工作室联盟
本报讯 近日，合肥市金融工会牵头成立创新工作室联盟，首批吸纳17家创新工作室。（合某宣）
责任编辑：孔某媛"""


def test_plain_multi_story_page():
    raw = PLAIN_PAGE
    got = starts(raw)
    want = [raw.index("省总启动"), raw.index("省教育工会举办"), raw.index("合肥市金融工会成立")]
    assert got == want
    wt, stories = run(raw)
    assert stories[0].headline is not None
    assert wt.text[slice(*stories[0].headline)] == "省总启动2024年“送清凉”活动"
    # banner and menu belong to no story
    assert stories[0].start > raw.index("图片新闻")


def test_plain_page_bylines():
    assert persons(PLAIN_PAGE) == sorted([
        ("程某燕", "reporter"), ("鲁某博", "correspondent"), ("唐某", "photographer"),
        ("合某宣", "reporter"), ("孔某媛", "editor"),
    ])


def test_traditional_page_same_segmentation_and_bylines():
    raw = trad(PLAIN_PAGE)
    assert len(raw) == len(PLAIN_PAGE)
    assert starts(raw) == starts(PLAIN_PAGE)
    assert [r for _, r in persons(raw)] == [r for _, r in persons(PLAIN_PAGE)]
    assert {to_simplified(n) for n, _ in persons(raw)} == {n for n, _ in persons(PLAIN_PAGE)}


XWLB_LIKE = """国内联播快讯

**某某网消息**（新闻联播）：

**全国总工会启动冬季送温暖活动**

全国总工会近日印发通知，部署开展元旦春节送温暖活动，各级工会将走访慰问困难职工。

**某地新建户外劳动者服务站点三百个**

今天（1月5日），某地总工会发布，今年新建户外劳动者服务站点三百个。

**第二届职工技能大赛闭幕**

第二届职工技能大赛昨晚在某市闭幕，393名选手获得奖牌。"""


def test_bold_headlines_and_banner():
    raw = XWLB_LIKE
    assert starts(raw) == [raw.index("**全国总工会"), raw.index("**某地新建"), raw.index("**第二届")]
    wt, stories = run(raw)
    assert wt.text[slice(*stories[0].headline)] == "**全国总工会启动冬季送温暖活动**"
    assert stories[-1].end == len(wt.text)


def test_title_line_above_bold_stories():
    raw = ("某国工会呼吁应对关税冲击\n\n**某网消息**（新闻联播）：某国工会18日发表声明，呼吁协调应对。\n\n"
           "**另一国工会表示关注**\n\n另一国工会18日表示关注此事。")
    assert starts(raw) == [0, raw.index("**另一国")]


def test_web_page_boilerplate_outside_story():
    raw = ("当前所在:网站首页>工会要闻>市总动态\n"
           "市总工会启动2024年“金秋助学”活动\n"
           "发布时间：2024-08-20 09:30  来源：某市总工会  作者：宁某华\n"
           "8月19日，某市总工会召开2024年“金秋助学”活动启动会。\n"
           "【打印】【关闭】")
    wt, stories = run(raw)
    assert len(stories) == 1
    assert starts(raw) == [raw.index("市总工会启动")]
    s = stories[0]
    assert "打印" not in wt.text[s.start:s.end]
    assert persons(raw) == [("宁某华", "reporter")]


def test_meta_line_above_headline_credits_first_story():
    raw = ("发布时间：2023-11-03 16:20:11　来源：某县总工会　作者：钟某兰\n"
           "于都县：产改向乡镇延伸\n11月2日，某县总工会召开现场推进会。")
    assert starts(raw) == [raw.index("于都县")]
    assert persons(raw) == [("钟某兰", "reporter")]


def test_trailing_credits_and_widgets():
    raw = ("东街街道总工会开展新春送温暖\n岁末年初，东街街道总工会启动送温暖活动。\n"
           "来源：东街街道总工会\n编辑：郑某　审核：刘某平\n分享到：微信 微博 QQ空间\n阅读 1562")
    wt, stories = run(raw)
    assert len(stories) == 1
    body = wt.text[stories[0].start:stories[0].end]
    assert "审核" in body and "分享到" not in body
    assert persons(raw) == sorted([("郑某", "editor"), ("刘某平", "editor")])


def test_wechat_account_header_and_date_line():
    raw = ("青秀区总工会\n2023年11月22日 17:48 广西\n"
           "“工会娘家人”上门了！南湖街道为职工送来“健康大礼包”\n"
           "11月21日，南湖街道总工会联合医院志愿服务队开展职工义诊活动。")
    assert starts(raw) == [raw.index("“工会娘家人”")]


def test_briefs_column():
    raw = ("某区召开工会工作会议\n本报讯 3月2日，某区总工会召开会议。（王某）\n"
           "基层简讯\n●某区总工会近日为快递员送去春季工装。\n●某街道总工会举办职工书画展。")
    assert starts(raw) == [0, raw.index("基层简讯")]


def test_empty_and_blank():
    assert run("")[1] == [] and run(" \n\u3000 ")[1] == []


# ----------------------------------------------------------------------------- byline shapes

BYLINES = [
    ("标题\n本报讯（记者 林某晓 通讯员 周某航）3月2日，某区召开会议。",
     [("林某晓", "reporter"), ("周某航", "correspondent")]),
    ("标题\n本报北京3月14日电（记者 宋某音）3月13日，全总召开推进会。", [("宋某音", "reporter")]),
    ("标题\n本报讯（林某晓）3月2日，某区召开会议。", [("林某晓", "reporter")]),
    ("标题\n本报记者 任某航 通讯员 白某婷 摄影报道\n10月18日，某某大赛开赛。",
     [("任某航", "reporter"), ("白某婷", "correspondent")]),
    ("标题\n文/图 孙某琪\n4月26日，某公司工会召开表彰大会。", [("孙某琪", "reporter")]),
    ("标题\n3月2日，某区召开会议，部署全年工作。\n（供稿：左某鸥）", [("左某鸥", "correspondent")]),
    ("标题\n3月2日，某区召开会议，部署全年工作。\n（供稿：海淀区教育系统工会 邹某鸣）", [("邹某鸣", "correspondent")]),
    ("标题\n3月2日，某区召开会议，部署全年工作。\n（供稿：某某县总工会）", []),
    ("标题\n3月2日，某区召开会议，部署全年工作。（王某晨 李某冉）", [("李某冉", "reporter"), ("王某晨", "reporter")]),
    ("标题\n3月2日，某区召开会议，部署全年工作。\n（宋某 马某骏）", [("宋某", "reporter"), ("马某骏", "reporter")]),
    ("标题\n3月2日，某区召开会议，部署全年工作。记者 林某晓", [("林某晓", "reporter")]),
    ("标题\n3月2日，某区召开会议。\n图为会议现场。（记者 赵某福 摄）", [("赵某福", "reporter")]),
    ("标题\n3月2日，某区召开会议。\n图为会议现场。（赵某福 摄）", [("赵某福", "photographer")]),
    ("标题\n3月2日，某区召开会议。\n图为会议现场。本报记者 邹某 摄", [("邹某", "reporter")]),
    ("标题\n3月2日，某县总工会设立驿站。（图文：拉某）", [("拉某", "reporter")]),
    ("标题\n3月2日，某区召开会议。\n图为现场。（摄影 陆某豪）（蔡某诺 陆某豪）",
     [("蔡某诺", "reporter"), ("陆某豪", "photographer"), ("陆某豪", "reporter")]),
    ("标题\n3月2日，某区召开会议。\n本版责任编辑：宫某超", [("宫某超", "editor")]),
    ("标题\n3月2日，某区召开会议。\n图为会议现场。贺某 摄", [("贺某", "photographer")]),
    ("标题\n3月2日，某区召开会议。\n（图为观摩人员在车间参观。 赵某福 摄）", [("赵某福", "photographer")]),
    ("标题\n3月2日，某区召开会议。\n责任编辑：孔某媛", [("孔某媛", "editor")]),
    ("标题\n3月2日，某区召开会议。\n本版编辑：马某　美编：程某", [("程某", "editor"), ("马某", "editor")]),
    ("标题\n3月2日，某区召开会议。\n图片｜孟某岩\n编辑｜冯某　审核｜石某", [("冯某", "editor"), ("孟某岩", "photographer"), ("石某", "editor")]),
    ("标题\n本报讯（记者 阿不都沙拉木·热合曼 通讯员 孙某）1月10日，某市召开会议。",
     [("孙某", "correspondent"), ("阿不都沙拉木·热合曼", "reporter")]),
    ("标题\n本报讯（记者 林 晓）3月2日，某区召开会议。", [("林 晓", "reporter")]),
    ("标题\n本报讯（记者 朴某音 实习生 车某婷）10月14日，某市召开会议。",
     [("朴某音", "reporter"), ("车某婷", "editor")]),
]


@pytest.mark.parametrize("raw,want", BYLINES)
def test_byline_shapes(raw, want):
    assert persons(raw) == sorted(want)


@pytest.mark.parametrize("raw,want", BYLINES)
def test_byline_shapes_traditional(raw, want):
    t = trad(raw)
    got = [(to_simplified(n), r) for n, r in persons(t)]
    assert sorted(got) == sorted((to_simplified(trad(n)), r) for n, r in want)


def test_unmarked_closing_byline_is_reporter():
    # the scheme: unmarked names closing a story are reporters, whatever an
    # earlier credit said (each mention is annotated on its own)
    raw = ("标题\n本报讯（记者 朴某音 通讯员 车某婷）10月14日，某市召开会议。\n会议部署了全年工作。（朴某音 车某婷）")
    got = persons(raw)
    assert ("车某婷", "correspondent") in got and ("车某婷", "reporter") in got


@pytest.mark.parametrize("raw", [
    "标题\n会议通报了去年工作（2023年）",
    "标题\n3月2日，某区召开会议。（完）",
    "标题\n3月2日，某区召开会议。（据新华社）",
    "标题\n3月2日，某区召开会议。\n（以下简称市总）",
    "标题\n会上，记者从某区总工会了解到，今年将新建站点。",
])
def test_not_bylines(raw):
    assert persons(raw) == []


# ----------------------------------------------------------------------------- properties

FRAGS = [
    "丰台区召开工会工作推进会", "**快讯标题**", "本报讯（记者 林某 通讯员 周某）", "3月11日，区总工会召开会议。",
    "会议通报了去年工作。", "（王某 李某）", "责任编辑：孔某", "发布时间：2024-03-21", "国内联播快讯",
    "**某网消息**（新闻联播）：", "文/图 孙某", "（摄影 唐某）", "●简讯一则。", "2024年6月18日 星期二", "（",
    "）", "記者", "總工會", "😀", "\u200b",
]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(FRAGS), st.sampled_from(["", "\n", "\n\n", " "])), max_size=30))
def test_property_segment(parts):
    raw = "".join(f + s for f, s in parts)
    wt, stories = run(raw)
    prev_end = 0
    for s in stories:
        assert prev_end <= s.start < s.end <= len(wt.text)
        prev_end = s.end
        if s.headline:
            assert s.start <= s.headline[0] < s.headline[1] <= s.end
        for sp in s.spans:
            assert s.start <= sp.start < sp.end <= s.end or sp.end <= stories[0].start
            rs, re_ = wt.to_raw(sp.start, sp.end)
            assert raw[rs:re_].strip() == raw[rs:re_]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=200))
def test_property_segment_arbitrary(raw):
    wt, stories = run(raw)
    for s in stories:
        assert 0 <= s.start < s.end <= len(wt.text)


# ----------------------------------------------------------------------------- dev data


def test_article_starts_on_shared_dev():
    path = SHARED / "dev" / "xwlb_dev.jsonl"
    if not path.exists():
        pytest.skip("../shared/dev not present")
    tp = fp = fn = 0
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec.get("articles") is None:
                continue
            gold = {a["start"] for a in rec["articles"]}
            pred = set(starts(rec["text"]))
            tp += len(gold & pred)
            fp += len(pred - gold)
            fn += len(gold - pred)
    f1 = 2 * tp / (2 * tp + fp + fn)
    assert f1 >= 0.95, (tp, fp, fn)


def test_title_repeated_in_bold_and_bold_heading_runs_are_one_heading():
    raw = ("某某会议在北京举行\n\n**某某会议在北京举行**\n\n**某某发表重要讲话 某某作总结讲话**\n\n"
           "**某某出席会议**\n\n某某会议12月10日至11日在北京举行。\n\n**（2024年12月11日）**\n\n会议认为，今年工作成效明显。")
    assert starts(raw) == [0]


def test_large_inputs_segment_linearly():
    body = "".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(200_000))
    for raw in (body, "记者" + body, "（" * 50_000 + "记者 " * 20_000, ("**" + "工" * 150 + "**\n") * 2000,
                "。" * 200_000):
        wt, stories = run(raw)
        assert all(0 <= s.start < s.end <= len(wt.text) for s in stories)


def test_masthead_above_headline():
    raw = "某某工人日报\n某区召开工会工作推进会\n本报讯（记者 林某）3月2日，某区总工会召开推进会。"
    assert starts(raw) == [raw.index("某区召开")]
    raw = "引题：劳动创造幸福\n某区召开工会工作推进会\n本报讯（记者 林某）3月2日，某区总工会召开推进会。"
    assert starts(raw) == [0]  # a kicker line belongs to the heading


WECHAT_POST = """武侯工会
2024-05-08 09:12 发表于四川
原创
区总工会开展“职工健康月”活动
5月7日，武侯区总工会在辖区12个街道启动“职工健康月”活动，区总工会副主席李晓峰出席启动仪式。
活动期间，区总工会将组织义诊、健康讲座等30余场次，覆盖职工5000余人。
{links}
"""


@pytest.mark.parametrize("links", [
    "▼往期推荐▼\n👉玉林街道总工会举办职工篮球赛\n👉浆洗街街道总工会开展送清凉活动！\n👉区总工会召开第三次全委会",
    "往期回顾\n\n玉林街道总工会举办职工篮球赛\n\n浆洗街街道总工会开展送清凉活动！",
    "推荐阅读\n簇桥街道总工会慰问一线职工\n晋阳街道工会联合会开展普法讲座\n\n点击蓝字 关注我们",
    "👉玉林街道总工会举办职工篮球赛\n👉浆洗街街道总工会开展送清凉活动！",
])
def test_wechat_related_post_links_are_boilerplate(links):
    raw = WECHAT_POST.format(links=links)
    wt, stories = run(raw)
    assert len(stories) == 1
    st = stories[0]
    assert wt.text[st.start:st.end].startswith("区总工会开展")  # the account name and 原创 are outside
    assert wt.text[st.start:st.end].rstrip().endswith("5000余人。")
    assert starts(raw) == [raw.index("区总工会开展")]
    import unionnlp

    doc = unionnlp.extract(raw)
    assert not [e for e in doc.entities if "街道" in e.text]  # no mentions from the link list


def test_related_list_before_a_story_keeps_its_headline():
    raw = ("首页 | 新闻 | 基层\n推荐阅读\n某某街道总工会举办篮球赛\n区总工会召开全委会\n"
           "区总工会开展送温暖活动\n1月5日，区总工会启动送温暖活动，慰问困难职工200余户。\n")
    assert starts(raw) == [raw.index("区总工会开展送温暖活动")]


def test_single_line_input_is_one_story():
    import unionnlp

    for raw in ("区总工会主席王某出席。", "区总工会主席王某出席"):
        wt, stories = run(raw)
        assert len(stories) == 1 and (stories[0].start, stories[0].end) == (0, len(raw))
        doc = unionnlp.extract(raw)
        assert [(a.start, a.end) for a in doc.articles] == [(0, len(raw))]
        assert [(e.text, e.label) for e in doc.entities] == [("区总工会", "ORG"), ("主席", "TITLE"), ("王某", "PERSON")]
