"""Working text: repairs, offsets back to the raw text, duplicates, boilerplate, bad input.

All example texts are invented for these tests.
"""
from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unionnlp.normalize import (
    MIN_DUPLICATE, WorkingText, fold, is_boilerplate_line, looks_traditional, normalize, to_simplified,
)

WS = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e]+")


def squeeze(s: str) -> str:
    return WS.sub("", s)


def working(wt: WorkingText, needle: str) -> tuple[int, int]:
    i = wt.text.index(needle)
    return i, i + len(needle)


def check_invariants(raw: str, wt: WorkingText) -> None:
    """Offsets map back exactly; duplicates are real, non-overlapping repeats."""
    assert wt.raw is raw
    assert len(wt.text) == len(wt.offsets)
    offs = list(wt.offsets)
    assert all(a < b for a, b in zip(offs, offs[1:])), "offsets strictly increasing"
    assert all(0 <= o < len(raw) for o in offs)
    folded = fold(raw, cr_newline="\r" in raw and "\n" not in raw)
    conv = to_simplified(folded) if wt.traditional else folded
    for i, o in enumerate(offs):
        c = wt.text[i]
        # each working char is its raw char folded (and converted), or a space
        # standing for a repaired break between two Latin words
        assert c == conv[o] or (c == " " and raw[o].isspace()), (i, o, c, raw[o])
    kept = set(offs)
    in_dup = set()
    for d in wt.duplicates:
        in_dup.update(range(d.start, d.end))
    for j, ch in enumerate(raw):
        if j not in kept:
            # only whitespace (control characters count: they fold to spaces) is dropped
            assert j in in_dup or WS.fullmatch(conv[j]), (j, ch)
    for d in wt.duplicates:
        assert d.copy_of < d.start < d.end <= len(raw)
        # identical after folding and conversion (full-width/ASCII, traditional/simplified)
        copy = squeeze(conv[d.start:d.end])
        assert len(copy) >= MIN_DUPLICATE
        orig = squeeze(conv[d.copy_of:d.start])
        assert orig.startswith(copy), "the original precedes the copy and does not overlap it"
        # no working character comes from inside a duplicate
        assert not any(d.start <= o < d.end for o in offs)
    for s, e in wt.boilerplate:
        assert 0 <= s < e <= len(wt.text)


# ----------------------------------------------------------------------------- line breaks


def test_join_inside_org_name_keeps_break_in_raw_span():
    raw = ("本报讯（记者 林晓）3月2日，丰台区总工会召开全区工会工作会议，区总\n"
           "工会党组书记、主席郭庆岚出席并讲话。")
    wt = normalize(raw)
    s, e = working(wt, "区总工会党组书记")
    rs, re_ = wt.to_raw(s, s + 4)
    assert raw[rs:re_] == "区总\n工会"
    check_invariants(raw, wt)


def test_join_inside_person_name():
    raw = "彝绣技能大赛开赛\n比赛在县职业技术学校举行。\n会上，县委常委、县总工会主席阿西\n木呷观看比赛，并为获奖选手颁奖。"
    wt = normalize(raw)
    s, e = working(wt, "阿西木呷")
    assert wt.raw_text(s, e) == "阿西\n木呷"


def test_join_after_clause_line_and_leading_punctuation():
    raw = "今年县总工会共筹集助学资金四十二万元，资助困难职工家庭子女二百\n一十名\n，其中新考入大学的每人3000元。"
    wt = normalize(raw)
    assert "二百一十名，其中" in wt.text


def test_dictionary_word_across_short_line():
    raw = "江宁区召开产业工人队伍建设改\n革推进会\n本报讯（通讯员 曹某）5月8日，江宁区召开会议。"
    wt = normalize(raw)
    assert wt.text.startswith("江宁区召开产业工人队伍建设改革推进会\n")


def test_no_join_after_sentence_end_headline_or_byline():
    raw = ("丰台区召开“区级工会加强年”工作推进会\n"
           "本报讯（记者 林晓）3月11日，丰台区总工会召开推进会。\n"
           "会议通报了去年工作。\n"
           "**下一条快讯的标题**\n"
           "正文。")
    wt = normalize(raw)
    assert wt.text == raw  # nothing to repair


def test_headline_with_comma_before_dated_body_not_joined():
    raw = "坚持党建引领，推动产改走深走实\n3月2日，某某区总工会召开产改推进会。"
    wt = normalize(raw)
    assert "\n3月2日" in wt.text


def test_name_cut_after_surname():
    raw = "近日，某区总工会公布评选结果。\n轧钢厂党总支书记兼工会主席彭\n晓东说，要把职工之家建成暖心家园。"
    wt = normalize(raw)
    s, e = working(wt, "彭晓东")
    assert wt.raw_text(s, e) == "彭\n晓东"


def test_place_colon_headline_not_joined_to_body():
    raw = "会议部署了工作。（申某彤）\n锦州：互助保障为4.2万职工撑起“保护伞”\n今年以来，锦州市总工会推进互助保障扩面。"
    assert "\n今年以来" in normalize(raw).text


def test_unbalanced_quote_joins_headline_line():
    raw = "“德胜职工\n说”议事会上的回音\n近日，德胜街道总工会在新址召开议事会。"
    wt = normalize(raw)
    assert wt.text.startswith("“德胜职工说”议事会上的回音")
    s, e = working(wt, "德胜职工说")
    assert wt.raw_text(s, e) == "德胜职工\n说"


def test_latin_words_keep_a_space():
    raw = "职工可下载“京工之家”APP，登录后在“会员服务”页面选择Union\nCard服务办理，全程约需五分钟即可完成。"
    wt = normalize(raw)
    assert "Union Card" in wt.text
    check_invariants(raw, wt)


def test_wrapped_page_width_detected():
    lines = ["十二个字的版面行宽度这样", "继续写下去直到这一行满了", "第三行同样是十二个字宽度",
             "最后一行结束。"]
    raw = "\n".join(lines)
    wt = normalize(raw)
    assert "\n" not in wt.text


# ----------------------------------------------------------------------------- folding, traditional


def test_fullwidth_digits_letters_spaces_fold_one_to_one():
    raw = "发放慰问金１２００万元，覆盖ＡＢＣ公司　９５％的职工。"
    wt = normalize(raw)
    assert "1200万元" in wt.text and "ABC公司 95%" in wt.text
    s, e = working(wt, "1200万元")
    assert wt.raw_text(s, e) == "１２００万元"
    check_invariants(raw, wt)


def test_traditional_converted_for_matching_spans_stay_traditional():
    raw = "該鎮總工會黨組書記、主席韓建國出席會議，全縣１３０餘家企業參加。"
    assert looks_traditional(raw)
    wt = normalize(raw)
    assert wt.traditional
    assert "该镇总工会党组书记" in wt.text and "130余家" in wt.text
    s, e = working(wt, "镇总工会")
    assert wt.raw_text(s, e) == "鎮總工會"
    check_invariants(raw, wt)


def test_simplified_page_not_converted():
    wt = normalize("北京市总工会召开会议。")
    assert not wt.traditional


def test_traditional_line_break_repair():
    raw = "本報訊（記者 林曉）日前，石景山區總\n工會召開全區工會工作會議，部署今年重點工作。"
    wt = normalize(raw)
    s, e = working(wt, "石景山区总工会")
    assert wt.raw_text(s, e) == "石景山區總\n工會"


# ----------------------------------------------------------------------------- duplicates


def test_repeated_paragraph_removed_and_reported():
    para = "申请人可通过“津工惠”客户端在线提交申请，也可到所在区总工会服务窗口办理。"
    raw = ("市总工会启动助学活动\n8月19日，市总工会召开启动会。\n" + para + "\n"
           "申请人可通过“津工惠”客户端在线提交申请，也可到所在区总\n工会服务窗口办理。\n"
           "会议要求各区做到应助尽助。")
    wt = normalize(raw)
    assert len(wt.duplicates) == 1
    d = wt.duplicates[0]
    assert raw[d.start:d.end].startswith("申请人") and raw[d.start:d.end].endswith("办理。")
    assert d.copy_of == raw.index(para)
    assert wt.text.count("申请人可通过") == 1
    check_invariants(raw, wt)


def test_partial_line_repeat_ends_before_clause_punctuation():
    first = "1月18日上午，区总工会副主席魏某某、街道总工会主席陈某某一行走访辖区5个社区，送上慰问金。"
    raw = ("东街街道总工会开展送温暖\n岁末年初，街道总工会启动送温暖活动。\n" + first + "\n"
           "在社区工会联合会，慰问组看望了环卫工人。\n"
           "1月18日上午，区总工会副主席魏某某、街道总工会主席陈某某一行走访辖区5个社区，现场气氛温馨热烈。")
    wt = normalize(raw)
    assert len(wt.duplicates) == 1
    d = wt.duplicates[0]
    assert raw[d.start:d.end].endswith("5个社区")
    assert raw[d.end] == "，"
    check_invariants(raw, wt)


def test_whole_line_repeating_a_sentence_inside_a_paragraph():
    raw = ("城关区金秋助学\n本报讯 9月2日，街道总工会把助学金送到九名困难职工子女家中。"
           "今年，城关区总工会共发放金秋助学资金27.9万元，资助学生93名。\n"
           "今年，城关区总工会共发放金秋助学资金27.9万元，资助学生93名。\n（魏某 杨某）")
    wt = normalize(raw)
    assert len(wt.duplicates) == 1
    check_invariants(raw, wt)


def test_legitimate_repeats_are_not_duplicates():
    raw = ("深入学习贯彻习近平新时代中国特色社会主义思想\n"
           "会议强调，要深入学习贯彻习近平新时代中国特色社会主义思想，推动工会工作。\n"
           "学习贯彻习近平新时代中国特色社会主义思想主题教育\n"
           "各级工会要把学习贯彻习近平新时代中国特色社会主义思想主题教育作为重点。")
    wt = normalize(raw)
    assert wt.duplicates == []
    assert wt.text == raw


def test_repeated_first_paragraph_on_page_without_headline():
    # a first line that ends with 。 is a paragraph, not a headline: it may be an original
    p = "北京市总工会党组书记、主席王建国到丰台区调研，130余家企业参加。"
    q = "会上，与会人员围绕职工服务阵地建设进行了深入交流。"
    raw = f"{p}\n{q}\n{p}"
    wt = normalize(raw)
    assert [(d.start, d.end, d.copy_of) for d in wt.duplicates] == [(len(p) + len(q) + 2, len(raw), 0)]
    assert wt.text.count("王建国") == 1
    check_invariants(raw, wt)


def test_repeated_first_paragraph_entities_once():
    import unionnlp

    p = "北京市总工会党组书记、主席王建国到丰台区调研，130余家企业参加。"
    raw = f"{p}\n会上，与会人员围绕职工服务阵地建设进行了深入交流。\n{p}"
    doc = unionnlp.extract(raw)
    assert len(doc.duplicates) == 1
    assert [e.text for e in doc.entities if e.label == "PERSON"] == ["王建国"]
    assert all(e.start < doc.duplicates[0].start for e in doc.entities)


def test_headline_like_first_line_is_still_not_an_original():
    # a first line without a full stop is a headline; the body echoing it is no duplicate
    h = "丰台区总工会召开第三届职工代表大会第二次会议"
    raw = f"{h}\n近日，区总工会召开会议。\n{h}，听取并审议了工作报告。"
    assert normalize(raw).duplicates == []


def test_line_that_doubles_itself():
    half = "今天上午，丰台区总工会召开职工代表大会，听取工作报告。"
    raw = f"区总工会召开职代会\n{half}{half}\n会议选举产生了新一届委员会。"
    wt = normalize(raw)
    s = raw.index(half)
    assert [(d.start, d.end, d.copy_of) for d in wt.duplicates] == [(s + len(half), s + 2 * len(half), s)]
    assert wt.text.count("丰台区总工会") == 1
    check_invariants(raw, wt)
    # also the first line (a doubled headline), and without punctuation
    t = "朝阳区总工会开展送清凉活动慰问一线户外劳动者"
    wt = normalize(f"{t} {t}\n7月1日，活动启动。")
    assert len(wt.duplicates) == 1 and wt.text.split("\n")[0].strip() == t
    # halves shorter than 20 characters, or not exact, are left alone
    assert normalize("区总工会召开会议区总工会召开会议\n会议要求各单位落实。").duplicates == []
    assert normalize(half + half.replace("上午", "下午")).duplicates == []


def test_sentences_repeated_back_to_back_inside_a_line():
    a = "今天上午，丰台区总工会召开职工代表大会，听取工作报告。"
    b = "会议选举产生了新一届委员会。"
    head = "区总工会召开职代会\n"
    n, ab = len(head), len(a + b)
    cases = (
        (a + a + b, [(n + len(a), n + 2 * len(a), n)]),
        (b + a + b + a + b + "完", [(n + ab, n + 2 * ab, n)]),
        (a + a + a + b, [(n + len(a), n + 2 * len(a), n), (n + 2 * len(a), n + 3 * len(a), n)]),
    )
    for body, want in cases:
        raw = head + body
        wt = normalize(raw)
        assert [(d.start, d.end, d.copy_of) for d in wt.duplicates] == want, body
        check_invariants(raw, wt)
    # not adjacent, or shorter than 20 characters: no duplicate
    assert normalize(head + a + b + a).duplicates == []
    assert normalize(head + b + b + "完").duplicates == []


def test_vertical_tab_and_form_feed_inside_a_line_are_dropped():
    for ch in ("\x0b", "\x0c", "\x0b\x0c"):
        raw = f"丰台区{ch}总工会主席王某出席会议。"
        wt = normalize(raw)
        assert wt.text == "丰台区总工会主席王某出席会议。"
        check_invariants(raw, wt)
    # a page break after a sentence or at a line start still breaks the line
    assert normalize("会议结束。\x0c区总工会开展送温暖\n1月5日，活动启动。").text.split("\n")[0] == "会议结束。"
    assert normalize("会议结束\n\x0c第二页开始").text.count("\n") == 2


def test_vertical_tab_name_stays_whole_in_extraction():
    import unionnlp

    raw = "丰台区\x0b总工会主席王某出席会议。"
    doc = unionnlp.extract(raw)
    assert ("丰台区\x0b总工会", "ORG") in [(e.text, e.label) for e in doc.entities]


def test_duplicates_do_not_cross_bold_headlines():
    s = "全国总工会近日印发通知，部署开展工会送清凉工作，各地工会将通过驿站服务一线职工。"
    raw = f"**第一条**\n\n{s}\n\n**第二条**\n\n{s}"
    assert normalize(raw).duplicates == []


# ----------------------------------------------------------------------------- boilerplate


@pytest.mark.parametrize("line", [
    "当前所在:网站首页>工会要闻>市总动态",
    "当前位置：首页 > 基层动态",
    "首页 > 工会动态 > 基层工作",
    "发布时间：2024-03-21 09:42  来源：包河区总工会  浏览次数：318",
    "基层动态  发布时间：2024-06-28  来源：某某区总工会",
    "作者：宁某某",
    "原文链接：http://example.org/a.html",
    "免责声明：本网转载文章仅供参考",
    "分享到：微信 微博 QQ空间",
    "分享 收藏 在看 点赞",
    "阅读 1562",
    "责任编辑：孔某某",
    "【责任编辑：邓某某】",
    "编辑：郑某 审核：刘某某",
    "【打印】【关闭】",
    "【打印本页】【关闭窗口】",
    "<!--repaste.body.begin-->",
    "版权所有：某某工会网  技术支持：网络信息中心",
    "职工服务 | 维权指南",
    "上一版  下一版  | 本版导航",
])
def test_boilerplate_lines(line):
    assert is_boilerplate_line(line)
    raw = f"{line}\n丰台区召开工会工作推进会\n3月11日，丰台区总工会召开推进会。"
    wt = normalize(raw)
    assert (0, len(fold(line))) in wt.boilerplate


@pytest.mark.parametrize("line", [
    "丰台区召开工会工作推进会",
    "3月11日，丰台区总工会召开推进会，区总工会主席出席。",
    "暖流涌动东街口 | 东街街道总工会开展新春送温暖",
    "相关负责人介绍了今年的工作安排。",
])
def test_not_boilerplate(line):
    assert not is_boilerplate_line(line)


def test_traditional_boilerplate():
    wt = normalize("發佈時間：2024-03-21  來源：某某區總工會\n標題\n正文內容。")
    assert wt.boilerplate and wt.boilerplate[0][0] == 0


# ----------------------------------------------------------------------------- bad input


def test_type_errors():
    with pytest.raises(TypeError, match="NoneType"):
        normalize(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="bytes"):
        normalize(b"abc")  # type: ignore[arg-type]


def test_empty_and_whitespace():
    for raw in ("", "   ", "\n\n\u3000"):
        wt = normalize(raw)
        check_invariants(raw, wt)
        assert not wt.text.strip()


def test_control_chars_surrogates_emoji_zero_width():
    raw = "区总\u200b工会\x00主席\ud800林晓😀出席\r\n会议。\x07"
    wt = normalize(raw)
    assert "区总工会" in wt.text and "😀" in wt.text
    assert "\x00" not in wt.text and "\ud800" not in wt.text
    check_invariants(raw, wt)


def test_old_mac_line_ends():
    wt = normalize("第一行。\r第二行。\r第三行")
    assert wt.text.split("\n") == ["第一行。", "第二行。", "第三行"]


def test_large_inputs_without_punctuation_are_linear():
    # 200k characters, no punctuation, no line break; and 200k of one character:
    # both finish (regexes are anchored/bounded, the duplicate search is indexed)
    # (not periodic: a line that is two exact halves is a doubled line, see below)
    text = "".join(chr(0x4E00 + (i * 7919) % 20011) for i in range(200_000))
    wt = normalize(text)
    assert len(wt.text) == len(text)
    # a 200k-character line that doubles itself: found, in linear time
    wt = normalize(text + text)
    assert [(d.start, d.end, d.copy_of) for d in wt.duplicates] == [(200_000, 400_000, 0)]
    wt = normalize("工" * 200_000)
    assert len(wt.offsets) == len(wt.text)
    lines = ("职工之家建设" * 5 + "\n") * 5000
    wt = normalize(lines)
    check_invariants(lines, wt)


# ----------------------------------------------------------------------------- properties

FRAGMENTS = [
    "丰台区总工会", "区总", "工会", "党组书记、主席", "林晓", "郭庆岚", "出席并讲话。", "，", "。",
    "本报讯（记者 林晓 通讯员 周航）", "3月11日，", "全区130余家企业负责人参加。", "１２００万元",
    "該鎮總工會", "黨組書記", "“区级工会加强年”", "发布时间：2024-03-21", "责任编辑：孔某",
    "**快讯标题**", "<!--repaste.body.begin-->", "Union", "Card", "\u200b", "\u3000\u3000", "😀", " ",
    "申请人可通过客户端在线提交申请，也可到服务窗口办理。",
    "会上，区总工会与区人社局签订了职工法律服务合作协议。",
]
SEPARATORS = ["", "", "\n", "\n\n", " \n", "\r\n", "\n\u3000\u3000"]


@st.composite
def pages(draw):
    parts = draw(st.lists(st.tuples(st.sampled_from(FRAGMENTS), st.sampled_from(SEPARATORS)),
                          min_size=0, max_size=40))
    return "".join(f + s for f, s in parts)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_property_arbitrary_unicode(raw):
    wt = normalize(raw)
    check_invariants(raw, wt)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pages())
def test_property_pages_from_fragments(raw):
    wt = normalize(raw)
    check_invariants(raw, wt)
    # every working span maps back to raw text that, without the repaired
    # whitespace, is the working text (folded/converted)
    if wt.text:
        n = len(wt.text)
        for s, e in ((0, n), (n // 3, max(n // 3 + 1, 2 * n // 3))):
            if e <= s:
                continue
            rs, re_ = wt.to_raw(s, e)
            raw_part = raw[rs:re_]
            conv = fold(raw_part)
            conv = to_simplified(conv) if wt.traditional else conv
            for d in wt.duplicates:  # removed copies inside the span
                if rs <= d.start and d.end <= re_:
                    conv = conv.replace(fold(raw[d.start:d.end]), "", 1) if not wt.traditional else conv
            if not any(rs <= d.start < re_ for d in wt.duplicates):
                assert squeeze(conv) == squeeze(wt.text[s:e])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pages(), st.sampled_from(FRAGMENTS[-2:]))
def test_property_inserted_repeats_are_found_or_harmless(raw, para):
    page = f"标题\n{raw}\n{para}\n{raw[:5]}\n{para}\n"
    wt = normalize(page)
    check_invariants(page, wt)


# ----------------------------------------------------------------------------- through the pipeline


def test_pipeline_bad_input_and_offsets():
    import unionnlp

    with pytest.raises(TypeError, match="NoneType"):
        unionnlp.extract(None, layers="rules")
    with pytest.raises(TypeError, match="int"):
        unionnlp.extract(123, layers="rules")
    doc = unionnlp.extract("  \n ", layers="rules")
    assert doc.entities == () and doc.articles == ()
    raw = "丰台区召开工会工作推进会\n本报讯（记者 林某晓）3月11日，丰台区总工会召开会议，区总\n工会主席郭某岚出席。"
    for data in (raw, raw.encode("utf-8"), "\ufeff".encode() + raw.encode(), raw.encode("gb18030")):
        doc = unionnlp.extract(data, layers="rules")
        for e in doc.entities:
            assert doc.text[e.start:e.end] == e.text
        assert [a.start for a in doc.articles] == [doc.text.index("丰台区召开")]
        assert any(e.text == "林某晓" and e.role == "reporter" for e in doc.persons)


def test_page_breaks_and_line_separators_are_line_breaks():
    raw = "本报讯（记者 林某）3月2日，丰台区召开全区工会工作会议，区总\x0c工会主席王某出席。\u2028第二段。"
    wt = normalize(raw)
    assert "区总工会主席" in wt.text and wt.text.endswith("出席。\n第二段。")
    s, e = working(wt, "区总工会")
    assert wt.raw_text(s, e) == "区总\x0c工会"
