"""Scorer figures on small gold/pred pairs worked out by hand."""
from __future__ import annotations

import copy
import json
import subprocess
import sys

import pytest

from unionnlp import Document, score
from unionnlp.annotation import write_jsonl

TEXT = "北京市总工会党组书记、主席王某某到丰台区总工会调研，130余家企业参加“区级工会加强年”活动。"
#       0         1         2         3         4
# 北京市总工会 0-6, 党组书记 6-10, 主席 11-13, 王某某 13-16, 丰台区总工会 17-23,
# 130余家 26-31, 区级工会加强年 36-43


def ent(eid, s, e, label, attrs=None):
    d = {"id": eid, "start": s, "end": e, "label": label, "text": TEXT[s:e]}
    if attrs is not None:
        d["attrs"] = attrs
    return d


def gold_dict():
    return {
        "id": "d1", "text": TEXT, "meta": {},
        "articles": [{"start": 0, "end": len(TEXT), "headline": None}],
        "duplicates": [],
        "entities": [
            ent("e1", 0, 6, "ORG", {"kind": "union", "level": "provincial", "canonical": "北京市总工会",
                                   "parent": "中华全国总工会"}),
            ent("e2", 6, 10, "TITLE"),
            ent("e3", 11, 13, "TITLE"),
            ent("e4", 13, 16, "PERSON", {"role": "official"}),
            ent("e5", 17, 23, "ORG", {"kind": "union", "level": "district", "canonical": "丰台区总工会",
                                     "parent": "北京市总工会"}),
            ent("e6", 26, 31, "COUNT", {"value": 130, "approx": "余", "unit": "家", "noun": "企业"}),
            ent("e7", 36, 43, "PROGRAM", {"kind": "campaign", "canonical": "区级工会加强年"}),
        ],
        "relations": [
            {"type": "holds", "person": "e4", "title": "e2", "org": "e1"},
            {"type": "holds", "person": "e4", "title": "e3", "org": "e1"},
        ],
    }


def test_text_offsets_of_fixture():
    g = gold_dict()
    for e in g["entities"]:
        assert TEXT[e["start"]:e["end"]] == e["text"]
    assert [e["text"] for e in g["entities"]] == ["北京市总工会", "党组书记", "主席", "王某某", "丰台区总工会",
                                                  "130余家", "区级工会加强年"]


def test_perfect_prediction_scores_one_everywhere():
    g = Document.from_dict(gold_dict())
    r = score([g], [g]).to_dict()
    for mode in ("strict", "partial"):
        for lab, v in r["entities"][mode].items():
            assert v["precision"] == v["recall"] == v["f1"] == 1.0, (mode, lab)
    for k, v in r["attributes"].items():
        assert v["accuracy"] in (1.0, None), k
    assert r["attributes"]["ORG.parent"] == {"accuracy": 1.0, "support": 2}
    assert r["relations"]["holds"]["f1"] == 1.0 and r["relations"]["holds"]["support"] == 2
    assert r["relations"]["parent"]["support"] == 2
    assert r["articles"]["f1"] == 1.0


def test_removing_one_entity_lowers_only_that_labels_recall():
    g = Document.from_dict(gold_dict())
    pd_ = gold_dict()
    pd_["entities"] = [e for e in pd_["entities"] if e["id"] != "e6"]  # drop the COUNT
    r = score([g], [Document.from_dict(pd_)]).to_dict()
    s = r["entities"]["strict"]
    assert s["COUNT"]["recall"] == 0.0 and s["COUNT"]["precision"] == 1.0  # nothing predicted
    for lab in ("ORG", "PERSON", "TITLE", "PROGRAM"):
        assert s[lab]["recall"] == 1.0 and s[lab]["precision"] == 1.0
    # micro: 6 of 7 found, all 6 predictions right
    assert s["micro"]["recall"] == pytest.approx(6 / 7)
    assert s["micro"]["precision"] == 1.0


def test_partial_overlap_counts_in_partial_only():
    g = Document.from_dict(gold_dict())
    pd_ = gold_dict()
    # ORG predicted as 丰台区 (17-20) instead of 丰台区总工会 (17-23); PROGRAM with quotes (35-44)
    pd_["entities"][4] = ent("e5", 17, 20, "ORG", {"kind": "union", "level": "district",
                                                  "canonical": "丰台区总工会", "parent": "北京市总工会"})
    pd_["entities"][6] = ent("e7", 35, 44, "PROGRAM", {"kind": "campaign", "canonical": "区级工会加强年"})
    r = score([g], [Document.from_dict(pd_)]).to_dict()
    st, pa = r["entities"]["strict"], r["entities"]["partial"]
    # ORG: gold 2, pred 2, strict tp 1 → P = R = 0.5; partial tp 2 → 1.0
    assert st["ORG"]["precision"] == 0.5 and st["ORG"]["recall"] == 0.5 and st["ORG"]["f1"] == 0.5
    assert pa["ORG"]["f1"] == 1.0
    assert st["PROGRAM"]["f1"] == 0.0 and pa["PROGRAM"]["f1"] == 1.0
    # micro strict: 7 gold, 7 pred, 5 tp
    assert st["micro"]["precision"] == pytest.approx(5 / 7)
    # attributes only over strict matches: ORG support 1 (the unchanged 北京市总工会)
    assert r["attributes"]["ORG.kind"]["support"] == 1
    assert r["attributes"]["PROGRAM.kind"]["support"] == 0
    assert r["attributes"]["PROGRAM.kind"]["accuracy"] is None
    # parent edges come from canonicals, unaffected by the span error
    assert r["relations"]["parent"]["f1"] == 1.0


def test_partial_is_one_to_one():
    # one long prediction overlapping two gold ORGs matches only one of them
    text = "市总工会区总工会"
    g = Document.from_dict({"id": "x", "text": text, "entities": [
        {"id": "a", "start": 0, "end": 4, "label": "ORG", "text": "市总工会"},
        {"id": "b", "start": 4, "end": 8, "label": "ORG", "text": "区总工会"}], "relations": []})
    p = Document.from_dict({"id": "x", "text": text, "entities": [
        {"id": "a", "start": 0, "end": 8, "label": "ORG", "text": text}], "relations": []})
    pa = score([g], [p]).to_dict()["entities"]["partial"]["ORG"]
    assert pa["precision"] == 1.0 and pa["recall"] == 0.5


def test_attribute_mismatches():
    g = Document.from_dict(gold_dict())
    pd_ = gold_dict()
    pd_["entities"][0]["attrs"]["level"] = "municipal"      # wrong level
    pd_["entities"][4]["attrs"]["parent"] = None            # parent unknown
    pd_["entities"][5]["attrs"] = {"value": 130.0, "approx": None, "unit": "家", "noun": "企业"}
    pd_["entities"][3]["attrs"]["role"] = "worker"
    r = score([g], [Document.from_dict(pd_)]).to_dict()
    a = r["attributes"]
    assert a["ORG.level"] == {"accuracy": 0.5, "support": 2}
    assert a["ORG.parent"] == {"accuracy": 0.5, "support": 2}
    assert a["ORG.kind"] == {"accuracy": 1.0, "support": 2}
    assert a["COUNT.value"] == {"accuracy": 1.0, "support": 1}  # 130.0 == 130
    assert a["COUNT.approx"] == {"accuracy": 0.0, "support": 1}
    assert a["PERSON.role"]["accuracy"] == 0.0
    # parent edges: gold {(北京,全总),(丰台,北京)}, pred {(北京,全总)} → P 1, R 0.5
    pe = r["relations"]["parent"]
    assert pe["precision"] == 1.0 and pe["recall"] == 0.5
    assert pe["f1"] == pytest.approx(2 / 3)


def test_holds_with_null_org():
    g = gold_dict()
    g["relations"].append({"type": "holds", "person": "e4", "title": "e3", "org": None})
    gd = Document.from_dict(g)
    p = gold_dict()  # predicts the two holds with 北京市总工会, misses the org-less one
    r = score([gd], [Document.from_dict(p)]).to_dict()["relations"]["holds"]
    # gold triples: (王某某,党组书记,北京市总工会), (王某某,主席,北京市总工会), (王某某,主席,None)
    assert r["support"] == 3 and r["predicted"] == 2 and r["tp"] == 2
    assert r["recall"] == pytest.approx(2 / 3) and r["precision"] == 1.0
    # a null-org prediction where gold has the org is wrong
    p2 = gold_dict()
    p2["relations"][0]["org"] = None
    r2 = score([Document.from_dict(gold_dict())], [Document.from_dict(p2)]).to_dict()["relations"]["holds"]
    assert r2["tp"] == 1 and r2["precision"] == 0.5 and r2["recall"] == 0.5


def test_predictions_inside_duplicates_are_false_positives():
    text = "丰台区总工会召开会议部署全年工作重点。丰台区总工会召开会议部署全年工作重点。"
    n = len(text) // 2
    g = Document.from_dict({"id": "d", "text": text, "duplicates": [{"start": n, "end": len(text), "copy_of": 0}],
                            "entities": [{"id": "e1", "start": 0, "end": 6, "label": "ORG", "text": "丰台区总工会"}],
                            "relations": []})
    p = Document.from_dict({"id": "d", "text": text, "entities": [
        {"id": "e1", "start": 0, "end": 6, "label": "ORG", "text": "丰台区总工会"},
        {"id": "e2", "start": n, "end": n + 6, "label": "ORG", "text": "丰台区总工会"}], "relations": []})
    r = score([g], [p]).to_dict()["entities"]
    assert r["strict"]["ORG"]["precision"] == 0.5 and r["strict"]["ORG"]["recall"] == 1.0
    assert r["partial"]["ORG"]["precision"] == 0.5


def test_missing_document_scored_as_misses_and_reported():
    g1 = Document.from_dict(gold_dict())
    g2d = gold_dict()
    g2d["id"] = "d2"
    g2 = Document.from_dict(g2d)
    res = score([g1, g2], [g1])
    r = res.to_dict()
    assert res.missing == ["d2"]
    assert r["documents"]["missing"] == ["d2"]
    assert r["entities"]["strict"]["micro"]["recall"] == 0.5
    assert r["entities"]["strict"]["micro"]["precision"] == 1.0
    assert r["articles"]["recall"] == 0.5
    assert "MISSING" in res.report()


def test_article_start_f1():
    g = gold_dict()
    g["articles"] = [{"start": 0, "end": 20, "headline": None}, {"start": 20, "end": 40, "headline": None},
                     {"start": 40, "end": len(TEXT), "headline": None}]
    p = gold_dict()
    p["articles"] = [{"start": 0, "end": 30, "headline": None}, {"start": 30, "end": len(TEXT), "headline": None}]
    r = score([Document.from_dict(g)], [Document.from_dict(p)]).to_dict()["articles"]
    assert r["precision"] == 0.5 and r["recall"] == pytest.approx(1 / 3)
    assert r["f1"] == pytest.approx(0.4)
    # documents whose gold has no articles key are not scored on articles
    g.pop("articles")
    r = score([Document.from_dict(g)], [Document.from_dict(p)]).to_dict()["articles"]
    assert r["support"] == 0 and r["predicted"] == 0


def test_frame_view():
    g = Document.from_dict(gold_dict())
    f = score([g], [g]).frame()
    row = f[(f.section == "entities.strict") & (f.name == "micro")].iloc[0]
    assert row.f1 == 1.0 and row.support == 7


def test_cli_score_json_and_one_removed(tmp_path):
    g = gold_dict()
    gp = tmp_path / "g.jsonl"
    write_jsonl([g], gp)
    out = subprocess.run([sys.executable, "-m", "unionnlp", "score", str(gp), str(gp), "--json"],
                         capture_output=True, text=True, check=True).stdout
    r = json.loads(out)
    assert set(r) >= {"entities", "attributes", "relations", "articles"}
    assert r["entities"]["strict"]["micro"]["f1"] == 1.0
    assert all(v["f1"] == 1.0 for v in r["entities"]["partial"].values())
    assert all(v["accuracy"] in (1.0, None) for v in r["attributes"].values())
    p = copy.deepcopy(g)
    p["entities"] = [e for e in p["entities"] if e["label"] != "PROGRAM"]
    pp = tmp_path / "p.jsonl"
    write_jsonl([p], pp)
    r = json.loads(subprocess.run([sys.executable, "-m", "unionnlp", "score", str(gp), str(pp), "--json"],
                                  capture_output=True, text=True, check=True).stdout)
    assert r["entities"]["strict"]["PROGRAM"]["recall"] == 0.0
    assert r["entities"]["strict"]["ORG"]["recall"] == 1.0
    table = subprocess.run([sys.executable, "-m", "unionnlp", "score", str(gp), str(pp)],
                           capture_output=True, text=True, check=True).stdout
    assert "PROGRAM" in table and "micro" in table


def test_cli_score_rejects_bad_gold(tmp_path):
    g = gold_dict()
    g["entities"][0]["end"] = 5  # text no longer matches
    gp = tmp_path / "g.jsonl"
    gp.write_text(json.dumps(g, ensure_ascii=False) + "\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "unionnlp", "score", str(gp), str(gp)],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert "g.jsonl:1" in proc.stderr and "e1" in proc.stderr
