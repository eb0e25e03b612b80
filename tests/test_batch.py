"""unionnlp.batch: extract_many (order, inputs, failures, workers), readers, sinks, frames."""
from __future__ import annotations

import json
import os
import time

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import unionnlp
from unionnlp import batch
from unionnlp.frames import FRAME_COLUMNS, to_frames
from unionnlp.pipeline import Extractor
from unionnlp.types import Document, Organization

TEXTS = [
    "丰台区总工会召开职工代表大会，130余家企业参加。",
    "北京市总工会党组书记、主席韩某某到朝阳区调研。",
    "",
    "海淀区总工会开展“职工暖心驿站”服务活动。",
]


def fake_extract(self, text, id="doc", meta=None):
    """A deterministic stand-in that tags every 总工会 (so frames have rows) and
    fails on texts containing BOOM."""
    if "BOOM" in text:
        raise RuntimeError("kaboom on purpose")
    ents, i, k = [], text.find("总工会"), 1
    while i >= 0:
        ents.append(Organization(f"e{k}", i, i + 3, "总工会", kind="union", canonical=f"X{k}总工会"))
        k += 1
        i = text.find("总工会", i + 3)
    return Document(id=id, text=text, entities=tuple(ents), meta=dict(meta or {}))


@pytest.fixture
def fake(monkeypatch):
    monkeypatch.setattr(Extractor, "extract", fake_extract)


def test_accepts_strings_tuples_dicts_in_order():
    items = [TEXTS[0], ("b", TEXTS[1]), {"id": "c", "text": TEXTS[3], "meta": {"date": "2024-03-02"}}]
    docs = list(unionnlp.extract_many(items, layers="rules"))
    assert [d.id for d in docs] == ["0", "b", "c"]
    assert [d.text for d in docs] == [TEXTS[0], TEXTS[1], TEXTS[3]]
    assert docs[2].meta["date"] == "2024-03-02"
    assert docs[0] == unionnlp.extract(TEXTS[0], id="0", layers="rules")


def test_generator_is_streamed_lazily():
    pulled = []

    def gen():
        for i in range(1000):
            pulled.append(i)
            yield f"第{i}条"

    it = unionnlp.extract_many(gen(), batch_size=4, layers="rules")
    first = next(it)
    assert first.id == "0" and len(pulled) <= 8


def test_failing_records_become_error_documents(fake):
    items = [("a", "总工会"), ("b", "BOOM"), ("c", 42), {"id": "d"}, ("e", "又一个总工会"),
             {"id": "f", "text": "x", "meta": "not a mapping"}, ["g", "总工会"], ("h", b"\xff\xfe\xfa\x81\x20\xff"),
             object()]
    docs = list(unionnlp.extract_many(items, layers="rules"))
    assert [d.id for d in docs] == ["a", "b", "c", "d", "e", "f", "g", "h", "8"]
    assert "error" not in docs[5].meta and len(docs[6].entities) == 1
    assert docs[7].meta["error"].startswith("DecodeError") and docs[7].meta["error_stage"] == "input"
    assert docs[8].meta["error_stage"] == "input"
    assert docs[1].meta["error"] == "RuntimeError: kaboom on purpose"
    assert docs[1].meta["error_stage"] == "extract" and docs[1].entities == ()
    assert "TypeError" in docs[2].meta["error"]
    assert docs[3].meta["error_stage"] == "input"
    assert "error" not in docs[4].meta and len(docs[4].entities) == 1


def test_two_workers_equal_one_and_keep_order(fake):
    items = [(f"d{i}", TEXTS[i % 4] + ("BOOM" if i == 7 else "")) for i in range(60)]
    one = list(unionnlp.extract_many(items, n_process=1, layers="rules"))
    two = list(unionnlp.extract_many(items, n_process=2, batch_size=5, layers="rules"))
    assert one == two
    assert [d.id for d in two] == [f"d{i}" for i in range(60)]
    assert two[7].meta["error"].startswith("RuntimeError")


def test_timeout_fails_only_the_slow_record(monkeypatch):
    def slow(self, text, id="doc", meta=None):
        if text == "slow":
            time.sleep(5)
        return Document(id=id, text=text)

    monkeypatch.setattr(Extractor, "extract", slow)
    t = time.perf_counter()
    docs = list(unionnlp.extract_many(["fast", "slow", "fast"], timeout=0.2, layers="rules"))
    assert time.perf_counter() - t < 3
    assert docs[1].meta["error"].startswith("RecordTimeout")
    assert "error" not in docs[0].meta and "error" not in docs[2].meta


def test_a_crashing_worker_loses_only_its_record(monkeypatch):
    def crash(self, text, id="doc", meta=None):
        if text == "crash":
            os._exit(3)  # simulates a segfault / OOM kill of the worker
        return Document(id=id, text=text)

    monkeypatch.setattr(Extractor, "extract", crash)
    items = [f"t{i}" for i in range(12)]
    items[5] = "crash"
    docs = list(unionnlp.extract_many(items, n_process=2, batch_size=3, layers="rules"))
    assert [d.id for d in docs] == [str(i) for i in range(12)]
    assert docs[5].meta["error"].startswith("WorkerCrash")
    assert all("error" not in d.meta for i, d in enumerate(docs) if i != 5)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.text(alphabet="工会总区市0123456789 \n“”", max_size=30), max_size=12),
       st.integers(1, 5))
def test_one_document_per_input_in_order(texts, bs):
    docs = list(unionnlp.extract_many([(str(i), t) for i, t in enumerate(texts)], batch_size=bs,
                                      layers="rules"))
    assert [d.id for d in docs] == [str(i) for i in range(len(texts))]
    assert [d.text for d in docs] == texts
    for d in docs:
        for e in d.entities:
            assert d.text[e.start:e.end] == e.text


def test_iter_frames_chunks_equal_to_frames(fake):
    docs = list(unionnlp.extract_many([TEXTS[i % 4] for i in range(10)], layers="rules"))
    chunks = list(batch.iter_frames(docs, chunk_size=3))
    assert len(chunks) == 4
    whole = to_frames(docs)
    for k in FRAME_COLUMNS:
        got = pd.concat([c[k] for c in chunks], ignore_index=True)
        pd.testing.assert_frame_equal(got, whole[k])
    assert list(pd.concat([c["documents"] for c in chunks])["doc_id"]) == [str(i) for i in range(10)]


# ---------------------------------------------------------------- readers
def test_text_dir_ids_are_relative_paths(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("甲", encoding="utf-8")
    (tmp_path / "sub" / "b.TXT").write_bytes("乙".encode("gb18030"))
    (tmp_path / "c.md").write_text("丙", encoding="utf-8")
    recs = list(batch.iter_text_dir(tmp_path))
    assert [(r.id, r.text) for r in recs] == [("a", "甲"), ("sub/b", "乙")]


def test_jsonl_reader_bom_bad_lines_and_missing_ids(tmp_path):
    p = tmp_path / "in.jsonl"
    p.write_bytes(b"\xef\xbb\xbf" + json.dumps({"id": 1, "text": "甲"}).encode() + b"\n\n[1]\n"
                  + json.dumps({"body": "乙"}, ensure_ascii=False).encode() + b"\n"
                  + b'{"text": "\xff"}\n')
    recs = list(batch.iter_jsonl_records(p, text_col="text"))
    assert recs[0].id == "1" and recs[0].text == "甲" and recs[0].error is None
    assert recs[1].error and ":3:" in recs[1].error
    assert recs[2].id == "in:4" and "missing" in recs[2].error
    assert recs[3].error and "UnicodeDecodeError" in recs[3].error
    assert [r.text for r in batch.iter_jsonl_records(p, text_col="body") if not r.error] == ["乙"]


def test_csv_and_parquet_readers(tmp_path):
    df = pd.DataFrame({"key": ["k1", "k2", "k3"], "body": ["甲", None, "丙"]})
    df.to_csv(tmp_path / "in.csv", index=False, encoding="utf-8-sig")
    df.to_parquet(tmp_path / "in.parquet")
    recs = list(batch.iter_csv_records(tmp_path / "in.csv", text_col="body", id_col="key", chunksize=2))
    assert [r.id for r in recs] == ["k1", "k2", "k3"] and recs[2].text == "丙"
    # an empty CSV cell is an empty text, not an error
    assert recs[1].error is None and recs[1].text == ""
    precs = list(batch.iter_parquet_records(tmp_path / "in.parquet", text_col="body", id_col="key", batch_rows=2))
    assert [r.id for r in precs] == ["k1", "k2", "k3"]
    assert precs[1].error and "missing" in precs[1].error and precs[2].text == "丙"
    assert [r.id for r in batch.iter_parquet_records(tmp_path / "in.parquet", text_col="body")] == \
        ["in:0", "in:1", "in:2"]
    with pytest.raises(KeyError, match="no column 'text'"):
        list(batch.iter_csv_records(tmp_path / "in.csv"))


# ---------------------------------------------------------------- sinks
def test_jsonl_sink_resume_truncates_torn_line(tmp_path):
    out = tmp_path / "out.jsonl"
    s = batch.JsonlSink(out)
    done, resumed = s.open("fp1")
    assert done == set() and not resumed
    s.write("a", json.dumps({"id": "a"}))
    s.write("b", json.dumps({"id": "b"}))
    s.close(finished=False)
    with open(out, "ab") as fh:
        fh.write(b'{"id": "c", "te')  # a writer killed mid-line
    s = batch.JsonlSink(out)
    done, resumed = s.open("fp1")
    assert resumed and done == {"a", "b"}
    s.write("c", json.dumps({"id": "c"}))
    s.close(finished=True)
    assert [json.loads(x)["id"] for x in out.read_text().splitlines()] == ["a", "b", "c"]
    assert not (tmp_path / "out.jsonl.state.json").exists()
    # a finished output is overwritten by a new run, as a plain -o always did
    s = batch.JsonlSink(out)
    assert s.open("fp1") == (set(), False)
    s.close(finished=True)
    assert out.read_text() == ""


def test_jsonl_sink_other_settings_start_afresh(tmp_path):
    out = tmp_path / "out.jsonl"
    s = batch.JsonlSink(out)
    s.open("fp1")
    s.write("a", json.dumps({"id": "a"}))
    s.close(finished=False)
    s = batch.JsonlSink(out)
    assert s.open("fp2") == (set(), False)
    s.close(finished=True)


def test_parquet_sink_parts_manifest_and_orphans(tmp_path, fake):
    docs = list(unionnlp.extract_many([(f"d{i}", TEXTS[i % 4]) for i in range(7)], layers="rules"))
    out = tmp_path / "pq"
    s = batch.ParquetSink(out, part_size=3)
    s.open("fp")
    for d in docs[:5]:
        s.write(d)
    s.close(finished=False)  # part-00000 written (3 docs); 2 buffered docs dropped
    (out / "organizations" / "part-00001.parquet").write_bytes(b"orphan from a crash")
    s = batch.ParquetSink(out, part_size=3)
    done, resumed = s.open("fp")
    assert resumed and done == {"d0", "d1", "d2"}
    assert not (out / "organizations" / "part-00001.parquet").exists()
    for d in docs[3:]:
        s.write(d)
    s.close(finished=True)
    got = pd.read_parquet(out / "documents")
    assert sorted(got["doc_id"]) == [f"d{i}" for i in range(7)]
    orgs = pd.read_parquet(out / "organizations")
    assert sorted(orgs["doc_id"]) == sorted(to_frames(docs)["organizations"]["doc_id"])
    assert json.loads((out / "manifest.json").read_text())["complete"] is True
