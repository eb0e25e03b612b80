"""COUNT rule layer: numerals, markers, units, nouns, exclusions; end to end incl. traditional."""
import time

import pytest
from hypothesis import given, settings, strategies as st

import unionnlp
from unionnlp.counts import find_counts


def _one(text):
    hits = find_counts(text)
    return [(text[h["start"]:h["end"]], h["value"], h["approx"], h["unit"], h["noun"]) for h in hits]


@pytest.mark.parametrize("text, expected", [
    # numeral forms
    ("全区130余家企业负责人参加会议。", ("130余家", 130, "余", "家", "企业负责人")),
    ("共有十二名代表发言。", ("十二名", 12, None, "名", "代表")),
    ("两支服务队到场。", ("两支", 2, None, "支", "服务队")),
    ("新发展会员1.2万余名，", ("1.2万余名", 12000, "余", "名", None)),
    ("慰问户外劳动者三千余人，", ("三千余人", 3000, "余", "人", None)),
    ("近百名劳模走进车间。", ("近百名", 100, "近", "名", "劳模")),
    ("覆盖二十余个行业。", ("二十余个", 20, "余", "个", "行业")),
    ("上千名职工参加。", ("上千名", 1000, "上", "名", "职工")),
    ("参赛职工逾两万人。", ("逾两万人", 20000, "逾", "人", None)),
    ("约9.6万人次受益。", ("约9.6万人次", 96000, "约", "人次", None)),
    ("服务职工超1.5万人。", ("超1.5万人", 15000, "超", "人", None)),
    ("选拔3000名左右技术骨干，", ("3000名左右", 3000, "左右", "名", "技术骨干")),
    ("惠及100人以上。", ("100人", 100, None, "人", None)),          # 以上 stays outside
    ("各设立一处以上的纳凉点", ("一处", 1, None, "处", None)),
    ("举办竞赛400多场，", ("400多场", 400, "多", "场", None)),
    # money → 元 (value in yuan), percentages → %, 成, 个百分点
    ("发放慰问金35.6万元。", ("35.6万元", 356000, None, "元", None)),
    ("安排1.5亿元送温暖资金。", ("1.5亿元", 150000000, None, "元", "送温暖资金")),
    ("节省开支430余万元。", ("430余万元", 4300000, "余", "元", None)),
    ("签约总额超680亿元，", ("超680亿元", 68000000000, "超", "元", None)),
    ("投入800万元的设备费。", ("800万元", 8000000, None, "元", "设备费")),
    ("占比34.1%。", ("34.1%", 34.1, None, "%", None)),
    ("入会率达95％。", ("95％", 95, None, "%", None)),
    ("其中产业工人占比超四成。", ("超四成", 4, "超", "成", None)),
    ("青年选手占六成多。", ("六成多", 6, "多", "成", None)),
    ("降低约0.5个百分点。", ("约0.5个百分点", 0.5, "约", "个百分点", None)),
    ("百分之三十的会员", ("百分之三十", 30, None, "%", None)),
    # bare magnitude with nothing after it
    ("新就业形态劳动者8400万，", ("8400万", 84000000, None, None, None)),
    # noun phrase conventions
    ("近2000名来自各行各业的职工代表和", ("近2000名", 2000, "近", "名", "来自各行各业的职工代表")),
    ("30多个国家和地区的使节", ("30多个", 30, "多", "个", "国家和地区")),
    ("22个省（区、市）的企业", ("22个", 22, None, "个", "省（区、市）")),
    ("1000余项“高精尖”展品参展", ("1000余项", 1000, "余", "项", "“高精尖”展品")),
    ("120余家500强企业参会", ("120余家", 120, "余", "家", "500强企业")),
    ("9部门联合印发", ("9部门", 9, None, "部门", None)),
    ("966人获得奖章", ("966人", 966, None, "人", None)),
])
def test_count_forms(text, expected):
    assert _one(text) == [expected]


@pytest.mark.parametrize("text", [
    "2024年3月2日上午10时，", "3月", "27日", "一天时间", "用了三年", "已连续工作3个月",
    "蹲守了2个多月", "56岁的他", "全长348.9公里", "储存140万吨", "装机27亿千瓦", "气温38℃", "种植300亩",
    "面积5平方公里", "增长2.03倍", "第一次", "首届", "第十八届", "二十大", "十四五", "“五比五赛”",
    "“六送”", "金盏南路2号院", "中国企业500强", "造就一支高素质队伍", "上一堂课", "全市一盘棋",
    "第一批", "中央八项规定精神", "坚决做到“两个维护”", "十届五次全委会", "二次全会", "零部件", "一一对应",
    "千家万户", "送到万家", "纬五路社区", "团结亿万职工", "千万职工",
])
def test_exclusions(text):
    assert _one(text) == []


def test_one_in_a_list_is_a_count():
    got = _one("添置了12个储物柜和一个小药箱。")
    assert [g[0] for g in got] == ["12个", "一个"]


def test_near_after_verb_is_left_out():
    assert _one("参会人数接近2000名") == [("2000名", 2000, None, "名", None)]


def test_blocked_spans_are_skipped():
    text = "区产改协调小组3个专班"
    assert find_counts(text, blocked=[(1, 7)])  # does not overlap
    assert not find_counts(text, blocked=[(7, 10)])


def _counts(doc):
    return [(c.text, c.value, c.approx, c.unit, c.noun) for c in doc.counts]


def test_end_to_end_simplified():
    doc = unionnlp.extract("全区130余家企业负责人参加会议，发放慰问金35.6万元。", layers=("rules",))
    assert ("130余家", 130, "余", "家", "企业负责人") in _counts(doc)
    assert ("35.6万元", 356000, None, "元", None) in _counts(doc)
    for c in doc.counts:
        assert doc.text[c.start:c.end] == c.text


def test_end_to_end_traditional_and_full_width():
    text = "今年共組織四場勞動競賽，惠及職工１２００餘名，發放慰問金３２６０萬元，約三成職工參加。"
    doc = unionnlp.extract(text, layers=("rules",))
    got = {c.text: c for c in doc.counts}
    assert got["四場"].value == 4 and got["四場"].unit == "場"          # unit as written
    assert got["四場"].noun == "勞動競賽"                               # noun as written
    assert got["１２００餘名"].value == 1200 and got["１２００餘名"].approx == "余"
    assert got["３２６０萬元"].value == 32600000 and got["３２６０萬元"].unit == "元"
    assert got["約三成"].value == 3 and got["約三成"].approx == "约" and got["約三成"].unit == "成"
    for c in doc.counts:
        assert text[c.start:c.end] == c.text


def test_no_counts_in_org_spans_end_to_end():
    doc = unionnlp.extract("北京市总工会第十八届委员会召开会议。", layers=("rules",))
    assert doc.counts == []


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="0123456789一二三两十百千万亿余多近约超逾个名家元%人次年月日第届。，的职工企业“”", max_size=60))
def test_offsets_and_values_are_sane(text):
    for h in find_counts(text):
        assert 0 <= h["start"] < h["end"] <= len(text)
        assert isinstance(h["value"], (int, float))
        if h["noun"] is not None:
            assert h["noun"] in text


def test_linear_time_on_unpunctuated_megabyte():
    chunk = "全区130余家企业负责人参加会议发放慰问金35.6万元二十余个单位第一次2024年"
    text = chunk * (1_000_000 // len(chunk))
    t = time.perf_counter()
    find_counts(text, with_noun=False)
    small = time.perf_counter() - t
    assert small < 20
    digits = "1" * 1_000_000
    t = time.perf_counter()
    assert find_counts(digits) == []
    assert time.perf_counter() - t < 5


@pytest.mark.parametrize("text, expected", [
    ("团结全市80多万职工，", ("80多万", 800000, "多", None, "职工")),
    ("近四成员工参加体检。", ("近四成", 4, "近", "成", None)),
    ("工资条款前后谈了三轮。", ("三轮", 3, None, "轮", None)),
])
def test_more_forms(text, expected):
    assert _one(text) == [expected]


@pytest.mark.parametrize("text", ["前三名可晋升技师", "决赛前20名", "骑三轮车"])
def test_more_exclusions(text):
    assert _one(text) == []


# --- QA round: nouns, session ordinals, 位数, vague 几十, full-width percent, warm-up ----------
@pytest.mark.parametrize("text, noun", [
    ("住建部门改造2000个公办养老床位。", "公办养老床位"),       # jieba tags 养老 as a name
    ("新增120张公办养老床位，", "公办养老床位"),
    ("组织360多名平均年龄不到30岁的职工参加。", "平均年龄不到30岁的职工"),  # a relative clause stays
    ("广场上插着300面鲜艳的红旗。", "鲜艳的红旗"),
    ("126名受表彰的劳模代表发言。", "受表彰的劳模代表"),
    ("40名家庭困难的职工领到补助。", "家庭困难的职工"),
    ("30多个国家和地区的外交使节出席。", "国家和地区"),         # plain noun before 的: stop there
    ("50名职工参加的比赛", "职工"),
    ("计划安排3200名职工参加为期三天的疗休养。", "职工"),
    ("吸引了90多名青年职工报名。", "青年职工"),               # jieba tags 青年 as a time word
    ("走访40多家纺织服装企业，", "纺织服装企业"),              # a verbal noun inside a compound
    ("96名桥吊司机参加比赛。", "桥吊司机"),                     # a bound morpheme inside a compound
    ("80余名农民工办理入会。", "农民工"),
    ("拨付3.5亿元用于新就业形态劳动者的互助保障。", None),      # purpose, not a relative clause
    ("近2000名来自各行各业的基层代表和50余名特邀代表出席。", "来自各行各业的基层代表"),
    ("共有300面鲜艳夺目。", None),                               # a predicate alone: no noun
    ("126名受表彰。", None),
])
def test_noun_phrase_after_measure_word(text, noun):
    hits = find_counts(text)
    assert hits and hits[0]["noun"] == noun, hits


@pytest.mark.parametrize("text", [
    "十四届区人大四次会议召开。",
    "十四屆區人大四次會議召開。",
    "市十五届人大常委会二十次会议",
    "工业产值保持两位数增长。",
    "工業產值保持兩位數增長。",
    "几十个基层工会负责人参加。",
    "幾十個基層工會負責人參加。",
    "数百家企业参展。",
])
def test_ordinals_and_vague_numbers_are_no_counts(text):
    assert find_counts(text) == []


def test_meetings_without_session_are_counts():
    assert _one("今年召开四次会议。")[0][:4] == ("四次", 4, None, "次")


@pytest.mark.parametrize("text", ["满意率达到９５％。", "滿意率達到９５％。", "满意率达到95％。"])
def test_full_width_percent_unit_is_folded_end_to_end(text):
    doc = unionnlp.extract(text, layers=("rules",))
    c = [e for e in doc.to_dict()["entities"] if e["label"] == "COUNT"]
    assert len(c) == 1 and c[0]["attrs"]["unit"] == "%" and c[0]["attrs"]["value"] == 95
    assert c[0]["text"].endswith("％")  # the span stays as written


def test_department_unit_follows_gold():
    # the reference gold annotates 两部门 with unit 部门
    assert _one("市总工会等7部门联合发文。")[0][:4] == ("7部门", 7, None, "部门")


def test_noun_end_to_end_traditional():
    doc = unionnlp.extract("住建部門改造2000個公辦養老床位。", layers=("rules",))
    c = [e for e in doc.to_dict()["entities"] if e["label"] == "COUNT"]
    assert c and c[0]["attrs"]["noun"] == "公辦養老床位"


def test_warm_up_loads_the_tagger():
    from unionnlp import counts

    counts.warm_up()
    assert counts._tags is not None and counts._tags.get("农民工") == "n"  # jieba's table + ours
    assert [h["noun"] for h in find_counts("改造2000个公办养老床位。")] == ["公办养老床位"]


@pytest.mark.parametrize("text, noun", [
    ("为辖区316名快递员集中办理互助保障。", "快递员"),   # jieba: 快递|员
    ("为四百余名采茶工统一办理保险。", "采茶工"),
    ("吸引27家企业的110名焊工参赛。", "焊工"),          # jieba tags 焊工 as a verb
    ("在赛场设立3个医疗服务点。", "医疗服务点"),
    ("拿出10万元用于师带徒补贴。", None),               # 用于 governs what follows
])
def test_nouns_ending_in_a_person_or_place_suffix(text, noun):
    h = find_counts(text)[-1]
    assert h["noun"] == noun


def test_a_numeral_right_after_a_count_starts_the_next_count():
    hits = find_counts("已有3批66个物流基地纳入建设名单。")
    assert [(h["value"], h["noun"]) for h in hits] == [(3, None), (66, "物流基地")]
    assert find_counts("全市有300家500强企业。")[0]["noun"] == "500强企业"  # 500强 is part of the noun
