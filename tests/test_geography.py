"""Unit tests of unionnlp.geography (administrative divisions from jionlp's data)."""
from __future__ import annotations

import pytest

from unionnlp import geography as g


def test_tiers_and_levels():
    r = g.best("丰台区")
    assert (r.name, r.tier, r.level) == ("丰台区", "county", "district")
    assert r.parent.name == "北京市" and r.parent.tier == "province"
    assert g.best("北京市").level == "provincial"  # municipality = provincial
    assert g.best("石家庄市").level == "municipal"
    assert g.best("石家庄市").parent.name == "河北省"
    assert g.best("河北省").parent is None
    assert g.best("阿拉善盟").tier == "prefecture"


def test_township_containment():
    r = g.best("右安门街道")
    assert r.tier == "township" and r.level == "township"
    assert r.parent.name == "丰台区"
    assert r.path() == "北京市丰台区右安门街道"
    assert r.within(g.best("北京市")) and not r.within(g.best("河北省"))
    assert g.best("金盏地区").parent.name == "朝阳区"


def test_short_names_and_autonomous_abbreviations():
    assert g.best("河北").name == "河北省"
    assert g.best("石家庄").name == "石家庄市"
    assert g.best("民和县").name.startswith("民和")  # 民和回族土族自治县
    assert g.lookup("不存在的地方") == ()
    assert g.best("不存在的地方") is None


def test_province_directly_administered_county_city():
    r = g.best("仙桃市")
    assert r.tier == "county" and r.parent.name == "湖北省"


def test_ambiguous_district_from_context():
    # 朝阳区: Beijing by default (lower division code), Changchun in a Changchun story
    assert g.best("朝阳区").province.name == "北京市"
    assert g.best("朝阳区", [g.best("长春市")]).parent.name == "长春市"
    assert g.best("朝阳区", [g.best("北京市")]).parent.name == "北京市"
    assert len(g.lookup("朝阳区")) >= 2


def test_find_regions_offsets():
    text = "河北省石家庄市与北京市丰台区右安门街道"
    found = g.find_regions(text)
    names = [n for _, _, n in found]
    assert names == ["河北省", "石家庄市", "北京市", "丰台区", "右安门街道"]
    for s, e, n in found:
        assert text[s:e] == n


def test_find_regions_no_catastrophe_on_long_text():
    text = "职工" * 50000
    assert g.find_regions(text) == []


def test_data_source_documented():
    assert "jionlp" in g.DATA_SOURCE
    assert len(g.load().regions) > 40000  # down to township
