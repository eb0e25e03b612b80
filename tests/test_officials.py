"""Officials layer: TITLE/PERSON spans, holds links, roles (unionnlp.officials).

Unit tests build a Story with the ORG spans the ORG layer would have found, so
they do not depend on that layer; end-to-end tests go through
``unionnlp.extract(..., layers=("rules",))`` (simplified and traditional input).
All names and sentences are invented.
"""
from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import unionnlp
from unionnlp import officials
from unionnlp.spans import Span, Story

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------

def run(text: str, orgs: tuple[str, ...] = (), bylines: tuple[str, ...] = ()) -> Story:
    """Annotate ``text`` with the officials layer; ``orgs`` are ORG spans placed
    at every occurrence (as the ORG layer would), ``bylines`` byline PERSONs."""
    st = Story(text, 0, len(text))
    for o in orgs:
        i = text.find(o)
        while i >= 0:
            st.add(i, i + len(o), "ORG", kind="union" if "工会" in o else "party")
            i = text.find(o, i + len(o))
    for b in bylines:
        i = text.index(b)
        st.add(i, i + len(b), "PERSON", source="byline", role="reporter")
    officials.annotate(st)
    return st


def txt(st: Story, sp: Span | None) -> str | None:
    return None if sp is None else st.text[sp.start:sp.end]


def holds(st: Story) -> list[tuple[str, str, str | None]]:
    return [(txt(st, l.person), txt(st, l.title), txt(st, l.org)) for l in st.links]


def labelled(st: Story, label: str) -> list[str]:
    return [st.text[s.start:s.end] for s in st.spans_of(label)]


def roles(st: Story) -> dict[str, str]:
    return {st.text[s.start:s.end]: s.attrs.get("role") for s in st.spans_of("PERSON")}


def e2e_holds(doc) -> list[tuple[str, str, str | None]]:
    out = []
    for r in doc.relations:
        o = doc.entity(r.org) if r.org else None
        out.append((doc.entity(r.person).text, doc.entity(r.title).text, o.text if o else None))
    return out


# ---------------------------------------------------------------------------
# chain shapes
# ---------------------------------------------------------------------------

def test_two_org_chain_distributes_posts():
    st = run("区人大常委会党组成员、副主任，区总工会党组书记、主席王某出席并讲话。",
             orgs=("区人大常委会", "区总工会"))
    assert holds(st) == [
        ("王某", "党组成员", "区人大常委会"), ("王某", "副主任", "区人大常委会"),
        ("王某", "党组书记", "区总工会"), ("王某", "主席", "区总工会")]
    assert labelled(st, "TITLE") == ["党组成员", "副主任", "党组书记", "主席"]
    assert roles(st) == {"王某": "official"}


def test_three_org_chain():
    st = run("会上，市政协副主席、市总工会党组书记、主席，市劳模协会会长韩立新作报告。",
             orgs=("市政协", "市总工会", "市劳模协会"))
    assert holds(st) == [
        ("韩立新", "副主席", "市政协"), ("韩立新", "党组书记", "市总工会"),
        ("韩立新", "主席", "市总工会"), ("韩立新", "会长", "市劳模协会")]


def test_jian_chain_with_comma():
    st = run("区人大常委会党组副书记、副主任，兼区总工会主席付建华到会。",
             orgs=("区人大常委会", "区总工会"))
    assert holds(st) == [
        ("付建华", "党组副书记", "区人大常委会"), ("付建华", "副主任", "区人大常委会"),
        ("付建华", "主席", "区总工会")]


def test_jian_inline_and_org_prefix_split():
    # no ORG layer output: the prefixes become ORG spans (市委 + 副书记)
    st = run("区委常委、组织部部长兼区总工会主席魏书和出席。")
    assert holds(st) == [("魏书和", "常委", "区委"), ("魏书和", "部长", "组织部"),
                         ("魏书和", "主席", "区总工会")]
    kinds = {txt(st, s): s.attrs["kind"] for s in st.spans_of("ORG")}
    assert kinds == {"区委": "party", "组织部": "government", "区总工会": "union"}


def test_parenthesised_jian_marker():
    st = run("区人大常委会党组成员、副主任，区总工会主席（兼）张玉林参加。",
             orgs=("区人大常委会", "区总工会"))
    assert ("张玉林", "主席", "区总工会") in holds(st)
    assert "（兼）" not in "".join(labelled(st, "TITLE"))


def test_list_of_chains():
    st = run("市总工会副主席李建军、区总工会主席张立群出席。", orgs=("市总工会", "区总工会"))
    assert holds(st) == [("李建军", "副主席", "市总工会"), ("张立群", "主席", "区总工会")]


def test_name_after_colon_and_in_parentheses():
    st = run("出席人员：区总工会主席：刘雅琴；街道工会主席（赵文博）。", orgs=("区总工会", "街道工会"))
    assert ("刘雅琴", "主席", "区总工会") in holds(st)
    assert ("赵文博", "主席", "街道工会") in holds(st)


def test_post_in_parentheses_after_name():
    st = run("孙慧敏（镇党委委员、镇总工会主席）介绍了经验。", orgs=("镇党委", "镇总工会"))
    assert holds(st) == [("孙慧敏", "委员", "镇党委"), ("孙慧敏", "主席", "镇总工会")]


def test_title_after_name_yixing():
    st = run("市总工会陈立华主任一行来到企业。", orgs=("市总工会",))
    assert holds(st) == [("陈立华", "主任", "市总工会")]
    st = run("区总工会副主席陈立华到会。随后，陈立华主任一行看望职工。", orgs=("区总工会",))
    # the post after the name takes the ORG it had earlier in the story
    assert ("陈立华", "主任", None) in holds(st) or ("陈立华", "主任", "区总工会") in holds(st)
    assert labelled(st, "PERSON") == ["陈立华", "陈立华"]


def test_self_standing_titles_do_not_inherit():
    st = run("区委副书记、区长张涛，中共中央总书记、国家主席、中央军委主席。", orgs=("区委",))
    assert holds(st) == [("张涛", "副书记", "区委"), ("张涛", "区长", None)]


def test_appointment_and_election():
    st = run("黄晓东2023年当选全国政协委员，把关注点放在职工身上。", orgs=("全国政协",))
    assert holds(st) == [("黄晓东", "委员", "全国政协")]
    st = run("大会选举李秀芬为联合会主席。", orgs=("联合会",))
    assert holds(st) == [("李秀芬", "主席", "联合会")]


def test_org_span_that_swallowed_a_post_is_split():
    st = Story("市总工会党组书记、常务副主席兼市建设工会主席付晓刚出席。x", 0, 30)
    st.add(0, 4, "ORG", kind="union")
    bad = st.add(12, 20, "ORG", kind="union", canonical="常务副主席兼市建设工会")
    officials.annotate(st)
    assert st.text[bad.start:bad.end] == "市建设工会"
    assert "canonical" not in bad.attrs
    assert holds(st) == [("付晓刚", "党组书记", "市总工会"), ("付晓刚", "常务副主席", "市总工会"),
                         ("付晓刚", "主席", "市建设工会")]


def test_party_committee_posts():
    # after an enterprise name: one TITLE held at the enterprise (docs/decisions/data_review.md)
    st = run("瑞江集团党委书记、董事长章怀远颁奖。", orgs=("瑞江集团",))
    assert holds(st) == [("章怀远", "党委书记", "瑞江集团"), ("章怀远", "董事长", "瑞江集团")]
    # after a region, or a bare head noun: the committee is an ORG
    st = run("怀柔镇党委副书记、镇总工会主席常德胜到会。", orgs=("镇总工会",))
    assert holds(st) == [("常德胜", "副书记", "怀柔镇党委"), ("常德胜", "主席", "镇总工会")]
    st = run("公司党委副书记、纪委书记兼工会主席张守义出席。")
    assert holds(st) == [("张守义", "副书记", "公司党委"), ("张守义", "书记", "纪委"), ("张守义", "主席", "工会")]


def test_enterprise_union_after_enterprise_org():
    st = run("避开高温时段。中建二局北京分公司项目工会贾文涛主席说，工地还有。", orgs=("中建二局北京分公司",))
    assert holds(st) == [("贾文涛", "主席", "中建二局北京分公司项目工会")]


def test_front_line_posts_make_workers():
    st = run("车间主任孙海英今年刚满三十岁。")
    assert holds(st) == [("孙海英", "主任", None)] and roles(st) == {"孙海英": "worker"}


def test_quanzong_shujichu():
    st = run("全总书记处书记方卫民出席。", orgs=("全总",))
    assert holds(st) == [("方卫民", "书记处书记", "全总")]


# ---------------------------------------------------------------------------
# names
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("text,name", [
    ("区总工会主席王某某到企业调研。", "王某某"),
    ("区总工会主席张立群出席活动。", "张立群"),
    ("区总工会副主席李明指出，要做好服务。", "李明"),
    ("区总工会副主席李强出席活动。", "李强"),
    ("区总工会主席王平来到企业。", "王平"),
    ("区总工会主席张和平在会上讲话。", "张和平"),
    ("区总工会主席欧阳晓峰等参加。", "欧阳晓峰"),
    ("区总工会主席司马南同志说。", "司马南"),
    ("自治区总工会副主席阿依古丽·买买提宣读决定。", "阿依古丽·买买提"),
    ("州总工会主席泽仁翁姆，县委常委出席。", "泽仁翁姆"),
    ("旗总工会主席乌云其其格一行冒雪来到牧区。", "乌云其其格"),
    ("局党组书记、局长和毅等人参加。", "和毅"),
    ("市总工会权益保障部部长黄斌履职一年。", "黄斌"),
])
def test_name_boundaries(text, name):
    st = run(text)
    assert labelled(st, "PERSON") == [name]


def test_name_propagates_to_bare_mentions():
    st = run("区总工会党组书记、主席王志刚出席。王志刚表示，要办实事。会后王志刚看望职工。",
             orgs=("区总工会",))
    assert labelled(st, "PERSON") == ["王志刚"] * 3
    assert set(roles(st).values()) == {"official"}


def test_title_only_with_a_name():
    st = run("区总工会相关负责人介绍，主席团会议通过了决议，副主席的职责明确。", orgs=("区总工会",))
    assert labelled(st, "TITLE") == [] and labelled(st, "PERSON") == [] and st.links == []


def test_counts_of_members_are_not_posts():
    st = run("大会选举产生了由278名委员组成的执行委员会。")
    assert labelled(st, "TITLE") == [] and labelled(st, "PERSON") == []


def test_reporter_and_correspondent_are_not_titles_and_not_duplicated():
    text = "本报讯（记者 林晓 通讯员 周航）区总工会主席王建国出席。"
    st = run(text, orgs=("区总工会",), bylines=("林晓", "周航"))
    assert "记者" not in labelled(st, "TITLE") and "通讯员" not in labelled(st, "TITLE")
    assert labelled(st, "PERSON") == ["林晓", "周航", "王建国"]
    assert [s.source for s in st.spans_of("PERSON")] == ["byline", "byline", "rules"]


# ---------------------------------------------------------------------------
# roles
# ---------------------------------------------------------------------------

def test_worker_roles():
    st = run("全国劳动模范邓晓晶是一名技术员。邓晓晶说，创新没有止境。")
    assert roles(st) == {"邓晓晶": "worker"}
    st = run("获得全国五一劳动奖章的张帅林和团队一起攻关。")
    assert roles(st) == {"张帅林": "worker"}
    st = run("最终推选出陈闽生、周时雨、潘阿明9名个人。")
    assert roles(st) == {"陈闽生": "worker", "周时雨": "worker", "潘阿明": "worker"}


def test_worker_even_with_a_post():
    st = run("综采二队队长郑国华荣获省五一劳动奖章。", orgs=("综采二队",))
    assert roles(st) == {"郑国华": "worker"}
    assert holds(st) == [("郑国华", "队长", "综采二队")]


def test_name_lists_official_and_other():
    st = run("会上，石泰山、刘和平、沈跃华、马飞等出席开幕会。")
    assert roles(st) == {"石泰山": "official", "刘和平": "official", "沈跃华": "official", "马飞": "official"}
    st = run("会上，蔡林代表市委致辞。")
    assert roles(st) == {"蔡林": "official"}


def test_common_words_are_not_names():
    st = run("职工代表等参加了会议，产业工人占比超四成，青年职工占七成，向广大技能人才和劳动模范致以问候。"
             "领导班子要加强学习。重大工程项目的建设者。")
    assert labelled(st, "PERSON") == []


# ---------------------------------------------------------------------------
# end to end, simplified and traditional
# ---------------------------------------------------------------------------

_SIMPLIFIED = ("区总工会召开推进会\n"
               "区人大常委会党组成员、副主任，区总工会党组书记、主席王志刚出席并讲话。"
               "王志刚表示，要把服务做实。区委常委、副区长李明华参加。\n")


def test_end_to_end_simplified():
    doc = unionnlp.extract(_SIMPLIFIED, layers=("rules",))
    h = e2e_holds(doc)
    assert ("王志刚", "党组成员", "区人大常委会") in h
    assert ("王志刚", "主席", "区总工会") in h
    assert ("李明华", "常委", "区委") in h and ("李明华", "副区长", None) in h
    assert [p.text for p in doc.persons] == ["王志刚", "王志刚", "李明华"]
    assert all(p.role == "official" for p in doc.persons)
    assert len(doc.persons[0].posts) == 4


def test_end_to_end_traditional():
    trad = ("區總工會召開推進會\n"
            "區人大常委會黨組成員、副主任，區總工會黨組書記、主席王志剛出席並講話。"
            "王志剛表示，要把服務做實。區委常委、副區長李明華參加。\n")
    doc = unionnlp.extract(trad, layers=("rules",))
    h = e2e_holds(doc)
    assert ("王志剛", "黨組成員", "區人大常委會") in h
    assert ("王志剛", "主席", "區總工會") in h
    assert ("李明華", "副區長", None) in h
    assert [t.text for t in doc.titles] == ["黨組成員", "副主任", "黨組書記", "主席", "常委", "副區長"]
    for e in doc.entities:
        assert doc.text[e.start:e.end] == e.text


@pytest.mark.parametrize("simp,trad", [
    ("市总工会副主席李建军、区总工会主席张立群出席。", "市總工會副主席李建軍、區總工會主席張立群出席。"),
    ("区人大常委会党组副书记、副主任，兼区总工会主席付建华到会。", "區人大常委會黨組副書記、副主任，兼區總工會主席付建華到會。"),
    ("孙慧敏（镇党委委员、镇总工会主席）介绍了经验。", "孫慧敏（鎮黨委委員、鎮總工會主席）介紹了經驗。"),
    ("市总工会陈立华主任一行来到企业。", "市總工會陳立華主任一行來到企業。"),
    ("区总工会主席：刘雅琴。", "區總工會主席：劉雅琴。"),
])
def test_traditional_chain_shapes_end_to_end(simp, trad):
    a = unionnlp.extract("标题\n" + simp + "\n", layers=("rules",))
    b = unionnlp.extract("標題\n" + trad + "\n", layers=("rules",))
    assert len(a.relations) == len(b.relations) > 0
    assert [(e.label, e.start, e.end) for e in a.entities if e.label in ("PERSON", "TITLE")] == \
           [(e.label, e.start, e.end) for e in b.entities if e.label in ("PERSON", "TITLE")]


def test_split_chain_helper():
    posts, person = officials.split_chain("大通区委常委、副区长刘福山")
    assert [(p.title, p.org) for p in posts] == [("常委", "大通区委"), ("副区长", None)]
    assert person == (10, 13)


# ---------------------------------------------------------------------------
# properties
# ---------------------------------------------------------------------------

_ALPHABET = list("区市总工会党组书记主席副常务委员长王李张刘陈、，。：（）兼出席表示等 \n的") + ["劳模"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_ALPHABET), max_size=80), st.integers(0, 10))
def test_spans_well_formed(chars, pad):
    body = "".join(chars)
    text = "前" * pad + body
    story = Story(text, pad, len(text))
    officials.annotate(story)
    ids = {id(s) for s in story.spans}
    for s in story.spans:
        assert pad <= s.start < s.end <= len(text)
        assert s.label in ("ORG", "PERSON", "TITLE")
    mine = sorted((s for s in story.spans if s.label in ("PERSON", "TITLE")), key=lambda s: s.start)
    for a, b in zip(mine, mine[1:]):
        assert a.end <= b.start
    for l in story.links:
        assert id(l.person) in ids and id(l.title) in ids and (l.org is None or id(l.org) in ids)
        assert l.person.label == "PERSON" and l.title.label == "TITLE"


def test_linear_time_on_long_text_without_punctuation():
    import time

    text = "王" * 300_000 + "主席李" * 20_000
    t = time.perf_counter()
    officials.annotate(Story(text, 0, len(text)))
    assert time.perf_counter() - t < 20


# ---------------------------------------------------------------------------
# shared corpora (skipped when ../shared is absent)
# ---------------------------------------------------------------------------

def test_gov_relation_union_chains_split():
    path = SHARED / "corpora" / "officials_gov_relation" / "persons_current_post.jsonl"
    if not path.exists():
        pytest.skip("shared corpora absent")
    n = ok = 0
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            post = r["current_post"]
            if "工会" not in post or "（" in r["name"]:
                continue
            n += 1
            posts, person = officials.split_chain(post + r["name"])
            ok += bool(posts) and person is not None and post[person[0]:] == "" and \
                (post + r["name"])[person[0]:person[1]] == r["name"]
    assert n >= 5 and ok / n >= 0.8


# ---------------------------------------------------------------------------
# QA regressions (invented sentences): the text after "name + title", title words
# inside ordinary words, name boundaries
# ---------------------------------------------------------------------------

def _pt(text: str) -> list[tuple[str, str]]:
    doc = unionnlp.extract(text, layers=("rules",))
    return [(e.label, e.text) for e in doc.entities if e.label in ("PERSON", "TITLE")]


@pytest.mark.parametrize("text,name,title", [
    ("王建国主席高度重视职工服务工作。", "王建国", "主席"),
    ("王建國主席高度重視職工服務工作。", "王建國", "主席"),
    ("王建国局长向首届技能大赛致贺信。", "王建国", "局长"),
    ("王建國局長向首屆技能大賽致賀信。", "王建國", "局長"),
    ("李明局长对此高度重视。", "李明", "局长"),
    ("李明局長對此高度重視。", "李明", "局長"),
])
def test_name_before_title_wins_over_the_words_after(text, name, title):
    doc = unionnlp.extract(text, layers=("rules",))
    assert _pt(text) == [("PERSON", name), ("TITLE", title)]
    assert e2e_holds(doc) == [(name, title, None)]


@pytest.mark.parametrize("text,name", [
    ("区总工会主席王建国亲自部署。", "王建国"),
    ("区总工会主席高建国强调，", "高建国"),
    ("区总工会主席向明华表示，", "向明华"),
    ("共青团中央书记处第一书记阿东，", "阿东"),
])
def test_names_after_a_title_still_found(text, name):
    assert ("PERSON", name) in _pt(text)


@pytest.mark.parametrize("text", [
    "小树总有一天会长成参天大树。",
    "小樹總有一天會長成參天大樹。",
    "他说，小树总有一天会长成参天大树。",
])
def test_title_word_inside_ordinary_words(text):
    assert _pt(text) == []


@pytest.mark.parametrize("text,name", [
    ("慰问护林员刘军夫妇。", "刘军"),
    ("慰問護林員劉軍夫婦。", "劉軍"),
    ("看望劳模李秀梅一家。", "李秀梅"),
    ("看望劳模张建华父子。", "张建华"),
])
def test_kinship_words_after_a_name(text, name):
    assert ("PERSON", name) in _pt(text)
    assert all(t == name for l, t in _pt(text) if l == "PERSON")


@pytest.mark.parametrize("text", [
    "联合国秘书长古特雷斯通过发言人发表声明。",
    "聯合國秘書長古特雷斯通過發言人發表聲明。",
])
def test_transliterated_name_is_not_cut(text):
    assert all(t in ("古特雷斯",) for l, t in _pt(text) if l == "PERSON")


@pytest.mark.parametrize("text,name", [
    ("新疆工会副主席阿依古丽·买买提出席。", "阿依古丽·买买提"),
    ("新疆工會副主席阿依古麗·買買提出席。", "阿依古麗·買買提"),
    ("区总工会副主席阿依古丽·吐尔逊和王某出席。", "阿依古丽·吐尔逊"),
])
def test_dotted_name_before_a_stop_word(text, name):
    assert ("PERSON", name) in _pt(text)


def test_other_shapes_unchanged_by_the_qa_fixes():
    assert _pt("区总工会副主席李秀梅、张立群出席活动。") == [
        ("TITLE", "副主席"), ("PERSON", "李秀梅"), ("PERSON", "张立群")]
    assert _pt("张立群（区总工会主席）出席活动。") == [("PERSON", "张立群"), ("TITLE", "主席")]
    doc = unionnlp.extract("市委常委、组织部部长兼区总工会主席李某出席。", layers=("rules",))
    assert len(doc.relations) == 3
    assert _pt("张伟主任一行到企业调研。") == [("PERSON", "张伟"), ("TITLE", "主任")]


@pytest.mark.parametrize("text,name", [
    ("新闻出版署署长于友先会见时在座。", "于友先"),   # 长于 is a word, but 于友先 is a name
    ("韩国总统金大中开始访问。", "金大中"),
    ("联合王国副首相约翰·普雷斯科特将于7月访华。", "约翰·普雷斯科特"),
])
def test_names_after_titles_that_look_glued(text, name):
    assert ("PERSON", name) in _pt(text)


@pytest.mark.parametrize("text", [
    "乌克兰总统泽连斯基呼吁停火。",
    "欧洲央行行长拉加德当天表示，",
    "叙利亚外长时隔十余年后首访埃及。",
    "总书记经常走进工厂车间。",
])
def test_no_cut_foreign_names_or_words_after_titles(text):
    assert [t for l, t in _pt(text) if l == "PERSON"] == []


def test_common_surname_hong_before_a_title():
    assert _pt("全总洪思远副部长一行当天到现场观摩。") == [("PERSON", "洪思远"), ("TITLE", "副部长")]


@pytest.mark.parametrize("text", [
    "区总工会主席高度重视此项工作。", "區總工會主席高度重視此項工作。",
    "局长向大会致辞。", "局長向大會致辭。",
    "书记亲自部署。", "区总工会主任将出席。", "主席为大家讲课。",
])
def test_no_name_after_a_title_when_words_follow(text):
    assert _pt(text) == []


def test_verb_ending_in_hui_is_no_body_before_a_post():
    # 领会/体会 end in 会 but are verbs: the text before 总书记 is no organisation
    import unionnlp

    doc = unionnlp.extract("会议强调，要深入领会习近平总书记关于工作的重要论述。", layers=("rules",))
    assert [e.text for e in doc.organizations] == []
    doc = unionnlp.extract("市书法协会会长王志刚出席。", layers=("rules",))
    assert [(e.label, e.text) for e in doc.entities][:3] == [("ORG", "市书法协会"), ("TITLE", "会长"),
                                                            ("PERSON", "王志刚")]


@pytest.mark.parametrize("text, name", [
    ("理塘县总工会副主席洛桑曲措介绍，", "洛桑曲措"),
    ("昭觉县总工会主席阿西木呷说，", "阿西木呷"),
    ("班长吉克拉惹带着大家巡线。", "吉克拉惹"),
    ("县总工会副主席扎西次仁出席。", "扎西次仁"),
])
def test_four_character_tibetan_and_yi_names(text, name):
    doc = unionnlp.extract(text, layers=("rules",))
    assert name in [p.text for p in doc.persons]


def test_a_han_name_is_not_stretched_by_the_minority_lexicon():
    doc = unionnlp.extract("区总工会主席马海军出席。", layers=("rules",))
    assert [p.text for p in doc.persons] == ["马海军"]


def test_party_post_after_an_enterprise_org_of_the_org_layer():
    # the ORG layer reads 华瑞集团党委 / 晨光汽配党委: after an enterprise name the
    # committee goes back into the post (ORG 华瑞集团 + TITLE 党委副书记)
    doc = unionnlp.extract("华瑞集团党委副书记、董事长陆文博出席。", layers=("rules",))
    assert ("陆文博", "党委副书记", "华瑞集团") in e2e_holds(doc)
    assert [o.text for o in doc.organizations] == ["华瑞集团"]
    assert doc.organizations[0].kind == "enterprise"
    doc = unionnlp.extract("“大家干劲足。”晨光汽配党委书记兼总经理韩立新说。", layers=("rules",))
    assert ("韩立新", "党委书记", "晨光汽配") in e2e_holds(doc)
    doc = unionnlp.extract("南江大学党委书记许志平出席。", layers=("rules",))
    assert e2e_holds(doc) == [("许志平", "党委书记", "南江大学")]
    # after a region, a bare head noun or a government body the committee stays an ORG
    for text, org in (("长林镇党委副书记郑海峰出席。", "长林镇党委"),
                      ("公司党委副书记兼工会主席闻立东说。", "公司党委"),
                      ("区教委党委书记邵明远出席。", "区教委党委")):
        doc = unionnlp.extract(text, layers=("rules",))
        h = e2e_holds(doc)
        assert h and h[0][1:] == ("副书记" if "副" in text else "书记", org), (text, h)


def test_verb_given_name_closed_by_a_stop():
    # 黎 is also a word (黎明) and 振兴 a verb, but 出席 closes the name clearly
    st = run("区委副书记黎振兴出席会议并讲话。", orgs=("区委",))
    assert holds(st) == [("黎振兴", "副书记", "区委")]
    # a common word right after the post is still no name
    st = run("王建国主席高度重视职工服务。")
    assert ("王建国", "主席", None) in holds(st) and "高度重" not in labelled(st, "PERSON")


def test_name_before_a_parenthesised_post():
    # a name found by a cue (worker noun) is indexed for the 姓名（ORG 职务） shape
    st = run("座谈会上，省劳动模范葛振林（华光化纤集团首席技师）介绍了做法。", orgs=("华光化纤集团",))
    assert holds(st) == [("葛振林", "首席技师", "华光化纤集团")]
    # list items with rare surnames, and a name glued to a verb
    st = run("参加活动的有：禄春雨（长宁县人民政府副县长），陇安（长宁县总工会主席）等。",
             orgs=("长宁县人民政府", "长宁县总工会"))
    assert holds(st) == [("禄春雨", "副县长", "长宁县人民政府"), ("陇安", "主席", "长宁县总工会")]
    st = run("大会表决增补孟庆安（东辰钢铁集团工会主席）为区总工会委员。", orgs=("东辰钢铁集团工会", "区总工会"))
    assert holds(st) == [("孟庆安", "主席", "东辰钢铁集团工会"), ("孟庆安", "委员", "区总工会")]
    # 和 between two parenthesised items is no part of the second name
    st = run("座谈会上，马秀云（东辰钢铁集团轧钢车间班长）和周立川（南山技工学校高级讲师）先后发言。",
             orgs=("南山技工学校",))
    assert ("周立川", "高级讲师", "南山技工学校") in holds(st)
    # 王某（…总监）当选…主席
    st = run("会上，任雪晴（华芯光电科技有限公司人力资源总监）当选为园区工会联合会主席。",
             orgs=("华芯光电科技有限公司", "园区工会联合会"))
    assert holds(st) == [("任雪晴", "人力资源总监", "华芯光电科技有限公司"), ("任雪晴", "主席", "园区工会联合会")]


def test_member_of_a_union_committee():
    doc = unionnlp.extract("大会表决增补孟庆安（东辰钢铁集团工会主席）为市总工会委员会委员。", layers=("rules",))
    assert ("孟庆安", "委员会委员", "市总工会") in e2e_holds(doc)
    # an enterprise union's committee keeps its name: ORG …工会委员会 + TITLE 委员
    doc = unionnlp.extract("东辰钢铁集团工会委员会委员张立明出席。", layers=("rules",))
    assert e2e_holds(doc) == [("张立明", "委员", "东辰钢铁集团工会委员会")]


def test_minority_names_before_and_after_posts():
    st = run("成立大会上，代表们选举努尔兰·托合提为行业工会联合会主席。", orgs=("行业工会联合会",))
    assert holds(st) == [("努尔兰·托合提", "主席", "行业工会联合会")]
    st = run("据介绍，州总工会次仁顿珠主席说，明年将新建驿站。", orgs=("州总工会",))
    assert holds(st) == [("次仁顿珠", "主席", "州总工会")]
    st = run("随后，阿不都拉·艾买提副主席走进仓库，查看物资储备。")
    assert holds(st) == [("阿不都拉·艾买提", "副主席", None)]


def test_workers_without_a_listed_surname_and_trades_in_parentheses():
    # a worker noun + a name with no listed surname, closed by a speech verb
    st = run("在驿站里，环卫工人迪丽努尔说：“冬天有热水喝。”")
    assert roles(st) == {"迪丽努尔": "worker"}
    st = run("车站保洁员塔吉草说，休息室很方便。")
    assert roles(st) == {"塔吉草": "worker"}
    # but never an ordinary word after a worker noun
    st = run("职工之家说到底是服务阵地。区总工会为职工送去清凉。")
    assert labelled(st, "PERSON") == []
    # representatives of a trade
    st = run("座谈会上，小学教师代表柏文静说，减负措施很及时。")
    assert roles(st) == {"柏文静": "worker"}
    # a trade (not a post) in parentheses after the name
    st = run("方晓琪（装配车间技术员）说，培训很实用。")
    assert roles(st) == {"方晓琪": "worker"}
    st = run("方晓琪（华通装配公司副总经理）说，培训很实用。")
    assert roles(st) == {"方晓琪": "official"}


def test_post_given_by_you_jianren():
    st = run("目前，乡总工会主席由乡党委副书记林秀芝兼任。她介绍了情况。",
             orgs=("乡总工会", "乡党委"))
    assert holds(st) == [("林秀芝", "副书记", "乡党委"), ("林秀芝", "主席", "乡总工会")]


def test_sub_unit_after_de_is_no_org():
    st = run("获奖者中有南山市第二人民医院的骨科主任何丽君。", orgs=("南山市第二人民医院",))
    assert holds(st) == [("何丽君", "主任", "南山市第二人民医院")]
    assert labelled(st, "ORG") == ["南山市第二人民医院"]
    st = run("他是医院的骨科主任何丽君。")
    assert holds(st) == [("何丽君", "主任", None)] and labelled(st, "ORG") == []


@pytest.mark.parametrize("text", [
    "全市一线职工占比不足六成。",
    "该校三名教师曾获省级教学竞赛奖项。",
    "各市工会负责同志和受表彰代表参加会议。",
    "家住海港区长乐街道的社区干部。",
])
def test_no_name_from_honours_conjunctions_or_places(text):
    st = run(text)
    assert labelled(st, "PERSON") == [] and labelled(st, "TITLE") == []


def test_short_form_of_an_earlier_post_takes_its_org():
    st = run("区总工会党组书记、常务副主席白振江一行到园区调研。白振江书记指出，要抓好落实。",
             orgs=("区总工会",))
    assert ("白振江", "书记", "区总工会") in holds(st)
    # a deputy's post is no long form of the head's post
    st = run("区总工会副主席白振江到园区调研。白振江主席指出，要抓好落实。", orgs=("区总工会",))
    assert ("白振江", "主席", None) in holds(st)


def test_workers_named_by_their_job_or_an_honour_said_of_them():
    st = run("在物流园务工的杨正明说，工会帮他要回了工钱。")
    assert roles(st) == {"杨正明": "worker"}
    st = run("今年60岁的果农马玉芬说，套袋讲究快。")
    assert roles(st) == {"马玉芬": "worker"}
    st = run("会上，熊立民是全国五一劳动奖章获得者，他在一线干了二十年。")
    assert roles(st) == {"熊立民": "worker"}


def test_trade_between_a_post_and_its_holder():
    st = run("据介绍，服务队队长、钳工高级技师扎西顿珠是去年的省级工匠。", orgs=("服务队",))
    assert holds(st) == [("扎西顿珠", "队长", "服务队")] and roles(st) == {"扎西顿珠": "worker"}
    st = run("联合会主席、高级技师王建明介绍说，驿站已开放。", orgs=("联合会",))
    assert holds(st) == [("王建明", "主席", "联合会")]
    # a chain of two posts is still one chain
    st = run("市总工会副主席、区委常委李明远出席。", orgs=("市总工会", "区委"))
    assert holds(st) == [("李明远", "副主席", "市总工会"), ("李明远", "常委", "区委")]


def test_bare_names_of_winners():
    st = run("决赛中，来自港务公司的邵立波以满分夺冠。")
    assert roles(st) == {"邵立波": "worker"}
    st = run("比武结束，装配车间的钟海华获得焊工组第一名。")
    assert roles(st) == {"钟海华": "worker"}
    # a post-holder who hands out awards is no winner
    st = run("区总工会主席刘建新为获得第一名的选手颁奖。", orgs=("区总工会",))
    assert roles(st) == {"刘建新": "official"}


def test_worker_names_starting_with_a_word_surname():
    st = run("在暖心驿站，环卫工人热依拉说：“进来就暖和了。”")
    assert roles(st) == {"热依拉": "worker"}
    st = run("节日里，职工和家属说说笑笑。")
    assert labelled(st, "PERSON") == []


def test_age_after_a_worker_noun_and_field_unit_managers():
    st = run("农家乐的厨师、58岁的杜春明接过慰问金，很高兴。")
    assert roles(st) == {"杜春明": "worker"}
    st = run("“冬天很冷。”采气作业区经理庞立东说。")
    assert holds(st) == [("庞立东", "经理", None)] and roles(st) == {"庞立东": "worker"}


def test_lists_of_names_with_parenthesised_posts_share_roles():
    st = run("座谈会上，获奖代表马秀云（东辰钢铁集团轧钢车间班长）和周立川（南山技工学校高级讲师）先后发言。")
    assert roles(st) == {"马秀云": "worker", "周立川": "worker"}
    st = run("出席的有王建华（市总工会主席）、李明远（区委常委）。")
    assert roles(st) == {"王建华": "official", "李明远": "official"}


def test_bare_name_said_to_be_staff():
    st = run("站台上很热。李凯文是车站客运部的工作人员，他一直在忙。")
    assert roles(st) == {"李凯文": "worker"}


def test_mongolian_name_with_du():
    st = run("盟总工会党组书记、常务副主席乌都拉一行来到井场。", orgs=("盟总工会",))
    assert holds(st) == [("乌都拉", "党组书记", "盟总工会"), ("乌都拉", "常务副主席", "盟总工会")]
    st = run("主席团成员王明都出席了会议。")
    assert labelled(st, "PERSON") == []


def test_a_branch_company_before_a_post_is_an_enterprise():
    doc = unionnlp.extract("会后，电控分公司汪涛经理一行陪同参观。", layers=("rules",))
    kinds = {o.text: o.kind for o in doc.organizations}
    assert kinds.get("电控分公司") == "enterprise"
