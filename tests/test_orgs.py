"""ORG detection, end to end through unionnlp.extract (rules layer only).

All examples are invented for these tests (names of people and companies are fictitious).
"""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

import unionnlp


def orgs(text: str) -> list[tuple[str, str]]:
    doc = unionnlp.extract(text, layers=("rules",))
    return [(o.text, o.kind) for o in doc.organizations]


def spans(text: str) -> list[str]:
    return [t for t, _ in orgs(text)]


@pytest.mark.parametrize("text,expected", [
    # union bodies at every level
    ("中华全国总工会召开会议。", [("中华全国总工会", "union")]),
    ("全国总工会下发通知。", [("全国总工会", "union")]),
    ("全总发出倡议。", [("全总", "union")]),
    ("河北省总工会开展活动。", [("河北省总工会", "union")]),
    ("广西壮族自治区总工会举办培训。", [("广西壮族自治区总工会", "union")]),
    ("上海市总工会表示欢迎。", [("上海市总工会", "union")]),
    ("石家庄市总工会组织参观。", [("石家庄市总工会", "union")]),
    ("北京市丰台区总工会举办比赛。", [("北京市丰台区总工会", "union")]),
    ("右安门街道总工会举办讲座。", [("右安门街道总工会", "union")]),
    ("朝阳区金盏地区总工会成立。", [("朝阳区金盏地区总工会", "union")]),
    ("北京市建设工会开展慰问。", [("北京市建设工会", "union")]),
    ("北京宏远建材有限公司工会委员会换届。", [("北京宏远建材有限公司工会委员会", "union")]),
    ("右安门街道工会联合会揭牌。", [("右安门街道工会联合会", "union")]),
    ("中关村科技园区工会工作委员会召开会议。", [("中关村科技园区工会工作委员会", "union")]),
    # party, legislature, cppcc, government
    ("中共北京市委召开全会。", [("中共北京市委", "party")]),
    ("区人大常委会审议报告。", [("区人大常委会", "legislature")]),
    ("市政协委员参加调研。", [("市政协", "cppcc")]),
    ("区交通运输局负责落实。", [("区交通运输局", "government")]),
    ("丰台区人民政府发布通告。", [("丰台区人民政府", "government")]),
    ("右安门街道办事处组织志愿者。", [("右安门街道办事处", "government")]),
    ("四川省成都市双流区规划和自然资源局回应。", [("四川省成都市双流区规划和自然资源局", "government")]),
    ("区发改委牵头。", [("区发改委", "government")]),
    # enterprises, institutions, social, working groups
    ("北京宏远建材集团有限公司捐款。", [("北京宏远建材集团有限公司", "enterprise")]),
    ("首都工业职业技术学院承办比赛。", [("首都工业职业技术学院", "institution")]),
    ("丰台区妇幼保健医院派出医生。", [("丰台区妇幼保健医院", "institution")]),
    ("北京市劳动模范协会发出倡议。", [("北京市劳动模范协会", "social")]),
    ("“春晖”志愿服务队走进社区。", [("“春晖”志愿服务队", "social")]),
    ("区产改协调小组召开会议。", [("区产改协调小组", "working_group")]),
])
def test_every_kind(text, expected):
    assert orgs(text) == expected


def test_abbreviations_and_bare_forms():
    assert spans("市总、区总和省总联合发文。") == ["市总", "区总", "省总"]
    assert spans("区总工会和镇总工会都参加了。") == ["区总工会", "镇总工会"]
    assert spans("金盏地区工会举办培训。") == ["金盏地区工会"]


def test_demonstrative_dropped():
    assert spans("该镇总工会组织职工体检。") == ["镇总工会"]


def test_title_split_off():
    assert spans("市委副书记王立新出席。") == ["市委"]
    assert spans("区委常委张海峰讲话。") == ["区委"]
    assert spans("北京市总工会党组书记、主席李某出席。") == ["北京市总工会"]


def test_coordination_gives_two_orgs():
    assert spans("市、区总工会领导出席。") == ["市", "区总工会"]


def test_two_bodies_side_by_side():
    assert spans("区委区政府高度重视。") == ["区委", "区政府"]
    assert spans("区总工会联合区人社局开展活动。") == ["区总工会", "区人社局"]
    assert spans("光华日报社和新桥出版社联合发布。") == ["光华日报社", "新桥出版社"]


def test_organs_of_a_body_are_one_org():
    assert orgs("全国总工会权益保障部负责人介绍。") == [("全国总工会权益保障部", "union")]
    assert orgs("全国总工会党组召开会议。") == [("全国总工会党组", "party")]


@pytest.mark.parametrize("text", [
    "各级工会要做好服务。",
    "企业工会和基层工会积极参与。",
    "有关部门正在调查。",
    "丰台是个好地方。",
    "据工人日报报道，中工网转载。",
    "他是干部，结局很好，全部都来了。",
    "城市总体规划已经公布。",
    "到达上呼吸道和肺部。",
])
def test_not_orgs(text):
    assert spans(text) == []


def test_traditional_characters():
    assert spans("該鎮總工會組織職工體檢。") == ["鎮總工會"]
    assert spans("北京市豐台區總工會舉辦比賽。") == ["北京市豐台區總工會"]


def test_offsets_point_into_raw_text():
    text = "记者从市总工会获悉，丰台区总工会联合区人社局开展活动。"
    doc = unionnlp.extract(text, layers=("rules",))
    for o in doc.organizations:
        assert text[o.start:o.end] == o.text


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet="市区总工会委局部的和、，。北京丰台该镇公司集团“”中心", max_size=60))
def test_random_text_spans_valid(text):
    doc = unionnlp.extract(text, layers=("rules",))
    prev = -1
    for o in doc.organizations:
        assert 0 <= o.start < o.end <= len(text)
        assert text[o.start:o.end] == o.text
        assert o.start >= prev
        prev = o.end


def test_long_text_without_punctuation_is_fast():
    import time

    from unionnlp import orgs, resolve
    from unionnlp.spans import Story

    orgs.resources()
    text = "丰台区总工会联合区人社局" * 5000 + "职工" * 100000
    t = time.time()
    st = Story(text, 0, len(text))
    orgs.annotate(st)
    resolve.resolve(st)
    assert len(st.spans) == 10000
    assert time.time() - t < 10


@pytest.mark.parametrize("text,expected", [
    ("在无锡华锦纺织有限公司的车间里。", ["无锡华锦纺织有限公司"]),  # region kept whole in the window
    ("中铁九局集团有限公司承建。", ["中铁九局集团有限公司"]),  # numbered bureau inside a name
    ("昆明医科大学第一附属医院派出专家。", ["昆明医科大学第一附属医院"]),  # ordinal inside a name
    ("宁德市卫生健康系统工会开展活动。", ["宁德市卫生健康系统工会"]),
    ("他在镇上一家服装厂打工。", []),  # no proper name
    ("建成职工创新工作室23个。", []),
    ("十个全国产业工会的选手参赛。", []),  # counted bodies
    ("1.8万名职工会员受益。", []),  # 职工会员 is not 职工会
    ("全省教育系统工会走访慰问。", []),  # collective
    ("职工可通过“海淀工会”小程序申请。", []),  # a place's unions in general / an app
    ("常务副主席兼市建设工会主席出席。", ["市建设工会"]),  # posts end the name on the left
    ("中央纪委国家监委公开通报。", ["中央纪委", "国家监委"]),
    ("甘南州总工会“格桑花”服务队走进牧区。", ["甘南州总工会", "“格桑花”服务队"]),
])
def test_name_boundaries(text, expected):
    assert spans(text) == expected


# --------------------------------------------------------------------------- QA regressions
@pytest.mark.parametrize("text,expected", [
    # a verb or modifier before 工会/人大 is no name
    ("区总工会将深化工会改革，选好配强工会领导班子。", ["区总工会"]),
    ("區總工會將深化工會改革，選好配強工會領導班子。", ["區總工會"]),
    ("为被欠薪农民工工会帮扶救助提供法律支持。", []),
    ("新一代林场人大力弘扬艰苦奋斗精神。", []),
    ("新一代林場人大力弘揚艱苦奮鬥精神。", []),
    # a name does not run across a verb
    ("红星机械厂隶属于辽东重工集团有限公司。", ["红星机械厂", "辽东重工集团有限公司"]),
    ("紅星機械廠隸屬於遼東重工集團有限公司。", ["紅星機械廠", "遼東重工集團有限公司"]),
    ("纽约警方或封锁法院周边道路。", []),
    # overlapping heads (侨联 inside 华侨联合会) and committees of a legislature
    ("南京市归国华侨联合会主席周立新出席。", ["南京市归国华侨联合会"]),
    ("南京市歸國華僑聯合會主席周立新出席。", ["南京市歸國華僑聯合會"]),
    ("区人大农业与农村委员会副主任孙丽华出席。", ["区人大农业与农村委员会"]),
    ("區人大農業與農村委員會副主任孫麗華出席。", ["區人大農業與農村委員會"]),
    ("市政协社会和法制委员会开展调研。", ["市政协社会和法制委员会"]),
    # the presidium of a meeting has no proper name
    ("大会主席团常务委员会举行第二次会议。", []),
])
def test_qa_spans(text, expected):
    assert spans(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("中央政治局召开会议。", [("中央政治局", "party")]),
    ("中央政治局召開會議。", [("中央政治局", "party")]),
    ("区人大农业与农村委员会召开会议。", [("区人大农业与农村委员会", "legislature")]),
    ("团中央召开会议。共青团第十八届中央委员会发布通知。",
     [("团中央", "social"), ("共青团第十八届中央委员会", "social")]),
    ("共青團第十八屆中央委員會發布通知。", [("共青團第十八屆中央委員會", "social")]),
])
def test_qa_kinds(text, expected):
    assert orgs(text) == expected


@pytest.mark.parametrize("text,expected", [
    # policy verbs before 工会: the common noun, not a body
    ("要建强工会阵地，充分发挥工会组织作用。", []),
    ("要建強工會陣地，充分發揮工會組織作用。", []),
    ("新时代工会要有新作为。", []),
    ("进一步规范工会运行，做实做强工会。", []),
    # but a name that contains such a word elsewhere stays whole
    ("拉萨净土环境服务有限公司工会慰问职工。", ["拉萨净土环境服务有限公司工会"]),
    # a factory is a name of its own; people and verbs are no part of a court's name
    ("红光机械厂划归华北重工集团有限公司管理。", ["红光机械厂", "华北重工集团有限公司"]),
    ("宏達紡織廠並入華潤集團有限公司。", ["宏達紡織廠", "華潤集團有限公司"]),
    ("示威者冲击法院。", []),
    ("民众围堵市政府。", ["市政府"]),
    ("工人们前往区人民法院。", ["区人民法院"]),
])
def test_qa_verbs_and_people(text, expected):
    assert spans(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("法国工会举行游行。", []),
    ("纽约曼哈顿地区法院作出裁决。", ["纽约曼哈顿地区法院"]),
    ("英国护士工会宣布罢工。", ["英国护士工会"]),
])
def test_foreign_spans(text, expected):
    assert spans(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("他总觉得工会离自己很远。", []),
    ("他總覺得工會離自己很遠。", []),
    ("北京市建设工会开展活动。", [("北京市建设工会", "union")]),
    ("法国工人民主联合会发表声明。", [("法国工人民主联合会", "union")]),
])
def test_qa_verb_right_before_union(text, expected):
    assert orgs(text) == expected


@pytest.mark.parametrize("text, generic", [
    ("职工可到所在区总工会服务窗口办理。", "区总工会"),
    ("全区建成社区工会服务站三十余个。", "社区工会"),
    ("区总工会推动街道、社区工会联动服务快递员。", "社区工会"),
    ("各街道、镇总工会要把服务重心下沉。", "镇总工会"),
])
def test_bodies_named_by_tier_in_general_are_no_org(text, generic):
    assert generic not in spans(text)


def test_bodies_named_by_tier_in_context_stay():
    from unionnlp.orgs import _generic_tier, resources

    assert "区总工会" in spans("丰台区召开大会。区总工会主席出席。")
    t = "东城街道、社区工会联合举办义诊。"  # 东城街道 is a place, not a tier in general
    assert not _generic_tier(resources(), t, 0, t.index("社区"), t.index("联合"))
    t = "推动街道、社区工会联动。"
    assert _generic_tier(resources(), t, 0, t.index("社区"), t.index("联动"))


# ---------------------------------------------------------------- page lines outside the stories
_PAGE = ("首页 | 工作动态 | 基层风采\n"
         "发布时间：2024-09-13　　来源：龙华区总工会　　【字体：大 中 小】\n"
         "龙华区总工会开展送清凉活动\n"
         "9月12日，海口市龙华区总工会走访辖区建筑工地，为一线职工送去清凉物资。\n"
         "【打印】　【关闭】\n"
         "主办单位：海口市龙华区总工会　　承办：龙华职工网站编辑部　　琼ICP备0900xxxx号\n")


def test_source_statements_outside_stories_name_orgs():
    doc = unionnlp.extract(_PAGE, layers=("rules",))
    found = [(o.start, o.text, o.parent) for o in doc.organizations]
    src = _PAGE.index("来源：") + 3
    assert (src, "龙华区总工会", "海口市总工会") in found  # the page, not Shenzhen, decides 龙华
    host = _PAGE.index("主办单位：") + 5
    assert any(s == host and t == "海口市龙华区总工会" for s, t, _ in found)
    assert not any("编辑部" in t for _, t, _ in found)  # a medium is no ORG
    assert len(doc.articles) == 1  # source lines are no stories


def test_account_headers_are_no_source_statements():
    page = "丰产路街道总工会　2024-05-22 18:30　河南\n丰产路街道总工会为骑手开设驿站\n驿站于5月20日开放。\n"
    doc = unionnlp.extract(page, layers=("rules",))
    assert all(o.start > 0 for o in doc.organizations)


def test_a_session_or_a_count_is_no_org():
    assert "第十六届委员会" not in spans("鞍山市总工会召开第十六届委员会第四次全体会议。")
    doc = unionnlp.extract("覆盖全区一百二十余所中小学和幼儿园。", layers=("rules",))
    assert not doc.organizations and [c.text for c in doc.counts] == ["一百二十余所"]


def test_a_session_ordinal_after_a_name_starts_the_org():
    assert spans("会议通过关于免去吴英杰第十四届全国政协常委职务的决定。") == ["第十四届全国政协"]
    assert spans("中华全国总工会第十七届执行委员会召开会议。") == ["中华全国总工会第十七届执行委员会"]


def test_a_known_short_name_inside_a_persons_name_is_no_org():
    for text in ("主席马海军出席。", "推荐的数控技师丁海军介绍了经验。"):
        assert "海军" not in spans(text)


def test_a_region_name_inside_a_longer_word_is_no_cut():
    # 扎西岗 is one word holding the region name 西岗: the village is 扎西岗村
    assert spans("在鲁朗镇扎西岗村，扎西岗村工会联合会主席次仁央宗说，") == ["扎西岗村工会联合会"]
    assert spans("他们与朝阳区总工会签约。") == ["朝阳区总工会"]


def test_a_department_inside_an_enterprise_is_no_org():
    assert "生产技术部" not in spans("公司工会联合生产技术部成立评审组。")
    assert "组织部" in spans("顺义区委常委、组织部部长李明远出席会议。")  # a party department stays


def test_the_central_bank_is_a_government_body():
    assert orgs("中国人民银行发布数据显示，贷款增加。") == [("中国人民银行", "government")]
