"""The `unionnlp extract` contract of the foundation issue: files, JSONL, encodings, errors."""
from __future__ import annotations

import json
import subprocess
import sys

from unionnlp import read_jsonl

PAGE = "丰台区总工会召开职工代表大会，130余家企业参加。"


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "unionnlp", *args], capture_output=True, text=True, cwd=cwd)


def test_extract_files_in_every_encoding(tmp_path):
    (tmp_path / "u8.txt").write_bytes(PAGE.encode("utf-8"))
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + PAGE.encode("utf-8"))
    (tmp_path / "gb.txt").write_bytes(PAGE.encode("gb18030"))
    out = tmp_path / "out.jsonl"
    p = run("extract", str(tmp_path / "u8.txt"), str(tmp_path / "bom.txt"), str(tmp_path / "gb.txt"),
            "-o", str(out), "--layers", "rules")
    assert p.returncode == 0, p.stderr
    docs = read_jsonl(out)  # output validates against the scheme
    assert [d.id for d in docs] == ["u8", "bom", "gb"]
    assert all(d.text == PAGE for d in docs)


def test_extract_bad_inputs_named_exit_2_others_processed(tmp_path):
    (tmp_path / "ok.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\xfa\x00\x81\x20\xff")
    out = tmp_path / "out.jsonl"
    p = run("extract", str(tmp_path / "missing.txt"), str(tmp_path / "bad.txt"), str(tmp_path / "ok.txt"),
            "-o", str(out), "--layers", "rules")
    assert p.returncode == 2
    assert "missing.txt" in p.stderr and "bad.txt" in p.stderr
    assert [d.id for d in read_jsonl(out)] == ["ok"]


def test_extract_jsonl_records(tmp_path):
    inp = tmp_path / "in.jsonl"
    inp.write_text(json.dumps({"id": "a1", "text": PAGE}, ensure_ascii=False) + "\n"
                   + json.dumps({"id": "a2", "text": ""}) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    p = run("extract", "--jsonl", str(inp), "-o", str(out), "--layers", "rules")
    assert p.returncode == 0, p.stderr
    docs = read_jsonl(out)
    assert [d.id for d in docs] == ["a1", "a2"]
    assert docs[1].entities == ()
