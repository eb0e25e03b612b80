"""Result types round-trip the scheme JSON; the reader reports every problem."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unionnlp import AnnotationError, Document, read_jsonl, write_jsonl
from unionnlp.annotation import validate_record
from unionnlp.types import Count, Organization, Person, Title

from test_scoring import TEXT, gold_dict

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
ANNOTATED = Path(__file__).resolve().parents[1] / "data" / "annotated"


def test_round_trip_exact():
    d = gold_dict()
    doc = Document.from_dict(d)
    assert doc.to_dict() == d
    assert Document.from_dict(doc.to_dict()) == doc


def test_views_and_posts():
    doc = Document.from_dict(gold_dict())
    assert [o.canonical for o in doc.organizations] == ["北京市总工会", "丰台区总工会"]
    (p,) = doc.officials
    assert isinstance(p, Person) and p.role == "official"
    assert [post.as_tuple() for post in p.posts] == [("党组书记", "北京市总工会"), ("主席", "北京市总工会")]
    (c,) = doc.counts
    assert isinstance(c, Count) and (c.value, c.approx, c.unit, c.noun) == (130, "余", "家", "企业")
    assert doc.hierarchy() == [("北京市总工会", "中华全国总工会"), ("丰台区总工会", "北京市总工会")]
    for e in doc.entities:
        assert doc.text[e.start:e.end] == e.text
    with pytest.raises(Exception):
        doc.entities[0].start = 3  # frozen


def test_absent_articles_key_round_trips():
    d = gold_dict()
    del d["articles"], d["duplicates"]
    doc = Document.from_dict(d)
    assert doc.articles is None and doc.duplicates is None
    assert doc.to_dict() == d


def test_attr_key_sets_follow_scheme():
    o = Organization("e1", 0, 2, "市委", kind="party", level="municipal", canonical="石家庄市委")
    assert o.attrs() == {"kind": "party", "level": "municipal", "canonical": "石家庄市委"}
    e = Organization("e2", 0, 2, "某厂", kind="enterprise", canonical="某厂")
    assert e.attrs() == {"kind": "enterprise", "canonical": "某厂"}
    assert "attrs" not in Title("e3", 0, 2, "主席").to_dict()


def test_frames_columns_and_rows():
    doc = Document.from_dict(gold_dict())
    fr = doc.to_frames()
    assert set(fr) >= {"organizations", "people", "holds", "counts", "programs", "hierarchy"}
    assert list(fr["holds"]["title"]) == ["党组书记", "主席"]
    assert set(fr["holds"]["org_canonical"]) == {"北京市总工会"}
    assert (fr["organizations"]["doc_id"] == "d1").all()
    assert fr["counts"]["value"].iloc[0] == 130
    empty = Document(id="z", text="").to_frames()
    assert list(empty["organizations"].columns) == list(fr["organizations"].columns)


def _problems(rec):
    return [p.message for p in validate_record(rec, "f.jsonl", 7)]


def test_validator_reports_each_problem():
    d = gold_dict()
    d["entities"][0]["end"] = 5                               # text mismatch
    d["entities"][1]["label"] = "POST"                        # unknown label
    d["entities"][5]["attrs"]["value"] = "130"                # wrong type
    d["entities"][6]["attrs"]["kind"] = "festival"            # not an allowed value
    d["entities"].append({"id": "e9", "start": 15, "end": 18, "label": "PERSON", "text": TEXT[15:18],
                          "attrs": {"role": "official"}})     # overlaps 王某某
    d["relations"].append({"type": "holds", "person": "e4", "title": "e99", "org": None})
    d["relations"].append({"type": "holds", "person": "e4", "title": "e1", "org": "e5"})
    probs = validate_record(d, "f.jsonl", 7)
    msgs = " | ".join(str(p) for p in probs)
    assert all(str(p).startswith("f.jsonl:7 doc d1") for p in probs)
    assert "entity e1: text" in msgs
    assert "entity e2: unknown label 'POST'" in msgs
    assert "entity e6: attribute 'value' must be a number" in msgs
    assert "entity e7: attribute 'kind' = 'festival'" in msgs
    assert "overlaps entity e4" in msgs
    assert "missing entity 'e99'" in msgs
    assert "is a ORG, not a TITLE" in msgs


def test_validator_more_cases():
    d = gold_dict()
    d["entities"][0]["attrs"]["colour"] = "red"
    assert any("unknown attribute 'colour'" in m for m in _problems(d))
    d = gold_dict()
    d["entities"][5]["attrs"]["value"] = True
    assert any("must be a number" in m for m in _problems(d))
    d = gold_dict()
    d["entities"][0]["start"] = -1
    assert any("outside the text" in m for m in _problems(d))
    d = gold_dict()
    d["duplicates"] = [{"start": 26, "end": 40, "copy_of": 0}]
    assert any("inside declared duplicate" in m for m in _problems(d))
    assert _problems({"text": "x"}) == ["missing or non-string 'id'"]
    assert _problems([1]) == ["record must be a JSON object, got list"]
    d = gold_dict()
    d["entities"][6]["attrs"] = {"kind": "campaign", "canonical": "x"}
    d["entities"][0]["attrs"]["parent"] = 3
    assert any("'parent' must be str" in m for m in _problems(d))


def test_read_jsonl_fails_loudly_with_all_problems(tmp_path):
    good = gold_dict()
    bad1 = gold_dict()
    bad1["id"] = "d2"
    bad1["entities"][0]["text"] = "北京"
    bad2 = gold_dict()
    bad2["id"] = "d3"
    bad2["relations"][0]["person"] = "e77"
    p = tmp_path / "gold.jsonl"
    p.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in (good, bad1, bad2)) + "\n",
                 encoding="utf-8")
    with pytest.raises(AnnotationError) as ei:
        read_jsonl(p)
    probs = ei.value.problems
    assert {(pr.line, pr.doc_id) for pr in probs} == {(2, "d2"), (3, "d3")}
    assert "gold.jsonl:2 doc d2 entity e1" in str(ei.value)
    assert len(read_jsonl(p, validate=False)) == 3


def test_read_jsonl_invalid_json_and_duplicate_ids(tmp_path):
    p = tmp_path / "x.jsonl"
    p.write_text('{"id": "a", "text": "x"}\n{oops\n', encoding="utf-8")
    with pytest.raises(AnnotationError, match=r"x.jsonl:2: invalid JSON"):
        read_jsonl(p)
    p.write_text('{"id": "a", "text": "x"}\n{"id": "a", "text": "y"}\n', encoding="utf-8")
    with pytest.raises(AnnotationError, match="duplicate document id"):
        read_jsonl(p)


def test_write_then_read(tmp_path):
    doc = Document.from_dict(gold_dict())
    p = tmp_path / "o.jsonl"
    assert write_jsonl([doc, doc.to_dict() | {"id": "d2"}], p) == 2
    back = read_jsonl(p)
    assert back[0] == doc and back[1].id == "d2"


def test_bom_file_reads(tmp_path):
    p = tmp_path / "bom.jsonl"
    p.write_bytes("\ufeff".encode() + json.dumps(gold_dict(), ensure_ascii=False).encode() + b"\n")
    assert read_jsonl(p)[0].id == "d1"


@pytest.mark.parametrize("path", [SHARED / "dev" / "xwlb_dev.jsonl", *sorted(ANNOTATED.glob("*.jsonl"))],
                         ids=lambda p: p.name)
def test_shipped_and_shared_gold_files_validate(path):
    if not path.exists():
        pytest.skip(f"{path} not present")
    docs = read_jsonl(path)
    assert docs, "empty gold file"
    for d in docs:
        assert Document.from_dict(d.to_dict()) == d


_label_attrs = {
    "ORG": st.fixed_dictionaries({"kind": st.sampled_from(["union", "party", "enterprise"]),
                                  "canonical": st.text(min_size=1, max_size=5)}),
    "COUNT": st.fixed_dictionaries({"value": st.integers(0, 10**9) | st.floats(0, 1e6, allow_nan=False),
                                    "approx": st.sampled_from([None, "余", "近"]),
                                    "unit": st.sampled_from([None, "家", "%"]),
                                    "noun": st.none() | st.text(max_size=4)}),
}


@st.composite
def records(draw):
    text = draw(st.text(min_size=1, max_size=60))
    ents = []
    pos = 0
    n = 0
    while pos < len(text):
        a = draw(st.integers(pos, len(text)))
        if a >= len(text):
            break
        b = draw(st.integers(a + 1, min(len(text), a + 6)))
        label = draw(st.sampled_from(["ORG", "COUNT", "TITLE"]))
        n += 1
        e = {"id": f"e{n}", "start": a, "end": b, "label": label, "text": text[a:b]}
        if label in _label_attrs:
            attrs = dict(draw(_label_attrs[label]))
            if label == "ORG":
                if attrs["kind"] in ("union", "party"):
                    attrs = {"kind": attrs["kind"], "level": "district", "canonical": attrs["canonical"]}
                if attrs["kind"] == "union":
                    attrs["parent"] = None
            e["attrs"] = attrs
        ents.append(e)
        pos = b
    return {"id": "h", "text": text, "meta": {}, "articles": [], "duplicates": [], "entities": ents,
            "relations": []}


@settings(max_examples=60, deadline=None)
@given(records())
def test_round_trip_property(rec):
    assert validate_record(rec) == []
    doc = Document.from_dict(rec)
    assert doc.to_dict() == rec
    for e in doc.entities:
        assert doc.text[e.start:e.end] == e.text
