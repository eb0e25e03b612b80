"""PROGRAM rule layer: quoted names by context, lexicon, named events, exclusions; end to end incl. traditional."""
import time

import pytest

import unionnlp
from unionnlp.programs import find_programs


def _p(text, blocked=()):
    return [(text[h.start:h.end], h.kind, h.canonical) for h in find_programs(text, blocked=list(blocked))]


@pytest.mark.parametrize("text, expected", [
    # quoted names classified by what follows (the generic head stays outside)
    ("区总工会开展“区级工会加强年”活动。", [("区级工会加强年", "campaign", "区级工会加强年")]),
    ("部署“能力提升年”专项工作。", [("能力提升年", "campaign", "能力提升年")]),
    ("启动“民主日”工作。", [("民主日", "activity", "民主日")]),
    ("推出“京工惠”小程序。", [("京工惠", "platform", "京工惠")]),
    ("全面落实“工会帮办”服务。", [("工会帮办", "service", "工会帮办")]),
    ("以“访企业，近职工”为主题。", [("访企业，近职工", "theme", "访企业，近职工")]),
    ("大会主题为“匠心筑梦 技能强企”，", [("匠心筑梦 技能强企", "theme", "匠心筑梦 技能强企")]),
    ("围绕“数智赋能”主题展开交流。", [("数智赋能", "theme", "数智赋能")]),
    ("召开“区级工会加强年”推进会。", [("区级工会加强年", "campaign", "区级工会加强年")]),
    ("开展“春暖农民工”行动。", [("春暖农民工", "campaign", "春暖农民工")]),
    # competition / award heads belong to the name: quotes stay inside
    ("举办“金锤杯”劳动竞赛。", [("“金锤杯”劳动竞赛", "competition", "金锤杯劳动竞赛")]),
    ("荣获“五一”劳动奖章。", [("“五一”劳动奖章", "award", "五一劳动奖章")]),
    # a name continuing after the quote
    ("全总启动“小三级”工会建设三年行动。", [("“小三级”工会建设三年行动", "campaign", "小三级工会建设三年行动")]),
    ("“湖畔情深”——职工文艺作品汇演在京举办。",
     [("“湖畔情深”——职工文艺作品汇演", "activity", "湖畔情深——职工文艺作品汇演")]),
    # cues before the quote
    ("他被授予“青峰工匠”称号。", [("青峰工匠", "award", "青峰工匠")]),
    ("推荐参评“石城工匠”。", [("石城工匠", "award", "石城工匠")]),
    ("会员可通过“申工惠”客户端报名。", [("申工惠", "platform", "申工惠")]),
    ("各地举办“厂晚”“职工村歌大赛”等活动。", [("厂晚", "activity", "厂晚"), ("职工村歌大赛", "competition", "职工村歌大赛")]),
    ("全区已建成“暖蜂驿站”30个。", [("暖蜂驿站", "service", "暖蜂驿站")]),
    ("获评“模范职工之家”。", [("模范职工之家", "award", "模范职工之家")]),
    # prefixes dropped: period, national, ordinal
    ("“2024全国网上年货节”今天启动。", [("网上年货节", "activity", "网上年货节")]),
    ("2023年“全国五一劳动奖章”获得者", [("五一劳动奖章", "award", "五一劳动奖章")]),
    ("第十四届“全国文化企业30强”发布。", [("文化企业30强", "award", "文化企业30强")]),
    # coordinated pair and season prefixes
    ("开展“夏送清凉、冬送温暖”活动。", [("送清凉", "campaign", "送清凉"), ("送温暖", "campaign", "送温暖")]),
    ("“夏送清凉”走进工地。", [("送清凉", "campaign", "送清凉")]),
    # lexicon, unquoted, with canonical full names for short forms
    ("深化产改，推进产业工人队伍建设改革。",
     [("产改", "campaign", "产业工人队伍建设改革"), ("产业工人队伍建设改革", "campaign", "产业工人队伍建设改革")]),
    ("开展送温暖活动，落实普惠服务和职工互助保障。",
     [("送温暖", "campaign", "送温暖"), ("普惠服务", "service", "普惠服务"), ("职工互助保障", "service", "职工互助保障")]),
    ("金秋助学活动惠及学子。", [("金秋助学", "campaign", "金秋助学")]),
    ("获得全国五一劳动奖章和全国工人先锋号。",
     [("五一劳动奖章", "award", "五一劳动奖章"), ("工人先锋号", "award", "工人先锋号")]),
    ("第136届广交会开幕。", [("广交会", "activity", "中国进出口商品交易会")]),
    ("十五运会将于明年举行。", [("十五运会", "competition", "全国运动会")]),
    ("普惠服务进园区启动。", [("普惠服务进园区", "activity", "普惠服务进园区")]),
    # named events after an ordinal/period prefix or a launching verb
    ("第六届中国国际工业设计博览会在武汉举行。", [("中国国际工业设计博览会", "activity", "中国国际工业设计博览会")]),
    ("首届大国工匠创新交流大会开幕。", [("大国工匠创新交流大会", "activity", "大国工匠创新交流大会")]),
    ("第十届山西省职工职业技能大赛开赛。", [("职工职业技能大赛", "competition", "职工职业技能大赛")]),
    ("2023绿色出行宣传月和公交出行宣传周在京启动。",
     [("绿色出行宣传月", "activity", "绿色出行宣传月"), ("公交出行宣传周", "activity", "公交出行宣传周")]),
    ("全总近日启动治理欠薪冬季专项行动。", [("治理欠薪冬季专项行动", "campaign", "治理欠薪冬季专项行动")]),
    ("公司联合举办桥吊司机技能比武，", [("桥吊司机技能比武", "competition", "桥吊司机技能比武")]),
    ("举办数商兴产、数商兴农等活动。", [("数商兴产", "campaign", "数商兴产"), ("数商兴农", "campaign", "数商兴农")]),
    # long form gives the canonical of the short form in the same story
    ("开展学习贯彻新思想主题教育。主题教育开展以来，",
     [("学习贯彻新思想主题教育", "campaign", "学习贯彻新思想主题教育"),
      ("主题教育", "campaign", "学习贯彻新思想主题教育")]),
])
def test_program_forms(text, expected):
    assert _p(text) == expected


@pytest.mark.parametrize("text", [
    "印发《职工疗休养管理办法》。",           # a document title
    "关心关爱“八大群体”。",                 # a category of people
    "召开座谈会和沟通会。",                  # generic events
    "建成职工之家。", "把“职工之家”建成温暖之家。",  # a facility
    "大力弘扬劳模精神、工匠精神。", "弘扬“劳模精神”。",  # spirits
    "一颗颗送温暖的心。",                    # a verb phrase echoing a name
    "“十四五”期间，", "坚持“两个毫不动摇”，", "“制造业”占比最高。",  # quotes that name no programme
    "庆“五一”表彰会", "开展“一店一策”改造，",
    "开展劳动竞赛，比学赶超。",               # a generic competition without a name
    "召开庆祝大会。", "出席本届大会。",
    "开展“比安全、比质量、比进度”竞赛",      # a slogan list
])
def test_exclusions(text):
    assert _p(text) == []


def test_inside_an_org_is_skipped():
    text = "区“产改”协调小组召开会议"
    assert _p(text, blocked=[(0, 9)]) == []
    assert _p(text)  # without the ORG span the short form is found


def test_end_to_end_simplified_offsets():
    text = "区总工会开展“区级工会加强年”活动，深化产改，送温暖活动覆盖全区。"
    doc = unionnlp.extract(text, layers=("rules",))
    got = [(p.text, p.kind, p.canonical) for p in doc.programs]
    assert ("区级工会加强年", "campaign", "区级工会加强年") in got
    assert ("产改", "campaign", "产业工人队伍建设改革") in got
    assert ("送温暖", "campaign", "送温暖") in got
    for p in doc.programs:
        assert text[p.start:p.end] == p.text


def test_end_to_end_traditional():
    text = "區總工會開展“夏送清涼、冬送溫暖”活動，深化產改，並推出“京工惠”小程序。"
    doc = unionnlp.extract(text, layers=("rules",))
    got = {p.text: p for p in doc.programs}
    assert got["送清涼"].canonical == "送清凉" and got["送清涼"].kind == "campaign"
    assert got["送溫暖"].canonical == "送温暖"
    assert got["產改"].canonical == "产业工人队伍建设改革"
    assert got["京工惠"].kind == "platform"
    for p in doc.programs:
        assert text[p.start:p.end] == p.text


def test_linear_time_on_unpunctuated_megabyte():
    for text in ("全国" * 100_000, "“" * 200_000, "开展“区级工会加强年”活动第六届中国国际工业设计博览会" * 8000):
        t = time.perf_counter()
        find_programs(text)
        assert time.perf_counter() - t < 10


def test_quoted_team_names_are_not_programmes():
    assert _p("区总工会组织“石竹花”职工志愿服务队走进社区。") == []


@pytest.mark.parametrize("text, n", [
    ("区总工会为环卫工人送清凉", 0), ("工会每年夏天还来送清凉。", 0),
    ("区总工会开展送清凉活动", 1), ("为环卫工人开展送清凉活动", 1),
])
def test_verbal_use_of_a_programme_name(text, n):
    assert len(_p(text)) == n


# --- QA round: 年度 prefix, weak quoted strings, 等 + generic head, award cues, one kind per name --------
@pytest.mark.parametrize("text, expected", [
    ("他获得2024年度全国五一劳动奖章。", [("五一劳动奖章", "award", "五一劳动奖章")]),
    ("实施“春风送岗”等专项行动。", [("春风送岗", "campaign", "春风送岗")]),
    ("王某荣获“2024年度江苏省劳动模范”称号。", [("劳动模范", "award", "劳动模范")]),
    ("他被授予“全国优秀农民工”。", [("优秀农民工", "award", "优秀农民工")]),
    ("她获评“最美职工”。", [("最美职工", "award", "最美职工")]),
])
def test_qa_program_forms(text, expected):
    assert _p(text) == expected


@pytest.mark.parametrize("text", [
    "着力打造企业的“里子”工程。",
    "着力打造企業的“裡子”工程。",
    "本届“30强”企业名单公布。",
    "墙上写着“1998－2024”的大字。",
    "墙上写着“1998-2024”的大字。",
    "封面印着“2024”。",
    "运动会第二个比赛日，选手们奋勇争先。",
])
def test_weak_quoted_strings_are_not_programmes(text):
    assert _p(text) == []


def test_short_quote_as_short_form_of_a_longer_mention():
    got = _p("第十四届“全国文化企业30强”名单发布。本届“30强”企业营收增长。")
    assert [g[0] for g in got] == ["文化企业30强", "30强"]
    assert got[1][1:] == ("award", "文化企业30强")


def test_short_quote_with_a_strong_cue_is_kept():
    assert _p("区总工会开展“六送”活动。")[0][0] == "六送"
    assert _p("“六送”服务今年已开展多场。")[0][0] == "六送"  # a head after it is evidence
    assert _p("开设“夜校”，让职工就近学技能。") == []  # no head, no strong cue


def test_one_kind_per_name_in_a_story():
    text = "市总工会推出“蓉e工”服务。职工可通过“蓉e工”平台办理。“蓉e工”服务覆盖全市。"
    got = _p(text)
    assert len(got) == 3 and len({k for _, k, _ in got}) == 1


@pytest.mark.parametrize("text", ["2025年运动会第二个比赛日，", "首届运动会第二个比赛日，", "今天是运动会第二个比赛日。"])
def test_bare_sports_meeting_after_a_period_is_generic(text):
    assert _p(text) == []


def test_event_day_is_not_a_programme():
    got = _p("第十五届全国运动会第二个比赛日，选手们奋勇争先。")
    assert all("比赛日" not in name for name, _, _ in got)


def test_qa_end_to_end_traditional():
    doc = unionnlp.extract("市總工會實施“春風送崗”等專項行動。王某榮獲“江蘇省勞動模範”稱號。", layers=("rules",))
    got = [(p.text, p.kind) for p in doc.programs]
    assert ("春風送崗", "campaign") in got and ("勞動模範", "award") in got
    doc = unionnlp.extract("他獲得2024年度全國五一勞動獎章。", layers=("rules",))
    assert [(p.text, p.kind, p.canonical) for p in doc.programs] == [("五一勞動獎章", "award", "五一劳动奖章")]


# --- round 3: facilities, figures of speech, service long forms, drives by shape ----------------------
@pytest.mark.parametrize("text", [
    "物流园建起了“货运司机之家”，提供热水和休息床位。",
    "医院工会开设“暖心妈妈小屋”服务，方便哺乳期职工。",
    "镇总工会在茶园旁建起“茶乡工会小屋”。",
    "码头新建4个“海员之家”服务点。",
    "社区工会把“娘家人”服务送到工地。",
    "社区提供“家门口”服务。",
    "公司把安全生产作为“一把手”工程。",
    "要坚决反对“面子工程”。",
    "今年为全市环卫工办理专属互助保障。",
    "组织劳模和一线职工疗休养团出发。",
])
def test_facilities_figures_and_other_schemes_are_not_programmes(text):
    assert _p(text) == []


@pytest.mark.parametrize("text, expected", [
    ("会员可通过“职工之家”APP提交理赔材料。", [("职工之家", "platform", "职工之家")]),
    ("今年已有3万人次参加互助保障。", [("互助保障", "service", "职工互助保障")]),
    ("区总工会为女职工办理女职工特殊疾病互助保障。", [("女职工特殊疾病互助保障", "service", "女职工特殊疾病互助保障")]),
    ("市总工会计划组织一线职工疗休养八千人次。", [("一线职工疗休养", "service", "一线职工疗休养")]),
    ("遇到欠薪可拨打职工服务热线12351。", [("职工服务热线12351", "service", "职工服务热线12351")]),
    ("“十万职工素养提升行动”与其他项目同步推进。",
     [("十万职工素养提升行动", "campaign", "十万职工素养提升行动")]),
    ("省总工会把村级工会建设列入“固本行动”。", [("固本行动", "campaign", "固本行动")]),
    ("市总工会将此事纳入“助企纾困”专项。", [("助企纾困", "campaign", "助企纾困")]),
    # a quoted name followed by a people noun and a head: the rest only describes it
    ("市教育工会启动“春雨润心”教职工心理关爱行动。", [("春雨润心", "campaign", "春雨润心")]),
    # … but a cup name keeps its competition: “X杯”职工技能大赛
    ("区总工会举办“金凤杯”职工技能大赛。", [("“金凤杯”职工技能大赛", "competition", "金凤杯职工技能大赛")]),
])
def test_round3_program_forms(text, expected):
    assert _p(text) == expected


@pytest.mark.parametrize("text", [
    "今年新建劳模创新工作室5个。",
    "省教育工会启动山区教师健康关爱行动。",
    "集团工会连续五年举办技能比武。",
    "志愿者为环卫工送政策、送技能、送温暖。",
    "工会干部走进建筑工地送清凉",
    "港口工会春节登轮送温暖",
])
def test_round3_not_programmes(text):
    assert _p(text) == []


def test_conferred_studio_is_an_award():
    got = _p("市总工会命名10个市级劳模和工匠人才创新工作室。")
    assert got == [("劳模和工匠人才创新工作室", "award", "劳模和工匠人才创新工作室")]
    got = _p("会上为新命名的五个劳模创新工作室授牌。")
    assert got == [("劳模创新工作室", "award", "劳模创新工作室")]


def test_named_drive_after_launch_verb_still_found():
    assert _p("市总工会启动清理欠薪夏季专项行动。")[0][0] == "清理欠薪夏季专项行动"
    assert _p("区总工会开展送温暖活动。")[0][0] == "送温暖"


def test_quoted_repeat_of_a_found_name_is_a_mention():
    text = "“三进”到工地\n区总工会开展“三进”活动，“三进”志愿服务队走进园区。"
    got = _p(text)
    assert [g[0] for g in got] == ["三进", "三进", "三进"]
    assert _p("“三进”到工地") == []  # alone, the headline quote is no evidence


def test_gloss_between_quote_and_head():
    got = _p("工会以“四小”（小改革、小发明、小建议、小创造）活动为抓手。")
    assert got == [("四小", "campaign", "四小")]


def test_honour_cue_before_quote():
    assert _p("市总工会表彰首批“最美环卫职工”。") == [("最美环卫职工", "award", "最美环卫职工")]


@pytest.mark.parametrize("text, expected", [
    ("本届进博会创新设计奖揭晓。", [("进博会创新设计奖", "award", "进博会创新设计奖")]),
    ("2024中国民营企业500强榜单发布。", [("中国民营企业500强", "award", "中国民营企业500强")]),
    ("该省设立技工院校省级奖学金，每年奖励三千名学生。", [("技工院校省级奖学金", "award", "技工院校省级奖学金")]),
    ("第八届临港中国国际进口博览会开幕。", [("中国国际进口博览会", "activity", "中国国际进口博览会")]),
])
def test_awards_of_events_rankings_and_grants(text, expected):
    assert _p(text) == expected


def test_event_prize_money_is_not_an_award():
    assert _p("广交会奖金已发放。") == [("广交会", "activity", "中国进出口商品交易会")]


@pytest.mark.parametrize("text, expected", [
    ("市总工会把该项目列入年度“工会服务进园区”重点项目。", [("工会服务进园区", "campaign", "工会服务进园区")]),
    ("县总工会把该村列为“村级工会提质增效”试点。", [("村级工会提质增效", "campaign", "村级工会提质增效")]),
    ("市总工会开放首个“骑手加油站”驿站。", [("骑手加油站", "service", "骑手加油站")]),
    ("今年发放京卡互助服务卡3万张。", [("京卡互助服务卡", "platform", "京卡互助服务卡")]),
    ("区总工会举办“职工健步走”活动。", [("职工健步走", "activity", "职工健步走")]),
    ("联合人社局开展“技能培优季”培训。", [("技能培优季", "activity", "技能培优季")]),
])
def test_round3_cues_heads_and_kinds(text, expected):
    assert _p(text) == expected


def test_headline_into_phrase_names_no_event_unless_repeated():
    assert _p("普惠服务进山乡 会员享优惠\n") == [("普惠服务", "service", "普惠服务")]
    text = "普惠服务进山乡 会员享优惠\n市总工会“普惠服务进山乡”活动启动。"
    assert [g[0] for g in _p(text)][0] == "普惠服务进山乡"


def test_unquoted_repeat_of_a_long_name():
    text = "和龙市职工冰雪运动会开幕\n由市总工会主办的第三届职工冰雪运动会开幕。"
    got = _p(text)
    assert [g[0] for g in got] == ["职工冰雪运动会", "职工冰雪运动会"]
    assert got[0][1] == "competition"
    # a studio is a title only where it is conferred
    text = "会上命名8个劳模创新工作室。今年还将新建劳模创新工作室20个。"
    assert len(_p(text)) == 1


def test_cup_with_drill_head():
    assert _p("每年开展“钢城杯”岗位练兵。") == [("“钢城杯”岗位练兵", "competition", "钢城杯岗位练兵")]


@pytest.mark.parametrize("text, expected", [
    ("园区按照“先登记、后服务”的思路为骑手办事。", [("先登记、后服务", "theme", "先登记、后服务")]),
    ("要以“智造新城 技能强市”为目标。", [("智造新城 技能强市", "theme", "智造新城 技能强市")]),
    ("推荐申报五一劳动奖章和“陇原工匠”。", [("五一劳动奖章", "award", "五一劳动奖章"), ("陇原工匠", "award", "陇原工匠")]),
    ("推荐申报五一劳动奖章和“陇匠”。", [("五一劳动奖章", "award", "五一劳动奖章"), ("陇匠", "award", "陇匠")]),
])
def test_approach_slogans_and_coordination_with_a_known_name(text, expected):
    assert _p(text) == expected


def test_round3_guards():
    assert _p("全总启动新就业形态劳动者温暖行动。")[0][0] == "新就业形态劳动者温暖行动"
    assert _p("会场悬挂“第五次全国青年代表大会”会标。") == []
    assert _p("这是两省共建的“头号工程”。") == []
    assert _p("践行“携手共进：联盟在行动”的口号。") == []
    text = "他荣获“省科技进步奖”。省科技进步奖励大会召开。"
    assert [g[0] for g in _p(text)] == ["省科技进步奖"]


def test_long_scheme_name_with_qualifiers():
    text = "职工们参加了在职职工门诊补充医疗互助保障。"
    assert _p(text) == [("在职职工门诊补充医疗互助保障", "service", "在职职工门诊补充医疗互助保障")]
