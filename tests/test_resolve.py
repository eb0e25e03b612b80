"""ORG resolution per story: canonical, level, kind, parent (through unionnlp.extract)."""
from __future__ import annotations

import pytest

import unionnlp


def res(text: str) -> dict[str, tuple]:
    doc = unionnlp.extract(text, layers=("rules",))
    return {o.text: (o.canonical, o.level, o.kind, o.parent) for o in doc.organizations}


def test_levels_and_parents_by_geography():
    r = res("河北省总工会、石家庄市总工会和北京市丰台区总工会共同举办。")
    assert r["河北省总工会"] == ("河北省总工会", "provincial", "union", "中华全国总工会")
    assert r["石家庄市总工会"] == ("石家庄市总工会", "municipal", "union", "河北省总工会")
    assert r["北京市丰台区总工会"] == ("丰台区总工会", "district", "union", "北京市总工会")


def test_municipality_is_provincial():
    r = res("重庆市总工会开展活动。")
    assert r["重庆市总工会"] == ("重庆市总工会", "provincial", "union", "中华全国总工会")


def test_national_union():
    r = res("全总和中华全国总工会都是同一个机构。")
    assert r["全总"] == ("中华全国总工会", "national", "union", None)
    assert r["中华全国总工会"] == ("中华全国总工会", "national", "union", None)


def test_bare_district_union_from_story():
    r = res("丰台区召开职工大会。区总工会主席出席，市总也派员参加。")
    assert r["区总工会"] == ("丰台区总工会", "district", "union", "北京市总工会")
    assert r["市总"] == ("北京市总工会", "provincial", "union", "中华全国总工会")


def test_township_parent_from_story():
    r = res("丰台区右安门街道总工会举办讲座。")
    assert r["丰台区右安门街道总工会"] == ("右安门街道总工会", "township", "union", "丰台区总工会")


def test_township_not_in_data_and_demonstrative():
    r = res("怀柔区召开会议。怀柔镇总工会成立了。该镇总工会随后组织活动。")
    assert r["怀柔镇总工会"][0] == "怀柔镇总工会"
    assert r["镇总工会"][:3] == ("怀柔镇总工会", "township", "union")


def test_traditional_resolves_to_simplified():
    r = res("豐台區召開會議，區總工會主席出席。")
    assert r["區總工會"] == ("丰台区总工会", "district", "union", "北京市总工会")


def test_ambiguous_district_from_context():
    assert res("长春市召开会议，朝阳区总工会参加。")["朝阳区总工会"][3] == "长春市总工会"
    assert res("北京市召开会议，朝阳区总工会参加。")["朝阳区总工会"][3] == "北京市总工会"


def test_sector_and_unit_unions():
    r = res("北京市建设工会和北京宏远建材有限公司工会联合开展活动。")
    assert r["北京市建设工会"] == ("北京市建设工会", "sector", "union", "北京市总工会")
    assert r["北京宏远建材有限公司工会"][1:] == ("unit", "union", None)


def test_party_government_levels_and_implicit_regions():
    r = res("丰台区召开会议，区委副书记出席，区人社局负责人发言，右安门街道办事处也参加。")
    assert r["区委"] == ("丰台区委", "district", "party", None)
    assert r["区人社局"] == ("丰台区人社局", "district", "government", None)
    assert r["右安门街道办事处"][1] == "township"


def test_nearest_region_only_and_quotes_dropped():
    r = res("四川省成都市双流区规划和自然资源局回应，“春晖”志愿服务队参与。")
    assert r["四川省成都市双流区规划和自然资源局"][0] == "双流区规划和自然资源局"
    assert r["“春晖”志愿服务队"][0] == "春晖志愿服务队"


def test_known_bodies_canonical():
    r = res("党中央、国务院高度重视，全国工商联积极响应。")
    assert r["党中央"] == ("中共中央", "national", "party", None)
    assert r["国务院"][1:3] == ("national", "government")
    assert r["全国工商联"][0] == "中华全国工商业联合会"


def test_coordination_first_conjunct_canonical():
    doc = unionnlp.extract("北京市召开会议，市、区总工会领导出席。丰台区参加。", layers=("rules",))
    first = doc.organizations[0]
    assert first.text == "市" and first.canonical == "北京市总工会" and first.kind == "union"


def test_unknown_region_gives_no_parent():
    r = res("区总工会开展活动。")
    assert r["区总工会"] == ("区总工会", "district", "union", None)


def test_hierarchy_of_document():
    doc = unionnlp.extract("北京市丰台区右安门街道总工会和丰台区总工会、北京市总工会共同举办。", layers=("rules",))
    edges = set(doc.hierarchy())
    assert ("右安门街道总工会", "丰台区总工会") in edges
    assert ("丰台区总工会", "北京市总工会") in edges
    assert ("北京市总工会", "中华全国总工会") in edges


def test_sector_by_industry_system_and_trade():
    r = res("邯郸市物流行业工会联合会和海淀区教育系统工会召开会议。")
    assert r["邯郸市物流行业工会联合会"][1:] == ("sector", "union", "邯郸市总工会")
    assert r["海淀区教育系统工会"][1:] == ("sector", "union", "海淀区总工会")


def test_community_union_parent_is_the_story_township_union():
    r = res("右安门街道总工会指导翠林二里社区工会联合会成立。")
    assert r["翠林二里社区工会联合会"][1:] == ("community", "union", "右安门街道总工会")


def test_township_union_written_without_zong():
    r = res("怀柔区宝山镇工会举办活动。")
    assert r["怀柔区宝山镇工会"][0] == "宝山镇总工会"
    assert r["怀柔区宝山镇工会"][3] == "怀柔区总工会"


def test_ambiguous_county_not_city_qualified_parent_tells_apart():
    r = res("海口市龙华区总工会开展慰问。区总工会负责人介绍了情况。")
    assert r["海口市龙华区总工会"][0] == "龙华区总工会"
    assert r["海口市龙华区总工会"][3] == "海口市总工会"
    assert r["区总工会"] == ("龙华区总工会", "district", "union", "海口市总工会")


def test_autonomous_abbreviation_expanded():
    r = res("湘西州总工会开展活动。")
    assert r["湘西州总工会"][0] == "湘西土家族苗族自治州总工会"
    assert r["湘西州总工会"][1:] == ("municipal", "union", "湖南省总工会")


def test_county_level_city_union():
    r = res("浙江省海宁市召开会议，市总工会参加。")
    assert r["市总工会"] == ("海宁市总工会", "district", "union", "嘉兴市总工会")


def test_autonomous_region_bare_qu():
    r = res("广西壮族自治区召开会议，区总工会参加。")
    assert r["区总工会"] == ("广西壮族自治区总工会", "provincial", "union", "中华全国总工会")


def test_party_department_from_story_committee():
    doc = unionnlp.extract("通州区召开会议。区委常委、组织部部长兼区总工会主席李某出席。", layers=("rules",))
    got = {o.text: (o.canonical, o.kind, o.level) for o in doc.organizations}
    assert got["组织部"] == ("通州区委组织部", "party", "district")
    assert got["区委"] == ("通州区委", "party", "district")


def test_company_union_named_from_story():
    r = res("芜湖瑞江汽车零部件集团有限公司工会委员会召开会议。会上，集团工会表彰了先进，瑞江集团负责人出席。")
    assert r["集团工会"][0] == "芜湖瑞江汽车零部件集团有限公司工会委员会"
    assert r["瑞江集团"][0] == "芜湖瑞江汽车零部件集团有限公司"
    assert r["集团工会"][1] == "unit"


def test_generic_street_union_dropped_but_demonstrative_kept():
    assert "社区工会" not in res("各地要加强社区工会建设。")
    assert res("平安里社区召开会议。社区工会主席发言。")["社区工会"][:2] == ("平安里社区工会", "community")


def test_zone_union_work_committee_is_township():
    r = res("合肥市包河区召开会议，包河经济开发区工会工作委员会参加。")
    assert r["包河经济开发区工会工作委员会"][1:3] == ("township", "union")


def test_building_federation_under_a_street():
    r = res("西宾路街道商务楼宇工会联合会成立。")
    assert r["西宾路街道商务楼宇工会联合会"][1:] == ("community", "union", "西宾路街道总工会")


def test_union_organ_named_from_its_body():
    r = res("鞍山市总工会召开全委会。经费审查委员会主任张某出席。")
    assert r["经费审查委员会"] == ("鞍山市总工会经费审查委员会", "municipal", "union", None)


def test_bare_union_in_title_chain_is_the_enterprise_union():
    r = res("湘东钢铁集团有限公司召开大会，集团党委副书记、工会主席刘某出席。")
    assert r["工会"] == ("湘东钢铁集团有限公司工会", "unit", "union", None)
    assert r["集团党委"][:3] == ("湘东钢铁集团有限公司党委", "unit", "party")
    assert "工会" not in res("街道开展活动，工会主席说。")


def test_subunit_after_enterprise_is_one_org():
    doc = unionnlp.extract("宁夏银川供电有限公司带电作业班获奖，华泰纸业有限公司的车间也获奖。", layers=("rules",))
    assert [o.text for o in doc.organizations] == ["宁夏银川供电有限公司带电作业班", "华泰纸业有限公司"]


def test_branch_union_parent_is_the_enterprise_union():
    r = res("芜湖瑞江汽车零部件集团有限公司工会委员会召开会议，电控分公司工会作交流发言。")
    assert r["电控分公司工会"][0] == "芜湖瑞江汽车零部件集团有限公司电控分公司工会"
    assert r["电控分公司工会"][3] == "芜湖瑞江汽车零部件集团有限公司工会委员会"
    assert r["芜湖瑞江汽车零部件集团有限公司工会委员会"][3] is None


def test_parent_stated_in_text():
    r = res("海南椰乡食品有限公司工会成立于2015年，公司工会隶属城西镇总工会。")
    assert r["公司工会"][3] == "城西镇总工会"


# --------------------------------------------------------------------------- QA regressions
@pytest.mark.parametrize("text", ["南京市、苏州市、徐州市总工会作交流发言。", "南京市、蘇州市、徐州市總工會作交流發言。"])
def test_named_conjuncts_share_the_head(text):
    doc = unionnlp.extract(text, layers=("rules",))
    got = [(o.canonical, o.level, o.parent) for o in doc.organizations]
    assert got == [("南京市总工会", "municipal", "江苏省总工会"), ("苏州市总工会", "municipal", "江苏省总工会"),
                   ("徐州市总工会", "municipal", "江苏省总工会")]


@pytest.mark.parametrize("text", ["天河区、番禺区等区总工会开展送清凉活动。", "天河區、番禺區等區總工會開展送清涼活動。"])
def test_plural_with_deng_is_its_conjuncts(text):
    doc = unionnlp.extract(text, layers=("rules",))
    assert [o.canonical for o in doc.organizations] == ["天河区总工会", "番禺区总工会"]


@pytest.mark.parametrize("text,name,expected", [
    ("英国护士工会宣布举行罢工。", "英国护士工会", ("英国护士工会", None, "union", None)),
    ("英國護士工會宣佈舉行罷工。", "英國護士工會", ("英国护士工会", None, "union", None)),
    ("美国海军方面发表声明。", "美国海军", ("美国海军", None, "government", None)),
    ("美國海軍方面發表聲明。", "美國海軍", ("美国海军", None, "government", None)),
    ("纽约曼哈顿地区法院作出裁决。", "纽约曼哈顿地区法院", ("纽约曼哈顿地区法院", None, "government", None)),
    ("法国总工会号召罢工。", "法国总工会", ("法国总工会", "national", "union", None)),
])
def test_foreign_bodies(text, name, expected):
    assert res(text)[name] == expected


def test_bare_union_after_a_street_party_body():
    r = res("成都市锦江区玉林街道党工委委员、总工会主席杜文静参加活动。")
    assert r["总工会"] == ("玉林街道总工会", "township", "union", "锦江区总工会")
    r = res("成都市錦江區玉林街道黨工委委員、總工會主席杜文靜參加活動。")
    assert r["總工會"] == ("玉林街道总工会", "township", "union", "锦江区总工会")


def test_bare_union_far_from_a_body_stays_unresolved():
    r = res("玉林街道党工委召开会议。总工会主席杜文静参加活动。")
    assert r["总工会"][0] == "总工会"


@pytest.mark.parametrize("text", ["区委常委、组织部部长王建新出席。", "區委常委、組織部部長王建新出席。"])
def test_department_of_an_unnamed_district_committee_is_party(text):
    doc = unionnlp.extract(text, layers=("rules",))
    dept = [o for o in doc.organizations if o.text in ("组织部", "組織部")][0]
    assert (dept.kind, dept.level, dept.canonical) == ("party", "district", "区委组织部")


def test_department_without_committee_is_party_unlevelled():
    r = res("组织部部长王建新出席会议。")
    assert r["组织部"][1:3] == (None, "party")


def test_zone_union_placed_by_its_name():
    r = res("昆山市总工会指导昆山开发区总工会开展活动。")
    assert r["昆山开发区总工会"] == ("昆山开发区总工会", "township", "union", "昆山市总工会")
    r = res("昆山市总工会指导花桥经济开发区工会工作委员会开展活动。")
    assert r["花桥经济开发区工会工作委员会"][1:] == ("township", "union", "昆山市总工会")


@pytest.mark.parametrize("text", ["上海、江苏等省市总工会参加会议。", "上海、江蘇等省市總工會參加會議。"])
def test_plural_with_compound_tier(text):
    doc = unionnlp.extract(text, layers=("rules",))
    assert [o.canonical for o in doc.organizations] == ["上海市总工会", "江苏省总工会"]


def test_zone_committee_after_its_city():
    r = res("昆山市花桥经济开发区工会工作委员会召开会议。")
    assert r["昆山市花桥经济开发区工会工作委员会"][1:] == ("township", "union", "昆山市总工会")


def test_foreign_workers_federation_is_national():
    assert res("法国工人民主联合会发表声明。")["法国工人民主联合会"] == ("法国工人民主联合会", "national", "union", None)


# ---------------------------------------------------------------- short forms of a body named in full
def canon(text: str) -> dict[str, str]:
    doc = unionnlp.extract(text, layers=("rules",))
    return {o.text: o.canonical for o in doc.organizations}


@pytest.mark.parametrize("text, short, full", [
    ("杭州临平精工轴承有限公司工会举办技能比武。临平精工轴承公司工会主席韦晓岚介绍，", "临平精工轴承公司工会",
     "杭州临平精工轴承有限公司工会"),
    ("上海市第九人民医院开展义诊。九院工会主席秦雨桐说，", "九院工会", "上海市第九人民医院工会"),
    ("天津滨海重型机械有限公司的职工参赛。滨海重机工会主席杨立磊表示，", "滨海重机工会", "天津滨海重型机械有限公司工会"),
    ("满城北街社区工会联合会揭牌。联合会主席纳秀兰说，", "联合会", "满城北街社区工会联合会"),
])
def test_short_form_takes_the_full_name(text, short, full):
    assert canon(text)[short] == full


def test_region_bodies_never_alias():
    c = canon("北京市总工会和北京市丰台区总工会联合开展慰问。")
    assert c["北京市总工会"] == "北京市总工会"


def test_a_sub_unit_is_another_body():
    c = canon("柳州骏腾汽车集团有限公司焊装车间开展比武。集团工会主席韦志强到场。")
    assert "车间" not in c["集团工会"]


def test_an_ambiguous_region_is_read_with_the_rest_of_the_page():
    page = ("青海省总工会在西宁召开推进会\n本报讯 8月2日，青海省总工会在西宁市召开新就业形态劳动者入会推进会。\n"
            "城中区总工会为骑手办理互助保障\n本报讯 8月9日，城中区总工会为辖区两百余名骑手办理互助保障。\n")
    doc = unionnlp.extract(page, layers=("rules",))
    (o,) = [o for o in doc.organizations if o.text == "城中区总工会"][:1]
    assert o.parent == "西宁市总工会"  # not 柳州's 城中区


def test_industrial_unions_and_community_federations():
    r = res("中国机械冶金建材工会和中国海员建设工会广东省委员会联合开展慰问。")
    assert r["中国机械冶金建材工会"][1:] == ("sector", "union", "中华全国总工会")
    assert r["中国海员建设工会广东省委员会"][1:] == ("sector", "union", "广东省总工会")
    r = res("满城北街社区工会联合会成立以来，已吸纳会员三百余人。")
    assert r["满城北街社区工会联合会"][1] == "community"


def test_an_enterprise_short_name_takes_the_full_name_but_not_a_workshops():
    c = canon("襄阳汉川汽车零部件股份有限公司工会成立职工书屋。汉川汽零工会主席周建明说，")
    assert c["汉川汽零工会"] == "襄阳汉川汽车零部件股份有限公司工会"
    c = canon("柳州骏腾汽车集团有限公司焊装车间开展比武。骏腾集团工会主席韦志强到场。")
    assert "车间" not in c["骏腾集团工会"]


def test_a_bare_tier_in_a_chain_takes_the_place_named_just_before():
    text = ("吴忠市总工会召开推进会。青铜峡市委常委、组织部部长，市总工会主席苏建华介绍了做法。")
    doc = unionnlp.extract(text, layers=("rules",))
    bare = [o for o in doc.organizations if o.text == "市总工会"]
    assert bare and bare[0].canonical == "青铜峡市总工会"
    assert res("丰台区召开职工大会。区总工会主席出席。")["区总工会"][0] == "丰台区总工会"
